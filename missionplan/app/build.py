"""The main job: validate missions, then write each one's calendars and briefings.

Builds are incremental: the manifest in the output folder (app/build_manifest) records what
each mission's files were made from (app/build_inputs); a mission whose inputs and files are
unchanged is not rendered again, and a file whose bytes did not change is not rewritten.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from missionplan.app import build_inputs
from missionplan.app.build_manifest import Entry, Manifest, remove, sha256, verify, written
from missionplan.app.validate import check_paths
from missionplan.checks.finding import Diagnostic
from missionplan.checks.report import FileReport
from missionplan.deliver.files import make_directory, write_files
from missionplan.errors import MissionplanError
from missionplan.plan.plan import Mission
from missionplan.reproducible import source_date_epoch

BRIEFING_FORMATS = ("pdf", "html")
#: Seconds between two saves of the manifest during a long build: a killed build keeps its work.
CHECKPOINT_SECONDS = 5.0
#: Missions per process below which rendering here is quicker than starting processes: a
#: worker's start-up costs about as much as rendering two missions.
MISSIONS_PER_WORKER = 3


@dataclass
class Built:
    """What `build` did for one mission file."""

    report: FileReport
    written: list[Path] = field(default_factory=list)
    failure: str | None = None
    #: Its files were there, made from the same inputs: nothing was done.
    up_to_date: bool = False
    #: Not built now; the files of its last build are still there.
    kept: bool = False


@dataclass
class Outcome:
    """What `build` did for the whole portfolio."""

    results: list[Built]
    #: Files of missions gone from the portfolio (or of people gone from a mission), deleted.
    removed: list[Path] = field(default_factory=list)
    #: Files the manifest lists that were not deleted: edited since, or no longer plain files.
    left: list[Path] = field(default_factory=list)
    #: Folders of missions no file builds now, kept because a file that could not be read or
    #: resolved may be one of them (renamed, or its path spelled another way).
    held: list[Path] = field(default_factory=list)
    #: Why the manifest found in the folder was not used, if one was found and not used.
    warning: str | None = None


def outputs(mission: Mission, diagnostics: Sequence[Diagnostic], now: datetime) -> dict[str, bytes]:
    """Every file of one mission by name: its calendars and briefings, whole and per person."""
    from missionplan.export.briefing import build as build_document
    from missionplan.export.briefing import render
    from missionplan.export.ical import calendar as ics
    from missionplan.export.ical import events
    from missionplan.reproducible import printed_date

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


@dataclass
class _Job:
    result: Built
    mission: Mission
    inputs: str
    old: Entry | None  # what the manifest says
    found: Entry | None  # what of it is still on disk as written


def build(
    paths: Sequence[Path],
    directory: Path,
    *,
    ignore: Sequence[str] = (),
    jobs: int = 1,
    force: bool = False,
    on_mission: Callable[[Built], None] | None = None,
) -> Outcome:
    """Validate `paths` together, then bring `directory/<mission-id>/` of every error-free
    mission up to date; `force` renders and writes them all. A mission with errors is skipped
    and the files of its last build stay; the files of missions gone are deleted.

    The portfolio is validated once, here; with `jobs` > 1 the missions' files are rendered by
    that many processes, and written here in the order of the files, as a serial build does.
    Interrupted (KeyboardInterrupt) or killed, the manifest records only finished work."""
    reports = check_paths(paths, ignore=ignore)
    make_directory(directory)
    manifest = Manifest.read(directory)
    outcome = Outcome(_triage(reports), warning=manifest.warning)
    environment = build_inputs.environment(BRIEFING_FORMATS, source_date_epoch())
    done: dict[str, Entry] = {}  # what the manifest will say: every claim in it is true
    jobs_to_do: list[_Job] = []
    for result in outcome.results:
        mission = result.report.mission
        if result.failure is None and mission is not None:
            inputs = build_inputs.mission(
                environment, result.report.source, result.report.diagnostics
            )
            old = manifest.missions.get(mission.id)
            found = verify(directory / mission.id, old) if old is not None else None
            if not force and _intact(old, found, inputs):
                assert found is not None
                result.up_to_date, done[mission.id] = True, found
                continue
            jobs_to_do.append(_Job(result, mission, inputs, old, found))
    building = {job.mission.id for job in jobs_to_do} | set(done)
    for result in outcome.results:
        if result.failure is not None:
            key = _previous(manifest.missions, result, building)
            _keep(result, key, manifest.missions, directory, done)
    gone = [key for key in manifest.missions if key not in done and key not in building]
    if gone and any(_unknown(result) for result in outcome.results):
        # A file that could not be read or resolved may be any of them: delete none of them.
        for key in gone:
            found = verify(directory / key, manifest.missions[key])
            if found.files:
                done[key] = found
                outcome.held.append(directory / key)
        gone = []
    if jobs_to_do or gone:
        manifest.save(done)  # no claim about a file about to change or go
    rendered = _render_all(jobs_to_do, jobs)
    try:
        for key in gone:
            old = manifest.missions[key]
            _remove(outcome, directory / key, old, old.files)
        saved, pending = time.monotonic(), iter(jobs_to_do)
        for result in outcome.results:
            if not result.up_to_date and result.failure is None:
                job = next(pending)
                _write(outcome, job, next(rendered), directory, manifest.missions, done, force)
            if on_mission is not None:
                on_mission(result)
            if time.monotonic() - saved > CHECKPOINT_SECONDS:
                manifest.save(done)
                saved = time.monotonic()
    finally:
        rendered.close()
        manifest.save(done)
    return outcome


def _intact(old: Entry | None, found: Entry | None, inputs: str) -> bool:
    """Whether the manifest's files of a mission are all there as written, from `inputs`."""
    if old is None or found is None or old.inputs != inputs:
        return False
    return len(found.files) == len(old.files)


