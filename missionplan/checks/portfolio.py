"""Portfolio rule: MP500, one person in overlapping items of two different mission files."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from missionplan import wording
from missionplan.checks.common import Overlaps, Slot, overlaps_each, schedule
from missionplan.checks.finding import ERROR, Finding, Rule
from missionplan.plan.identity import identities, normal_name
from missionplan.plan.plan import Mission
from missionplan.source.sourcemap import KeyPath

__all__ = ["identities", "normal_name", "portfolio_double_booked"]


@dataclass(frozen=True)
class _Booked:
    slot: Slot
    mission: int
    person: str


def cross_file_overlaps(booked: list[_Booked]) -> Iterator[Overlaps[_Booked]]:
    """For each entry, what it overlaps in other files: counted, the first few named."""
    return overlaps_each(booked, lambda e: e.slot.start, lambda e: e.slot.end, lambda e: e.mission)


def portfolio_double_booked(missions: Sequence[Mission]) -> Iterator[Finding]:
    """MP500: reported in every file involved, each finding at its own item and naming the
    others (the first few, and how many in all)."""
    who = identities(missions)
    by_identity: dict[str, list[_Booked]] = {}
    for index, mission in enumerate(missions):
        for person, slots in schedule(mission).items():
            entries = by_identity.setdefault(who[(index, person)], [])
            entries.extend(_Booked(slot, index, person) for slot in slots)
    for entries in by_identity.values():
        if len({e.mission for e in entries}) < 2:
            continue
        for found in cross_file_overlaps(entries):
            yield _report(missions, found)


def _report(missions: Sequence[Mission], found: Overlaps[_Booked]) -> Finding:
    here = found.entry
    mission = missions[here.mission]
    others = sorted([*found.earlier, *found.later], key=lambda e: (e.slot.start, e.mission))
    if found.count == 1:
        (there,) = others
        what = f"{_other(missions, there, '{see}')}"
        see: tuple[str, KeyPath] | None = (missions[there.mission].source.name, there.slot.path)
    else:
        named = ", ".join(_other(missions, there, _position(missions, there)) for there in others)
        more = found.count - len(others)
        what = f"{named} and {more} more item{'s' if more != 1 else ''}" if more else named
        see = None
    ids = sorted({missions[there.mission].id for there in others})
    planners = f"the planner of {ids[0]}" if len(ids) == 1 else "the other planners"
    finding = PORTFOLIO_DOUBLE_BOOKED.finding(
        here.slot.path,
        f"{here.person} is double-booked across missions: {wording.item_label(here.slot.item)}"
        f" ({wording.span(here.slot.begin, here.slot.finish)}) overlaps {what}",
        f"agree with {planners} which mission {here.person} attends, and change one of the"
        " files; times are local to each item's place",
    )
    return replace(finding, file=mission.source.name, see=see)


def _other(missions: Sequence[Mission], there: _Booked, where: str) -> str:
    other = missions[there.mission]
    return (
        f"{wording.item_label(there.slot.item)} ({wording.span(there.slot.begin, there.slot.finish)})"
        f' of mission {other.id} ({where}, as "{there.person}")'
    )


def _position(missions: Sequence[Mission], there: _Booked) -> str:
    source = missions[there.mission].source
    return f"{source.name}:{source.span(there.slot.path).line}"


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
