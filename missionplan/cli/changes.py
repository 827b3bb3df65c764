"""`diff`: what changed between two revisions of a mission, person by person."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from missionplan.app.validate import FileReport


@click.command("diff")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--since",
    metavar="GIT-REV",
    help="Compare FILE with itself at this git revision (git show REV:FILE); give one FILE.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--person", "people", multiple=True, metavar="ID", help="Only these people (repeatable)."
)
@click.option(
    "--exit-code",
    "exit_code",
    is_flag=True,
    help="Exit 1 when there are changes, 0 when there are none (like git diff --exit-code).",
)
def diff(
    files: tuple[Path, ...],
    since: str | None,
    output_format: str,
    people: tuple[str, ...],
    exit_code: bool,
) -> int:
    """Show what changed between OLD and NEW (or FILE and --since GIT-REV), for each person.

    Usage: missionplan diff OLD NEW, or missionplan diff --since GIT-REV FILE. Each change is
    named for the people it concerns: added, removed, moved (old and new local times) or
    changed (which fields, old and new values). Items are matched by their id; items without
    one are matched by content, so an edited one shows as removed and added.

    Exit status: 0 (with or without changes; with --exit-code: 0 no changes, 1 changes),
    1 a file cannot be resolved (its errors are listed), 2 bad usage or I/O.
    """
    from missionplan.app import diff_format, diff_sources
    from missionplan.app.diff import MissionDiff
    from missionplan.app.diff import diff as compare

    if since is not None and len(files) != 1:
        raise click.UsageError("with --since, give one FILE")
    if since is None and len(files) != 2:
        raise click.UsageError("give OLD and NEW, or --since GIT-REV and one FILE")
    old, new = diff_sources.old_and_new(files[0] if since is None else None, files[-1], since)
    if not (_resolved(old) and _resolved(new)):
        return EXIT_PROBLEMS
    diff_sources.comparable(old, new)
    assert old.mission is not None and new.mission is not None
    found = compare(old.mission, new.mission)
    if people:
        _known(people, found, new)
        found = MissionDiff(
            found.mission_id,
            found.title,
            found.old_revision,
            found.new_revision,
            tuple(p for p in found.people if p.person in people),
            found.unnamed,
        )
    click.echo(diff_format.FORMATS[output_format](found), nl=False)
    return EXIT_PROBLEMS if exit_code and found.changed else EXIT_OK


def _resolved(report: FileReport) -> bool:
    """Whether the file resolved; if not, its diagnostics are printed."""
    if report.mission is not None:
        return True
    from missionplan.export.findings import text

    click.echo(text([report]), err=True, nl=False)
    return False


def _known(people: tuple[str, ...], found: object, new: FileReport) -> None:
    from missionplan.app.diff import MissionDiff

    assert isinstance(found, MissionDiff)
    known = {p.person for p in found.people}
    for person in people:
        if person not in known:
            raise click.BadParameter(
                f'no person "{person}" in {new.source.name} ({", ".join(sorted(known))})',
                param_hint="--person",
            )
