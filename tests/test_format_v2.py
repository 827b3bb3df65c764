"""Format 2: a mission using every new field validates clean; each field means what it says."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pydantic
from conftest import FIXTURES, ROOT, invoke, resolve_text

from missionplan.app.validate import check_paths
from missionplan.source import model
from missionplan.source.fields import V2_FIELDS
from missionplan.source.schema import schema_text
from missionplan.source.starter import StarterPlace, starter_text

EVERY_FIELD = FIXTURES / "format2" / "every_field.toml"
_TABLES: list[type[pydantic.BaseModel]] = [
    model.MissionTable,
    model.Person,
    model.Place,
    model.Travel,
    model.Stay,
    model.Event,
    model.Contact,
    model.Settings,
    model.TravelDocument,
    model.CountryDocuments,
    model.Terminals,
]


def _mission(text: str) -> Any:
    return resolve_text(text, errors=True)


def _codes(text: str, tmp_path: Path) -> list[tuple[int, str]]:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    (report,) = check_paths([path])
    return sorted((d.line, d.code) for d in report.diagnostics)


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def test_a_mission_using_every_new_field_validates_clean() -> None:
    result = invoke("validate", EVERY_FIELD)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout + result.stderr
    text = EVERY_FIELD.read_text("utf-8")
    written = set(re.findall(r"^(\w+) =", text, re.M)) | set(re.findall(r"\b(\w+) = ", text))
    for table, names in V2_FIELDS.items():
        assert names <= written, f"{table.__name__}: {sorted(names - written)}"


def test_the_schema_accepts_the_format_2_mission_and_rejects_a_misspelt_field() -> None:
    schema = json.loads(schema_text())
    data = _as_json(tomllib.loads(EVERY_FIELD.read_text("utf-8")))
    jsonschema.validate(data, schema)
    data["travel"][0]["seats"] = "14C"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as error:
        assert "seats" in str(error)
    else:
        raise AssertionError("the schema took an unknown field")


def test_the_schema_describes_every_field() -> None:
    schema = json.loads(schema_text())
    for name, table in schema["$defs"].items():
        for field, spec in table.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_format_1_files_keep_validating_and_other_versions_are_refused(tmp_path: Path) -> None:
    v1 = (FIXTURES / "loader" / "format2_stated_v1.toml").read_text("utf-8")
    assert _codes(v1.replace('seat = "12A"  # expect: MP102\n', ""), tmp_path) == [(17, "MP303")]
    found = _codes(v1.replace("format = 1", "format = 3"), tmp_path)
    assert (2, "MP102") in found


def test_cancelled_items_are_kept_but_take_no_part_in_checks(tmp_path: Path) -> None:
    text = EVERY_FIELD.read_text("utf-8")
    mission = _mission(text)
    cancelled = {item.id for item in mission.cancelled}
    assert cancelled == {"taher-dyu-tas-flight", "tashkent-lunch"}
    assert cancelled.isdisjoint(item.id for item in mission.items)
    # the same lunch, confirmed, clashes with the visit to Samarkand
    confirmed = text.replace('status = "cancelled"\nnotes = "Moved', 'notes = "Moved')
    codes = {code for _line, code in _codes(confirmed, tmp_path)}
    assert {"MP300", "MP301"} <= codes


def test_remote_people_are_not_checked_against_the_place(tmp_path: Path) -> None:
    text = EVERY_FIELD.read_text("utf-8")
    in_the_room = text.replace(
        'people = ["taher"]\nremote = ["ahmed"]', 'people = ["taher", "ahmed"]'
    )
    assert in_the_room != text
    lines = [line for line, code in _codes(in_the_room, tmp_path) if code == "MP301"]
    assert lines and all(
        in_the_room.splitlines()[line - 1].startswith("start = 2022-05-23") for line in lines
    )
    mission = _mission(text)
    workshop = next(e for e in mission.events if e.id == "sop-workshop")
    assert workshop.people == ("taher", "ahmed") and workshop.remote == ("ahmed",)
    call = next(e for e in mission.events if e.id == "hq-check-in")
    assert call.remote == ("taher", "ahmed")  # no place: everyone joins from where they are


def test_split_hours_make_one_session_per_range_per_day() -> None:
    mission = _mission(EVERY_FIELD.read_text("utf-8"))
    workshop = next(e for e in mission.events if e.id == "sop-workshop")
    zone = ZoneInfo("Asia/Dushanbe")
    expected = [
        (
            dt.datetime(2022, 5, day, h1, m1, tzinfo=zone),
            dt.datetime(2022, 5, day, h2, m2, tzinfo=zone),
        )
        for day in (23, 24)
        for (h1, m1, h2, m2) in ((9, 0, 12, 30), (13, 30, 16, 0))
    ]
    assert [(s.start, s.end) for s in workshop.sessions] == expected
    call = next(e for e in mission.events if e.id == "hq-check-in")
    assert call.start == dt.datetime(2022, 5, 24, 14, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def test_legs_sharing_a_booking_are_one_journey() -> None:
    mission = _mission(EVERY_FIELD.read_text("utf-8"))
    journeys = {leg.id: leg.journey for leg in mission.legs}
    assert journeys["taher-gva-ist"] == journeys["taher-ist-dyu"] == "QX7ILL"
    assert journeys["taher-dyu-tas-road"] == "dushanbe-tashkent-transfer"
    assert journeys["taher-tas-ist"] != journeys["taher-gva-ist"]


def test_reference_stays_the_format_1_name_of_booking_and_confirmation() -> None:
    text = EVERY_FIELD.read_text("utf-8")
    old = text.replace('booking = "ZZ4ILL"', 'reference = "ZZ4ILL"').replace(
        'confirmation = "HD-ILLUS-0001"', 'reference = "HD-ILLUS-0001"'
    )
    mission = _mission(old)
    assert {leg.id: leg.reference for leg in mission.legs}["calderon-vie-tas"] == "ZZ4ILL"
    assert {s.id: s.reference for s in mission.stays}["taher-dushanbe-hotel"] == "HD-ILLUS-0001"


def test_unknown_keys_in_new_tables_still_get_a_did_you_mean(tmp_path: Path) -> None:
    text = EVERY_FIELD.read_text("utf-8").replace(
        'visa = { status = "not-needed" }', 'vissa = { status = "not-needed" }'
    )
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    (report,) = check_paths([path])
    (found,) = [d for d in report.diagnostics if d.code == "MP101"]
    assert found.hint == 'did you mean "visa"?'
    assert text.splitlines()[found.line - 1].startswith("vissa")


def test_the_starter_shows_every_new_field_as_a_valid_commented_example() -> None:
    text = starter_text(
        mission_id="m",
        title="T",
        start=dt.date(2022, 5, 2),
        end=dt.date(2022, 5, 6),
        people=[("a", "A B")],
        places=[StarterPlace("dushanbe", "Dushanbe", "TJ")],
    )
    commented = re.findall(r"^# (\w+) = (.*)$", text, re.M)
    shown = {key for key, _value in commented} | set(re.findall(r"^(\w+) = ", text, re.M))
    for table, names in V2_FIELDS.items():
        assert names <= shown, f"{table.__name__}: {sorted(names - shown)}"
    known = {info.alias or name for table in _TABLES for name, info in table.model_fields.items()}
    for key, line in commented:
        value = re.sub(r"\s+#.*$", "", line)
        assert key in known, key
        if "..." not in value:
            tomllib.loads(f"{key} = {value}")  # a commented example is TOML as it stands


def test_the_documentation_names_every_field() -> None:
    docs = (ROOT / "docs" / "format.md").read_text("utf-8")
    for table in _TABLES:
        for name, info in table.model_fields.items():
            assert re.search(rf"\b{info.alias or name}\b", docs), f"{table.__name__}.{name}"


def test_the_document_lead_time_is_a_setting(tmp_path: Path) -> None:
    text = EVERY_FIELD.read_text("utf-8")
    assert _codes(text, tmp_path) == []
    # calderon's clearance for Uzbekistan was requested 13 days before he lands in Tashkent
    stricter = text.replace("document_lead_days = 7", "document_lead_days = 14")
    lines = text.splitlines()
    (found,) = _codes(stricter, tmp_path)
    assert found[1] == "MP305"
    assert lines[found[0] - 1].startswith(
        'clearance = { status = "requested", requested = 2022-05-12'
    )


def test_a_stopover_is_an_entry_only_when_the_traveller_leaves_the_airport(tmp_path: Path) -> None:
    text = EVERY_FIELD.read_text("utf-8")
    without_turkey = text.replace(
        '[people.taher.documents.TR]\nclearance = { status = "granted", requested = 2022-05-06,'
        " expires = 2022-06-30 }\n",
        "",
    )
    assert without_turkey != text
    lines = without_turkey.splitlines()
    found = _codes(without_turkey, tmp_path)
    assert [code for _line, code in found] == ["MP305"]
    # the return's overnight stopover in Istanbul, not the outbound connection
    assert lines[found[0][0] - 1] == 'to = "IST"'
    assert lines[found[0][0] - 5] == 'id = "taher-tas-ist"'
    staying = without_turkey.replace("leaves_airport = true\n", "")
    assert _codes(staying, tmp_path) == []
