"""What checking one file found: its text, its plan when it resolved, and its diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from missionplan.checks.finding import Diagnostic, Severity
from missionplan.plan.plan import Mission
from missionplan.source.text import Source


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
