"""The main job: validate missions, then write each one's calendars and briefings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from missionplan.app.validate import FileReport, check_paths
from missionplan.checks.finding import Diagnostic
from missionplan.deliver.files import make_directory, write_files
from missionplan.errors import MissionplanError
from missionplan.plan.plan import Mission

BRIEFING_FORMATS = ("pdf", "html")


@dataclass
class Built:
    """What `build` did for one mission file."""

    report: FileReport
    written: list[Path] = field(default_factory=list)
    failure: str | None = None


def outputs(mission: Mission, diagnostics: Sequence[Diagnostic], now: datetime) -> dict[str, bytes]:
    """Every file of one mission by name: its calendars and briefings, whole and per person."""
    from missionplan.export.briefing import build as build_document
    from missionplan.export.briefing import render
    from missionplan.export.ical import calendar as ics
    from missionplan.export.ical import events
    from missionplan.reproducible import printed_date, source_date_epoch

    epoch = source_date_epoch()
    options = events.Options(events.dtstamp(mission, epoch, now))
    files = ics.calendar_files(mission, options)
    # the mission's overview for the admin, then each person's own briefing
    for person in (None, *mission.people):
        document = build_document(
            mission, person=person, diagnostics=diagnostics, printed=printed_date(epoch)
        )
        name = f"{mission.id}-{person}" if person else mission.id
        for output_format in BRIEFING_FORMATS:
            files[f"{name}-briefing.{output_format}"] = render(
                document, output_format, timestamp=epoch
            )
    return files


def build(
    paths: Sequence[Path],
    directory: Path,
    *,
    ignore: Sequence[str] = (),
    on_mission: Callable[[Built], None] | None = None,
) -> list[Built]:
    """Validate `paths` together, then write the outputs of each error-free mission into
    `directory/<mission-id>/`. A mission with errors is skipped; the others are still built."""
    reports = check_paths(paths, ignore=ignore)
    make_directory(directory)
    seen: dict[str, str] = {}
    results = []
    for report in reports:
        result = Built(report)
        mission = report.mission
        if report.unreadable is not None:
            result.failure = report.unreadable.removeprefix(f"{report.source.name}: ")
        elif not report.ok or mission is None:
            result.failure = "has errors"
        elif mission.id.casefold() in seen:
            # Ids differing only in case share one folder on macOS and Windows.
            result.failure = (
                f'mission id "{mission.id}" is also used by {seen[mission.id.casefold()]}'
            )
        else:
            seen[mission.id.casefold()] = report.source.name
            try:
                result.written = _write(mission, report, directory)
            except MissionplanError as error:
                result.failure = str(error)
        results.append(result)
        if on_mission is not None:
            on_mission(result)
    return results


def _write(mission: Mission, report: FileReport, directory: Path) -> list[Path]:
    files = outputs(mission, report.diagnostics, datetime.now(UTC))
    return write_files(directory / mission.id, files, within=directory)
