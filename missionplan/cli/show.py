"""`show`: the itinerary in the terminal, day by day, with warnings under the items."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missionplan.cli.options import color_option
from missionplan.errors import EXIT_OK, EXIT_PROBLEMS


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--person", metavar="ID", help="Only this person's items (their id under [people]).")
@click.option("--brief", "short", is_flag=True, help="One line per item, without the details.")
@color_option
def show(file: Path, person: str | None, short: bool, color: bool | None) -> int:
    """Print the itinerary of FILE day by day in local times, findings under their items.

    Exit status: 0 shown, 1 the file has errors (they are listed; what could be read is shown),
    2 bad usage or an unreadable file.
    """
    from rich.console import Console

    from missionplan.app.validate import check_file
    from missionplan.cli.options import use_color
    from missionplan.export.briefing import build
    from missionplan.export.findings import text
    from missionplan.export.terminal import findings_by_item
    from missionplan.export.terminal import show as print_itinerary

    report = check_file(file)
    if report.mission is None:
        click.echo(text([report]), nl=False)
        return EXIT_PROBLEMS
    colour = use_color(color)

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich exits with status 1 when the reader leaves (`show FILE | head`); that is
            # not a failure, and the CLI says so in one place.
            raise BrokenPipeError

    console = _Console(
        file=sys.stdout,
        force_terminal=colour,
        no_color=not colour,
        highlight=False,
        soft_wrap=True,
    )
    document = build(report.mission, person=person, diagnostics=report.diagnostics)
    print_itinerary(console, document, findings_by_item(report.diagnostics), details=not short)
    return EXIT_OK if report.ok else EXIT_PROBLEMS
