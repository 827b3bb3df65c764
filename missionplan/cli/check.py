"""`validate`, `schema` and `rules`: the commands that check files and explain the format."""

from __future__ import annotations

from pathlib import Path

import click

from missionplan.cli.options import (
    DEFAULT_DIR,
    codes,
    color_option,
    ignore_option,
    select_option,
    use_color,
)
from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from missionplan.printable import printable


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for Actions annotations.",
)
@select_option
@ignore_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems, no summary line.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also print what the files or --ignore suppressed."
)
@color_option
def validate(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    quiet: bool,
    verbose: bool,
    color: bool | None,
) -> int:
    """Check mission files (default: the itineraries/ directory) like a compiler.

    Exit status: 0 when no errors, 1 when errors were found, 2 on bad usage or unreadable input.
    """
    from missionplan.app.validate import check_paths
    from missionplan.checks.finding import Severity
    from missionplan.export.findings import FORMATTERS, text

    reports = check_paths(
        list(paths) or [DEFAULT_DIR],
        select=codes(select, "--select"),
        ignore=codes(ignore, "--ignore"),
    )
    colour = use_color(color)
    if output_format == "text":
        shown = text(reports, color=colour, summary=not quiet, suppressed=verbose)
    else:
        shown = FORMATTERS[output_format](reports)
    click.echo(shown, nl=False, color=colour)
    unreadable = [r.unreadable for r in reports if r.unreadable is not None]
    for problem in unreadable:
        click.echo(f"missionplan: {printable(problem)}", err=True)
    if unreadable:
        return EXIT_USAGE
    threshold = Severity.WARNING if strict else Severity.ERROR
    failed = any(
        d.severity >= threshold for r in reports for d in r.diagnostics if not d.suppressed
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
def schema(output: Path | None) -> int:
    """Print the JSON Schema of the itinerary format (for editors such as Taplo / VS Code)."""
    from missionplan.source.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        from missionplan.deliver.files import write_atomic

        write_atomic(output, text.encode("utf-8"))
    return EXIT_OK


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> int:
    """List the rule catalogue, or explain one CODE with a bad and a good example."""
    from missionplan.checks import catalogue

    if code is None:
        click.echo(catalogue.listing(), nl=False)
        return EXIT_OK
    explanation = catalogue.explain(code)
    if explanation is None:
        raise click.UsageError(f'unknown rule code "{code}"; `missionplan rules` lists them')
    click.echo(explanation, nl=False)
    return EXIT_OK
