"""Places and airports -> Locations with their point and IANA zone (MP102 country/airport,
MP104, MP107 unlocated city, MP108 former airport code, MP200)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from missionplan import wording
from missionplan.checks.format import INVALID_VALUE
from missionplan.checks.local_times import UNKNOWN_TIMEZONE
from missionplan.checks.references import FORMER_AIRPORT_CODE, UNKNOWN_REFERENCE, UNLOCATED_PLACE
from missionplan.plan import geo, hostdays
from missionplan.plan import zones as zones_module
from missionplan.plan.airport_history import FORMER_CODES, FormerCode
from missionplan.plan.plan import Location
from missionplan.plan.resolve.state import Resolution, did_you_mean
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def resolve_places(r: Resolution) -> None:
    for key, place in r.raw.places.items():
        location = _place(r, key, place)
        if location is not None:
            r.places[key] = location


def _place(r: Resolution, key: str, place: model.Place) -> Location | None:
    path: KeyPath = ("places", key)
    zones = geo.country_zones(place.country)
    if not zones:
        r.report(
            INVALID_VALUE,
            (*path, "country"),
            f'places.{key}: unknown country code "{place.country}"',
            "an ISO 3166-1 alpha-2 code, e.g. TJ, UZ, AT",
        )
        return None
    point = _point(r, key, place)
    zone = place.timezone
    if zone is None:
        # a point says which zone, even in a country with several (Frankfurt in Germany,
        # where Büsingen keeps Zurich's clock)
        zone = point[2] if point is not None and point[2] in zones else None
    if zone is None:
        if len(zones) > 1:
            r.report(
                UNKNOWN_TIMEZONE,
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
        r.report(
            UNKNOWN_TIMEZONE,
            (*path, "timezone"),
            f'places.{key}: "{zone}" is not an IANA time zone',
            did_you_mean(zone, zones) or (f"zones of {place.country}: {', '.join(zones[:6])}"),
        )
        return None
    elif not any(zones_module.same_rules(zone, own) for own in zones):
        # A zone of another country puts every time there hours off (AT with New York's).
        r.report(
            UNKNOWN_TIMEZONE,
            (*path, "timezone"),
            f'places.{key}: "{zone}" is not a time zone of {geo.country_name(place.country)}',
            f"{place.country} keeps {', '.join(zones[:6])}{', ...' if len(zones) > 6 else ''};"
            " check the country and the zone",
        )
        return None
    subdivision = place.subdivision
    if subdivision is not None:
        known = hostdays.subdivisions(place.country)
        if subdivision not in known:
            r.report(
                INVALID_VALUE,
                (*path, "subdivision"),
                f"places.{key}: {geo.country_name(place.country)} has no subdivision"
                f' "{place.subdivision}" with its own holidays',
                did_you_mean(subdivision, known)
                or (f"one of: {', '.join(known)}" if known else "leave subdivision out"),
            )
            subdivision = None
    return Location(
        key=key,
        city=place.city,
        country=place.country,
        timezone=zone,
        address=place.address,
        latitude=None if point is None else point[0],
        longitude=None if point is None else point[1],
        weekend=None if place.weekend is None else _weekdays(place.weekend),
        subdivision=subdivision,
        airport=place.airport,
        risk=place.risk,
        checkin=place.checkin,
    )


def _point(r: Resolution, key: str, place: model.Place) -> tuple[float, float, str | None] | None:
    """Where the place is, and its zone when that is known: from `lat`/`lon`, else its
    airport, else the gazetteer (city and country); MP107 once when none says."""
    path: KeyPath = ("places", key)
    if (place.lat is None) != (place.lon is None):
        given = "lat" if place.lon is None else "lon"
        r.report(
            INVALID_VALUE,
            (*path, given),
            f"places.{key}: {given} without {'lon' if given == 'lat' else 'lat'}",
            "give both lat and lon (degrees, e.g. lat = 50.11, lon = 8.68), or neither",
        )
    elif place.lat is not None and place.lon is not None:
        return place.lat, place.lon, None
    if place.airport is not None:
        record = geo.airport(place.airport)
        former = FORMER_CODES.get(place.airport)
        if record is None and former is not None:
            old = _former_airport(r, former, (*path, "airport"), f"places.{key}", None)
            if old is not None and old.latitude is not None and old.longitude is not None:
                return old.latitude, old.longitude, old.timezone
        elif record is None:
            r.report(
                INVALID_VALUE,
                (*path, "airport"),
                f'places.{key}: unknown IATA airport code "{place.airport}"',
            )
        else:
            return float(record["lat"]), float(record["lon"]), str(record["tz"])
    found = geo.city(place.city, place.country)
    if found is not None:
        return found.latitude, found.longitude, found.timezone
    r.report(
        UNLOCATED_PLACE,
        (*path, "city"),
        f'places.{key}: cannot locate "{place.city}" in {geo.country_name(place.country)},'
        " so it is compared with airports and other places by name only",
        'add airport = "XXX" (its IATA code), or lat = ... and lon = ... in degrees',
    )
    return None


def location(
    r: Resolution, key: str, path: KeyPath, what: str, on: date | None = None
) -> Location | None:
    """A place id or, failing that, an IATA code (as it was `on` that day); MP104 when
    neither."""
    if key in r.places:
        return r.places[key]
    if key in r.raw.places or key in r.broken_places:
        return None  # declared but broken: already reported
    record = geo.airport(key)
    if record is not None and geo.zone_exists(str(record["tz"])):
        return _airport_location(key, record)
    former = FORMER_CODES.get(key)
    if former is not None:
        return _former_airport(r, former, path, what, on)
    hint = did_you_mean(key, r.raw.places) or (
        "declare it under [places], or use the IATA code of an airport"
    )
    r.report(UNKNOWN_REFERENCE, path, f'{what} names unknown place "{key}"', hint)
    return None


def _former_airport(
    r: Resolution, former: FormerCode, path: KeyPath, what: str, on: date | None
) -> Location | None:
    """A code an airport had before `former.until`: accepted on earlier dates (MP108, once
    per code and file), an unknown place from that day on."""
    today = geo.airport(former.today)
    if former.renamed and today is not None:
        location = _airport_location(former.code, today)
    else:
        location = Location(
            key=former.code,
            city=former.city,
            country=former.country,
            timezone=former.tz,
            name=former.name,
            latitude=former.lat,
            longitude=former.lon,
        )
    until = wording.plain_date(former.until)
    change = (
        f"its code became {former.today} on {until}"
        if former.renamed
        else f"a new airport, {former.today}, replaced it on {until}"
    )
    if on is not None and on >= former.until:
        r.report(
            UNKNOWN_REFERENCE,
            path,
            f'{what} names "{former.code}" on {wording.plain_date(on)}, but'
            f" {former.code} was {location.label}: {change}",
            f'use "{former.today}"',
        )
        return None
    if former.code not in r.former_seen:
        r.former_seen.add(former.code)
        r.report(
            FORMER_AIRPORT_CODE,
            path,
            f"{former.code} is {location.label} as coded until {until};"
            f" {change.replace(f' on {until}', '')}",
            f'nothing to change for a trip before {until}; later trips use "{former.today}"',
        )
    return location


def _airport_location(code: str, record: dict[str, Any]) -> Location:
    return Location(
        key=code,
        city=geo.airport_city(record),
        country=str(record["country"]),
        timezone=str(record["tz"]),
        name=str(record["name"]),
        latitude=float(record["lat"]),
        longitude=float(record["lon"]),
    )


def _weekdays(names: Iterable[str]) -> frozenset[int]:
    """Day names -> date.weekday() numbers (Monday 0)."""
    return frozenset(_WEEKDAYS.index(name) for name in names)


def _zone_for_city(city: str, zones: list[str]) -> str:
    wanted = city.casefold().replace(" ", "_")
    for zone in zones:
        if zone.rsplit("/", 1)[-1].casefold() == wanted:
            return zone
    return zones[0]
