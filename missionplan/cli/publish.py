"""`publish`: keep each person's calendar on a CalDAV server in step with the missions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from missionplan.cli.options import DEFAULT_DIR
from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, MissionplanError

if TYPE_CHECKING:
    from missionplan.app.publish import Published


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--caldav",
    "url",
    required=True,
    metavar="URL",
    help="Calendar home on the CalDAV server; each person's calendar is URL/<person-id>/.",
)
@click.option(
    "--user",
    metavar="NAME",
    help="Login name. Password: MISSIONPLAN_CALDAV_PASSWORD, else ~/.netrc for the host.",
)
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="ID",
    help="Only this person's calendar (repeatable); default: everyone's.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite or remove our events even when someone changed them on the server.",
)
@click.option(
    "--ca-file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Trust the server certificate signed by this CA bundle (TLS is always verified).",
)
def publish(
    paths: tuple[Path, ...],
    url: str,
    user: str | None,
    people: tuple[str, ...],
    dry_run: bool,
    force: bool,
    ca_file: Path | None,
) -> int:
    """Publish missions (default: itineraries/) to a CalDAV server, one calendar per person.

    Each person's calendar at URL/<person-id>/ is created when missing and synchronised by
    UID: new items are added, changed ones replaced, removed ones deleted. Events that
    missionplan did not write, and events of missions not given here, are never touched. An
    event someone changed on the server is reported, not overwritten (unless --force).
    A second run with nothing changed writes nothing. Exit status: 0 up to date, 1 a file has
    errors (the others are still published), 2 bad usage, server unreachable, login refused,
    or a conflict.
    """
    from missionplan.app.publish import Target, credentials
    from missionplan.app.publish import publish as run_publish

    login, password = credentials(url, user)
    target = Target(url, login, password, str(ca_file) if ca_file else True)
    result = run_publish(
        list(paths) or [DEFAULT_DIR], target, people=people, dry_run=dry_run, force=force
    )
    return _report(result, dry_run)


def _report(result: Published, dry_run: bool) -> int:
    from missionplan.export.findings import text

    reports = result.reports
    if any(not d.suppressed for r in reports for d in r.diagnostics):
        click.echo(text(reports), err=True, nl=False)
    for reason in result.skipped:
        click.echo(f"missionplan: {reason}: not published", err=True)
    if reports and all(r.unreadable is not None for r in reports):
        raise MissionplanError(str(reports[0].unreadable))
    verb = {"added": "would add", "updated": "would update", "removed": "would remove"}
    for outcome in result.outcomes:
        if dry_run:
            if outcome.created:
                click.echo(f"{outcome.person}: would create the calendar")
            for kind in ("added", "updated", "removed"):
                for summary in getattr(outcome, kind):
                    click.echo(f"{outcome.person}: {verb[kind]} {summary}")
    for outcome in result.outcomes:
        counts = f"{len(outcome.added)} added, {len(outcome.updated)} updated, {len(outcome.removed)} removed"
        note = " (calendar created)" if outcome.created and not dry_run else ""
        click.echo(f"{outcome.person}: {counts}{note}")
    if result.outcomes and not any(o.changed for o in result.outcomes):
        click.echo("nothing to change: every calendar is up to date", err=True)
    elif dry_run:
        click.echo("dry run: nothing written", err=True)
    for conflict in result.conflicts:
        click.echo(f"missionplan: conflict: {conflict}", err=True)
    if result.conflicts:
        return EXIT_USAGE
    if any(r.unreadable is not None for r in reports):
        return EXIT_USAGE
    return EXIT_PROBLEMS if result.skipped else EXIT_OK
