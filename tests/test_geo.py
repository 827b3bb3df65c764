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


# -- places by geography: the gazetteer against airportsdata's own points ----------------------


@pytest.mark.parametrize(
    ("written", "country", "code"),
    [
        ("Frankfurt", "DE", "FRA"),
        ("Delhi", "IN", "DEL"),
        ("New Delhi", "IN", "DEL"),
        ("Bangalore", "IN", "BLR"),
        ("Bamako", "ML", "BKO"),
        ("Panama City", "PA", "PTY"),
        ("New York", "US", "EWR"),
        ("Montreal", "CA", "YUL"),
        ("Belgrade", "RS", "BEG"),
        ("Zurich", "CH", "ZRH"),
    ],
)
def test_a_city_as_planners_write_it_is_within_same_city_distance_of_its_airport(
    written: str, country: str, code: str
) -> None:
    from missionplan.plan.plan import SAME_CITY_KM

    found = geo.city(written, country)
    airport = ALL[code]
    assert found is not None
    km = geo.distance_km(found.latitude, found.longitude, airport["lat"], airport["lon"])
    assert km <= SAME_CITY_KM, (found, airport["city"], km)
    assert found.timezone == airport["tz"]


def test_unknown_cities_are_not_found_and_namesakes_stay_apart() -> None:
    assert geo.city("Delhi", "BD") is None
    assert geo.city("Qishloq Bogi Farm", "UZ") is None
    # two cities far apart are never one: Frankfurt (Oder) is not Frankfurt am Main
    main, oder = geo.city("Frankfurt am Main", "DE"), geo.city("Frankfurt (Oder)", "DE")
    assert main is not None and oder is not None
    assert geo.distance_km(main.latitude, main.longitude, oder.latitude, oder.longitude) > 400


def test_former_airport_codes_are_gone_from_airportsdata_and_today_codes_are_there() -> None:
    from missionplan.plan.airport_history import FORMER_CODES

    for code, former in FORMER_CODES.items():
        assert code not in ALL, f"{code} is known again: the table entry is stale"
        today = ALL[former.today]
        assert former.until.year >= 2019
        if not former.renamed:  # a replacement serves the same city
            km = geo.distance_km(former.lat, former.lon, today["lat"], today["lon"])
            assert km < 60 and former.tz == today["tz"] and former.country == today["country"]
