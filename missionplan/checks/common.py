"""What the rule families share: each person's timed commitments, and finding overlaps."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple, TypeVar

from missionplan.plan.plan import Event, Leg, Mission, per_mission
from missionplan.source.sourcemap import KeyPath

_T = TypeVar("_T")


class Slot(NamedTuple):
    """One timed commitment of a person: a leg, or one session of an event.

    `start`/`end` are POSIX timestamps (compared across zones); `begin`/`finish` the same
    instants as local aware datetimes for messages; `path` the key a diagnostic points at.
    A named tuple: a portfolio builds hundreds of thousands, and a frozen dataclass costs
    several times more to construct.
    """

    start: float
    end: float
    begin: datetime
    finish: datetime
    item: Leg | Event
    path: KeyPath


@per_mission
def schedule(mission: Mission) -> dict[str, list[Slot]]:
    """Each person's timed commitments (legs and event sessions), sorted by start then end.

    All-day events without hours are not commitments at a time: they never double-book.
    """
    out: dict[str, list[Slot]] = {}
    for leg in mission.legs:
        slot = Slot(
            leg.depart_ts,
            leg.arrive_ts,
            leg.depart,
            leg.arrive,
            leg,
            (*leg.path, "depart"),
        )
        for person in leg.people:
            out.setdefault(person, []).append(slot)
    for event in mission.events:
        path = (*event.path, "start")
        for session in event.sessions:
            slot = Slot(
                session.start_ts,
                session.end_ts,
                session.start,
                session.end,
                event,
                path,
            )
            for person in event.people:
                out.setdefault(person, []).append(slot)
    for slots in out.values():
        slots.sort(key=lambda s: (s.start, s.end))
    return out


_E = TypeVar("_E")


def overlapping(
    entries: Sequence[_E],
    start: Callable[[_E], float],
    end: Callable[[_E], float],
    group: Callable[[_E], Hashable],
) -> Iterator[tuple[_E, _E]]:
    """Every pair of entries of different groups that overlap, once each: (later, earlier).

    Overlap means `a.start < b.end and b.start < a.end` (touching is not overlapping). One sort
    and one sweep, no pairwise scan: entries still running are kept in a heap by their end, so
    the work is O(n log n) plus the number of pairs reported.
    """
    # by start, then end: an instant (start == end) comes before what starts with it, so the
    # two never count as overlapping, whichever was written first
    ordered = sorted(range(len(entries)), key=lambda i: (start(entries[i]), end(entries[i])))
    running: list[tuple[float, int]] = []  # (end, index) of entries that may still overlap
    for index in ordered:
        entry = entries[index]
        begins = start(entry)
        while running and running[0][0] <= begins:
            heapq.heappop(running)  # ended before this one starts
        for _, other in running:
            partner = entries[other]
            if group(partner) != group(entry):
                yield entry, partner
        heapq.heappush(running, (end(entry), index))
