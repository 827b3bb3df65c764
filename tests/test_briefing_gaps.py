"""Briefings of missions in Peru/Bolivia and Indonesia/Timor-Leste: what missionplan does not
know is said so in every format; countries go by their ISO 3166 short names; a night on an
overnight leg is spent on the leg, and every section counts nights the same way."""

# ruff: noqa: RUF001  # the en dashes are what the briefing prints

from __future__ import annotations

import html
import io
import re
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from test_briefing import mission_of

from missionplan.export.briefing import build, facts, render
from missionplan.export.briefing.facts import DATA
from missionplan.plan import geo
from missionplan.plan.plan import Mission

# Rosa flies Lima -> Cusco, takes the overnight bus Cusco -> La Paz (26 -> 27 Oct) and flies
# home; her Cusco hotel is booked until the 27th although she leaves on the evening of the 26th.
ANDES = """
[mission]
id = "andes-2026-10"
title = "Andes field visit"
organization = "UNDP"
start = 2026-10-24
end = 2026-10-29
revision = 1

[people.quispe]
name = "Rosa Quispe"
home = "lima"

[places.lima]
city = "Lima"
country = "PE"

[places.cusco]
city = "Cusco"
country = "PE"

[places.lapaz]
city = "La Paz"
country = "BO"

[[travel]]
id = "lim-cuz"
people = ["quispe"]
mode = "flight"
from = "lima"
to = "cusco"
depart = 2026-10-24T08:00:00
arrive = 2026-10-24T09:20:00

[[travel]]
id = "bus-cuz-lpb"
people = ["quispe"]
mode = "road"
from = "cusco"
to = "lapaz"
depart = 2026-10-26T21:30:00
arrive = 2026-10-27T09:00:00

[[travel]]
id = "lpb-lim"
people = ["quispe"]
mode = "flight"
from = "lapaz"
to = "lima"
depart = 2026-10-29T10:00:00
arrive = 2026-10-29T11:30:00

[[stays]]
id = "cusco-hotel"
people = ["quispe"]
place = "cusco"
name = "Casa Andina Standard Cusco Plaza"
check_in = 2026-10-24
check_out = 2026-10-27

[[stays]]
id = "lapaz-hotel"
people = ["quispe"]
place = "lapaz"
name = "Hotel Rosario La Paz"
check_in = 2026-10-27
check_out = 2026-10-29
"""

# Dewi flies Jakarta -> Makassar late on the 24th and lands at 01:15 on the 25th; her hotel is
# booked from the 24th so that a room waits for her. Then Dili (Timor-Leste) and home.
SULAWESI = """
[mission]
id = "sulawesi-2026-10"
title = "Sulawesi and Timor-Leste visit"
organization = "WFP"
start = 2026-10-24
end = 2026-10-30
revision = 1

[people.sari]
name = "Dewi Sari"
home = "jakarta"

[places.jakarta]
city = "Jakarta"
country = "ID"
timezone = "Asia/Jakarta"

[places.makassar]
city = "Makassar"
country = "ID"
timezone = "Asia/Makassar"

[places.dili]
city = "Dili"
country = "TL"

[[travel]]
id = "cgk-upg"
people = ["sari"]
mode = "flight"
from = "jakarta"
to = "makassar"
depart = 2026-10-24T22:30:00
arrive = 2026-10-25T01:15:00

[[travel]]
id = "upg-dil"
people = ["sari"]
mode = "flight"
from = "makassar"
to = "dili"
depart = 2026-10-28T10:00:00
arrive = 2026-10-28T13:00:00

[[travel]]
id = "dil-cgk"
people = ["sari"]
mode = "flight"
from = "dili"
to = "jakarta"
depart = 2026-10-30T14:00:00
arrive = 2026-10-30T16:00:00

[[stays]]
id = "makassar-hotel"
people = ["sari"]
place = "makassar"
name = "Hotel Aryaduta Makassar"
check_in = 2026-10-24
check_out = 2026-10-28

[[stays]]
id = "dili-hotel"
people = ["sari"]
place = "dili"
name = "Hotel Timor"
check_in = 2026-10-28
check_out = 2026-10-30
"""

