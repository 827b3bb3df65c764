"""Portfolio rule: MP500, one person in overlapping items of two different mission files."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from missionplan import wording
from missionplan.checks.common import Slot, overlapping, schedule
from missionplan.checks.finding import ERROR, Finding, Rule
from missionplan.plan.identity import identities, normal_name
from missionplan.plan.plan import Mission

__all__ = ["identities", "normal_name", "portfolio_double_booked"]


@dataclass(frozen=True)
class _Booked:
    slot: Slot
    mission: int
    person: str


def _cross_file_overlaps(booked: list[_Booked]) -> list[tuple[_Booked, _Booked]]:
    """Every pair of overlapping entries from different files, each pair once, in one sweep."""
    found = []
    for entry, partner in overlapping(
        booked, lambda e: e.slot.start, lambda e: e.slot.end, lambda e: e.mission
    ):
        first, second = sorted((entry, partner), key=lambda e: (e.slot.start, e.mission))
        found.append((first, second))
    return found


def portfolio_double_booked(missions: Sequence[Mission]) -> Iterator[Finding]:
    """MP500: reported in both files, each pointing at its own item and naming the other."""
    who = identities(missions)
    by_identity: dict[str, list[_Booked]] = {}
    for index, mission in enumerate(missions):
        for person, slots in schedule(mission).items():
            entries = by_identity.setdefault(who[(index, person)], [])
            entries.extend(_Booked(slot, index, person) for slot in slots)
    for entries in by_identity.values():
        if len({e.mission for e in entries}) < 2:
            continue
        for first, second in _cross_file_overlaps(entries):
            yield _report(missions, first, second)
            yield _report(missions, second, first)


def _report(missions: Sequence[Mission], here: _Booked, there: _Booked) -> Finding:
    mission, other = missions[here.mission], missions[there.mission]
    found = PORTFOLIO_DOUBLE_BOOKED.finding(
        here.slot.path,
        f"{here.person} is double-booked across missions: {wording.item_label(here.slot.item)}"
        f" ({wording.span(here.slot.begin, here.slot.finish)}) overlaps"
        f" {wording.item_label(there.slot.item)} ({wording.span(there.slot.begin, there.slot.finish)}) of"
        f' mission {other.id} ({{see}}, as "{there.person}")',
        f"agree with the planner of {other.id} which mission {here.person} attends, and"
        " change one of the two files; times are local to each item's place",
    )
    return replace(found, file=mission.source.name, see=(other.source.name, there.slot.path))


PORTFOLIO_DOUBLE_BOOKED = Rule(
    code="MP500",
    name="portfolio-double-booked",
    severity=ERROR,
    summary="the same person in overlapping items of two mission files",
    across=portfolio_double_booked,
    description="""
When several mission files are validated together, the same person (same email, or the same
name ignoring case, accents and spacing) is in overlapping items of two different missions.
Reported in both files.""",
    bad="""
# a.toml: taher in Dushanbe 23 May 10:00-11:00
# b.toml: taher in Vienna 23 May 09:00-12:00""",
    good="# b.toml moved to 24 May",
)

RULES = (PORTFOLIO_DOUBLE_BOOKED,)
