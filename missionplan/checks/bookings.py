"""Booking rules: MP300 one person in two overlapping timed items, MP302 tight connections."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from missionplan import wording
from missionplan.checks.common import Overlaps, Slot, overlaps_each, schedule
from missionplan.checks.finding import ERROR, WARNING, Finding, Rule
from missionplan.plan.plan import Event, Leg, Location, Mission
from missionplan.source.patterns import duration_minutes

#: Minutes to allow between an arrival and a meeting (or a leg of another booking) when
#: `[settings] meeting_buffer` does not say: a flight means passport control, baggage and a
#: transfer; a train or car only a walk and a taxi.
DEFAULT_CONNECTION = {"flight": 90, "train": 30, "road": 30, "other": 30}
#: Minutes between two legs of one journey (one booking or `journey`, or legs chained at one
#: airport or station) when `[settings] min_connection` does not say: airports' published
#: minimum connection times are mostly 45-75 minutes (a 1 h 20 min connection in Istanbul on
#: one ticket is normal); a change of train or car, a platform or a kerb.
DEFAULT_TRANSFER = {"flight": 60, "train": 15, "road": 15, "other": 15}


def overlaps(slots: list[Slot]) -> Iterator[Overlaps[Slot]]:
    """For each slot, the slots of other items it overlaps (counted; the first few named).
    Touching end to start is not an overlap. One sweep: see `common.overlaps_each`."""
    return overlaps_each(slots, _start, _end, _item)


def _start(slot: Slot) -> float:
    return slot.start


def _end(slot: Slot) -> float:
    return slot.end


def _item(slot: Slot) -> int:
    return id(slot.item)


def _what(slot: Slot) -> str:
    where = wording.route(slot.item) if isinstance(slot.item, Leg) else slot.item.place.city
    return f"{wording.item_label(slot.item)} ({wording.span(slot.begin, slot.finish)}, {where})"


def double_booked(mission: Mission) -> Iterator[Finding]:
    """MP300: a person in two timed items (legs, event sessions) that overlap in time, told at
    the later one, naming the first few it overlaps and counting the rest."""
    found: dict[tuple[int, ...], tuple[Slot, list[Slot], int, list[str]]] = {}
    for person, slots in schedule(mission).items():
        for each in overlaps(slots):
            if not each.earlier_count:
                continue
            key = (id(each.entry), each.earlier_count, *map(id, each.earlier))
            found.setdefault(key, (each.entry, each.earlier, each.earlier_count, []))[3].append(
                person
            )
    for later, earlier, count, people in found.values():
        named = ", ".join(_what(slot) for slot in earlier)
        more = count - len(earlier)
        what = f"{named} and {more} more item{'s' if more != 1 else ''}" if more else named
        yield DOUBLE_BOOKED.finding(
            later.path,
            f"{wording.names(people)} {'is' if len(people) == 1 else 'are'} double-booked:"
            f" {_what(later)} overlaps {what}",
            "move one of them, or take the person off one (people = [...]); times are local"
            " to each item's place",
        )


def _place_of(item: Leg | Event) -> Location:
    return item.origin if isinstance(item, Leg) else item.place


def _next_here(slots: list[Slot], index: int, city: Location) -> Slot | None:
    """The first commitment from `index` on, if it is in `city`; among several starting at the
    same instant, the one in `city`."""
    first = slots[index].start
    while index < len(slots) and slots[index].start == first:
        if _place_of(slots[index].item).same_city(city):
            return slots[index]
        index += 1
    return None


def tight_connection(mission: Mission) -> Iterator[Finding]:
    """MP302: less than `min_connection` between an arrival and the person's next commitment."""
    settings = mission.settings
    transfer = _minutes(settings.min_connection)
    # before meeting_buffer existed, min_connection was the buffer before anything
    buffer = _minutes(settings.meeting_buffer or settings.min_connection)
    found: dict[tuple[int, int], tuple[Slot, Slot, int, list[str]]] = {}
    for person, slots in schedule(mission).items():
        starts = [s.start for s in slots]
        for slot in slots:
            if not isinstance(slot.item, Leg):
                continue
            index = bisect.bisect_left(starts, slot.end)
            # the next commitment after the arrival; those starting earlier overlap (MP300)
            while index < len(slots) and slots[index] is slot:
                index += 1
            if index == len(slots):
                continue
            after = _next_here(slots, index, slot.item.destination)
            if after is None:
                continue  # the next commitment is in another city: MP301's business
            if _one_journey(slot.item, after.item):
                needed = transfer if transfer is not None else DEFAULT_TRANSFER[slot.item.mode]
            else:
                needed = buffer if buffer is not None else DEFAULT_CONNECTION[slot.item.mode]
            if (after.start - slot.end) / 60 < needed:
                key = (id(slot), id(after))
                found.setdefault(key, (slot, after, needed, []))[3].append(person)
    for arrival, after, needed, people in found.values():
        leg = arrival.item
        assert isinstance(leg, Leg)
        gap = (after.start - arrival.end) / 60
        yield TIGHT_CONNECTION.finding(
            after.path,
            f"only {wording.duration(gap)} for {wording.names(people)} between {wording.item_label(leg)} arriving in"
            f" {leg.destination.city} at {wording.moment(arrival.finish)} and {wording.item_label(after.item)}"
            f" at {wording.moment(after.begin)} in {_place_of(after.item).city}"
            f" (at least {wording.duration(needed)} needed)",
            f"leave {wording.duration(needed)} after a {wording.leg_noun(leg.mode)} arrives, or set [settings]"
            f" {'min_connection' if _one_journey(leg, after.item) else 'meeting_buffer'}",
        )


