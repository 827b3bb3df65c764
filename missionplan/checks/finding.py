"""What a rule is, what a check finds (a rule and a key path), and the positioned Diagnostic."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, SupportsIndex

from missionplan.source.sourcemap import KeyPath, Span

if TYPE_CHECKING:
    from missionplan.plan.plan import Mission


class Severity(enum.IntEnum):
    """How bad a diagnostic is; errors block exports, the others inform."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: A check of one resolved mission, and a check across the missions of one run.
MissionCheck = Callable[["Mission"], Iterable["Finding"]]
PortfolioCheck = Callable[[Sequence["Mission"]], Iterable["Finding"]]


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class Rule:
    """One rule, declared once in the module that implements it (see checks/registry.py).

    `check` runs on each resolved mission and `across` on all the missions of one run; a rule
    with neither is detected while the file is read or resolved (MP100-MP203). `description`,
    `bad` and `good` are what `missionplan rules CODE` prints. Codes are a contract: a rule
    that goes away keeps its code in `registry.RETIRED`, so it is never reused.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    description: str
    bad: str
    good: str
    check: MissionCheck | None = None
    across: PortfolioCheck | None = None

    def __lt__(self, other: Rule) -> bool:
        return self.code < other.code

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # Pickled (the result cache, `build -j`) by code: rules compare by identity, so a copy
        # of a declared rule would be another rule.
        from missionplan.checks.registry import RULES

        if RULES.get(self.code) is self:
            return (_declared, (self.code,))
        return super().__reduce_ex__(protocol)

    def finding(
        self,
        key: KeyPath,
        message: str,
        hint: str | None = None,
        *,
        on: Literal["key", "value"] = "value",
    ) -> Finding:
        """A finding of this rule at `key`, a key path in the file."""
        return Finding(self, key, message, hint, on=on)


@dataclass(frozen=True)
class Finding:
    """What a check found, before positions: the rule, and where by key path.

    Positions and suppressions are applied afterwards, in one place (checks/suppress.py).
    """

    rule: Rule
    key: KeyPath
    message: str
    hint: str | None = None
    #: Point at the key (or table header) rather than at the value.
    on: Literal["key", "value"] = "value"
    #: Set when the reader already knows the position and there is no key path (TOML syntax).
    span: Span | None = None
    #: The file it belongs to, when a check across files says so (None: the file checked).
    file: str | None = None
    #: Keys of other files the message quotes, as (file, key path): each `see_mark(n)` in the
    #: message becomes `file:line` where findings are positioned (checks/suppress.py).
    see: tuple[tuple[str, KeyPath], ...] = ()


def see_mark(index: int) -> str:
    """Where a message quotes the `index`-th key of `Finding.see`, until it is positioned.

    The mark is framed by a lone surrogate, a character no text read from a mission file can
    hold (TOML admits only Unicode scalar values; file names decoded with surrogateescape use
    U+DC80-U+DCFF): a title that reads like a mark stays a title.
    """
    return f"{_MARK}{index}{_MARK}"


def put_quotes(message: str, quotes: Sequence[str]) -> str:
    """`message` with each `see_mark(n)` replaced by `quotes[n]`."""
    for index, quote in enumerate(quotes):
        message = message.replace(see_mark(index), quote)
    return message


_MARK = "\ud800"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at one place in it. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    rule: Rule
    message: str
    hint: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    suppressed: bool = False
    #: The id of the item whose table holds it, if any.
    item: str | None = field(default=None, compare=False)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def name(self) -> str:
        return self.rule.name

    def suppress(self) -> Diagnostic:
        return replace(self, suppressed=True)


def _declared(code: str) -> Rule:
    """The declared rule of `code` (what a pickled rule becomes again)."""
    from missionplan.checks.registry import RULES

    return RULES[code]
