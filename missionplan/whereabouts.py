"""Where each person is over time, from their home and travel legs; shared by rules and exports.

Before their first leg a person is at `home` (or, without one, at the first leg's `from`);
while a leg runs they are travelling; after it they are at its `to`. The timeline is a list of
contiguous `Stint`s covering all time, so `where(mission, person, instant)` is a bisection.

    from missionplan import whereabouts
    for stint in whereabouts.timeline(mission, "taher"):
        print(stint.describe("taher"))
    whereabouts.where(mission, "taher", instant)   # -> Stint | None
"""

from __future__ import annotations

import bisect
import math
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytz

from missionplan.mission import Leg, Location, Mission

__all__ = [
    "Break",
    "Stint",
    "Whereabouts",
    "breaks",
    "of",
    "short_time",
    "timeline",
    "where",
]


@dataclass(frozen=True)
class Stint:
    """A stretch of time a person spends in one place, or travelling on one leg.

    `start`/`end` are aware datetimes (local to the place, or to the leg's ends), None for the
    open past before the first leg and the open future after the last. `place` is None while
    travelling; `leg` is the leg being travelled, or the leg that brought the person here (None
    at the starting point). `also` holds a second possible place when the legs do not chain
    (the next leg leaves from somewhere else): rules then give the person the benefit of the
    doubt instead of reporting every item of the gap.
    """

    start: datetime | None
    end: datetime | None
    place: Location | None
    leg: Leg | None = None
    also: tuple[Location, ...] = ()
    #: POSIX timestamps of start and end (-inf/inf when open), for the rules' sweeps.
    start_ts: float = field(init=False, repr=False, compare=False)
    end_ts: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = -math.inf if self.start is None else self.start.timestamp()
        end = math.inf if self.end is None else self.end.timestamp()
        object.__setattr__(self, "start_ts", start)
        object.__setattr__(self, "end_ts", end)

    @property
    def travelling(self) -> bool:
        return self.place is None

    def at(self, location: Location) -> bool:
        """True when the person is in `location`'s city during this stint (never while travelling)."""
        if self.place is None:
            return False
        return self.place.same_city(location) or any(p.same_city(location) for p in self.also)

    def near(self, location: Location) -> bool:
        """In `location`'s city, or travelling on a leg that leaves from or arrives there."""
        if self.place is None:
            assert self.leg is not None
            return self.leg.origin.same_city(location) or self.leg.destination.same_city(location)
        return self.at(location)

    def describe(self, person: str, *, until: bool = True) -> str:
        """Plain words, e.g. `taher is in Tashkent from 25 May 08:55 (leg taher-dyu-tas)`.

        Times are local to the place (to each end of a leg while travelling); `until=False`
        leaves out when the stint ends.
        """
        if self.place is None:
            assert self.leg is not None
            return (
                f"{person} is travelling {self.leg.origin.city} -> {self.leg.destination.city}"
                f" from {short_time(self.leg.depart)} until {short_time(self.leg.arrive)}"
                f" (leg {self.leg.id})"
            )
        tz = self.place.tz
        words = [f"{person} is in {self.place.city}"]
        if self.start is not None:
            words.append(f"from {short_time(self.start.astimezone(tz))}")
            if self.leg is not None:
                words.append(f"(leg {self.leg.id})")
        if self.end is not None and until:
            words.append(f"until {short_time(self.end.astimezone(tz))}")
        return " ".join(words)


@dataclass(frozen=True)
class Break:
    """A leg that does not chain: it leaves from a city the person is not in at that time."""

    person: str
    leg: Leg
    before: Stint


def short_time(moment: datetime) -> str:
    """`25 May 08:55`: the local wall-clock time of an aware datetime, as messages show it."""
    return f"{moment.day} {moment:%b %H:%M}"


