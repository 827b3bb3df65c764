"""Open warnings, told to the traveller on the day they happen, and listed for the planner.

A traveller's copy never shows a rule code, a file position or a suppression hint: each open
warning about an item of theirs becomes a sentence on that item's day ("Only 35 minutes between
landing in Tashkent at 05:55 and the 06:30 meeting"). The planner's appendix (the mission copy
only) lists the warnings as `validate` reports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from missionplan import wording as fmt
from missionplan.checks.finding import Diagnostic, Severity
from missionplan.plan.plan import Event, Item, Leg, Mission, Stay

Row = dict[str, Any]

#: Warnings the day already shows in its own words: weekends and holidays are the day's marks.
_SHOWN_BY_THE_DAY = {"MP400", "MP401", "MP303"}

_ARRIVING = {"flight": "landing", "train": "arriving", "road": "arriving", "other": "arriving"}


@dataclass(frozen=True)
class Notice:
    """One warning as the traveller reads it: whom it concerns, on which day, in what words."""

    people: tuple[str, ...]
    day: date
    text: str


def open_warnings(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if not d.suppressed and d.severity is Severity.WARNING]


def appendix(diagnostics: Sequence[Diagnostic]) -> list[Row]:
    """The planner's list: code, rule name, file position, message and hint."""
    return [
        {
            "code": found.code,
            "name": found.name,
            "where": f"{found.path}:{found.line}",
            "message": found.message,
            "hint": (found.hint or "").replace("`", ""),
        }
        for found in open_warnings(diagnostics)
    ]


def notices(mission: Mission, diagnostics: Sequence[Diagnostic]) -> list[Notice]:
    """The open warnings that concern an item, in the traveller's words, on the item's day."""
    warnings = open_warnings(diagnostics)
    by_id = {item.id: item for item in mission.items}
    out = []
    for found in warnings:
        if found.code in _SHOWN_BY_THE_DAY:
            continue
        item = by_id.get(found.item) if found.item is not None else None
        if item is None:
            continue
        for person in item.people:
            text = _words(mission, found, item, person)
            out.append(Notice((person,), _first_day(item), text))
    return out


def _first_day(item: Item) -> date:
    if isinstance(item, Leg):
        return item.depart.date()
    if isinstance(item, Stay):
        return item.first_night
    assert isinstance(item, Event)
    return item.first_day


def _words(mission: Mission, found: Diagnostic, item: Item, person: str) -> str:
    what = _what(item)
    if found.code == "MP302":
        told = _tight(mission, item, person)
        if told:
            return told
    if found.code == "MP204":
        return f"The times of {what} look wrong for the distance: ask for them to be checked."
    if found.code == "MP202":
        return f"The time of {what} happens twice tonight (clocks go back): check which is meant."
    if found.code == "MP205":
        return f"{_capital(what)} is outside the mission's dates: check the date."
    return f"Check {what} with the planner: {found.message}."


def _tight(mission: Mission, item: Item, person: str) -> str:
    """`Only 35 minutes between landing in Tashkent at 05:55 and the 06:30 meeting`."""
    start = (
        item.depart if isinstance(item, Leg) else item.start if isinstance(item, Event) else None
    )
    if start is None:
        return ""
    arrivals = [
        leg
        for leg in mission.legs
        if person in leg.people and leg is not item and leg.arrive_ts <= start.timestamp()
    ]
    if not arrivals:
        return ""
    leg = max(arrivals, key=lambda leg: leg.arrive_ts)
    minutes = int((start.timestamp() - leg.arrive_ts) // 60)
    return (
        f"Only {_minutes(minutes)} between {_ARRIVING[leg.mode]} in"
        f" {leg.destination.city} at {fmt.clock(leg.arrive)} and the {fmt.clock(start)}"
        f" {_noun(item)}"
    )


def _minutes(minutes: int) -> str:
    """`35 minutes`, `1 h 20 min`: a gap as a sentence says it."""
    return fmt.count(minutes, "minute") if minutes < 60 else fmt.duration(minutes)


def _noun(item: Item) -> str:
    if isinstance(item, Leg):
        return fmt.leg_noun(item.mode)
    if isinstance(item, Event):
        return fmt.kind_label(item.kind).lower()
    return "check-in"


def _what(item: Item) -> str:
    if isinstance(item, Leg):
        number = f" {item.number}" if item.number else ""
        return f"the {_noun(item)}{number} {item.origin.city} → {item.destination.city}"
    if isinstance(item, Event):
        return f'the {_noun(item)} "{item.title}"'
    assert isinstance(item, Stay)
    return f"the stay at {item.name}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
