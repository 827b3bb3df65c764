"""What the rule families share: each person's timed commitments, and finding overlaps."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

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


#: How many partners a finding names; the rest are counted. n items that all overlap give n
#: findings of bounded size, never n * n (1,000 copies of one meeting gave 500,000 findings).
NAMED_PARTNERS = 3
#: How many running entries are looked at to name them (counts are always exact).
_SCAN = 64


@dataclass(frozen=True)
class Overlaps(Generic[_E]):
    """What one entry overlaps, of other groups: the first few by start, and how many in all."""

    entry: _E
    earlier: list[_E]  # started before it (or with it, ending sooner)
    later: list[_E]
    earlier_count: int
    later_count: int

    @property
    def count(self) -> int:
        return self.earlier_count + self.later_count


def overlaps_each(
    entries: Sequence[_E],
    start: Callable[[_E], float],
    end: Callable[[_E], float],
    group: Callable[[_E], Hashable],
) -> Iterator[Overlaps[_E]]:
    """For each entry that overlaps any of another group: what it overlaps, counted exactly and
    the first few named, in O(n log n) whatever the number of overlapping pairs.

    Entries are ordered by (start, end); "earlier" partners come before an entry in that order
    and still run when it starts (a sweep with a heap of ends keeps exactly those, and a count
    per group), "later" ones start after it and before it ends (a bisect over the ordered
    starts, overall and per group). Overlap means `a.start < b.end and b.start < a.end`.
    """
    order = sorted(range(len(entries)), key=lambda i: (start(entries[i]), end(entries[i])))
    starts = [start(entries[i]) for i in order]
    groups = [group(entries[i]) for i in order]
    members: dict[Hashable, list[int]] = {}
    for position, key in enumerate(groups):
        members.setdefault(key, []).append(position)
    rank = {p: r for positions in members.values() for r, p in enumerate(positions)}
    group_starts = {key: [starts[p] for p in positions] for key, positions in members.items()}
    running: list[tuple[float, int]] = []  # (end, position) of entries still running
    running_groups: Counter[Hashable] = Counter()
    for position, index in enumerate(order):
        entry = entries[index]
        begins, ends, key = starts[position], end(entry), groups[position]
        while running and running[0][0] <= begins:
            running_groups[groups[heapq.heappop(running)[1]]] -= 1
        earlier_count = len(running) - running_groups[key]
        earlier = [entries[order[p]] for _, p in running[:_SCAN] if groups[p] != key][
            :NAMED_PARTNERS
        ]
        later_count = 0
        later: list[_E] = []
        if begins < ends:
            bound = bisect.bisect_left(starts, ends, lo=position + 1)
            own = bisect.bisect_left(group_starts[key], ends, lo=rank[position] + 1)
            later_count = (bound - position - 1) - (own - rank[position] - 1)
            later = [
                entries[order[p]]
                for p in range(position + 1, min(bound, position + 1 + _SCAN))
                if groups[p] != key
            ][:NAMED_PARTNERS]
        if earlier_count or later_count:
            earlier.sort(key=lambda e: (start(e), end(e)))
            yield Overlaps(entry, earlier, later, earlier_count, later_count)
        heapq.heappush(running, (ends, position))
        running_groups[key] += 1
