"""Validation of mission files: load, resolve, run the rules, apply suppressions."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from missionplan.app import cache
from missionplan.app.cache import Store
from missionplan.checks.finding import Diagnostic, Finding
from missionplan.checks.registry import MISSION_CHECKS, PORTFOLIO_CHECKS
from missionplan.checks.report import FileReport
from missionplan.checks.suppress import mark_unselected, position, silenced_in_file
from missionplan.errors import InputError
from missionplan.plan.plan import Mission
from missionplan.plan.resolve import resolve
from missionplan.source.discover import mission_files
from missionplan.source.loader import parse, read
from missionplan.source.text import Source


@dataclass
class _Result:
    """What reading one file gives, as the cache keeps it: the resolved mission, what reading
    and resolving found, and what the rules found (None until they have run: `where` and the
    other answers read files without running them)."""

    mission: Mission | None
    read: list[Diagnostic]
    rules: list[Diagnostic] | None = None


def check_source(source: Source, store: Store | None = None, *, rules: bool = True) -> FileReport:
    """Validate one file's text, with the file's own suppressions applied; `rules=False`: only
    what reading and resolving it finds. Through the result cache `store`, if one is given."""
    name = cache.key(source.name, source.text) if store is not None else ""
    result = store.get(name) if store is not None else None
    if not isinstance(result, _Result):
        result = _read(source)
        changed = True
    else:
        changed = False
    if rules and result.rules is None:
        mission = result.mission
        result.rules = _in_file(source, mission, _rule_findings(mission)) if mission else []
        changed = True
    if changed and store is not None:
        store.put(name, result)
    found = result.read + result.rules if rules and result.rules else list(result.read)
    return FileReport(source, result.mission, found)


def _read(source: Source) -> _Result:
    """Parse and resolve one file's text; the rules are left for later."""
    loaded = parse(source)
    if loaded.itinerary is None:
        return _Result(None, [position(f, source) for f in loaded.findings], [])
    mission, found = resolve(
        loaded.itinerary, source, declared=loaded.declared, origins=loaded.origins
    )
    found = loaded.findings + found
    if mission is None:
        return _Result(None, [position(f, source) for f in found], [])
    return _Result(mission, _in_file(source, mission, found))


def _rule_findings(mission: Mission) -> list[Finding]:
    found: list[Finding] = []
    for check in MISSION_CHECKS:
        found.extend(check(mission))
    return found


def check_paths(
    paths: Sequence[Path], *, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[FileReport]:
    """Validate files and directories, including checks across the files, with suppressions."""
    with _collector_paused():
        with cache.opened() as store:
            reports = [_check_file(f.path, f.name, f.problem, store) for f in mission_files(paths)]
        missions = [r.mission for r in reports if r.mission is not None]
        by_name = {r.source.name: r for r in reports}
        across: dict[str, list[Finding]] = {}
        if len(missions) > 1:
            for check in PORTFOLIO_CHECKS:
                for found in check(missions):
                    assert found.file is not None
                    across.setdefault(found.file, []).append(found)
        sources = {name: report.source for name, report in by_name.items()}
        for name, found_here in across.items():
            report = by_name[name]
            report.diagnostics += _in_file(report.source, report.mission, found_here, sources)
        for report in reports:
            report.diagnostics = mark_unselected(report.diagnostics, select=select, ignore=ignore)
    return reports


def _in_file(
    source: Source,
    mission: Mission | None,
    findings: Iterable[Finding],
    sources: Mapping[str, Source] | None = None,
) -> list[Diagnostic]:
    """The findings of one file positioned, with those the file silences marked."""
    items = {item.path: item.id for item in mission.items} if mission else {}
    placed = (position(f, source, items=items, sources=sources) for f in findings)
    return silenced_in_file(source, mission.settings.ignore if mission else [], placed)


def _check_file(path: Path, name: str, problem: str | None, store: Store | None) -> FileReport:
    """One file's report; an unreadable file is reported as such, and the others go on."""
    try:
        if problem is not None:
            raise InputError(problem)
        return check_source(read(path, name), store)
    except InputError as error:
        return FileReport(Source(name, ""), None, unreadable=str(error))


def check_file(path: Path) -> FileReport:
    """The report of one file that a command needs to read (InputError when it cannot,
    a directory included)."""
    with _collector_paused(), cache.opened() as store:
        return check_source(read(path), store)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Validation allocates many small objects that live until the end (models, datetimes,
    # diagnostics); the cyclic garbage collector would rescan them again and again, about a
    # quarter of the time of a large portfolio. Nothing here makes reference cycles worth
    # collecting early, so it runs once, afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
