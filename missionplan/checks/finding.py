"""Diagnostic records, severities and the one table that declares every rule code."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


class Severity(enum.IntEnum):
    """How bad a diagnostic is; errors block exports, the others inform."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    """One entry of the rule catalogue."""

    code: str
    name: str
    severity: Severity
    summary: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every code, declared once. Codes are stable: a retired code stays here, marked
#: retired, so that it is never reused for something else.
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("MP100", "toml-syntax", _E, "the file is not valid TOML"),
        Rule("MP101", "unknown-field", _E, "a key the format does not have"),
        Rule(
            "MP102",
            "invalid-value",
            _E,
            "wrong type, bad enum value, malformed id, code or duration",
        ),
        Rule("MP103", "missing-field", _E, "a required field is absent"),
        Rule("MP104", "unknown-reference", _E, "a person or place id that is not declared"),
        Rule("MP105", "duplicate-id", _E, "two items share an id"),
        Rule(
            "MP106",
            "missing-id",
            _I,
            "an item without an id: its calendar event cannot update in place",
        ),
        Rule(
            "MP107",
            "unlocated-place",
            _I,
            "a place's city the gazetteer does not know: compared by name only",
        ),
        Rule(
            "MP108",
            "former-airport-code",
            _I,
            "an airport code valid on the leg's date that has since changed",
        ),
        Rule(
            "MP200",
            "unknown-timezone",
            _E,
            "not an IANA zone, or a multi-zone country without `timezone`",
        ),
        Rule("MP201", "nonexistent-local-time", _E, "a local time skipped by a DST change"),
        Rule("MP202", "ambiguous-local-time", _W, "a local time that occurs twice at a DST change"),
        Rule("MP203", "end-before-start", _E, "an item ends (in absolute time) before it starts"),
        Rule(
            "MP204",
            "implausible-travel-time",
            _W,
            "a leg far too fast or too slow for its mode and distance",
        ),
        Rule("MP205", "outside-mission-window", _W, "an item outside `[mission] start..end`"),
        Rule("MP300", "double-booked", _E, "one person in two overlapping timed items"),
        Rule(
            "MP301", "wrong-place", _E, "a person at an event or stay in a city where they are not"
        ),
        Rule(
            "MP302",
            "tight-connection",
            _W,
            "less than `min_connection` between an arrival and the next commitment",
        ),
        Rule("MP303", "missing-accommodation", _W, "a night away from home with no stay"),
        Rule("MP304", "overlapping-stays", _E, "one person in two stays on the same night"),
        Rule("MP400", "weekend", _W, "a working item on the host country's weekend"),
        Rule("MP401", "public-holiday", _W, "a working item on a host-country public holiday"),
        Rule("MP402", "unusual-hours", _I, "a meeting before 07:00 or after 21:00 local time"),
        Rule(
            "MP500",
            "portfolio-double-booked",
            _E,
            "the same person in overlapping items of two mission files",
        ),
    )
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at one place in it. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    suppressed: bool = False

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    @property
    def name(self) -> str:
        return RULES[self.code].name

    def suppress(self) -> Diagnostic:
        return replace(self, suppressed=True)


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """True when `code` starts with one of `prefixes` (flake8's select/ignore semantics)."""
    return any(code.startswith(prefix.strip().upper()) for prefix in prefixes if prefix.strip())


def select(
    diagnostics: Iterable[Diagnostic],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Mark as suppressed what `ignore` names or `select` leaves out; keep everything, sorted.

    The longer matching prefix wins, so `--select MP3 --ignore MP302` keeps MP300 and drops
    MP302, and `--ignore MP3 --select MP302` keeps only MP302 of the MP3 family.
    """
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        chosen = diagnostic.suppressed or _selected(diagnostic.code, select, ignore)
        kept.append(diagnostic if chosen else diagnostic.suppress())
    return sorted(kept)


def _selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    best_select = max((len(p) for p in select if code.startswith(p.upper())), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p.upper())), default=-1)
    if select and best_select < 0:
        return False
    return best_ignore < best_select or best_ignore < 0


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    """The highest severity among diagnostics that are not suppressed."""
    return max((d.severity for d in diagnostics if not d.suppressed), default=None)
