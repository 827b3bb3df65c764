"""`brief`: the briefing sheet of a mission, or of one person in it, as PDF, HTML or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, MissionplanError

_SUFFIX = {"pdf": ".pdf", "html": ".html", "md": ".md"}


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--person", metavar="ID", help="Brief one person (their id under [people]).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["pdf", "html", "md"]),
    default="pdf",
    show_default=True,
    help="pdf to print, html for a browser, md for email and wikis.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write (default: MISSION-ID[-PERSON].EXT here); - for standard output.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="A customised copy of the template: typst for pdf (a letterhead), Jinja2 for html/md.",
)
def brief(
    file: Path,
    person: str | None,
    output_format: str,
    output: str | None,
    template: Path | None,
) -> int:
    """Write the briefing of a mission FILE for admins to print and experts to read.

    Refuses a file with errors (exit 1, the diagnostics on standard error); lists the open
    warnings inside the briefing. SOURCE_DATE_EPOCH fixes the PDF's creation date.
    """
    from missionplan.app.validate import check_file
    from missionplan.deliver.files import write_atomic, write_stdout
    from missionplan.export.briefing import build, render
    from missionplan.export.briefing.render import check_template
    from missionplan.export.findings import text
    from missionplan.reproducible import printed_date, source_date_epoch

    if template is not None:
        check_template(template)  # before validation: a typo should not wait for the rules
    report = check_file(file)
    if not report.ok or report.mission is None:
        click.echo(text([report]), err=True, nl=False)
        click.echo(f"missionplan: {file}: has errors; no briefing written", err=True)
        return EXIT_PROBLEMS
    epoch = source_date_epoch()
    printed = printed_date(epoch)
    document = build(report.mission, person=person, diagnostics=report.diagnostics, printed=printed)
    data = render(document, output_format, template=template, timestamp=epoch)
    if output == "-":
        if output_format == "pdf" and sys.stdout.isatty():
            raise MissionplanError("not writing a PDF to a terminal; use -o FILE or a pipe")
        write_stdout(data)
        return EXIT_OK

    name = report.mission.id + (f"-{person}" if person else "") + _SUFFIX[output_format]
    target = Path(output) if output else Path(name)
    write_atomic(target, data)
    click.echo(f"wrote {target}", err=True)
    return EXIT_OK
