"""The briefing document: a Mission as plain dicts and lists of strings, every time already local.

The renderers (PDF, HTML, Markdown) only lay this out; all the decisions about what a briefing
says (which days, which cities, what order, how a time reads) are made here, once. A personal
briefing holds only its reader's items, warnings, contacts and host-country days; the mission's
copy adds the planner's appendix. The layout is documented for people who write their own
templates in `templates/README.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from missionplan import wording as fmt
from missionplan.checks.finding import Diagnostic
from missionplan.errors import MissionplanError
from missionplan.export.briefing import facts
from missionplan.export.briefing.days import bed_of, days
from missionplan.export.briefing.notices import appendix, notices, open_warnings
from missionplan.export.briefing.phones import mail, phone
from missionplan.export.briefing.scope import Scope
from missionplan.plan import geo, hostdays, zones
from missionplan.plan.plan import Location, Mission, Stay, fold
from missionplan.printable import printable

#: Version of the document's layout, for custom templates; bumped on incompatible changes.
DOCUMENT_VERSION = "2"

Document = dict[str, Any]
Row = dict[str, Any]


class UnknownPersonError(MissionplanError):
    """`--person` names nobody in the mission."""


def build(
    mission: Mission,
    *,
    person: str | None = None,
    diagnostics: Sequence[Diagnostic] = (),
    printed: date | None = None,
) -> Document:
    """The briefing of the whole mission, or of one person in it.

    `diagnostics` are the file's findings after suppressions: their open warnings are told on
    the days they concern, and listed in the mission copy's planner's appendix.
    `printed` stands in for the issue date when the file has no `issued`.
    """
    if person is not None and person not in mission.people:
        known = ", ".join(mission.people)
        raise UnknownPersonError(
            f'{mission.origin}: no person "{person}" in this mission (people: {known})'
        )
    scope = Scope(mission, person)
    contacts = _contacts(scope)
    document: Document = {
        "version": DOCUMENT_VERSION,
        "header": {
            "mission": mission.id,
            "revision": f"Revision {mission.revision}",
            "person": scope.name(person) if person else "",
        },
        "cover": _cover(scope, printed, diagnostics),
        "first": _first_page(scope, contacts),
        "glance": _glance(scope),
        "days": days(scope, notices(mission, diagnostics)),
        "accommodation": _accommodation(scope),
        "contacts": contacts,
        "countries": [facts.country(code) for code in scope.hosts],
        "sources": facts.sources() if scope.hosts else [],
        "calendar": _calendar(scope),
        "warnings": [] if person else appendix(diagnostics),
    }
    return _printable(document)  # type: ignore[no-any-return]


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


def _cover(scope: Scope, printed: date | None, diagnostics: Sequence[Diagnostic]) -> Row:
    mission = scope.mission
    raw = mission
    issued = raw.issued
    if isinstance(issued, datetime):
        issued = issued.date()
    if issued is not None:
        issue = f"Revision {raw.revision}, issued {fmt.plain_date(issued)}"
    elif printed is not None:
        issue = f"Revision {raw.revision}, printed {fmt.plain_date(printed)}"
    else:
        issue = f"Revision {raw.revision}"
    countries: dict[str, list[str]] = {}
    for visit in scope.kept:
        cities = countries.setdefault(visit.place.country, [])
        if visit.place.city not in cities:
            cities.append(visit.place.city)
    days = (raw.end - raw.start).days + 1
    count = len(open_warnings(diagnostics))
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
        "person": scope.name(scope.person) if scope.person else "",
        # a personal briefing also says when that person's own part starts and ends
        "person_dates": fmt.date_range(*scope.window) if scope.person else "",
        "participants": [
            {
                "name": person.name,
                "role": person.role or "",
                "organization": person.organization or "",
                "home": mission.homes[key].city if key in mission.homes else "",
                "email": mail(person.email),
                "phone": phone(person.phone) if person.phone else mail(None),
            }
            for key, person in mission.people.items()
            if scope.mine([key])
        ],
        "contact": raw.contact or "",
        # the planner's summary: only the mission's copy has the appendix it points to
        "warnings": (
            f"{fmt.count(count, 'open warning')}: see the planner's appendix"
            if count and not scope.personal
            else ""
        ),
    }


# -- the first page -------------------------------------------------------------------------


def _first_page(scope: Scope, contacts: list[Row]) -> Row:
    return {
        "emergency": _emergency(scope, contacts),
        "nights": _nights(scope),
        "travel": _first_travel(scope),
        "home": _home_times(scope),
    }


def _emergency(scope: Scope, listed: list[Row]) -> Row:
    """Who to call: the mission's emergency contacts for the reader, then the local numbers."""
    contacts = [c for c in listed if c["emergency"]]
    reachable = [c for c in contacts if c["phone"]["text"]]
    anywhere = any(c.emergency for c in scope.mission.contacts)
    if not contacts and anywhere:
        missing = (
            "No emergency contact of this mission is for the cities on this briefing:"
            " ask the mission contact for one."
        )
    elif not contacts:
        missing = "This mission lists no emergency contact: ask the mission contact for one."
    elif not reachable:
        missing = "No emergency contact of this mission has a phone number: ask for one."
    else:
        missing = ""
    return {
        "contacts": contacts,
        "missing": missing,
        "local": [
            {
                "country": geo.country_name(code),
                "numbers": facts.emergency_numbers(code),
                "unknown": facts.no_emergency_numbers(code),
            }
            for code in scope.hosts
        ],
    }


