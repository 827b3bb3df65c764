"""The resolved mission: places with zones, items with aware datetimes, people made explicit.

This is what rules and exports read. Every aware datetime here is a pytz-localized time in the
item's own zone, so `.strftime` gives the local wall clock and comparisons compare instants.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import pytz

from missionplan.plan.zones import midnight, zone_info

if TYPE_CHECKING:
    from missionplan.source import model
    from missionplan.source.sourcemap import KeyPath


#: Two points closer than this are one city: an airport and the city it serves.
SAME_CITY_KM = 60.0
#: Event kinds checked against the host's weekends and holidays: every kind but "other".
WORKING_KINDS: frozenset[str] = frozenset(
    {"meeting", "workshop", "exercise", "regional-event", "site-visit"}
)


@dataclass(frozen=True, kw_only=True)
class Location:
    """A place or an airport, with its IANA zone and, for airports, coordinates."""

    key: str
    city: str
    country: str
    timezone: str
    name: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    #: Host-calendar overrides of a declared place: weekend days (Monday 0), and a region
    #: (ISO 3166-2 subdivision) whose holidays count too.
    weekend: frozenset[int] | None = None
    subdivision: str | None = None
    #: The IATA code a declared place gives as its `airport` (an airport itself: its key).
    airport: str | None = None
    #: A declared place's risk level and check-in frequency, for the check-in roster.
    risk: str | None = None
    checkin: str | None = None

    @property
    def tz(self) -> pytz.BaseTzInfo:
        return zone_info(self.timezone)

    @property
    def label(self) -> str:
        return self.city if self.name is None else f"{self.city} ({self.name})"

    def same_city(self, other: Location) -> bool:
        """Same id, same city and country, or two points within SAME_CITY_KM.

        Places are points (their `lat`/`lon`, airport or the gazetteer's city), and airports
        often lie outside their city under their municipality's name (FRA is "Frankfurt am
        Main", Dakar's DSS is in Diass, Basel's BSL is in France): within SAME_CITY_KM of
        each other, two points are one city, whatever they are called.
        """
        if self.key == other.key:
            return True
        if self.country == other.country and fold(self.city) == fold(other.city):
            return True
        lat1, lon1, lat2, lon2 = self.latitude, self.longitude, other.latitude, other.longitude
        if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
            return False
        from missionplan.plan.geo import distance_km

        return distance_km(lat1, lon1, lat2, lon2) <= SAME_CITY_KM


def fold(text: str) -> str:
    """A name compared ignoring case and spacing."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True, kw_only=True)
class Item:
    """What every scheduled item has: an id, its place in the file, and who takes part."""

    id: str
    path: KeyPath
    people: tuple[str, ...]
    #: An item without an `id` as the file writes it (a JSON-like dict): calendars name such
    #: an item by its content. None when the file gives the item an id.
    unnamed: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, kw_only=True)
class Leg(Item):
    """A travel leg; `depart` is aware in the origin's zone, `arrive` in the destination's."""

    mode: str
    origin: Location
    destination: Location
    depart: datetime
    arrive: datetime
    carrier: str | None = None
    number: str | None = None
    reference: str | None = None
    notes: str | None = None
    #: Format 2: the journey (shared booking or `journey`) and what the ticket says.
    journey: str | None = None
    ticket: str | None = None
    seat: str | None = None
    travel_class: str | None = None
    depart_terminal: str | None = None
    arrive_terminal: str | None = None
    baggage: str | None = None
    coach: str | None = None
    berth: str | None = None
    driver: str | None = None
    vehicle: str | None = None
    leaves_airport: bool = False
    status: str = "confirmed"
    #: POSIX timestamps of depart and arrive: the sweeps compare them by the hundred thousand,
    #: and datetime.timestamp() on a pytz time costs microseconds each time.
    depart_ts: float = field(init=False, repr=False, compare=False)
    arrive_ts: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "depart_ts", self.depart.timestamp())
        object.__setattr__(self, "arrive_ts", self.arrive.timestamp())

    @property
    def duration(self) -> timedelta:
        return self.arrive - self.depart


