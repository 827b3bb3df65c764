"""The main job: validate missions, then write each one's calendars and briefings."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from missionplan.app.validate import check_paths
from missionplan.checks.finding import Diagnostic
from missionplan.checks.report import FileReport
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
    jobs: int = 1,
    on_mission: Callable[[Built], None] | None = None,
) -> list[Built]:
    """Validate `paths` together, then write the outputs of each error-free mission into
    `directory/<mission-id>/`. A mission with errors is skipped; the others are still built.

    The portfolio is validated once, here; with `jobs` > 1 the missions' files are rendered by
    that many processes, and written here in the order of the files, as a serial build does."""
    reports = check_paths(paths, ignore=ignore)
    make_directory(directory)
    now = datetime.now(UTC)
    results = _triage(reports)
    tasks = [
        (mission, r.report.diagnostics, now)
        for r in results
        if r.failure is None and (mission := r.report.mission) is not None
    ]
    rendered = _render_all(tasks, jobs)
    for result in results:
        if result.failure is None:
            assert result.report.mission is not None
            files = next(rendered)
            if isinstance(files, str):
                result.failure = files
            else:
                try:
                    folder = directory / result.report.mission.id
                    result.written = write_files(folder, files, within=directory)
                except MissionplanError as error:
                    result.failure = str(error)
        if on_mission is not None:
            on_mission(result)
    return results


def _triage(reports: Sequence[FileReport]) -> list[Built]:
    """One result per file; those that cannot be built already carry their failure."""
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
        results.append(result)
    return results


_Task = tuple[Mission, list[Diagnostic], datetime]


def _render_all(tasks: list[_Task], jobs: int) -> Iterator[dict[str, bytes] | str]:
    """Each task's files (or why they could not be made), in the order of `tasks`."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_render, tasks)
        return
    # Fresh processes, not forks: a fork of a process in which typst has already rendered
    # inherits its thread pool's locks without its threads, and hangs.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=spawn) as pool:
        futures = [pool.submit(_render, task) for task in tasks]
        for future in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                yield "the process rendering it stopped (out of memory?)"


def _render(task: _Task) -> dict[str, bytes] | str:
    """One mission's files by name, or the message of the error that stopped them."""
    mission, diagnostics, now = task
    try:
        return outputs(mission, diagnostics, now)
    except MissionplanError as error:
        return str(error)
