"""`ics`: export a mission as iCalendar, for everyone, some people, one file each, or cancellations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, OutputError

if TYPE_CHECKING:
    from missionplan.export.ical.events import Options
    from missionplan.plan.plan import Mission


@click.command("ics")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="ID",
    help="Only the items of this person (repeatable); default: everyone's.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (with --split: this directory); - or none: standard output.",
)
@click.option(
    "--split",
    is_flag=True,
    help="Write <mission>-<person>.ics for each person and <mission>.ics into the -o directory.",
)
@click.option(
    "--cancel-from",
    "cancel_from",
    type=click.Path(path_type=Path),
    metavar="OLD",
    help="Write a METHOD:CANCEL calendar for the items OLD had and FILE no longer has.",
)
@click.option(
    "--no-alarms",
    is_flag=True,
    help="Leave reminders out (default: [settings] event_alarm 30m, travel_alarm 3h).",
)
def ics(
    file: Path,
    people: tuple[str, ...],
    output: Path | None,
    split: bool,
    cancel_from: Path | None,
    no_alarms: bool,
) -> int:
    """Export FILE as an iCalendar (.ics) file for Outlook, Google, Apple and Thunderbird.

    A file is a snapshot: calendar apps do not update events from a second import (use
    `publish` or `feeds` to keep calendars current). --cancel-from OLD writes an iTIP
    METHOD:CANCEL message for the items OLD had, for mail clients that process invitations.
    DTSTAMP and LAST-MODIFIED come from SOURCE_DATE_EPOCH when it is set, else from
    [mission] issued. People are named in each description; nobody is invited.

    Exit status: 0 written, 1 the file has errors (warnings do not block), 2 bad usage or I/O.
    """
    from missionplan.app import calendar as calendars
    from missionplan.export.ical import calendar as export
    from missionplan.export.ical import events

    if split and output is None:
        raise click.UsageError("--split needs -o DIRECTORY to write the files into")
    if split and people:
        raise click.UsageError("--split writes every person's file; use it without --person")
    if split and cancel_from is not None:
        raise click.UsageError("--split and --cancel-from cannot be combined")

    mission = _checked(file)
    if mission is None:
        return EXIT_PROBLEMS
    chosen = calendars.chosen_people(mission, people, str(file))
    from missionplan.reproducible import source_date_epoch

    stamp = events.dtstamp(mission, source_date_epoch(), datetime.now(UTC))
    options = events.Options(stamp, alarms=not no_alarms)

    if cancel_from is not None:
        old = _checked(cancel_from, old=True)
        if old is None:
            return EXIT_PROBLEMS
        names = (str(file), str(cancel_from))
        data = calendars.cancellation(mission, old, options, chosen, names=names)
        if b"BEGIN:VEVENT" not in data:
            click.echo(
                f"missionplan: nothing in {cancel_from} was removed: no cancellations", err=True
            )
        _emit(data, output)
        return EXIT_OK
    if split:
        assert output is not None
        _write_split(mission, options, output)
        return EXIT_OK
    if not events.components(mission, options, chosen):
        who = ", ".join(chosen) if chosen else f"mission {mission.id}"
        click.echo(
            f"missionplan: {file}: {who} has no travel, stays or events to put in a calendar;"
            " nothing written",
            err=True,
        )
        return EXIT_PROBLEMS
    _emit(export.export(mission, options, chosen), output)
    return EXIT_OK


def _checked(path: Path, *, old: bool = False) -> Mission | None:
    """The mission to export; None (after printing the findings) when errors block it."""
    from missionplan.app import calendar as calendars
    from missionplan.export.findings import text

    checked = calendars.check(path, old=old)
    if checked.tell:
        click.echo(text([checked.report]), err=True, nl=False)
    return checked.mission


def _emit(data: bytes, output: Path | None) -> None:
    from missionplan.deliver.files import write_atomic, write_stdout

    if output is None or str(output) == "-":
        write_stdout(data)
    else:
        write_atomic(output, data)


def _write_split(mission: Mission, options: Options, directory: Path) -> None:
    from missionplan.deliver.files import write_files
    from missionplan.export.ical import calendar as export

    if str(directory) == "-":
        raise OutputError("--split writes one file per person: name a folder with -o, not -")
    write_files(directory, export.calendar_files(mission, options))
