"""`missionplan where`: who is where across files; expected instants come from zoneinfo on the
literal times of the test files, never from missionplan."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import SEED, invoke


def _local(text: str, zone: str) -> datetime:
    """An instant from a TOML local date-time as written and the zone of its place."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def _where(*args: str | Path) -> tuple[int, list[dict[str, Any]], str]:
    result = invoke("where", *args, "--format", "json")
    people = json.loads(result.stdout)["people"] if result.stdout else []
    return result.exit_code, people, result.stderr


def _by_person(people: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {p["person"]: p for p in people}


def _header_line(item: str) -> int:
    """The line of the `[[travel]]` header of the item with this id in the example."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'id = "{item}"')
    return next(n for n in range(at, 0, -1) if lines[n - 1].startswith("[["))


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


# -- the example mission ---------------------------------------------------------------------


def test_both_experts_are_at_the_regional_event_in_tashkent() -> None:
    code, people, _ = _where(SEED, "--at", "2022-05-27T10:00 Asia/Tashkent")
    assert code == 0
    found = _by_person(people)
    assert set(found) == {"taher", "calderon"}
    for person in found.values():
        assert person["status"] == "away"
        assert (person["city"], person["country"]) == ("Tashkent", "UZ")
        assert "regional-event" in person["doing"]
        assert person["stay"].startswith("Hotel in Tashkent")
    # since: the arrival that brought each there, as the file writes it
    assert _instant(found["calderon"]["since"]) == _local("2022-05-27T05:55", "Asia/Tashkent")
    assert _instant(found["taher"]["since"]) == _local("2022-05-25T08:55", "Asia/Tashkent")
    assert _instant(found["calderon"]["until"]) == _local("2022-05-29T15:00", "Asia/Tashkent")
    assert "HY 231" in found["calderon"]["next_move"]
    # the file that says so, at the leg that took each there
    assert found["taher"]["file"] == f"{SEED}:{_header_line('taher-dyu-tas')}"
    assert found["calderon"]["file"] == f"{SEED}:{_header_line('calderon-vie-tas')}"
    assert (
        found["taher"]["emergency_contact"] == "IOM Tajikistan, Dushanbe office, Dushanbe@iom.int"
    )


def test_the_expert_is_in_transit_to_tashkent_during_her_flight() -> None:
    # SZ 201 departs 07:40 Dushanbe time, arrives 08:55 Tashkent time (the file's literals)
    depart = _local("2022-05-25T07:40", "Asia/Dushanbe")
    arrive = _local("2022-05-25T08:55", "Asia/Tashkent")
    assert depart < _local("2022-05-25T08:00", "Asia/Dushanbe") < arrive
    code, people, _ = _where(SEED, "--at", "2022-05-25T08:00 Asia/Dushanbe")
    assert code == 0
    taher = _by_person(people)["taher"]
    assert taher["status"] == "in transit"
    assert taher["city"] is None
    assert "SZ 201: Dushanbe → Tashkent" in taher["transport"]
    assert (_instant(taher["since"]), _instant(taher["until"])) == (depart, arrive)
    # a minute before departure she is still in Dushanbe; at arrival, in Tashkent
    before = (depart.timestamp() - 60, "Dushanbe")
    after = (arrive.timestamp(), "Tashkent")
    for ts, city in (before, after):
        moment = datetime.fromtimestamp(ts, ZoneInfo("UTC")).isoformat()
        _, again, _ = _where(SEED, "--at", moment, "--person", "taher")
        assert [p["city"] for p in again] == [city]


def test_a_person_at_home_is_listed_as_at_home() -> None:
    code, people, _ = _where(SEED, "--at", "2022-05-24T12:00 Europe/Vienna")
    found = _by_person(people)
    assert code == 0
    assert found["calderon"]["status"] == "at home"
    assert (found["calderon"]["city"], found["calderon"]["country"]) == ("Vienna", "AT")
    assert _instant(found["calderon"]["until"]) == _local("2022-05-26T21:25", "Europe/Vienna")
    assert found["taher"]["status"] == "away"
    # --away leaves people at home out
    _, away, _ = _where(SEED, "--at", "2022-05-24T12:00 Europe/Vienna", "--away")
    assert [p["person"] for p in away] == ["taher"]


def test_near_tashkent_during_the_regional_event_lists_both() -> None:
    window = "2022-05-27T09:00..2022-05-28T17:30 Asia/Tashkent"
    code, people, _ = _where(SEED, "--during", window, "--near", "Tashkent", "--radius", "50")
    assert code == 0
    assert {p["person"] for p in people if p["status"] == "away"} == {"taher", "calderon"}
    assert all(p["distance_km"] <= 50 for p in people)
    # Vienna is 3,000 km away: nobody of the event is near it then
    _, vienna, _ = _where(SEED, "--during", window, "--near", "48.2082,16.3738", "--radius", "50")
    assert vienna == []


def test_during_lists_every_stretch_of_the_window() -> None:
    # calderon: in Vienna, on the night flight, then in Tashkent
    code, people, _ = _where(
        SEED, "--during", "2022-05-26..2022-05-27 Europe/Vienna", "--person", "calderon"
    )
    assert code == 0
    assert [p["status"] for p in people] == ["at home", "in transit", "away"]
    assert [p["city"] for p in people] == ["Vienna", None, "Tashkent"]


# -- edge cases, in files of their own ---------------------------------------------------------

_HEAD = """
[mission]
id = "{id}"
title = "Test mission {id}"
start = {start}
end = {end}

[people.{person}]
name = "Amina Okafor"
email = "amina@example.org"
phone = "+41 22 555 01 23"
home = "geneva"

[places.geneva]
city = "Geneva"
country = "CH"
airport = "GVA"
"""


def _mission(tmp: Path, name: str, body: str, **head: str) -> Path:
    values = {"id": name, "start": "2023-03-01", "end": "2023-03-31", "person": "amina"} | head
    path = tmp / f"{name}.toml"
    path.write_text(_HEAD.format(**values) + body, encoding="utf-8")
    return path


def _leg(ident: str, origin: str, to: str, depart: str, arrive: str, number: str = "") -> str:
    return (
        f'[[travel]]\nid = "{ident}"\nmode = "flight"\nfrom = "{origin}"\nto = "{to}"\n'
        f'depart = {depart}\narrive = {arrive}\nnumber = "{number or ident}"\n'
    )


def test_a_date_line_crossing_flight(tmp_path: Path) -> None:
    # Auckland 19:00 on the 10th to Honolulu 06:00 the same date: it lands "before" it left
    body = (
        '[places.auckland]\ncity = "Auckland"\ncountry = "NZ"\ntimezone = "Pacific/Auckland"\n'
        'airport = "AKL"\n'
        '[places.honolulu]\ncity = "Honolulu"\ncountry = "US"\n'
        'timezone = "Pacific/Honolulu"\nairport = "HNL"\n'
        + _leg("out", "geneva", "auckland", "2023-03-07T10:00:00", "2023-03-08T21:00:00")
        + _leg("cross", "auckland", "honolulu", "2023-03-10T19:00:00", "2023-03-10T06:00:00")
    )
    path = _mission(tmp_path, "dateline", body)
    depart = _local("2023-03-10T19:00", "Pacific/Auckland")
    arrive = _local("2023-03-10T06:00", "Pacific/Honolulu")
    assert depart < arrive
    cases = [
        ("2023-03-10T18:59 Pacific/Auckland", "away", "Auckland"),
        ("2023-03-10T05:00 Pacific/Honolulu", "in transit", None),  # after take-off
        ("2023-03-10T20:00 Pacific/Auckland", "in transit", None),
        ("2023-03-10T06:00 Pacific/Honolulu", "away", "Honolulu"),
    ]
    for moment, status, city in cases:
        code, people, _ = _where(path, "--at", moment)
        assert code == 0
        assert [(p["status"], p["city"]) for p in people] == [(status, city)], moment
    _, people, _ = _where(path, "--at", "2023-03-10T20:00 Pacific/Auckland")
    assert (_instant(people[0]["since"]), _instant(people[0]["until"])) == (depart, arrive)


def test_a_night_flight_across_midnight_is_in_transit_on_both_dates() -> None:
    # HY 232: Vienna 21:25 on the 26th, Tashkent 05:55 on the 27th
    for moment in ("2022-05-26T23:59 Europe/Vienna", "2022-05-27T00:30 Europe/Vienna"):
        _, people, _ = _where(SEED, "--at", moment, "--person", "calderon")
        assert [p["status"] for p in people] == ["in transit"]
        assert "HY 232" in people[0]["transport"]


def test_one_person_on_two_missions_back_to_back(tmp_path: Path) -> None:
    nairobi = '[places.nairobi]\ncity = "Nairobi"\ncountry = "KE"\nairport = "NBO"\n'
    bangkok = '[places.bangkok]\ncity = "Bangkok"\ncountry = "TH"\nairport = "BKK"\n'
    first = _mission(
        tmp_path,
        "first",
        nairobi
        + _leg("in", "geneva", "nairobi", "2023-03-01T08:00:00", "2023-03-01T18:00:00")
        + _leg("home", "nairobi", "geneva", "2023-03-05T09:00:00", "2023-03-05T17:00:00"),
    )
    # the second file knows her by another id; the same email makes her the same person
    second = _mission(
        tmp_path,
        "second",
        bangkok
        + _leg("out", "geneva", "bangkok", "2023-03-06T13:00:00", "2023-03-07T06:00:00")
        + _leg("back", "bangkok", "geneva", "2023-03-10T09:00:00", "2023-03-10T16:00:00"),
        person="okafor",
    )
    expected = [
        ("2023-03-03T12:00 Africa/Nairobi", "away", "Nairobi", first),
        ("2023-03-05T20:00 Europe/Zurich", "at home", "Geneva", first),
        ("2023-03-06T14:00 Europe/Zurich", "in transit", None, second),
        ("2023-03-08T12:00 Asia/Bangkok", "away", "Bangkok", second),
        ("2023-03-12T12:00 Europe/Zurich", "at home", "Geneva", second),
        ("2023-02-20T12:00 Europe/Zurich", "at home", "Geneva", first),
    ]
    for moment, status, city, file in expected:
        code, people, _ = _where(first, second, "--at", moment)
        assert code == 0
        assert [(p["status"], p["city"]) for p in people] == [(status, city)], moment
        assert people[0]["file"].startswith(str(file)), moment
        assert people[0]["conflict"] is False
    # between the two: at home since the first file's return, until the second's departure
    _, people, _ = _where(first, second, "--at", "2023-03-05T20:00 Europe/Zurich")
    assert _instant(people[0]["since"]) == _local("2023-03-05T17:00", "Europe/Zurich")
    assert _instant(people[0]["until"]) == _local("2023-03-06T13:00", "Europe/Zurich")
    assert "out" in people[0]["next_move"]
    # --person finds her by either id or by email
    for who in ("amina", "okafor", "AMINA@example.org"):
        _, people, _ = _where(
            first, second, "--during", "2023-03-01..2023-03-10 UTC", "--person", who
        )
        assert {p["mission"] for p in people} == {"first", "second"}


def test_two_files_that_disagree_are_marked(tmp_path: Path) -> None:
    nairobi = '[places.nairobi]\ncity = "Nairobi"\ncountry = "KE"\nairport = "NBO"\n'
    bangkok = '[places.bangkok]\ncity = "Bangkok"\ncountry = "TH"\nairport = "BKK"\n'
    one = _mission(
        tmp_path,
        "one",
        nairobi
        + _leg("in", "geneva", "nairobi", "2023-03-01T08:00:00", "2023-03-01T18:00:00")
        + _leg("home", "nairobi", "geneva", "2023-03-05T09:00:00", "2023-03-05T17:00:00"),
    )
    two = _mission(
        tmp_path,
        "two",
        bangkok
        + _leg("out", "geneva", "bangkok", "2023-03-02T13:00:00", "2023-03-03T06:00:00")
        + _leg("back", "bangkok", "geneva", "2023-03-04T09:00:00", "2023-03-04T16:00:00"),
    )
    # one timeline across both files: her legs chain in time order, and where they do not
    # (the next leg leaves from another city) the answer is marked as a conflict
    expected = [
        ("2023-03-01T20:00 UTC", "Nairobi", True),  # "out" leaves Geneva next
        ("2023-03-03T12:00 UTC", "Bangkok", False),
        ("2023-03-04T20:00 UTC", "Geneva", True),  # "home" leaves Nairobi next
    ]
    for moment, city, conflict in expected:
        code, people, _ = _where(one, two, "--at", moment)
        assert code == 0
        assert [(p["city"], p["conflict"]) for p in people] == [(city, conflict)], moment


def test_an_item_whose_person_was_removed(tmp_path: Path) -> None:
    body = (
        '[places.nairobi]\ncity = "Nairobi"\ncountry = "KE"\nairport = "NBO"\n'
        + _leg("in", "geneva", "nairobi", "2023-03-01T08:00:00", "2023-03-01T18:00:00")
        + '[[events]]\nid = "talk"\ntitle = "Talk"\nplace = "nairobi"\n'
        'start = 2023-03-02T10:00:00\nend = 2023-03-02T11:00:00\npeople = ["amina", "ghost"]\n'
    )
    path = _mission(tmp_path, "removed", body)
    code, people, stderr = _where(path, "--at", "2023-03-02T10:30 Africa/Nairobi")
    assert code == 1  # the file has an error: listed, and the answer still given
    assert f"{path}:" in stderr and 'unknown person "ghost"' in stderr
    assert [(p["person"], p["city"], "talk" in (p["doing"] or "")) for p in people] == [
        ("amina", "Nairobi", True)
    ]


# -- formats and mistakes --------------------------------------------------------------------


def test_csv_is_read_back_by_the_csv_module_and_neutralises_formulas(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        'name = "Salma Taher"', 'name = "=HYPERLINK(\\"http://x\\")"\nphone = "+992 37 221 00 00"'
    )
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    result = invoke("where", path, "--at", "2022-05-27T10:00 Asia/Tashkent", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert {r["person"] for r in rows} == {"taher", "calderon"}
    taher = next(r for r in rows if r["person"] == "taher")
    assert taher["name"] == '\'=HYPERLINK("http://x")'
    assert taher["phone"] == "+992 37 221 00 00"
    assert taher["city"] == "Tashkent"


def test_now_is_stated_to_the_second() -> None:
    """The default instant is printed as a person reads a clock, not to the microsecond."""
    before = datetime.now(UTC).replace(microsecond=0)
    text = invoke("where", SEED)
    data = json.loads(invoke("where", SEED, "--format", "json").stdout)
    after = datetime.now(UTC)
    heading = text.stdout.splitlines()[0]
    assert re.fullmatch(r"Where people are at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", heading)
    stated = datetime.fromisoformat(heading.removeprefix("Where people are at "))
    assert before <= stated <= after
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", data["query"]["at"])


def test_text_table_names_everyone_and_the_emergency_contact() -> None:
    result = invoke("where", SEED, "--at", "2022-05-25T08:00 Asia/Dushanbe")
    assert result.exit_code == 0
    out = result.stdout
    assert "Salma Taher (taher)" in out and "in transit" in out and "SZ 201" in out
    assert "Jaime Calderon (calderon)" in out and "at home" in out
    assert "Emergency contact, iom-tjk-uzb-2022-05: IOM Tajikistan, Dushanbe office" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--at", "2022-05-27T10:00"], "has no time zone"),
        (["--at", "2022-05-27T10:00 Asia/Tashknt"], 'did you mean "Asia/Tashkent"'),
        (["--at", "tomorrow"], "is not a date and time"),
        (["--at", "2023-03-26T02:30 Europe/Vienna"], "does not exist in Europe/Vienna"),
        (["--at", "2022-05-27T10:00Z", "--during", "2022-05-27..2022-05-28 UTC"], "not both"),
        (["--during", "2022-05-28..2022-05-27 UTC"], "ends before it starts"),
        (["--during", "2022-05-28"], "START..END"),
        (["--near", "Xyzzyville"], "Xyzzyville"),
        (["--near", "95,10"], "latitude"),
        (["--near", "Tashkent", "--radius", "-1"], "--radius"),
        (["--person", "nobody"], 'no person "nobody"'),
    ],
)
def test_bad_usage_is_exit_2_with_a_clear_message(args: list[str], words: str) -> None:
    result = invoke("where", SEED, *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_is_exit_2_and_the_others_still_answer(tmp_path: Path) -> None:
    result = invoke("where", SEED, tmp_path / "missing.toml", "--at", "2022-05-27T10:00Z")
    assert result.exit_code == 2
    assert "missing.toml: no such file" in result.stderr
    assert "Salma Taher" in result.stdout


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "where.json"
    result = invoke("where", SEED, "--at", "2022-05-27T10:00Z", "--format", "json", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["query"]["at"].startswith("2022-05-27")


def test_near_a_city_outside_the_portfolio_measures_the_great_circle() -> None:
    # Almaty is no place of the example; Tashkent airport is at 41.2579 N 69.2812 E (TAS),
    # Almaty about 43.25 N 76.92 E: some 670 km apart
    code, people, _ = _where(
        SEED, "--at", "2022-05-27T10:00 Asia/Tashkent", "--near", "Almaty, KZ", "--radius", "1000"
    )
    assert code == 0
    assert {p["person"] for p in people} == {"taher", "calderon"}
    assert all(640 < p["distance_km"] < 700 for p in people)
    _, none, _ = _where(
        SEED, "--at", "2022-05-27T10:00 Asia/Tashkent", "--near", "Almaty, KZ", "--radius", "600"
    )
    assert none == []
