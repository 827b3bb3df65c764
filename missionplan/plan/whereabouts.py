"""Where each person is, when and why: one timeline per person, read by rules and exports.

Before their first leg a person is at `home` (or, without one, at the first leg's `from`);
while a leg runs they are travelling; after it they are at its `to`. The timeline is a list of
contiguous `Stint`s covering all time, so `where(mission, person, instant)` is a bisection.
`Visit`s are the same timeline as city stays (dates, nights, what the person does there), as
the briefing and `show` list them. A person's timeline may span several files: `of_run` builds
one for every mission of a run, people matched across files by `identity.identities`.

    from missionplan.plan import whereabouts
    for stint in whereabouts.timeline(mission, "taher"):
        print(stint.describe("taher"))
    whereabouts.where(mission, "taher", instant)   # -> Stint | None
    whereabouts.of(mission).visits("taher", (mission.start, mission.end))
    whereabouts.of_run(missions).timeline(identity)
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from missionplan import wording
from missionplan.plan.identity import identities
from missionplan.plan.plan import Leg, Location, Mission, per_mission
from missionplan.plan.zones import wall_ts

if TYPE_CHECKING:
    from missionplan.plan.visits import Visit

__all__ = [
    "NIGHT_HOUR",
    "Break",
    "Stint",
    "Visit",
    "Whereabouts",
    "breaks",
    "of",
    "of_run",
    "timeline",
    "where",
]

#: The local hour that makes a night: where a person is then is where they sleep (a connection
#: from 22:10 to 01:20 spends no night in the city; someone on a leg at 03:00 sleeps on the way).
NIGHT_HOUR = 3


@dataclass(frozen=True, slots=True)
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
    #: POSIX timestamps of start and end (-inf/inf when open), for the rules' sweeps;
    #: computed from start/end unless given (the timeline passes those it already has).
    start_ts: float = field(default=math.nan, repr=False, compare=False)
    end_ts: float = field(default=math.nan, repr=False, compare=False)

    def __post_init__(self) -> None:
        if math.isnan(self.start_ts):
            start = -math.inf if self.start is None else self.start.timestamp()
            object.__setattr__(self, "start_ts", start)
        if math.isnan(self.end_ts):
            end = math.inf if self.end is None else self.end.timestamp()
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
        """Plain words, e.g. `taher is in Tashkent from 25 May 08:55 (flight "taher-dyu-tas")`.

        Times are local to the place (to each end of a leg while travelling); `until=False`
        leaves out when the stint ends.
        """
        if self.place is None:
            assert self.leg is not None
            return (
                f"{person} is travelling {wording.route(self.leg)}"
                f" from {wording.moment(self.leg.depart)} until {wording.moment(self.leg.arrive)}"
                f" ({wording.item_label(self.leg)})"
            )
        tz = self.place.tz
        words = [f"{person} is in {self.place.city}"]
        if self.start is not None:
            words.append(f"from {wording.moment(self.start.astimezone(tz))}")
            if self.leg is not None:
                words.append(f"({wording.item_label(self.leg)})")
        if self.end is not None and until:
            words.append(f"until {wording.moment(self.end.astimezone(tz))}")
        return " ".join(words)


@dataclass(frozen=True)
class Break:
    """A leg that does not chain: it leaves from a city the person is not in at that time."""

    person: str
    leg: Leg
    before: Stint


class Whereabouts:
    """Every person's timeline over some missions, computed once and queried by bisection.

    Over one mission (`of`) people are its person ids; over a run (`of_run`) they are the
    identities that match one person across files, and each leg, stay and event counts for
    everyone it names.
    """

    def __init__(
        self, missions: Sequence[Mission], who: Callable[[int, str], str] | None = None
    ) -> None:
        self.missions = tuple(missions)
        self._who = who
        self.homes: dict[str, Location] = {}
        legs: dict[str, list[Leg]] = {}
        incomplete: set[str] = set()
        for index, mission in enumerate(self.missions):
            for key in mission.people:
                legs.setdefault(self.identity(index, key), [])
            for key, home in mission.homes.items():
                self.homes.setdefault(self.identity(index, key), home)
            for leg in mission.legs:
                for key in leg.people:
                    legs.setdefault(self.identity(index, key), []).append(leg)
            incomplete.update(self.identity(index, key) for key in mission.incomplete)
        self._stints: dict[str, list[Stint]] = {}
        self._starts: dict[str, list[float]] = {}
        #: every person's stints, also of those whose timeline is withheld from the rules
        self._told: dict[str, list[Stint]] = {}
        self.breaks: list[Break] = []
        # each leg's instants once, not once per traveller and comparison
        times = {id(leg): (leg.depart_ts, leg.arrive_ts) for m in self.missions for leg in m.legs}
        for person, own in legs.items():
            own.sort(key=lambda leg: times[id(leg)])
            # With a leg or stay of theirs left out as invalid (already an error), where the
            # person is would be guessed wrong: the rules say nothing rather than report
            # follow-on errors (exports still show what is known).
            complete = person not in incomplete
            told = self._build(person, own, times, complete)
            stints = told if complete else []
            self._told[person] = told
            self._stints[person] = stints
            self._starts[person] = [s.start_ts for s in stints]

    def identity(self, index: int, key: str) -> str:
        """The person `key` of the `index`-th mission, as this timeline names them."""
        return key if self._who is None else self._who(index, key)

    def _build(
        self,
        person: str,
        legs: Sequence[Leg],
        times: dict[int, tuple[float, float]],
        complete: bool,
    ) -> list[Stint]:
        home = self.homes.get(person)
        if not legs:
            return [] if home is None else [Stint(None, None, home)]
        here = home if home is not None else legs[0].origin
        since: datetime | None = None
        since_ts = -math.inf
        arrived_by: Leg | None = None
        stints: list[Stint] = []
        for leg in legs:
            depart, arrive = leg.depart, leg.arrive
            depart_ts, arrive_ts = times[id(leg)]
            if since is not None and depart_ts < since_ts:
                # overlapping legs (a double booking, reported as MP300): keep time monotonic
                depart, depart_ts = since, since_ts
                if arrive_ts < since_ts:
                    arrive, arrive_ts = since, since_ts
            also: tuple[Location, ...] = ()
            if not here.same_city(leg.origin):
                if complete:
                    before = Stint(since, depart, here, arrived_by, (), since_ts, depart_ts)
                    self.breaks.append(Break(person, leg, before))
                also = (leg.origin,)
            stints.append(Stint(since, depart, here, arrived_by, also, since_ts, depart_ts))
            stints.append(Stint(depart, arrive, None, leg, (), depart_ts, arrive_ts))
            here, since, since_ts, arrived_by = leg.destination, arrive, arrive_ts, leg
        stints.append(Stint(since, None, here, arrived_by, (), since_ts, math.inf))
        return stints

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

    def told(self, person: str) -> list[Stint]:
        """The person's stints as exports tell them, also when `timeline` withholds them from
        the rules (a leg or home of theirs could not be resolved)."""
        return self._told.get(person, [])

    def visits(self, person: str, window: tuple[date, date]) -> list[Visit]:
        """The person's city stays in time order, open ends clipped to `window` (see Visit)."""
        from missionplan.plan.visits import visits

        return visits(self, person, window)

    def night(self, person: str, day: date, *, hour: int = NIGHT_HOUR) -> Stint | None:
        """Where the person is on the night after `day`, at `hour` o'clock local time.

        Local to where they are: it tries the zone of where they were at noon that day, and the
        zone of the place it finds, so that an overnight leg across zones counts as travelling
        when it runs at that hour at either end.
        """
        noon = self.at_ts(person, wall_ts("UTC", day, 12))
        if noon is None:
            return None
        zone = _zone_of(noon)
        after = day + timedelta(days=1)
        found = self.at_ts(person, wall_ts(zone, after, hour))
        if found is None or found.travelling:
            return found
        other = _zone_of(found)
        if other != zone:
            again = self.at_ts(person, wall_ts(other, after, hour))
            if again is not None and again.travelling:
                return again
            moved = (
                again is not None
                and again.place is not None
                and found.place is not None
                and not again.place.same_city(found.place)
            )
            if moved:
                # At that hour by one city's clock they are here, by the other's still there:
                # a leg across many zones (the date line) took this night away.
                return self._leg_before(person, found) or found
        return found

    def _leg_before(self, person: str, stint: Stint) -> Stint | None:
        """The travelling stint that brought the person to `stint`, if any."""
        stints = self._stints[person]
        index = stints.index(stint)
        if index and stints[index - 1].travelling:
            return stints[index - 1]
        return None


def _zone_of(stint: Stint) -> str:
    if stint.place is not None:
        return stint.place.timezone
    assert stint.leg is not None
    return stint.leg.destination.timezone


@per_mission
def of(mission: Mission) -> Whereabouts:
    """The Whereabouts of a mission (computed on first use, shared by every rule that asks)."""
    return Whereabouts([mission])


def of_run(missions: Sequence[Mission]) -> Whereabouts:
    """One timeline per person across every mission of a run (a person's legs in two files
    chain like legs in one); ask `identity(index, key)` for the name a person goes by."""
    who = identities(missions)
    return Whereabouts(missions, lambda index, key: who[(index, key)])


def timeline(mission: Mission, person: str) -> list[Stint]:
    """Person's stints in time order: at home or a place, travelling, at the next place..."""
    return of(mission).timeline(person)


def where(mission: Mission, person: str, instant: datetime) -> Stint | None:
    """Where `person` is at `instant` (aware): a Stint with `.place` or `.travelling`."""
    return of(mission).where(person, instant)


def breaks(mission: Mission) -> list[Break]:
    """Legs that leave from a city where their traveller is not at that time."""
    return of(mission).breaks
