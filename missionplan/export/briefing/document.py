"""The briefing document: a Mission as plain dicts and lists of strings, every time already local.

The renderers (PDF, HTML, Markdown) only lay this out; all the decisions about what a briefing
says (which days, which cities, what order, how a time reads) are made here, once. The layout
is documented for people who write their own templates in `templates/README.md`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from missionplan import wording as fmt
from missionplan.checks.finding import Diagnostic, Severity
from missionplan.errors import MissionplanError
from missionplan.plan import geo, hostdays, whereabouts
from missionplan.plan.plan import Event, Leg, Location, Mission, Stay, fold
from missionplan.printable import printable

#: Version of the document's layout, for custom templates; bumped on incompatible changes.
DOCUMENT_VERSION = "1"

Document = dict[str, Any]
Row = dict[str, Any]


# Within one instant: check-outs first, then what happens, then check-ins.
_CHECK_OUT, _ITEM, _CHECK_IN = 0, 1, 2


class UnknownPersonError(MissionplanError):
    """`--person` names nobody in the mission."""


@dataclass(order=True)
class _Entry:
    """One line of the day-by-day section, with what it sorts by."""

    day: date
    at: float  # POSIX timestamp: items of different zones on one date sort by real time
    rank: int
    sequence: int
    item: Row = field(compare=False)


def build(
    mission: Mission,
    *,
    person: str | None = None,
    diagnostics: Sequence[Diagnostic] = (),
    printed: date | None = None,
) -> Document:
    """The briefing of the whole mission, or of one person in it.

    `diagnostics` are the file's findings after suppressions; their open warnings are listed.
    `printed` stands in for the issue date when the file has no `issued`.
    """
    if person is not None and person not in mission.people:
        known = ", ".join(mission.people)
        raise UnknownPersonError(
            f'{mission.source.name}: no person "{person}" in this mission (people: {known})'
        )
    document: Document = _printable(_Builder(mission, person, printed).document(diagnostics))
    return document


def _printable(value: Any) -> Any:
    """Every string of the document with control characters and bidi overrides escaped, as in
    the terminal (line breaks kept): they would garble a page or reorder what it shows."""
    if isinstance(value, str):
        return "\n".join(printable(line) for line in value.split("\n"))
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


class _Builder:
    """One briefing in the making: who is in scope, their items, city stays and calendars."""

    def __init__(self, mission: Mission, person: str | None, printed: date | None) -> None:
        self.mission = mission
        self.person = person
        self.printed = printed
        self.scope = [person] if person else list(mission.people)
        self.legs = [leg for leg in mission.legs if self._mine(leg.people)]
        self.stays = [stay for stay in mission.stays if self._mine(stay.people)]
        self.events = [event for event in mission.events if self._mine(event.people)]
        self.window = self._window()
        where = whereabouts.of(mission)
        self.visits = {p: where.visits(p, self.window) for p in self.scope}
        self.kept = sorted(
            (v for p in self.scope for v in self.visits[p] if v.kept),
            key=lambda v: (v.first, v.last, self.scope.index(v.person)),
        )
        self.hosts = list(dict.fromkeys(v.place.country for v in self.kept))
        self.calendars = {c: hostdays.window(c, *self.window) for c in self.hosts}

    def _mine(self, people: Sequence[str]) -> bool:
        return self.person is None or self.person in people

    def name(self, key: str) -> str:
        return self.mission.people[key].name

    def who(self, people: Sequence[str]) -> str:
        # A personal briefing does not repeat the reader's name on every line.
        if self.person is not None:
            return ""
        return ", ".join(self.name(p) for p in people)

    def _window(self) -> tuple[date, date]:
        """The dates the briefing covers day by day: the mission's, or the person's part of it.

        Items outside these dates (MP205 warns about them) still get their own day, but the
        days in between do not: a mistyped year must not print ten years of empty pages.
        """
        mission = (self.mission.start, self.mission.end)
        if self.person is None:
            return mission
        days: list[date] = []
        for leg in self.legs:
            days += [leg.depart.date(), leg.arrive.date()]
        for stay in self.stays:
            days += [_day(stay.check_in), stay.last_day]
        for event in self.events:
            days += [event.first_day, event.last_day]
        if not days:
            return mission
        first, last = max(min(days), mission[0]), min(max(days), mission[1])
        return (first, last) if first <= last else (min(days), max(days))

    # -- the document -----------------------------------------------------------------------

    def document(self, diagnostics: Sequence[Diagnostic]) -> Document:
        mission = self.mission
        return {
            "version": DOCUMENT_VERSION,
            "header": {
                "mission": mission.id,
                "revision": f"Revision {mission.revision}",
                "person": self.name(self.person) if self.person else "",
            },
            "cover": {**self.cover(), "warnings": _warning_count(diagnostics)},
            "glance": self.glance(),
            "days": self.days(),
            "accommodation": self.accommodation(),
            "contacts": self.contacts(),
            "calendar": self.calendar(),
            "warnings": _warnings(diagnostics),
        }

    def cover(self) -> Row:
        raw = self.mission.raw.mission
        issued = raw.issued
        if isinstance(issued, datetime):
            issued = issued.date()
        if issued is not None:
            issue = f"Revision {raw.revision}, issued {fmt.plain_date(issued)}"
        elif self.printed is not None:
            issue = f"Revision {raw.revision}, printed {fmt.plain_date(self.printed)}"
        else:
            issue = f"Revision {raw.revision}"
        countries: dict[str, list[str]] = {}
        for visit in self.kept:
            cities = countries.setdefault(visit.place.country, [])
            if visit.place.city not in cities:
                cities.append(visit.place.city)
        days = (raw.end - raw.start).days + 1
        return {
            "title": raw.title,
            "id": raw.id,
            "revision": str(raw.revision),
            "issued": fmt.plain_date(issued) if issued else "",
            "issue": issue,
            "organization": raw.organization or "",
            "project": raw.project or "",
            "dates": fmt.date_range(raw.start, raw.end),
            "length": fmt.count(days, "day"),
            "places": [
                {"country": geo.country_name(code), "cities": ", ".join(cities)}
                for code, cities in countries.items()
            ],
            "person": self.name(self.person) if self.person else "",
            # a personal briefing also says when that person's own part starts and ends
            "person_dates": fmt.date_range(*self.window) if self.person else "",
            "participants": [
                {
                    "name": person.name,
                    "role": person.role or "",
                    "organization": person.organization or "",
                    "home": self.mission.homes[key].city if key in self.mission.homes else "",
                    "email": person.email or "",
                    "phone": person.phone or "",
                }
                for key, person in self.mission.people.items()
            ],
            "contact": raw.contact or "",
        }

    # -- at a glance ------------------------------------------------------------------------

    def glance(self) -> list[Row]:
        # People who share a city over the same dates share a row; anything else gets its own.
        # (Merging every overlap chains a rotation of experts into one row per city.)
        rows: dict[tuple[str, str, date, date], tuple[Location, list[str]]] = {}
        for visit in self.kept:
            location = visit.place
            key = (location.country, fold(location.city), visit.first, visit.last)
            people = rows.setdefault(key, (location, []))[1]
            if visit.person not in people:
                people.append(visit.person)
        return [
            {
                "city": location.city,
                "country": geo.country_name(location.country),
                "dates": fmt.date_range(first, last),
                "nights": str((last - first).days),
                "zone": fmt.zone_label(location.timezone, location.tz, first, last),
                "people": ", ".join(self.name(p) for p in people),
            }
            for (_country, _city, first, last), (location, people) in rows.items()
        ]

    # -- day by day -------------------------------------------------------------------------

    def days(self) -> list[Row]:
        entries: list[_Entry] = []
        for leg in self.legs:
            entries += self._leg(leg, len(entries))
        for event in self.events:
            entries += self._event(event, len(entries))
        for stay in self.stays:
            entries += self._stay(stay, len(entries))
        entries.sort()
        by_day: dict[date, list[Row]] = {}
        for entry in entries:
            by_day.setdefault(entry.day, []).append(entry.item)
        first, last = self.window
        dates = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        out = []
        for day in sorted(dates | set(by_day)):
            places, travellers = self._cities_on(day)
            zones: dict[str, Location] = {}
            for place in places:
                zones.setdefault(place.timezone, place)
            out.append(
                {
                    "date": day.isoformat(),
                    "title": fmt.long_date(day),
                    "weekday": fmt.weekday(day),
                    # one person's day is a route; several people's is a list of places
                    "cities": (" → " if travellers == 1 else "; ").join(p.city for p in places),
                    "zones": "; ".join(
                        fmt.zone_label(name, loc.tz, day) for name, loc in zones.items()
                    ),
                    "marks": self._marks(day, places),
                    "entries": by_day.get(day, []),
                }
            )
        return out

    def _cities_on(self, day: date) -> tuple[list[Location], int]:
        """The cities where people are on `day`, in the order they get there; how many people."""
        found: list[tuple[float, int, Location]] = []
        for person in self.scope:
            for visit in self.visits[person]:
                shown = visit.kept or not visit.home or visit.arrive or visit.leave
                if shown and visit.first <= day <= visit.last:
                    found.append((visit.order, self.scope.index(person), visit.place))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        places: list[Location] = []
        for _at, _person, location in found:
            if not any(location.same_city(p) for p in places):
                places.append(location)
        return places, len({person for _at, person, _location in found})

    def _marks(self, day: date, places: list[Location]) -> list[str]:
        marks = []
        for country in dict.fromkeys(p.country for p in places):
            calendar = self.calendars.get(country)
            if calendar is None:
                continue
            label = geo.country_name(country)
            if day in calendar.holidays:
                marks.append(f"Public holiday in {label}: {calendar.holidays[day]}")
            elif calendar.is_weekend(day):
                marks.append(f"Weekend in {label}")
            elif day in calendar.working_weekend_days:
                marks.append(f"Working day in {label} (transferred weekend day)")
        return marks

    def _leg(self, leg: Leg, sequence: int) -> list[_Entry]:
        depart, arrive = leg.depart, leg.arrive
        later = (arrive.date() - depart.date()).days
        shift = f" (+{later})" if later > 0 else f" ({later})" if later < 0 else ""
        kind = fmt.leg_kind(leg)
        title = fmt.route(leg)
        details = [
            _detail("Depart", _place_time(depart, leg.origin)),
            _detail(
                "Arrive",
                _place_time(arrive, leg.destination, day=arrive.date() != depart.date()),
            ),
            _detail("Duration", fmt.duration(leg.duration)),
            _detail("Carrier", leg.carrier),
            _detail(fmt.NUMBER_LABELS.get(leg.mode, "Number"), leg.number),
            _detail("Booking", leg.reference),
            _detail("Notes", leg.notes),
        ]
        item = {
            "id": leg.id,
            "time": f"{fmt.clock(depart)} → {fmt.clock(arrive)}{shift}",
            "kind": kind,
            "title": title,
            "details": [d for d in details if d],
            "people": self.who(leg.people),
        }
        entries = [_Entry(depart.date(), depart.timestamp(), _ITEM, sequence, item)]
        if arrive.date() != depart.date():
            # An overnight leg also opens the day it lands on, where the reader looks for it.
            arrival = {
                "id": leg.id,
                "time": fmt.clock(arrive),
                "kind": "Arrival",
                "title": f"{kind}, {title}",
                "details": [
                    _detail(
                        "Departed",
                        _place_time(depart, leg.origin, day=True),
                    ),
                ],
                "people": self.who(leg.people),
            }
            entries.append(_Entry(arrive.date(), arrive.timestamp(), _ITEM, sequence, arrival))
        return entries

    def _event(self, event: Event, sequence: int) -> list[_Entry]:
        details = [
            _detail("Venue", event.venue),
            _detail("Address", event.address),
            _detail("Where", None if event.venue or event.address else event.place.city),
            *(_detail("Counterpart", c) for c in event.counterparts),
            _detail("Notes", event.notes),
            _detail("Link", event.url),
        ]
        base = {
            "id": event.id,
            "kind": fmt.kind_label(event.kind),
            "title": event.title,
            "details": [d for d in details if d],
            "people": self.who(event.people),
        }
        entries = []
        if not event.sessions:
            for day in event.days:
                at = _midnight(event.place, day)
                entries.append(_Entry(day, at, _ITEM, sequence, {"time": "all day", **base}))
            return entries
        for session in event.sessions:
            start, end = session.start, session.end
            day = start.date()
            # the last day a session touches; ending at midnight does not touch the next day
            final = (end - timedelta(microseconds=1)).date() if end > start else day
            while day <= final:
                if start.date() == final:
                    when = f"{fmt.clock(start)}{fmt.DASH}{fmt.clock(end)}"
                elif day == start.date():
                    when = f"from {fmt.clock(start)}"
                elif day == final:
                    when = f"until {fmt.clock(end)}"
                else:
                    when = "all day"
                at = start.timestamp() if day == start.date() else _midnight(event.place, day)
                entries.append(_Entry(day, at, _ITEM, sequence, {"time": when, **base}))
                day += timedelta(days=1)
        return entries

    def _stay(self, stay: Stay, sequence: int) -> list[_Entry]:
        details = [
            _detail("Address", stay.address),
            _detail("Phone", stay.phone),
            _detail("Booking", stay.reference),
            _detail("Notes", stay.notes),
        ]
        nights = len(stay.nights)
        check_in = {
            "id": stay.id,
            "time": fmt.clock(stay.check_in) if isinstance(stay.check_in, datetime) else "",
            "kind": "Check-in",
            "title": stay.name,
            "details": [
                _detail(
                    "Stay",
                    f"{fmt.count(nights, 'night')}, until {fmt.short_date(stay.last_day)}",
                ),
                *(d for d in details if d),
            ],
            "people": self.who(stay.people),
        }
        check_out = {
            "id": stay.id,
            "time": fmt.clock(stay.check_out) if isinstance(stay.check_out, datetime) else "",
            "kind": "Check-out",
            "title": stay.name,
            "details": [],
            "people": self.who(stay.people),
        }
        if isinstance(stay.check_in, datetime):
            in_at, in_rank = stay.check_in.timestamp(), _ITEM
        else:
            in_at, in_rank = self._arrival_in(stay, stay.check_in), _CHECK_IN
        if isinstance(stay.check_out, datetime):
            out_at, out_rank = stay.check_out.timestamp(), _ITEM
        else:
            out_at, out_rank = _midnight(stay.place, stay.check_out), _CHECK_OUT
        return [
            _Entry(_day(stay.check_in), in_at, in_rank, sequence, check_in),
            _Entry(stay.last_day, out_at, out_rank, sequence + 1, check_out),
        ]

    def _arrival_in(self, stay: Stay, day: date) -> float:
        """A check-in given as a date sorts after the guests' arrival in the city that day."""
        arrivals = [
            leg.arrive.timestamp()
            for leg in self.legs
            if set(leg.people) & set(stay.people)
            and leg.destination.same_city(stay.place)
            and leg.arrive.date() == day
        ]
        return max(arrivals, default=_midnight(stay.place, day))

    # -- accommodation, contacts, calendar --------------------------------------------------

    def accommodation(self) -> list[Row]:
        out = []
        for person in self.scope:
            stays = sorted((s for s in self.stays if person in s.people), key=_sort_moment)
            total = sum(len(s.nights) for s in stays)
            out.append(
                {
                    "person": self.name(person),
                    "total": fmt.count(total, "night"),
                    "stays": [
                        {
                            "hotel": stay.name,
                            "city": stay.place.city,
                            "address": stay.address or "",
                            "phone": stay.phone or "",
                            "reference": stay.reference or "",
                            "check_in": fmt.when(stay.check_in),
                            "check_out": fmt.when(stay.check_out),
                            "nights": str(len(stay.nights)),
                            "notes": stay.notes or "",
                            "info": " · ".join(
                                text
                                for text in (
                                    stay.address,
                                    stay.phone,
                                    f"booking {stay.reference}" if stay.reference else None,
                                    stay.notes,
                                )
                                if text
                            ),
                        }
                        for stay in stays
                    ],
                }
            )
        return out

    def contacts(self) -> list[Row]:
        ordered = sorted(self.mission.contacts, key=lambda contact: not contact.emergency)
        out = []
        for contact in ordered:
            place = self.mission.places.get(contact.place) if contact.place else None
            out.append(
                {
                    "name": contact.name,
                    "role": contact.role or "",
                    "email": contact.email or "",
                    "phone": contact.phone or "",
                    "city": place.city if place else (contact.place or ""),
                    "notes": contact.notes or "",
                    "emergency": "Emergency" if contact.emergency else "",
                }
            )
        return out

    def calendar(self) -> Row:
        first, last = self.window
        countries = []
        for code in self.hosts:
            calendar = self.calendars[code]
            countries.append(_country_row(calendar, first, last))
        return {
            "window": fmt.date_range(first, last),
            "countries": countries,
            "differences": self._differences(),
        }

    def _differences(self) -> list[Row]:
        out = []
        for person in self.scope:
            home = self.mission.homes.get(person)
            if home is None:
                out.append({"person": self.name(person), "home": "", "differences": ""})
                continue
            seen: list[str] = []
            for visit in self.kept:
                if visit.person != person or visit.place.same_city(home):
                    continue
                day = visit.first
                delta = _offset(visit.place, day) - _offset(home, day)
                text = f"{visit.place.city} {fmt.hours_difference(delta)}"
                if text not in seen:
                    seen.append(text)
            first = self.window[0]
            out.append(
                {
                    "person": self.name(person),
                    "home": f"{home.city} ({fmt.zone_label(home.timezone, home.tz, first)})",
                    "differences": ", ".join(seen),
                }
            )
        return out