class Whereabouts:
    """Every person's timeline in one mission, computed once and queried by bisection."""

    def __init__(self, mission: Mission) -> None:
        self._mission = weakref.ref(mission)
        self.homes = dict(mission.homes)
        legs: dict[str, list[Leg]] = {person: [] for person in mission.people}
        for leg in mission.legs:
            for person in leg.people:
                legs.setdefault(person, []).append(leg)
        self._stints: dict[str, list[Stint]] = {}
        self._starts: dict[str, list[float]] = {}
        self.breaks: list[Break] = []
        for person, own in legs.items():
            own.sort(key=lambda leg: (leg.depart.timestamp(), leg.arrive.timestamp()))
            stints = self._build(person, own)
            self._stints[person] = stints
            self._starts[person] = [s.start_ts for s in stints]
        self.legs = legs

    def _build(self, person: str, legs: Sequence[Leg]) -> list[Stint]:
        home = self.homes.get(person)
        if not legs:
            return [] if home is None else [Stint(None, None, home)]
        here = home if home is not None else legs[0].origin
        since: datetime | None = None
        arrived_by: Leg | None = None
        stints: list[Stint] = []
        for leg in legs:
            depart, arrive = leg.depart, leg.arrive
            if since is not None and depart < since:
                # overlapping legs (a double booking, reported as MP300): keep time monotonic
                depart = since
                arrive = max(arrive, since)
            stint = Stint(since, depart, here, arrived_by)
            if not here.same_city(leg.origin):
                self.breaks.append(Break(person, leg, stint))
                stint = Stint(since, depart, here, arrived_by, (leg.origin,))
            stints.append(stint)
            stints.append(Stint(depart, arrive, None, leg))
            here, since, arrived_by = leg.destination, arrive, leg
        stints.append(Stint(since, None, here, arrived_by))
        return stints

    @property
    def mission(self) -> Mission | None:
        return self._mission()

    def timeline(self, person: str) -> list[Stint]:
        """The person's stints in time order; empty when neither home nor legs say where."""
        return self._stints.get(person, [])

    def where(self, person: str, instant: datetime) -> Stint | None:
        """The stint covering `instant` (an aware datetime); None when nothing is known."""
        return self.at_ts(person, instant.timestamp())

    def at_ts(self, person: str, ts: float) -> Stint | None:
        """`where` for a POSIX timestamp (what the rules use in their sweeps)."""
        starts = self._starts.get(person)
        if not starts:
            return None
        index = bisect.bisect_right(starts, ts) - 1
        return self._stints[person][max(index, 0)]

    def during(self, person: str, start: float, end: float) -> Iterator[Stint]:
        """Stints overlapping the timestamps [start, end) (at least the one at `start`)."""
        starts = self._starts.get(person)
        if not starts:
            return
        stints = self._stints[person]
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        yield stints[index]
        index += 1
        while index < len(stints) and stints[index].start_ts < end:
            yield stints[index]
            index += 1

    def night(self, person: str, day: date, *, hour: int = 3) -> Stint | None:
        """Where the person is on the night after `day`, at `hour` o'clock local time.

        Local to where they are: it tries the zone of where they were at noon that day, and the
        zone of the place it finds, so that an overnight leg across zones counts as travelling
        when it runs at that hour at either end.
        """
        noon = self.at_ts(person, _utc_noon(day))
        if noon is None:
            return None
        zone = _zone_of(noon)
        wall = datetime.combine(day + timedelta(days=1), time(hour))
        found = self.at_ts(person, zone.localize(wall, is_dst=False).timestamp())
        if found is None or found.travelling:
            return found
        other = _zone_of(found)
        if other.zone != zone.zone:
            again = self.at_ts(person, other.localize(wall, is_dst=False).timestamp())
            if again is not None and again.travelling:
                return again
        return found


def _utc_noon(day: date) -> float:
    return datetime.combine(day, time(12), tzinfo=pytz.utc).timestamp()


def _zone_of(stint: Stint) -> pytz.BaseTzInfo:
    if stint.place is not None:
        return stint.place.tz
    assert stint.leg is not None
    return stint.leg.destination.tz


# Whereabouts are computed once per Mission and shared by every rule that asks. Missions hold
# dicts, so they cannot be dictionary keys: key by id() and forget the entry when the Mission
# is garbage-collected (the entry holds only a weak reference back).
_CACHE: dict[int, Whereabouts] = {}


def of(mission: Mission) -> Whereabouts:
    """The Whereabouts of a mission (computed on first use, then cached while it lives)."""
    key = id(mission)
    found = _CACHE.get(key)
    if found is None or found.mission is not mission:
        found = Whereabouts(mission)
        _CACHE[key] = found
        weakref.finalize(mission, _CACHE.pop, key, None)
    return found


def timeline(mission: Mission, person: str) -> list[Stint]:
    """Person's stints in time order: at home or a place, travelling, at the next place..."""
    return of(mission).timeline(person)


def where(mission: Mission, person: str, instant: datetime) -> Stint | None:
    """Where `person` is at `instant` (aware): a Stint with `.place` or `.travelling`."""
    return of(mission).where(person, instant)


def breaks(mission: Mission) -> list[Break]:
    """Legs that leave from a city where their traveller is not at that time."""
    return of(mission).breaks
