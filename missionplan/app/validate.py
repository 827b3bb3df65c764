"""Validation of mission files: load, resolve, run the rules, apply suppressions."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from missionplan.checks import finding as diag
from missionplan.checks.finding import Diagnostic, Severity
from missionplan.checks.registry import MISSION_CHECKS, PORTFOLIO_CHECKS
from missionplan.errors import InputError
from missionplan.plan.plan import Mission
from missionplan.plan.resolve import resolve
from missionplan.source.discover import mission_files
from missionplan.source.loader import parse, read
from missionplan.source.text import Source, split_lines


@dataclass
class FileReport:
    """Everything `validate` found in one file."""

    source: Source
    mission: Mission | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Why the file could not be read at all (missing, binary, not UTF-8, too large), if so.
    unreadable: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.suppressed and d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors and self.unreadable is None


def check_source(source: Source) -> FileReport:
    """Validate one file's text, with the file's own suppressions applied."""
    loaded = parse(source)
    if loaded.itinerary is None:
        return FileReport(source, None, loaded.diagnostics)
    mission, found = resolve(
        loaded.itinerary, source, declared=loaded.declared, origins=loaded.origins
    )
    found = loaded.diagnostics + found
    if mission is None:
        return FileReport(source, None, found)
    for check in MISSION_CHECKS.values():
        found.extend(check(mission))
    return FileReport(source, mission, suppressed_in_file(source, mission, found))


def check_paths(
    paths: Sequence[Path], *, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[FileReport]:
    """Validate files and directories, including checks across the files, with suppressions."""
    with _collector_paused():
        reports = [_check_file(f.path, f.name, f.problem) for f in mission_files(paths)]
        missions = [r.mission for r in reports if r.mission is not None]
        by_name = {r.source.name: r for r in reports}
        across: dict[str, list[Diagnostic]] = {}
        if len(missions) > 1:
            for check in PORTFOLIO_CHECKS.values():
                for found in check(missions):
                    across.setdefault(found.path, []).append(found)
        for name, found_here in across.items():
            report = by_name[name]
            report.diagnostics += suppressed_in_file(report.source, report.mission, found_here)
        for report in reports:
            report.diagnostics = diag.select(report.diagnostics, select=select, ignore=ignore)
    return reports


def _check_file(path: Path, name: str, problem: str | None) -> FileReport:
    """One file's report; an unreadable file is reported as such, and the others go on."""
    try:
        if problem is not None:
            raise InputError(problem)
        return check_source(read(path, name))
    except InputError as error:
        return FileReport(Source(name, ""), None, unreadable=str(error))


def check_file(path: Path) -> FileReport:
    """The report of one file that a command needs to read (InputError when it cannot,
    a directory included)."""
    with _collector_paused():
        return check_source(read(path))


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


def suppressed_in_file(
    source: Source, mission: Mission | None, diagnostics: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """The diagnostics with those the file silences marked: its `[settings] ignore` and its
    `# missionplan: ignore[...]` comments."""
    file_ignore = mission.settings.ignore if mission else []
    inline = _inline_suppressions(source.text)
    marked = []
    for found in diagnostics:
        silenced = diag.matches(found.code, file_ignore) or _inline_match(found, inline, source)
        marked.append(found.suppress() if silenced else found)
    return marked


_INLINE = re.compile(r"#.*\bmissionplan:\s*ignore(?:\[([A-Z0-9,\s]*)\])?", re.IGNORECASE)


def _inline_suppressions(text: str) -> dict[int, list[str]]:
    """Line number -> code prefixes named in a `# missionplan: ignore[...]` comment there."""
    if "missionplan:" not in text:
        return {}
    found = {}
    for number, line in enumerate(split_lines(text), start=1):
        match = _INLINE.search(line)
        if match:
            codes = match.group(1)
            found[number] = [c.strip() for c in codes.split(",")] if codes else ["MP"]
    return found


def _inline_match(found: Diagnostic, inline: dict[int, list[str]], source: Source) -> bool:
    """A comment on the diagnostic's line, or on the header line of the item that holds it."""
    if not inline:
        return False
    if diag.matches(found.code, inline.get(found.line, [])):
        return True
    header = source.header_line(found.line)
    return header is not None and diag.matches(found.code, inline.get(header, []))


def summary(reports: Iterable[FileReport]) -> dict[str, int]:
    """Counts for the one-line summary: files, errors, warnings, infos, suppressed, unreadable."""
    counts = {"files": 0, "error": 0, "warning": 0, "info": 0, "suppressed": 0, "unreadable": 0}
    for report in reports:
        counts["files"] += 1
        counts["unreadable"] += report.unreadable is not None
        for found in report.diagnostics:
            if found.suppressed:
                counts["suppressed"] += 1
            else:
                counts[str(found.severity)] += 1
    return counts