def _minutes(duration: str | None) -> int | None:
    return None if duration is None else duration_minutes(duration)


def _one_journey(arriving: Leg, after: Leg | Event) -> bool:
    """A connection within one journey: the next leg shares the booking or `journey`, or
    leaves from the very airport or station (same code or place id) the first arrives at."""
    if not isinstance(after, Leg):
        return False
    if arriving.journey is not None and arriving.journey == after.journey:
        return True
    return arriving.destination.key == after.origin.key


DOUBLE_BOOKED = Rule(
    code="MP300",
    name="double-booked",
    severity=ERROR,
    summary="one person in two overlapping timed items",
    check=double_booked,
    description="""
One person is in two timed items (meetings, legs) at the same time, compared by instants
across time zones. Items that touch end to start are fine.""",
    bad="""
[[events]]
start = 2022-05-23T10:00:00
end = 2022-05-23T11:00:00
[[events]]
start = 2022-05-23T10:30:00
end = 2022-05-23T11:30:00""",
    good="""
[[events]]
start = 2022-05-23T11:00:00
end = 2022-05-23T12:00:00""",
)

TIGHT_CONNECTION = Rule(
    code="MP302",
    name="tight-connection",
    severity=WARNING,
    summary="a connection or a meeting too soon after an arrival",
    check=tight_connection,
    description="""
Too little time between an arrival and the person's next commitment there. Between two legs
of one journey (one `booking` or `journey`, or the next leg leaving from the very airport or
station) the minimum connection time applies: `[settings] min_connection`, default 60 minutes
between flights, 15 otherwise. Before a meeting, or a leg of another booking from elsewhere in
the city, the buffer applies: `[settings] meeting_buffer`, default 90 minutes after a flight,
30 after a train or road leg (a file that sets only `min_connection` uses it for both, as
before).""",
    bad="""
arrive = 2022-05-25T08:55:00
[[events]]
start = 2022-05-25T09:15:00""",
    good="""
arrive = 2022-05-25T08:55:00
[[events]]
start = 2022-05-25T11:00:00""",
)

RULES = (DOUBLE_BOOKED, TIGHT_CONNECTION)
