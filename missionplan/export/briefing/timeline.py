"""Each person's city stays, derived from home, travel legs, events and stays, for the briefing.

A small stand-in for `missionplan.plan.whereabouts` (written in parallel): when both are merged,
`segments` should be rebuilt on its timeline. Kept deliberately simple: it trusts a file that
`validate` passed, so legs chain and items sit where their people are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from missionplan.plan.plan import Leg, Location, Mission


@dataclass(frozen=True)
class Segment:
    """Time one person spends in one city between two legs (open-ended before and after)."""

    person: str
    location: Location
    arrive: datetime | None  # the leg that brought them, None before their first leg
    leave: datetime | None  # the next leg's departure, None after their last leg
    home: bool  # where they start or end: not part of the mission unless something happens there
    busy: bool  # the person has an event or a stay in this city during the segment
    first: date  # the local dates the segment covers in the briefing, clipped to its window
    last: date
    overnight: bool = True  # spends a night there (03:00 local), not only a layover

    @property
    def nights(self) -> int:
        return (self.last - self.first).days

    @property
    def kept(self) -> bool:
        """A city stay worth a row: something happens there, or a night away from home."""
        return self.busy or (not self.home and self.nights > 0 and self.overnight)


def _local_day(moment: datetime, location: Location) -> date:
    return moment.astimezone(location.tz).date()


def _busy_dates(mission: Mission, person: str, location: Location) -> list[date]:
    """The local dates on which the person has an event or a night of a stay in this city."""
    days: list[date] = []
    for event in mission.events:
        if person in event.people and event.place.same_city(location):
            days.extend(event.days)
    for stay in mission.stays:
        if person in stay.people and stay.place.same_city(location):
            days.extend(stay.nights or [stay.first_night])
    return days


def segments(mission: Mission, person: str, window: tuple[date, date]) -> list[Segment]:
    """The person's segments in time order; open ends are clipped to `window` (first, last)."""
    legs: list[Leg] = sorted(
        (leg for leg in mission.legs if person in leg.people), key=lambda leg: leg.depart
    )
    home = mission.homes.get(person)
    start = home or (legs[0].origin if legs else _first_place(mission, person))
    if start is None:
        return []
    # (location, arrive, leave, home?) for every stretch between legs
    stretches: list[tuple[Location, datetime | None, datetime | None, bool]] = []
    stretches.append(
        (start, None, legs[0].depart if legs else None, home is not None or bool(legs))
    )
    for index, leg in enumerate(legs):
        leave = legs[index + 1].depart if index + 1 < len(legs) else None
        back_home = leave is None and home is not None and leg.destination.same_city(home)
        stretches.append((leg.destination, leg.arrive, leave, back_home))
    found = []
    for location, arrive, leave, is_home in stretches:
        busy_dates = _busy_dates(mission, person, location)
        first = _local_day(arrive, location) if arrive else None
        last = _local_day(leave, location) if leave else None
        inside = [
            day
            for day in busy_dates
            if (first is None or first <= day)
            and (last is None or day <= last)
            and window[0] <= day <= window[1]
        ]
        busy = bool(inside)
        if first is None:
            # before the first leg: from the first thing they do there (the same date in the
            # mission's briefing and in their own), else only the day they leave, so that a
            # travel day shows where it starts
            first = min(inside) if busy else (last if last is not None else window[0])
            first = min(first, last) if last is not None else first
        if last is None:
            last = max(inside) if busy else (first if arrive is not None else window[1])
            last = max(last, first)
        overnight = arrive is None or leave is None or _spans_a_night(arrive, leave, location)
        found.append(
            Segment(person, location, arrive, leave, is_home, busy, first, last, overnight)
        )
    return found


#: The local hour that makes a night: a connection from 22:10 to 01:20 spends none.
NIGHT_HOUR = 3


def _spans_a_night(arrive: datetime, leave: datetime, location: Location) -> bool:
    """Whether the person is in the city at NIGHT_HOUR local time on some night."""
    day = _local_day(arrive, location)
    while day <= _local_day(leave, location):
        night = location.tz.localize(datetime.combine(day, time(NIGHT_HOUR)))
        if arrive <= night <= leave:
            return True
        day += timedelta(days=1)
    return False


def _first_place(mission: Mission, person: str) -> Location | None:
    """Without home or legs, the place of the person's first event or stay."""
    dated: list[tuple[date, Location]] = [
        (event.first_day, event.place) for event in mission.events if person in event.people
    ]
    dated += [(stay.first_night, stay.place) for stay in mission.stays if person in stay.people]
    return min(dated, key=lambda pair: pair[0])[1] if dated else None