def _nights(scope: Scope) -> list[Row]:
    """Where each person sleeps, night after night, consecutive nights in the same bed joined."""
    out: list[Row] = []
    for person in scope.people:
        runs: list[tuple[date, date, str]] = []
        for day in scope.dates()[:-1] if len(scope.dates()) > 1 else scope.dates():
            bed, _missing = bed_of(scope, person, day)
            if not bed:
                continue
            if runs and runs[-1][2] == bed and runs[-1][1] + timedelta(days=1) == day:
                runs[-1] = (runs[-1][0], day, bed)
            else:
                runs.append((day, day, bed))
        for first, last, bed in runs:
            nights = (last - first).days + 1
            out.append(
                {
                    "person": "" if scope.personal else scope.name(person),
                    # the night of one date, or check-in date to check-out date
                    "dates": fmt.short_date(first, year=False)
                    if first == last
                    else f"{fmt.short_date(first, year=False)} {fmt.DASH}"
                    f" {fmt.short_date(last + timedelta(days=1), year=False)}",
                    "nights": fmt.count(nights, "night"),
                    "where": bed,
                    "missing": "yes" if bed.startswith("No accommodation") else "",
                }
            )
    return out


def _first_travel(scope: Scope) -> str:
    if not scope.legs:
        return ""
    leg = min(scope.legs, key=lambda leg: leg.depart_ts)
    number = f" {leg.number}" if leg.number else ""
    return (
        f"{fmt.short_date(leg.depart.date())}, {fmt.clock(leg.depart)} {leg.origin.city}:"
        f" {fmt.mode_label(leg.mode)}{number} to {leg.destination.city}"
        + (f" ({leg.carrier})" if leg.carrier else "")
    )


def _home_times(scope: Scope) -> list[Row]:
    """The time difference to home during each stay, and the day it changes if it does."""
    out = []
    for person in scope.people:
        home = scope.mission.homes.get(person)
        if home is None:
            continue
        rows = []
        for visit in scope.kept:
            if visit.person != person or visit.place.same_city(home):
                continue
            rows.append(_difference(visit.place, home, visit.first, visit.last))
        out.append(
            {
                "person": "" if scope.personal else scope.name(person),
                "home": home.city,
                "stays": rows,
            }
        )
    return out


def _difference(place: Location, home: Location, first: date, last: date) -> Row:
    def delta(day: date) -> timedelta:
        return zones.offset_at(place.timezone, day) - zones.offset_at(home.timezone, day)

    start = delta(first)
    changes = []
    day, current = first, start
    # clocks change at most twice a year: a short stay with one difference at both ends has none
    if delta(last) == start and (last - first).days < 150:
        day = last
    while day < last:
        day += timedelta(days=1)
        now = delta(day)
        if now != current:
            changes.append(f"{fmt.hours_difference(now)} from {fmt.short_date(day, year=False)}")
            current = now
    return {
        "city": place.city,
        "dates": fmt.date_range(first, last, year=False),
        "difference": fmt.hours_difference(start),
        "changes": ", ".join(changes),
    }


