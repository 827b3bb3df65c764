"""`missionplan new` writes a file that validates; `missionplan ids` adds ids and nothing else."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import SEED, invoke


def test_new_with_flags_writes_a_valid_file_and_its_schema(tmp_path: Path) -> None:
    target = tmp_path / "trip.toml"
    result = invoke(
        "new",
        "-o",
        target,
        "--id",
        "tjk-2026-12",
        "--title",
        'Mission "Тест" #1',
        "--start",
        "2026-12-07",
        "--end",
        "2026-12-10",
        "--person",
        "taher=Salma Taher",
        "--person",
        "calderon=Jaime Calderon",
        "--city",
        "dushanbe=Dushanbe,TJ",
        "--city",
        "tashkent=Tashkent,UZ,Asia/Tashkent",
    )
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["mission"]["title"] == 'Mission "Тест" #1'
    assert data["mission"]["start"].isoformat() == "2026-12-07"
    assert set(data["people"]) == {"taher", "calderon"}
    assert data["places"]["tashkent"]["timezone"] == "Asia/Tashkent"
    assert (tmp_path / "missionplan.schema.json").exists()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./missionplan.schema.json\n")
    for section in ("[[travel]]", "[[stays]]", "[[events]]", "[[contacts]]", "[settings]"):
        assert section in text
    checked = invoke("validate", target, "--strict")
    assert checked.exit_code == 0, checked.stdout


def test_new_suggests_a_time_zone_of_the_place_s_own_country(tmp_path: Path) -> None:
    """Uncommenting the starter's `timezone` line of a place keeps the file valid."""
    target = tmp_path / "m.toml"
    cities = ("cusco=Cusco,PE", "lapaz=La Paz,BO", "dili=Dili,TL")
    options = [a for city in cities for a in ("--city", city)]
    made = invoke("new", "-o", target, "--id", "who-per-2025", "--person", "ana=Ana", *options)
    assert made.exit_code == 0, made.stderr
    text = target.read_text(encoding="utf-8")
    suggested = re.findall(r'^# (timezone = "[^"]+")', text, flags=re.M)
    assert len(suggested) == len(cities)
    target.write_text(re.sub(r'^# (timezone = "[^"]+")', r"\1", text, flags=re.M), "utf-8")
    places = tomllib.loads(target.read_text(encoding="utf-8"))["places"]
    zones = {"cusco": "America/Lima", "lapaz": "America/La_Paz", "dili": "Asia/Dili"}
    assert {key: place["timezone"] for key, place in places.items()} == zones
    result = invoke("validate", target)
    assert result.exit_code == 0, result.stdout


def test_new_without_a_terminal_takes_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("new", input="")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "new-mission.toml").exists()
    assert invoke("validate", "new-mission.toml").exit_code == 0
    again = invoke("new", input="")
    assert again.exit_code == 2
    assert "already exists (use --force to overwrite)" in again.stderr


def test_new_prompts_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionplan.cli.edit._interactive", lambda: True)
    answers = (
        "\n".join(
            [
                "Bad Id!",  # asked again
                "uzb-visit",
                "Visit to Uzbekistan",
                "next week",  # asked again
                "2027-01-11",
                "2027-01-13",
                "taher=Salma Taher",
                "camp=Base Camp,UZ",  # two zones in Uzbekistan, a city not on the map: asked again
                "tashkent=Tashkent,UZ,Asia/Tashkent",
            ]
        )
        + "\n"
    )
    target = tmp_path / "visit.toml"
    result = invoke("new", "-o", target, input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["mission"]["id"] == "uzb-visit"
    assert data["mission"]["title"] == "Visit to Uzbekistan"
    assert data["places"]["tashkent"]["city"] == "Tashkent"
    assert data["mission"]["start"].isoformat() == "2027-01-11"
    assert "Error: 'Bad Id!': letters, digits, - and _ only" in result.stdout
    assert "Error: 'next week': write a date as YYYY-MM-DD" in result.stdout
    assert "Base Camp,UZ: Uzbekistan has 2 time zones; say which one" in result.stdout
    assert invoke("validate", target).exit_code == 0


@pytest.mark.parametrize(
    "options",
    [
        ("--id", "has space"),
        ("--person", "nameonly"),
        ("--city", "x=Nowhere"),
        ("--city", "us=Nowhereville,US"),
        ("--city", "x=Nowhere,ZZ"),
        ("--city", "x=Oslo,NO,Europe/Osloo"),
        ("--start", "2027-01-10", "--end", "2027-01-01"),
        ("--start", "10/01/2027"),
    ],
)
def test_new_rejects_bad_options_with_exit_2(tmp_path: Path, options: tuple[str, ...]) -> None:
    result = invoke("new", "-o", tmp_path / "x.toml", *options, input="")
    assert result.exit_code == 2
    assert not (tmp_path / "x.toml").exists()


def _without_ids(text: str) -> str:
    return re.sub(r'^id = "(taher-|mohsp-|regional)[^"]*"\n', "", text, flags=re.MULTILINE)


def test_ids_adds_ids_and_keeps_every_other_byte(tmp_path: Path) -> None:
    original = _without_ids(SEED.read_text(encoding="utf-8"))
    path = tmp_path / "mission.toml"
    path.write_text(original, encoding="utf-8")
    before = invoke("validate", path, "--format", "json")
    assert '"code": "MP106"' in before.stdout
    result = invoke("ids", path)
    assert result.exit_code == 0
    assert "added 10 ids" in result.stdout
    updated = path.read_text(encoding="utf-8")
    new_lines = updated.splitlines()
    old_lines = original.splitlines()
    added = [line for line in new_lines if line not in old_lines]
    assert len(added) == 10 and all(line.startswith('id = "') for line in added)
    assert [line for line in new_lines if line not in added] == old_lines
    assert 'id = "taher-dushanbe-tashkent"' in added
    after = invoke("validate", path, "--format", "json")
    assert '"code": "MP106"' not in after.stdout
    assert after.exit_code == 0


def test_ids_check_reports_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "mission.toml"
    path.write_text(_without_ids(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    result = invoke("ids", path, "--check")
    assert result.exit_code == 1
    assert "travel[1] lacks an id" in result.stdout
    assert path.read_bytes() == before
    assert invoke("ids", SEED, "--check").exit_code == 0
    both = invoke("ids", SEED, path, "--check")  # as pre-commit passes several files
    assert both.exit_code == 1
    assert f"{SEED}: every item has an id" in both.stdout


def test_ids_are_unique_and_readable_for_non_latin_titles(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[mission]\nid = "m"\ntitle = "t"\nstart = 2027-01-11\nend = 2027-01-12\n'
        '[people.a]\nname = "A"\n[places.d]\ncity = "Dushanbe"\ncountry = "TJ"\n'
        + '[[events]]\ntitle = "Встреча"\nplace = "d"\nstart = 2027-01-11T10:00:00\n'
        "end = 2027-01-11T11:00:00\n" * 2,
        encoding="utf-8",
    )
    assert invoke("ids", path).exit_code == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e["id"] for e in data["events"]] == ["vstrecha", "vstrecha-2"]


def test_ids_on_broken_toml_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text("[mission]\nid = \n", encoding="utf-8")
    result = invoke("ids", path)
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr


def test_ids_keeps_a_crlf_file_crlf(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(_without_ids(SEED.read_text(encoding="utf-8")).replace("\n", "\r\n").encode())
    assert invoke("ids", path).exit_code == 0
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b'id = "taher-dushanbe-tashkent"\r\n' in data
