"""Airports, zones and distances as the rules and exports use them."""

from __future__ import annotations

import airportsdata
import pytest

from missionplan.plan import geo

ALL = airportsdata.load("IATA")


@pytest.mark.parametrize("code", ["DYU", "TAS", "GVA", "VIE", "IST", "HND", "HNL", "JFK", "LHR"])
def test_airport_lookup_matches_airportsdata(code: str) -> None:
    assert geo.airport(code) == dict(ALL[code])


def test_every_hundredth_airport_matches() -> None:
    for code in sorted(ALL)[::100]:
        assert geo.airport(code) == dict(ALL[code]), code


@pytest.mark.parametrize("code", ["XXX", "dyu", "DYUU", ""])
def test_unknown_or_malformed_codes(code: str) -> None:
    assert geo.airport(code) is None


def test_tashkent_airport_zone_is_samarkand_with_the_same_offset() -> None:
    record = geo.airport("TAS")
    assert record is not None and record["tz"] == "Asia/Samarkand"
    assert geo.country_zones("UZ") == ["Asia/Samarkand", "Asia/Tashkent"]


def test_distance_dushanbe_tashkent() -> None:
    dyu, tas = geo.airport("DYU"), geo.airport("TAS")
    assert dyu is not None and tas is not None
    km = geo.distance_km(dyu["lat"], dyu["lon"], tas["lat"], tas["lon"])
    assert 290 < km < 310


@pytest.mark.parametrize(
    ("code", "city"),
    [("IST", "Istanbul"), ("LHR", "London"), ("JFK", "New York"), ("DYU", "Dushanbe")],
)
def test_airports_serve_the_city_travellers_name(code: str, city: str) -> None:
    record = geo.airport(code)
    assert record is not None
    assert geo.airport_city(record) == city