def _country_row(calendar: hostdays.CountryCalendar, first: date, last: date) -> Row:
    name = geo.country_name(calendar.country)
    if not calendar.known:
        return {
            "country": name,
            "weekend": "",
            "weekend_dates": "",
            "holidays": [],
            "working_days": "",
            "note": f"No holiday data for {name}: check public holidays with the country office.",
        }
    weekend = [fmt.weekday(date(2024, 1, 1) + timedelta(days=n)) for n in sorted(calendar.weekend)]
    return {
        "country": name,
        "weekend": fmt.names(weekend),
        "weekend_dates": ", ".join(
            fmt.short_date(d, year=False) for d in hostdays.weekend_days(calendar, first, last)
        ),
        "holidays": [
            {"date": fmt.short_date(day), "name": holiday}
            for day, holiday in calendar.holidays.items()
        ],
        "working_days": ", ".join(
            fmt.short_date(d, year=False) for d in sorted(calendar.working_weekend_days)
        ),
        "note": "",
    }


def _warning_count(diagnostics: Sequence[Diagnostic]) -> str:
    """`2 open warnings: see the last section`, or empty: shown on the cover, not only at the end."""
    count = len(_warnings(diagnostics))
    if not count:
        return ""
    return f"{fmt.count(count, 'open warning')}: see the last section before handing this out"


