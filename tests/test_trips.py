"""`missionplan trips`: the duty-of-care CSV, read back with the csv module; times checked
against zoneinfo on the example's literal times."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import ROOT, SEED, invoke


def _rows(*args: str | Path) -> list[dict[str, str]]:
    result = invoke("trips", *args)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_every_leg_and_stay_of_each_traveller_in_time_order() -> None:
    rows = _rows(SEED)
    taher = [r for r in rows if r["trip_id"] == "iom-tjk-uzb-2022-05/taher"]
    assert [r["item"] for r in taher] == [
        "taher-gva-ist",
        "taher-ist-dyu",
        "taher-dushanbe-hotel",
        "taher-dyu-tas",
        "taher-tashkent-hotel",
        "taher-tas-ist",
        "taher-ist-gva",
    ]
    assert [r["segment"] for r in taher] == [str(n) for n in range(1, 8)]
    assert {r["traveller"] for r in taher} == {"Salma Taher"}
    calderon = [r for r in rows if r["trip_id"] == "iom-tjk-uzb-2022-05/calderon"]
    assert [r["type"] for r in calderon] == ["air", "hotel", "air"]


def test_a_flight_row_carries_local_times_zones_and_utc() -> None:
    flight = next(r for r in _rows(SEED) if r["item"] == "calderon-vie-tas")
    assert (flight["carrier"], flight["number"]) == ("Uzbekistan Airways", "HY 232")
    assert (flight["from_city"], flight["from_code"], flight["to_code"]) == ("Vienna", "VIE", "TAS")
    assert (flight["depart_local"], flight["arrive_local"]) == (
        "2022-05-26T21:25",
        "2022-05-27T05:55",
    )
    depart = datetime(2022, 5, 26, 21, 25, tzinfo=ZoneInfo(flight["depart_timezone"]))
    arrive = datetime(2022, 5, 27, 5, 55, tzinfo=ZoneInfo(flight["arrive_timezone"]))
    assert flight["depart_timezone"] == "Europe/Vienna"
    assert flight["depart_utc"] == depart.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    assert flight["arrive_utc"] == arrive.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    assert flight["emergency_contact"].startswith("IOM Tajikistan, Dushanbe office")


def test_a_hotel_row() -> None:
    hotel = next(r for r in _rows(SEED) if r["item"] == "calderon-tashkent-hotel")
    assert hotel["type"] == "hotel"
    assert hotel["hotel"] == "Hotel in Tashkent (to be confirmed)"
    assert (hotel["to_city"], hotel["to_country"]) == ("Tashkent", "UZ")
    assert (hotel["check_in"], hotel["check_out"]) == ("2022-05-27", "2022-05-29")
    assert hotel["carrier"] == hotel["depart_local"] == ""


def test_every_column_is_documented() -> None:
    from missionplan.export.trips import COLUMNS

    doc = (ROOT / "docs" / "duty-of-care.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", doc, re.M)
    assert documented == list(COLUMNS)
    header = invoke("trips", SEED).stdout.splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_formulas_in_names_are_neutralised(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        'name = "Hotel in Tashkent (to be confirmed)"', 'name = "@SUM(A1:A9)"'
    )
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    hotels = [r["hotel"] for r in _rows(path) if r["type"] == "hotel"]
    assert "'@SUM(A1:A9)" in hotels and "@SUM(A1:A9)" not in hotels


def test_written_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "trips.csv"
    result = invoke("trips", SEED, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("trip_id,segment,traveller")
