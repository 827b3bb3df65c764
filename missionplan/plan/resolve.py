"""Itinerary model -> resolved Mission: references, ids, time zones and local times.

Catches MP104 (unknown reference), MP105 (duplicate id), MP106 (missing id), MP200 (zone),
MP201/MP202 (DST gap/overlap) and MP203 (end before start). Items that cannot be resolved are
left out of the Mission, so later rules only see what is sound.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

import pytz

from missionplan.checks.finding import Diagnostic
from missionplan.plan import geo, zones
from missionplan.plan.plan import Event, Leg, Location, Mission, Session, Stay
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath
from missionplan.source.text import Source

_T = TypeVar("_T")

#: The years missionplan accepts: pytz's zone tables (and thus DST rules) end in 2037.
FIRST_YEAR, LAST_YEAR = 1970, 2037
#: Longer missions are almost always a typo in a year, and would print thousands of pages.
MAX_MISSION_DAYS = 1000


def _did_you_mean(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None


class _Resolver:
    def __init__(
        self,
        itinerary: model.Itinerary,
        source: Source,
        declared: dict[str, frozenset[str]],
        origins: dict[str, list[int]],
    ) -> None:
        self.raw = itinerary
        self.source = source
        # ids whose tables were invalid: reported already, so references to them are not
        self.broken_people = declared.get("people", frozenset()) - set(itinerary.people)
        self.broken_places = declared.get("places", frozenset()) - set(itinerary.places)
        self.origins = origins
        self.diagnostics: list[Diagnostic] = []
        self.places: dict[str, Location] = {}
        self.ids: dict[str, list[KeyPath]] = {}
        self.incomplete: set[str] = set()
        self.written_ids: set[str] = {
            ident
            for items in (itinerary.travel, itinerary.stays, itinerary.events)
            for ident in (item.id for item in items)
            if ident is not None
        }

    def report(
        self, code: str, path: KeyPath, message: str, hint: str | None = None, on: str = "value"
    ) -> None:
        self.diagnostics.append(
            self.source.diagnostic(code, path, message, hint, on="key" if on == "key" else "value")
        )

    # -- places -----------------------------------------------------------------------------

    def resolve_places(self) -> None:
        for key, place in self.raw.places.items():
            location = self._place(key, place)
            if location is not None:
                self.places[key] = location

    def _place(self, key: str, place: model.Place) -> Location | None:
        path: KeyPath = ("places", key)
        zones = geo.country_zones(place.country)
        if not zones:
            self.report(
                "MP102",
                (*path, "country"),
                f'places.{key}: unknown country code "{place.country}"',
                "an ISO 3166-1 alpha-2 code, e.g. TJ, UZ, AT",
            )
            return None
        zone = place.timezone
        if zone is None:
            if len(zones) > 1:
                self.report(
                    "MP200",
                    path,
                    f"places.{key}: {geo.country_name(place.country)} has {len(zones)} time zones;"
                    " say which one",
                    f'add timezone = "{_zone_for_city(place.city, zones)}"  (one of {", ".join(zones[:6])}'
                    f"{', ...' if len(zones) > 6 else ''})",
                    on="key",
                )
                return None
            zone = zones[0]
        elif not geo.zone_exists(zone):
            self.report(
                "MP200",
                (*path, "timezone"),
                f'places.{key}: "{zone}" is not an IANA time zone',
                _did_you_mean(zone, zones) or (f"zones of {place.country}: {', '.join(zones[:6])}"),
            )
            return None
        latitude = longitude = None
        if place.airport is not None:
            record = geo.airport(place.airport)
            if record is None:
                self.report(
                    "MP102",
                    (*path, "airport"),
                    f'places.{key}: unknown IATA airport code "{place.airport}"',
                )
            else:
                latitude, longitude = float(record["lat"]), float(record["lon"])
        return Location(
            key,
            place.city,
            place.country,
            zone,
            address=place.address,
            latitude=latitude,
            longitude=longitude,
        )

    def location(self, key: str, path: KeyPath, what: str) -> Location | None:
        """A place id or, failing that, an IATA code; MP104 when neither."""
        if key in self.places:
            return self.places[key]
        if key in self.raw.places or key in self.broken_places:
            return None  # declared but broken: already reported
        record = geo.airport(key)
        if record is not None and geo.zone_exists(str(record["tz"])):
            return Location(
                key,
                geo.airport_city(record),
                str(record["country"]),
                str(record["tz"]),
                str(record["name"]),
                None,
                float(record["lat"]),
                float(record["lon"]),
            )
        hint = _did_you_mean(key, self.raw.places) or (
            "declare it under [places], or use an IATA airport code such as DYU"
        )
        self.report("MP104", path, f'{what} names unknown place "{key}"', hint)
        return None

    # -- people and ids ---------------------------------------------------------------------

    def people(self, path: KeyPath, people: list[str] | None, what: str) -> tuple[str, ...]:
        if people is None:
            return tuple(self.raw.people)
        known = []
        for index, person in enumerate(people):
            if person in self.raw.people:
                known.append(person)
            elif person not in self.broken_people:
                self.report(
                    "MP104",
                    (*path, "people", index),
                    f'{what} names unknown person "{person}"',
                    _did_you_mean(person, self.raw.people)
                    or f"declared people: {', '.join(self.raw.people)}",
                )
        return tuple(dict.fromkeys(known))

    def numbered(self, section: str, items: list[_T]) -> list[tuple[int, _T]]:
        """Items with their index in the file (some may have been left out as invalid)."""
        indices = self.origins.get(section, range(len(items)))
        return list(zip(indices, items, strict=True))

    def item_id(self, path: KeyPath, given: str | None, label: str, index: int) -> str:
        if given is None:
            self.report(
                "MP106",
                path,
                f"{label} #{index + 1} has no id, so calendars cannot update it in place",
                f'run `missionplan ids {self.source.name}` to add ids, or add id = "..."',
                on="key",
            )
            # A stand-in that no written id takes, so that calendar UIDs stay unique.
            stand_in = f"{path[0]}-{index + 1}"
            while stand_in in self.written_ids:
                stand_in += "-unnamed"
            self.written_ids.add(stand_in)
            return stand_in
        self.ids.setdefault(given, []).append(path)
        return given

    def duplicate_ids(self) -> None:
        """MP105 on every use of an id but the first in the file (by line, across sections)."""
        for ident, paths in self.ids.items():
            if len(paths) < 2:
                continue
            spans = sorted((self.source.span((*p, "id")).line, p) for p in paths)
            first_line = spans[0][0]
            for _line, path in spans[1:]:
                self.report(
                    "MP105",
                    (*path, "id"),
                    f'id "{ident}" is used twice',
                    f"first used on line {first_line}; ids must be unique across travel,"
                    " stays and events",
                )

    # -- times ------------------------------------------------------------------------------

    def instant(
        self, value: datetime, location: Location, path: KeyPath, what: str
    ) -> datetime | None:
        """A TOML date-time as an aware datetime in the location's zone."""
        if not self.in_range(value, path, what):
            return None
        tz = location.tz
        if value.tzinfo is not None:
            return tz.normalize(value.astimezone(tz))
        steady = zones.steady_tzinfo(location.timezone, value.date())
        if steady is not None:
            return value.replace(tzinfo=steady)
        try:
            return tz.localize(value, is_dst=None)
        except pytz.NonExistentTimeError:
            before = tz.normalize(tz.localize(value - timedelta(hours=3), is_dst=False))
            after = tz.normalize(before + timedelta(hours=3))
            self.report(
                "MP201",
                path,
                f"{what} {value:%Y-%m-%d %H:%M} does not exist in {location.timezone}:"
                " the clocks skip that hour",
                f"clocks move forward that night; did you mean {after:%H:%M}?",
            )
            return None
        except pytz.AmbiguousTimeError:
            first = tz.localize(value, is_dst=True)
            second = tz.localize(value, is_dst=False)
            self.report(
                "MP202",
                path,
                f"{what} {value:%Y-%m-%d %H:%M} happens twice in {location.timezone}"
                f" (clocks go back); taken as the first, {first:%H:%M %Z}",
                f"write an offset to choose: {_with_offset(first)} or {_with_offset(second)}",
            )
            return first

    def moment(
        self, value: date | datetime, location: Location, path: KeyPath, what: str
    ) -> date | datetime | None:
        if isinstance(value, datetime):
            return self.instant(value, location, path, what)
        return value if self.in_range(value, path, what) else None

    def in_range(self, value: date, path: KeyPath, what: str) -> bool:
        """Dates between FIRST_YEAR and LAST_YEAR: pytz's zone tables end in 2037."""
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return True
        self.report(
            "MP102",
            path,
            f"{what} {value.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}",
            "time-zone rules are known for those years only; check the year",
        )
        return False

    # -- items ------------------------------------------------------------------------------

    def legs(self) -> list[Leg]:
        legs = []
        for index, travel in self.numbered("travel", self.raw.travel):
            path: KeyPath = ("travel", index)
            ident = self.item_id(path, travel.id, "travel leg", index)
            what = f'travel leg "{ident}"'
            people = self.people(path, travel.people, what)
            origin = self.location(travel.from_, (*path, "from"), what)
            destination = self.location(travel.to, (*path, "to"), what)
            if origin is None or destination is None:
                self.incomplete.update(people)
                continue
            if travel.from_ == travel.to:
                self.report(
                    "MP102",
                    (*path, "to"),
                    f'{what} goes from "{travel.from_}" to "{travel.to}"',
                    "a leg goes somewhere else: check `from` and `to`",
                )
                self.incomplete.update(people)
                continue
            depart = self.instant(travel.depart, origin, (*path, "depart"), "departure")
            arrive = self.instant(travel.arrive, destination, (*path, "arrive"), "arrival")
            if depart is None or arrive is None:
                self.incomplete.update(people)
                continue
            if arrive < depart:
                self.report(
                    "MP203",
                    (*path, "arrive"),
                    f"{what} arrives {_local(arrive)} ({_utc(arrive)}), before it departs"
                    f" {_local(depart)} ({_utc(depart)})",
                    "arrive is local time at `to`, depart local time at `from`",
                )
                self.incomplete.update(people)
                continue
            legs.append(
                Leg(
                    ident,
                    path,
                    people,
                    travel.mode,
                    origin,
                    destination,
                    depart,
                    arrive,
                    travel.carrier,
                    travel.number,
                    travel.reference,
                    travel.notes,
                )
            )
        return legs

    def stays(self) -> list[Stay]:
        stays = []
        for index, stay in self.numbered("stays", self.raw.stays):
            path: KeyPath = ("stays", index)
            ident = self.item_id(path, stay.id, "stay", index)
            what = f'stay "{ident}"'
            people = self.people(path, stay.people, what)
            place = self.location(stay.place, (*path, "place"), what)
            if place is None:
                self.incomplete.update(people)
                continue
            check_in = self.moment(stay.check_in, place, (*path, "check_in"), "check-in")
            check_out = self.moment(stay.check_out, place, (*path, "check_out"), "check-out")
            if check_in is None or check_out is None:
                self.incomplete.update(people)
                continue
            if _before(check_out, check_in):
                self.report(
                    "MP203",
                    (*path, "check_out"),
                    f"{what} checks out ({_shown(check_out)}) before it checks in ({_shown(check_in)})",
                )
                self.incomplete.update(people)
                continue
            stays.append(
                Stay(
                    ident,
                    path,
                    people,
                    place,
                    stay.name,
                    check_in,
                    check_out,
                    stay.address,
                    stay.phone,
                    stay.reference,
                    stay.notes,
                )
            )
        return stays

    def events(self) -> list[Event]:
        events = []
        for index, event in self.numbered("events", self.raw.events):
            path: KeyPath = ("events", index)
            ident = self.item_id(path, event.id, "event", index)
            what = f'event "{ident}"'
            people = self.people(path, event.people, what)
            place = self.location(event.place, (*path, "place"), what)
            if place is None:
                continue
            resolved = self._event_times(event, place, path, what)
            if resolved is None:
                continue
            first_day, last_day, sessions, hours = resolved
            events.append(
                Event(
                    ident,
                    path,
                    people,
                    event.kind,
                    event.title,
                    place,
                    first_day,
                    last_day,
                    sessions,
                    hours,
                    event.venue,
                    event.address,
                    tuple(event.counterparts),
                    event.notes,
                    event.url,
                )
            )
        return events

    def _event_times(
        self, event: model.Event, place: Location, path: KeyPath, what: str
    ) -> tuple[date, date, tuple[Session, ...], tuple[time, time] | None] | None:
        start, end = event.start, event.end
        timed = isinstance(start, datetime), isinstance(end, datetime)
        if timed[0] != timed[1]:
            kinds = ("a date-time", "a date") if timed[0] else ("a date", "a date-time")
            self.report(
                "MP102",
                (*path, "end"),
                f"{what}: start is {kinds[0]} but end is {kinds[1]};"
                " use both dates or both date-times",
                "an all-day event has dates (with optional hours); a timed one has date-times",
            )
            return None
        if isinstance(start, datetime) and isinstance(end, datetime):
            if event.hours is not None:
                self.report(
                    "MP102",
                    (*path, "hours"),
                    f"{what}: hours only apply to events given by dates",
                    "remove hours, or give start and end as dates",
                )
                return None
            begin = self.instant(start, place, (*path, "start"), "start")
            finish = self.instant(end, place, (*path, "end"), "end")
            if begin is None or finish is None:
                return None
            if finish < begin:
                self.report(
                    "MP203",
                    (*path, "end"),
                    f"{what} ends {_local(finish)} before it starts {_local(begin)}",
                )
                return None
            return begin.date(), finish.date(), (Session(begin, finish),), None
        if not (
            self.in_range(start, (*path, "start"), "start")
            and self.in_range(end, (*path, "end"), "end")
        ):
            return None
        if end < start:
            self.report(
                "MP203",
                (*path, "end"),
                f"{what} ends on {end} before it starts on {start}",
                "dates are inclusive: a one-day event has start = end",
            )
            return None
        if event.hours is None:
            return start, end, (), None
        opens, closes = _hours(event.hours)
        if (closes <= opens) and closes != time(0):
            self.report(
                "MP203",
                (*path, "hours"),
                f"{what}: hours {event.hours} do not end after they start",
                "hours run within each day (24:00 ends at midnight); for a session past"
                " midnight give start and end as date-times",
            )
            return None
        sessions = []
        day = start
        while day <= end:
            begin = self.instant(datetime.combine(day, opens), place, (*path, "hours"), "opening")
            close_day = day + timedelta(days=1) if closes == time(0) else day
            finish = self.instant(
                datetime.combine(close_day, closes), place, (*path, "hours"), "closing"
            )
            if begin is None or finish is None:
                return None
            sessions.append(Session(begin, finish))
            day += timedelta(days=1)
        return start, end, tuple(sessions), (opens, closes)

    def homes(self) -> dict[str, Location]:
        homes = {}
        for key, person in self.raw.people.items():
            if person.home is not None:
                location = self.location(person.home, ("people", key, "home"), f"people.{key}.home")
                if location is not None:
                    homes[key] = location
                else:
                    self.incomplete.add(key)
        return homes

    def mission_window(self) -> bool:
        """False when the mission's dates are unusable (nothing can be checked against them)."""
        mission = self.raw.mission
        usable = self.in_range(mission.start, ("mission", "start"), "start") and self.in_range(
            mission.end, ("mission", "end"), "end"
        )
        if usable and (mission.end - mission.start).days >= MAX_MISSION_DAYS:
            self.report(
                "MP102",
                ("mission", "end"),
                f"the mission lasts {(mission.end - mission.start).days + 1:,} days;"
                f" missionplan plans missions of up to {MAX_MISSION_DAYS:,} days",
                "check the years of start and end, or split the mission",
            )
            usable = False
        if usable and mission.issued is not None:
            usable = self.in_range(mission.issued, ("mission", "issued"), "issued")
        if mission.end < mission.start:
            self.report(
                "MP203",
                ("mission", "end"),
                f"the mission ends on {mission.end} before it starts on {mission.start}",
            )
            usable = False
        return usable