#: The hour the night is spent where one is (the rule missionplan documents for nights).
NIGHT_HOUR = 3

ASK = "ask the country office or check before travel"


@pytest.fixture(scope="module")
def sulawesi(tmp_path_factory: pytest.TempPathFactory) -> Mission:
    path = tmp_path_factory.mktemp("sulawesi") / "sulawesi.toml"
    path.write_text(SULAWESI, encoding="utf-8")
    return mission_of(path)[0]


@pytest.fixture(scope="module")
def andes(tmp_path_factory: pytest.TempPathFactory) -> Mission:
    path = tmp_path_factory.mktemp("andes") / "andes.toml"
    path.write_text(ANDES, encoding="utf-8")
    return mission_of(path)[0]


def plain(output_format: str, data: bytes) -> str:
    """What a reader sees, one space between words."""
    if output_format == "pdf":
        text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif output_format == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    else:
        text = data.decode("utf-8")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("output_format", ["md", "html", "pdf"])
def test_facts_missionplan_lacks_are_said_to_be_unknown(andes: Mission, output_format: str) -> None:
    with DATA.open("rb") as file:
        table = tomllib.load(file)
    assert "PE" not in table and "BO" not in table  # the situation this test is about
    text = plain(output_format, render(build(andes), output_format))
    # both countries, on the first page and in their facts, with the words a traveller acts on
    for country in ("Peru", "Bolivia"):
        assert f"{country}: missionplan does not know the local emergency numbers: {ASK}" in text
    unknown = f"missionplan does not know the emergency numbers, the plug types and the driving side: {ASK}"
    assert text.count(unknown) == 2
    # a country the table knows says nothing of the sort
    assert "Type " not in text and "Traffic drives" not in text


def test_a_single_missing_fact_is_named_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DATA.open("rb") as file:
        table = tomllib.load(file)
    del table["CL"]["plugs"]  # Chile as if its plugs were not known
    monkeypatch.setattr(facts, "_table", lambda: table)
    path = tmp_path / "chile.toml"
    path.write_text(
        ANDES.replace('country = "BO"', 'country = "CL"').replace("La Paz", "Santiago"),
        encoding="utf-8",
    )
    document = build(mission_of(path)[0])
    chile = next(c for c in document["countries"] if c["country"] == "Chile")
    assert chile["unknown"] == f"missionplan does not know the plug types: {ASK}."
    assert chile["plugs"] == ""
    assert chile["drives"] == "on the right"
    text = plain("md", render(document, "md"))
    assert f"Not known: missionplan does not know the plug types: {ASK}" in text
    assert "Police 133" in text  # the numbers it does know still show


# -- country names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        # ISO 3166-1 short names (as the UN also writes them), not older or colloquial ones
        ("TL", "Timor-Leste"),  # not "East Timor"
        ("TR", "Türkiye"),  # not "Turkey"
        ("CI", "Côte d'Ivoire"),
        ("SZ", "Eswatini"),  # not "Eswatini (Swaziland)"
        ("CZ", "Czechia"),  # not "Czech Republic"
        ("MM", "Myanmar"),  # not "Myanmar (Burma)"
        ("CV", "Cabo Verde"),  # not "Cape Verde"
        ("GB", "United Kingdom"),  # not "Britain (UK)"
        # where ISO 3166 inverts the name for sorting, the UN M49 name
        ("CD", "Democratic Republic of the Congo"),
        ("PS", "State of Palestine"),
        # names everyone uses, as ISO 3166 gives them as common names
        ("BO", "Bolivia"),
        ("SY", "Syria"),
        ("LB", "Lebanon"),
        ("JO", "Jordan"),
        ("PE", "Peru"),
        ("KR", "South Korea"),
    ],
)
def test_countries_go_by_their_official_short_names(code: str, name: str) -> None:
    assert geo.country_name(code) == name


