"""Geography: IANA zones of countries, IATA airports (airportsdata, loaded lazily), distances."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import pytz

IATA = re.compile(r"^[A-Z]{3}$")


def zone_exists(name: str) -> bool:
    return name in pytz.all_timezones_set


def close_zones(name: str) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, pytz.all_timezones, n=1, cutoff=0.6)


def country_zones(country: str) -> list[str]:
    """The IANA zones in use in a country (ISO alpha-2), empty for an unknown code."""
    try:
        return list(pytz.country_timezones[country])
    except KeyError:
        return []


def country_name(country: str) -> str:
    return str(pytz.country_names.get(country, country))


@functools.cache
def _airports() -> dict[str, Any]:
    import airportsdata

    return dict(airportsdata.load("IATA"))


def airport(code: str) -> dict[str, Any] | None:
    """The airportsdata record of an IATA code, or None."""
    if not IATA.match(code):
        return None
    return _airports().get(code)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a spherical Earth (good to about 0.5 %)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))