# -- sections -------------------------------------------------------------------------------


def _glance(scope: Scope) -> list[Row]:
    # People who share a city over the same dates share a row; anything else gets its own.
    # (Merging every overlap chains a rotation of experts into one row per city.)
    rows: dict[tuple[str, str, date, date, int], tuple[Location, list[str]]] = {}
    for visit in scope.kept:
        location = visit.place
        key = (location.country, fold(location.city), visit.first, visit.last, visit.nights)
        people = rows.setdefault(key, (location, []))[1]
        if visit.person not in people:
            people.append(visit.person)
    return [
        {
            "city": location.city,
            "country": geo.country_name(location.country),
            "dates": fmt.date_range(first, last),
            "nights": str(nights),
            "zone": _zone(location, first, last),
            "people": "" if scope.personal else ", ".join(scope.name(p) for p in people),
        }
        for (_country, _city, first, last, nights), (location, people) in rows.items()
    ]


def _zone(location: Location, first: date, last: date) -> str:
    """`UTC+5`, or `UTC+1 / UTC+2` when the clocks change during the stay."""
    start = fmt.utc_offset(zones.offset_at(location.timezone, first))
    end = fmt.utc_offset(zones.offset_at(location.timezone, last))
    return start if start == end else f"{start} / {end}"


def _accommodation(scope: Scope) -> list[Row]:
    out = []
    for person in scope.people:
        stays = sorted((s for s in scope.stays if person in s.people), key=_sort_moment)
        total = sum(len(s.nights) for s in stays)
        out.append(
            {
                "person": "" if scope.personal else scope.name(person),
                "total": fmt.count(total, "night"),
                "stays": [_stay_row(stay) for stay in stays],
            }
        )
    return out


def _stay_row(stay: Stay) -> Row:
    number = phone(stay.phone, stay.place.country) if stay.phone else mail(None)
    return {
        "hotel": stay.name,
        "city": stay.place.city,
        "address": stay.address or "",
        "phone": number,
        "reference": stay.reference or "",
        "check_in": fmt.when(stay.check_in),
        "check_out": fmt.when(stay.check_out),
        "nights": str(len(stay.nights)),
        "notes": stay.notes or "",
    }


def _contacts(scope: Scope) -> list[Row]:
    """The contacts for the cities the readers visit, and those of the whole mission."""
    visited = scope.visited()
    out = []
    for contact in sorted(scope.mission.contacts, key=lambda contact: not contact.emergency):
        place = scope.mission.places.get(contact.place) if contact.place else None
        if place is not None and not any(place.same_city(p) for p in visited):
            continue  # a city none of the readers goes to
        number = phone(contact.phone, place.country if place else None) if contact.phone else None
        out.append(
            {
                "name": contact.name,
                "role": contact.role or "",
                "email": mail(contact.email),
                "phone": number or mail(None),
                "city": place.city if place else "",
                "notes": contact.notes or "",
                "emergency": "Emergency" if contact.emergency else "",
                "missing": "no phone number listed" if contact.emergency and not number else "",
            }
        )
    return out


def _calendar(scope: Scope) -> Row:
    """Weekends and holidays of each host country, on the days someone in scope is there."""
    present = scope.country_days()
    countries = []
    for code in scope.hosts:
        calendar = scope.calendars[code]
        countries.append(_country_row(calendar, sorted(present.get(code, set()))))
    return {"window": fmt.date_range(*scope.window), "countries": countries}


def _country_row(calendar: hostdays.CountryCalendar, there: list[date]) -> Row:
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
            fmt.short_date(d, year=False) for d in there if calendar.is_weekend(d)
        ),
        "holidays": [
            {"date": fmt.short_date(day), "name": holiday}
            for day, holiday in calendar.holidays.items()
            if day in there
        ],
        "working_days": ", ".join(
            fmt.short_date(d, year=False)
            for d in sorted(calendar.working_weekend_days)
            if d in there
        ),
        "note": "",
    }


def _sort_moment(stay: Stay) -> tuple[date, float]:
    moment = stay.check_in
    at = moment.timestamp() if isinstance(moment, datetime) else float("-inf")
    return stay.first_night, at