def test_a_briefing_names_timor_leste(sulawesi: Mission) -> None:
    text = plain("md", render(build(sulawesi), "md"))
    assert "East Timor" not in text
    assert "- Timor-Leste: Dili" in text and "### Timor-Leste" in text


# -- nights ----------------------------------------------------------------------------------


def nights_in(arrive: datetime, leave: datetime, zone: str) -> int:
    """The oracle: how many local NIGHT_HOUR instants fall between arriving and leaving."""
    tz = ZoneInfo(zone)
    day, count = arrive.astimezone(tz).date(), 0
    while day <= leave.astimezone(tz).date():
        instant = datetime(day.year, day.month, day.day, NIGHT_HOUR, tzinfo=tz)
        count += arrive <= instant < leave
        day += timedelta(days=1)
    return count


def day_of(document: dict[str, object], iso: str) -> dict[str, object]:
    days = document["days"]
    assert isinstance(days, list)
    return next(d for d in days if d["date"] == iso)


def test_the_night_on_the_overnight_bus_is_on_the_bus(andes: Mission) -> None:
    # the bus runs through 03:00 of the 27th, by Cusco's clock and by La Paz's
    depart = datetime(2026, 10, 26, 21, 30, tzinfo=ZoneInfo("America/Lima"))
    arrive = datetime(2026, 10, 27, 9, 0, tzinfo=ZoneInfo("America/La_Paz"))
    for zone in ("America/Lima", "America/La_Paz"):
        three = datetime(2026, 10, 27, NIGHT_HOUR, tzinfo=ZoneInfo(zone))
        assert depart < three < arrive
    document = build(andes)
    assert (
        day_of(document, "2026-10-26")["sleep"]
        == "Rosa Quispe: On the road trip to La Paz (overnight)"
    )
    assert day_of(document, "2026-10-25")["sleep"] == (
        "Rosa Quispe: Casa Andina Standard Cusco Plaza, Cusco"
    )
    # "Where everyone sleeps" and "At a glance" agree with the day view: two nights in Cusco
    cusco = nights_in(
        datetime(2026, 10, 24, 9, 20, tzinfo=ZoneInfo("America/Lima")), depart, "America/Lima"
    )
    assert cusco == 2
    rows = [(r["dates"], r["nights"], r["where"]) for r in document["first"]["nights"]]
    assert rows == [
        ("Sat 24 Oct – Mon 26 Oct", "2 nights", "Casa Andina Standard Cusco Plaza, Cusco"),
        ("Mon 26 Oct", "1 night", "On the road trip to La Paz (overnight)"),
        ("Tue 27 Oct – Thu 29 Oct", "2 nights", "Hotel Rosario La Paz, La Paz"),
    ]
    glance = {r["city"]: r["nights"] for r in document["glance"]}
    assert glance == {"Cusco": str(cusco), "La Paz": "2"}
    # the booking itself is untouched: three nights paid for in Cusco
    stays = document["accommodation"][0]["stays"]
    assert [s["nights"] for s in stays] == ["3", "2"]


def test_a_night_arrival_counts_the_same_nights_everywhere(sulawesi: Mission) -> None:
    makassar = ZoneInfo("Asia/Makassar")
    landed = datetime(2026, 10, 25, 1, 15, tzinfo=makassar)
    left = datetime(2026, 10, 28, 10, 0, tzinfo=makassar)
    expected = nights_in(landed, left, "Asia/Makassar")
    assert expected == 4  # she is in Makassar at 03:00 on the 25th, 26th, 27th and 28th
    document = build(sulawesi)
    glance = {r["city"]: r["nights"] for r in document["glance"]}
    assert glance["Makassar"] == str(expected)
    sleeps = [r for r in document["first"]["nights"] if "Makassar" in r["where"]]
    assert sum(int(r["nights"].split()[0]) for r in sleeps) == expected
    days = [d for d in document["days"] if "Makassar" in d["sleep"]]
    assert len(days) == expected
    assert date.fromisoformat(days[0]["date"]) == date(2026, 10, 24)
