"""Calendars of one mission file: the checked mission, whose items, and cancellations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from missionplan.errors import MissionplanError

if TYPE_CHECKING:
    from missionplan.checks.report import FileReport
    from missionplan.export.ical.events import Options
    from missionplan.plan.plan import Mission


@dataclass(frozen=True)
class Checked:
    """A file checked for export: its report, the mission when nothing blocks it, and whether
    its findings are worth telling (errors, or warnings of the file being exported)."""

    report: FileReport
    mission: Mission | None
    tell: bool


def check(path: Path, *, old: bool = False) -> Checked:
    """Check a file to export. An OLD file of a cancellation only has to resolve: the rules
    may have grown since it was issued."""
    from missionplan.app.validate import check_file
    from missionplan.checks.finding import Severity

    report = check_file(path)
    blocking = report.mission is None if old else not report.ok
    warned = any(d.severity >= Severity.WARNING for d in report.diagnostics if not d.suppressed)
    return Checked(report, None if blocking else report.mission, blocking or (not old and warned))


def chosen_people(mission: Mission, people: Sequence[str], name: str) -> list[str] | None:
    """The people asked for, each once (None: everyone); an error names an unknown one."""
    if not people:
        return None
    for person in people:
        if person not in mission.people:
            known = ", ".join(mission.people)
            raise MissionplanError(f'{name}: no person "{person}" in this mission ({known})')
    return list(dict.fromkeys(people))


def cancellation(
    new: Mission,
    old: Mission,
    options: Options,
    people: Sequence[str] | None,
    *,
    names: tuple[str, str],
) -> bytes:
    """METHOD:CANCEL for the items `old` had and `new` no longer has (`names`: new and old
    file). Both must be the same mission, `new` a later revision, or calendars ignore it."""
    from missionplan.export.ical import calendar as export

    name, old_name = names
    if new.id != old.id:
        raise MissionplanError(
            f'{old_name} is mission "{old.id}", {name} is "{new.id}": cancellations need the same'
            " mission id"
        )
    if new.revision <= old.revision:
        raise MissionplanError(
            f"{name}: revision {new.revision} is not above {old_name}'s {old.revision}; bump"
            " [mission] revision, or calendars ignore the update"
        )
    return export.cancellation(new, old, options, people)