@dataclass(frozen=True, kw_only=True)
class Stay(Item):
    """Accommodation. Dates mean "during that day"; aware datetimes are exact."""

    place: Location
    name: str
    check_in: date | datetime
    check_out: date | datetime
    address: str | None = None
    phone: str | None = None
    reference: str | None = None
    notes: str | None = None
    #: Format 2: cancellation terms, or the deadline (a date, or aware in the place's zone).
    cancellation: str | date | datetime | None = None
    status: str = "confirmed"

    @property
    def first_night(self) -> date:
        return _day(self.check_in)

    @property
    def last_day(self) -> date:
        """The check-out date."""
        return _day(self.check_out)

    @property
    def nights(self) -> list[date]:
        """The dates whose night is spent here (check-in day up to the day before check-out)."""
        first, last = _day(self.check_in), _day(self.check_out)
        return [first + timedelta(days=n) for n in range((last - first).days)]


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class Session:
    """One continuous timed stretch of an event, local to the event's place."""

    start: datetime
    end: datetime
    start_ts: float = field(init=False, repr=False, compare=False)
    end_ts: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_ts", self.start.timestamp())
        object.__setattr__(self, "end_ts", self.end.timestamp())


@dataclass(frozen=True, kw_only=True)
class Event(Item):
    """A meeting or other event. Timed events have sessions; all-day events have none."""

    kind: str
    title: str
    place: Location
    first_day: date
    last_day: date
    sessions: tuple[Session, ...] = ()
    hours: tuple[time, time] | None = None
    venue: str | None = None
    address: str | None = None
    counterparts: tuple[str, ...] = ()
    notes: str | None = None
    url: str | None = None
    #: Format 2: the link to join; who joins by video (also in `people`); the day's ranges
    #: of hours when split (`hours` then spans from the first opening to the last closing).
    online: str | None = None
    remote: tuple[str, ...] = ()
    ranges: tuple[tuple[time, time], ...] = ()
    status: str = "confirmed"

    @property
    def all_day(self) -> bool:
        return not self.sessions

    @property
    def online_only(self) -> bool:
        """An online event without a place: its Location holds only the zone of its times."""
        return self.place.key == ""

    @property
    def is_working(self) -> bool:
        return self.kind in WORKING_KINDS

    @property
    def days(self) -> list[date]:
        return [
            self.first_day + timedelta(days=n)
            for n in range((self.last_day - self.first_day).days + 1)
        ]

    @property
    def start(self) -> datetime:
        """The first instant (local midnight of the first day for an all-day event)."""
        if self.sessions:
            return self.sessions[0].start
        return midnight(self.place.timezone, self.first_day)

    @property
    def end(self) -> datetime:
        if self.sessions:
            return self.sessions[-1].end
        return midnight(self.place.timezone, self.last_day + timedelta(days=1))


@dataclass(frozen=True, kw_only=True)
class Mission:
    """A mission file after resolution: everything the rules and exports need."""

    #: The file's name as the user gave it, for messages and `file` columns; its text and
    #: positions stay with the file's report (checks/report.py), where findings are positioned.
    origin: str
    id: str
    title: str
    start: date
    end: date
    revision: int
    #: The rest of the `[mission]` table.
    organization: str | None = None
    project: str | None = None
    issued: date | datetime | None = None
    contact: str | None = None
    organizer: str | None = None
    #: Every id the file writes on a travel leg, stay or event (stand-ins are not written).
    written_ids: frozenset[str] = frozenset()
    people: dict[str, model.Person]
    homes: dict[str, Location]
    places: dict[str, Location]
    legs: tuple[Leg, ...] = ()
    stays: tuple[Stay, ...] = ()
    events: tuple[Event, ...] = ()
    contacts: tuple[model.Contact, ...] = ()
    settings: model.Settings
    #: People with a leg, stay or home left out because it could not be resolved (an error
    #: was reported): their whereabouts are unknown, so place and night checks skip them.
    incomplete: frozenset[str] = frozenset()
    #: Cancelled legs, stays and events, kept for the record (briefings, calendar files) and
    #: left out of `legs`, `stays`, `events`, so that no check sees them.
    cancelled: tuple[Item, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return (*self.legs, *self.stays, *self.events)


_T = TypeVar("_T")


def per_mission(compute: Callable[[Mission], _T]) -> Callable[[Mission], _T]:
    """Cache `compute(mission)` for the last few missions, so rules sharing it pay once.

    Rules run mission by mission: a small cache is enough, and keeps a large portfolio's
    intermediate results from piling up (missions hold dicts, so they are keyed by id()).
    """
    cache: dict[int, tuple[Mission, _T]] = {}

    @functools.wraps(compute)
    def cached(mission: Mission) -> _T:
        found = cache.get(id(mission))
        if found is not None and found[0] is mission:
            return found[1]
        value = compute(mission)
        if len(cache) >= 8:
            del cache[next(iter(cache))]  # the oldest entry
        cache[id(mission)] = (mission, value)
        return value

    return cached
