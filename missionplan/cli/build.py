"""`build`: the main job, from mission files to calendars and briefings in one directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from missionplan.cli.options import DEFAULT_DIR, codes, ignore_option
from missionplan.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, InputError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "directory",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Directory to write into, one sub-directory per mission.",
)
@ignore_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Render this many missions at once, in separate processes (default: one per CPU core).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Render and write every mission, even those whose files are up to date.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems, not what was written.")
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Delivery settings ([publish], [feeds]); default: ./missionplan.toml when present.",
)
def build(
    paths: tuple[Path, ...],
    directory: Path,
    ignore: tuple[str, ...],
    jobs: int | None,
    force: bool,
    quiet: bool,
    config: Path | None,
) -> int:
    """Validate missions (default: itineraries/), then write each one's calendars and briefings.

    For every mission without errors, DIR/<mission-id>/ gets <mission-id>.ics (everyone),
    <mission-id>-<person>.ics (one per person), each person's own briefing
    <mission-id>-<person>-briefing.pdf and .html, and the mission's overview with the planner's
    appendix, <mission-id>-briefing.pdf and .html.
    Warnings are shown and do not stop the build; a mission with errors is skipped, the files
    of its last build are kept, and the others are still built.

    Builds are incremental. DIR/.missionplan-build.json records what each mission's files were
    made from (the file, the findings about it, SOURCE_DATE_EPOCH, the missionplan and data
    versions) and what was written. A mission is rendered again only when one of these changed
    or one of its files is missing or was edited; a file whose bytes did not change is not
    rewritten. The current time is not an input: without SOURCE_DATE_EPOCH an unchanged
    mission keeps the date of the build that made it (--force renders everything again).
    When a mission leaves the portfolio (or changes its id), the files the record says were
    written for it are deleted, unless they were edited since; nothing else is ever deleted.
    An interrupted build keeps what it finished; the next build does the rest.

    With a [publish] or [feeds] section in missionplan.toml (or --config FILE), the calendars
    are then published to CalDAV and written as subscription feeds, as `publish` and `feeds`
    do. Exit status: 0 all built or up to date, 1 some missions failed, 2 bad usage, I/O, or a
    delivery that failed, 130 interrupted.
    """
    import contextlib

    from missionplan.app import delivery
    from missionplan.app.build import build as run_build
    from missionplan.export.findings import text
    from missionplan.source.discover import mission_files

    sources = list(paths) or [DEFAULT_DIR]
    settings = delivery.load(config)
    # A progress bar only for a person watching a terminal build many missions, not in CI.
    show_bar = sys.stderr.isatty() and not os.environ.get("CI") and not quiet
    with contextlib.ExitStack() as stack:
        progress = None
        count = len(mission_files(sources)) if show_bar else 0
        if count > 1:
            progress = stack.enter_context(
                click.progressbar(length=count, label="building", file=sys.stderr)
            )
        try:
            outcome = run_build(
                sources,
                directory,
                ignore=codes(ignore, "--ignore"),
                jobs=jobs or os.cpu_count() or 1,
                force=force,
                on_mission=(lambda _built: progress.update(1)) if progress is not None else None,
            )
        except KeyboardInterrupt:
            click.echo(
                f"\nmissionplan: build interrupted; what it finished is recorded in {directory},"
                " the next build does the rest",
                err=True,
            )
            return EXIT_INTERRUPTED
    results = outcome.results
    reports = [r.report for r in results]
    if outcome.warning is not None:
        click.echo(f"missionplan: {outcome.warning}", err=True)
    if all(r.unreadable is not None for r in reports):
        raise InputError(str(reports[0].unreadable))  # nothing to build: say why, once
    problems = text(reports)
    if any(not d.suppressed for r in reports for d in r.diagnostics):
        click.echo(problems, err=True, nl=False)
    if not quiet:
        for result in results:
            for path in result.written:
                click.echo(f"wrote {path}")
        for path in outcome.removed:
            click.echo(f"removed {path}")
    for path in outcome.left:
        click.echo(
            f"missionplan: {path}: left in place: built for a mission no longer built, but"
            " changed since",
            err=True,
        )
    for path in outcome.held:
        click.echo(
            f"missionplan: {path}: kept: no mission file builds it now, but a file that could"
            " not be read may be its mission",
            err=True,
        )
    failed = [r for r in results if r.failure is not None]
    for result in failed:
        kept = "; the files of its last build are kept" if result.kept else ""
        click.echo(
            f"missionplan: {result.report.source.name}: not built: {result.failure}{kept}",
            err=True,
        )
    if not quiet:
        built = sum(1 for r in results if r.failure is None and not r.up_to_date)
        current = sum(1 for r in results if r.up_to_date)
        click.echo(
            f"built {built} of {len(results)} mission{'s' if len(results) != 1 else ''}"
            f" into {directory}" + (f", {current} up to date" if current else ""),
            err=True,
        )
    if settings is not None:
        for line in delivery.deliver(settings, sources, directory):
            if not quiet:
                click.echo(line)
    if any(r.report.unreadable is not None for r in results):
        return EXIT_USAGE
    return EXIT_PROBLEMS if failed else EXIT_OK
