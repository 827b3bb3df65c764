"""Places and airports -> Locations with their IANA zone (MP102 country/airport, MP104, MP200)."""

from __future__ import annotations

from missionplan.plan import geo
from missionplan.plan.plan import Location
from missionplan.plan.resolve.state import Resolution, did_you_mean
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath


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
            "MP102",
            (*path, "country"),
            f'places.{key}: unknown country code "{place.country}"',
            "an ISO 3166-1 alpha-2 code, e.g. TJ, UZ, AT",
        )
        return None
    zone = place.timezone
    if zone is None:
        if len(zones) > 1:
            r.report(
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
        r.report(
            "MP200",
            (*path, "timezone"),
            f'places.{key}: "{zone}" is not an IANA time zone',
            did_you_mean(zone, zones) or (f"zones of {place.country}: {', '.join(zones[:6])}"),
        )
        return None
    latitude = longitude = None
    if place.airport is not None:
        record = geo.airport(place.airport)
        if record is None:
            r.report(
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


def location(r: Resolution, key: str, path: KeyPath, what: str) -> Location | None:
    """A place id or, failing that, an IATA code; MP104 when neither."""
    if key in r.places:
        return r.places[key]
    if key in r.raw.places or key in r.broken_places:
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
    hint = did_you_mean(key, r.raw.places) or (
        "declare it under [places], or use an IATA airport code such as DYU"
    )
    r.report("MP104", path, f'{what} names unknown place "{key}"', hint)
    return None


def _zone_for_city(city: str, zones: list[str]) -> str:
    wanted = city.casefold().replace(" ", "_")
    for zone in zones:
        if zone.rsplit("/", 1)[-1].casefold() == wanted:
            return zone
    return zones[0]