def _write(
    outcome: Outcome,
    job: _Job,
    files: dict[str, bytes] | str,
    directory: Path,
    previous: Mapping[str, Entry],
    done: dict[str, Entry],
    force: bool,
) -> None:
    """Write the files of one mission that changed; record them; delete the ones it no longer
    has (a person gone from it)."""
    result, folder = job.result, directory / job.mission.id
    if isinstance(files, str):
        result.failure = files
        _keep(result, job.mission.id, previous, directory, done)
        return
    hashes = {name: sha256(data) for name, data in files.items()}
    same = {} if force or job.found is None else job.found.files
    changed = {n: d for n, d in files.items() if n not in same or same[n].sha256 != hashes[n]}
    try:
        if changed:
            result.written = write_files(folder, changed, within=directory)
    except MissionplanError as error:
        result.failure = str(error)
        _keep(result, job.mission.id, previous, directory, done)
        return
    records = {
        name: written(folder / name, hashes[name]) if name in changed else same[name]
        for name in sorted(files)
    }
    done[job.mission.id] = Entry(source=result.report.source.name, inputs=job.inputs, files=records)
    if job.old is not None:
        _remove(outcome, folder, job.old, [n for n in job.old.files if n not in files])


def _keep(
    result: Built,
    key: str | None,
    previous: Mapping[str, Entry],
    directory: Path,
    done: dict[str, Entry],
) -> None:
    """Keep in the manifest the files of the last build of a mission not built now."""
    if key is None or key in done or key not in previous:
        return
    found = verify(directory / key, previous[key])
    if found.files:
        done[key], result.kept = found, True


def _previous(previous: Mapping[str, Entry], result: Built, building: set[str]) -> str | None:
    """The mission id under which the file of `result` was last built, if it was."""
    mission = result.report.mission
    if mission is not None and mission.id in previous and mission.id not in building:
        return mission.id
    name = result.report.source.name
    here = os.path.realpath(name)
    return next(
        (
            key
            for key, entry in previous.items()
            if key not in building
            and (entry.source == name or os.path.realpath(entry.source) == here)
        ),
        None,
    )


def _unknown(result: Built) -> bool:
    """Whether `result` is a file that failed before its mission id was known, and was not
    recognised as the file of a mission built before."""
    return result.failure is not None and result.report.mission is None and not result.kept


def _remove(outcome: Outcome, folder: Path, entry: Entry, names: Iterable[str]) -> None:
    removed, left = remove(folder, entry, names)
    outcome.removed += removed
    outcome.left += left


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


def _render_all(
    jobs_to_do: Sequence[_Job], jobs: int
) -> Generator[dict[str, bytes] | str, None, None]:
    """The files of each job (or why they could not be made), in order, rendered `jobs` at a
    time; at most two per process are in flight, so memory does not grow with the portfolio."""
    now = datetime.now(UTC)
    tasks = ((job.mission, job.result.report.diagnostics, now) for job in jobs_to_do)
    workers = min(jobs, len(jobs_to_do) // MISSIONS_PER_WORKER)
    if workers <= 1:
        yield from map(_render, tasks)
        return
    # Fresh processes, not forks: a fork of a process in which typst has already rendered
    # inherits its thread pool's locks without its threads, and hangs.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, spawn, initializer=_ignore_interrupts) as pool:
        in_flight: deque[Future[dict[str, bytes] | str]] = deque()
        try:
            for task in tasks:
                in_flight.append(pool.submit(_render, task))
                if len(in_flight) >= 2 * workers:
                    yield _result(in_flight.popleft())
            while in_flight:
                yield _result(in_flight.popleft())
        finally:
            for future in in_flight:
                future.cancel()


def _result(future: Future[dict[str, bytes] | str]) -> dict[str, bytes] | str:
    try:
        return future.result()
    except BrokenProcessPool:
        return "the process rendering it stopped (out of memory?)"


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is for the build, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render(task: _Task) -> dict[str, bytes] | str:
    """One mission's files by name, or the message of the error that stopped them."""
    mission, diagnostics, now = task
    try:
        return outputs(mission, diagnostics, now)
    except MissionplanError as error:
        return str(error)
