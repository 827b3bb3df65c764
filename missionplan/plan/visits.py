"""City stays: a person's whereabouts timeline as the stretches they spend in each city.

Each place a person stays between two legs is a Visit, with the local dates it covers, whether
a night (NIGHT_HOUR local) is spent there, and whether they do something there (an event or a
night of a stay). The briefing's day headings, "at a glance" and cover, and `show`, list these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from missionplan.plan.plan import Leg, Location
from missionplan.plan.whereabouts import NIGHT_HOUR, Whereabouts
from missionplan.plan.zones import wall_ts


@dataclass(frozen=True, kw_only=True)
class Visit:
    """Time one person spends in one city between two legs (open-ended before and after)."""

    person: str
    place: Location
    arrive: datetime | None  # when the leg that brought them lands; None when not known
    leave: datetime | None  # the next leg's departure, None after their last leg
    arrived_by: Leg | None  # that leg
    home: bool  # where they start or end: not part of the mission unless something happens there
    busy: bool  # the person has an event or a stay in this city during the visit
    first: date  # the local dates the visit covers, clipped to the window asked for
    last: date
    overnight: bool = True  # spends a night there (NIGHT_HOUR local), not only a layover
    #: sorts visits within a day: when the stretch of the timeline began (-inf: from the start)
    order: float = -math.inf

    #: nights spent there by the timeline's rule (NIGHT_HOUR local), when arrival and departure
    #: are known; None counts the dates (an open end has no night hour to test)
    night_count: int | None = None

    @property
    def nights(self) -> int:
        """Nights in this city: a night on a leg is not one, a 01:15 arrival's night is."""
        return (self.last - self.first).days if self.night_count is None else self.night_count

    @property
    def kept(self) -> bool:
        """A city stay worth a row: something happens there, or a night away from home."""
        return self.busy or (not self.home and self.nights > 0 and self.overnight)


@dataclass(frozen=True)
class _Stretch:
    place: Location
    arrive: datetime | None
    leave: datetime | None
    arrived_by: Leg | None
    home: bool
    order: float


def visits(where: Whereabouts, person: str, window: tuple[date, date]) -> list[Visit]:
    """The person's visits in time order; open ends are clipped to `window` (first, last).

    A leg that leaves from a city the person is not in (MP301) adds a visit to that city, of
    unknown arrival, right after the one the timeline puts them in: both are told.
    """
    busy_days = _busy_days(where, person)
    # A few places and hundreds of items: each pair of places is compared once, not each item.
    by_place: dict[Location, list[date]] = {}
    for place, days in busy_days:
        by_place.setdefault(place, []).extend(days)
    dates_in: dict[Location, list[date]] = {}
    found = []
    for stretch in _stretches(where, person, busy_days):
        if stretch.place not in dates_in:
            dates_in[stretch.place] = [
                day
                for place, days in by_place.items()
                if place.same_city(stretch.place)
                for day in days
            ]
        busy_dates = dates_in[stretch.place]
        arrive, leave, place = stretch.arrive, stretch.leave, stretch.place
        first = _local_day(arrive, place) if arrive else None
        last = _local_day(leave, place) if leave else None
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
        overnight = arrive is None or leave is None or _spans_a_night(arrive, leave, place)
        found.append(
            Visit(
                person=person,
                place=place,
                arrive=arrive,
                leave=leave,
                arrived_by=stretch.arrived_by,
                home=stretch.home,
                busy=busy,
                first=first,
                last=last,
                overnight=overnight,
                order=stretch.order,
                night_count=None
                if arrive is None or leave is None
                else _nights(arrive, leave, place),
            )
        )
    return found


def _stretches(
    where: Whereabouts, person: str, busy_days: list[tuple[Location, list[date]]]
) -> list[_Stretch]:
    stints = where.told(person)
    if not stints:
        # neither home nor legs: where their first event or stay is
        if not busy_days:
            return []
        first = min(busy_days, key=lambda entry: entry[1][0] if entry[1] else date.max)
        return [_Stretch(first[0], None, None, None, False, -math.inf)]
    home = where.homes.get(person)
    found = []
    for stint in stints:
        if stint.place is None:
            continue
        if stint.start is None:
            is_home = True  # where they start: home, or their first leg's origin
        else:
            is_home = stint.end is None and home is not None and stint.place.same_city(home)
        found.append(
            _Stretch(stint.place, stint.start, stint.end, stint.leg, is_home, stint.start_ts)
        )
        found.extend(
            _Stretch(other, None, stint.end, None, False, stint.start_ts) for other in stint.also
        )
    return found


def _busy_days(where: Whereabouts, person: str) -> list[tuple[Location, list[date]]]:
    """(place, local dates) of each event and stay of the person, in file order: an event's
    days, a stay's nights (or its first night when it has none)."""
    found: list[tuple[Location, list[date]]] = []
    for index, mission in enumerate(where.missions):
        mine = {key for key in mission.people if where.identity(index, key) == person}
        if not mine:
            continue
        for event in mission.events:
            if mine.intersection(event.people):
                found.append((event.place, event.days))
        for stay in mission.stays:
            if mine.intersection(stay.people):
                found.append((stay.place, stay.nights or [stay.first_night]))
    return found


def _local_day(moment: datetime, location: Location) -> date:
    return moment.astimezone(location.tz).date()


def _spans_a_night(arrive: datetime, leave: datetime, location: Location) -> bool:
    """Whether the person is in the city at NIGHT_HOUR local time on some night."""
    start, end = arrive.timestamp(), leave.timestamp()
    day = _local_day(arrive, location)
    while day <= _local_day(leave, location):
        if start <= wall_ts(location.timezone, day, NIGHT_HOUR) <= end:
            return True
        day += timedelta(days=1)
    return False


def _nights(arrive: datetime, leave: datetime, location: Location) -> int:
    """How many NIGHT_HOUR instants (local) the person spends in the city: arrived by then and
    not yet left, as `Whereabouts.night` tells where someone sleeps."""
    start, end = arrive.timestamp(), leave.timestamp()
    day, count = _local_day(arrive, location), 0
    while day <= _local_day(leave, location):
        count += start <= wall_ts(location.timezone, day, NIGHT_HOUR) < end
        day += timedelta(days=1)
    return count