def _warnings(diagnostics: Sequence[Diagnostic]) -> list[Row]:
    return [
        {
            "code": found.code,
            "name": found.name,
            "where": f"{found.path}:{found.line}",
            "message": found.message,
            "hint": found.hint or "",
        }
        for found in diagnostics
        if not found.suppressed and found.severity is Severity.WARNING
    ]


def _detail(label: str, value: str | None) -> Row | None:
    return {"label": label, "value": value} if value else None


def _place_time(moment: datetime, location: Location, *, day: bool = False) -> str:
    when = f"{fmt.short_date(moment.date(), year=False)}, " if day else ""
    return f"{when}{fmt.clock(moment)} {location.label} ({fmt.utc_offset(moment.utcoffset())})"


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _sort_moment(stay: Stay) -> tuple[date, float]:
    moment = stay.check_in
    return _day(moment), moment.timestamp() if isinstance(moment, datetime) else -math.inf


def _midnight(location: Location, day: date) -> float:
    return _localize(location, datetime.combine(day, time())).timestamp()


def _localize(location: Location, naive: datetime) -> datetime:
    # Midnight can fall in a DST gap (America/Havana, Asia/Beirut): is_dst=False picks a time.
    return location.tz.localize(naive, is_dst=False)


def _offset(location: Location, day: date) -> timedelta:
    return fmt.offset_on(location.tz, day) or timedelta(0)
