"""Briefings of a mission in countries missionplan knows little about (Peru, Bolivia): what it
does not know is said so, in every format, never left blank for the traveller to read as "none"."""

from __future__ import annotations

import html
import io
import re
import tomllib
from pathlib import Path

import pypdf
import pytest
from test_briefing import mission_of

from missionplan.export.briefing import build, facts, render
from missionplan.export.briefing.facts import DATA
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

ASK = "ask the country office or check before travel"


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