def _hours(text: str) -> tuple[time, time]:
    opens, closes = text.split("-")
    close = time(0) if closes == "24:00" else time.fromisoformat(closes)
    return time.fromisoformat(opens), close


def _before(a: date | datetime, b: date | datetime) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a < b
    day_a = a.date() if isinstance(a, datetime) else a
    day_b = b.date() if isinstance(b, datetime) else b
    return day_a < day_b


def _local(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(pytz.utc):%H:%M} UTC"


def _shown(moment: date | datetime) -> str:
    return _local(moment) if isinstance(moment, datetime) else moment.isoformat()


def _with_offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%dT%H:%M:%S}{offset[:3]}:{offset[3:]}"


def _zone_for_city(city: str, zones: list[str]) -> str:
    wanted = city.casefold().replace(" ", "_")
    for zone in zones:
        if zone.rsplit("/", 1)[-1].casefold() == wanted:
            return zone
    return zones[0]


def resolve(
    itinerary: model.Itinerary,
    source: Source,
    *,
    declared: dict[str, frozenset[str]] | None = None,
    origins: dict[str, list[int]] | None = None,
) -> tuple[Mission | None, list[Diagnostic]]:
    """Resolve a validated model into a Mission plus the diagnostics found on the way.

    No Mission when its own dates are unusable: every check and export depends on them.
    """
    resolver = _Resolver(itinerary, source, declared or {}, origins or {})
    if not resolver.mission_window():
        return None, resolver.diagnostics
    resolver.resolve_places()
    homes = resolver.homes()
    legs, stays, events = resolver.legs(), resolver.stays(), resolver.events()
    resolver.duplicate_ids()
    for index, contact in resolver.numbered("contacts", list(itinerary.contacts)):
        if contact.place is not None:
            resolver.location(
                contact.place, ("contacts", index, "place"), f'contact "{contact.name}"'
            )
    raw = itinerary.mission
    mission = Mission(
        source=source,
        id=raw.id,
        title=raw.title,
        start=raw.start,
        end=raw.end,
        revision=raw.revision,
        raw=itinerary,
        people=dict(itinerary.people),
        homes=homes,
        places=resolver.places,
        legs=tuple(legs),
        stays=tuple(stays),
        events=tuple(events),
        contacts=tuple(itinerary.contacts),
        settings=itinerary.settings,
        incomplete=frozenset(resolver.incomplete),
    )
    return mission, resolver.diagnostics
