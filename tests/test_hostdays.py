"""Host-country calendars: holidays, weekends, working Saturdays, and the cache that keeps
`holidays` (90 ms to load) out of repeated runs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from missionplan.plan import hostdays


def test_holidays_weekends_and_working_saturdays() -> None:
    assert hostdays.holiday("TJ", date(2022, 5, 9)) == "Victory Day"
    assert hostdays.holiday("TJ", date(2022, 5, 10)) is None
    assert hostdays.is_weekend("UZ", date(2022, 5, 28))  # a Saturday
    assert not hostdays.is_weekend("UZ", date(2022, 5, 7))  # a Saturday worked instead
    assert not hostdays.is_weekend("AT", date(2022, 5, 27))
    assert not hostdays.year_calendar("ZZ", 2022).known  # no data: no guess
    assert not hostdays.is_weekend("ZZ", date(2022, 5, 28))


def test_a_window_across_years() -> None:
    calendar = hostdays.window("AT", date(2022, 12, 20), date(2023, 1, 10))
    assert calendar.holidays[date(2022, 12, 25)] == "Christmas Day"
    assert calendar.holidays[date(2023, 1, 6)] == "Epiphany"
    assert date(2023, 1, 7) in hostdays.weekend_days(calendar, date(2023, 1, 1), date(2023, 1, 10))


_PROBE = (
    "import sys, json; from datetime import date; from missionplan.plan import hostdays as h;"
    "print(json.dumps([h.holiday('TJ', date(2022, 5, 9)), h.is_weekend('UZ', date(2022, 5, 7)),"
    " 'holidays' in sys.modules]))"
)


def _probe(cache: Path) -> list[object]:
    env = {"MISSIONPLAN_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(run.stdout)


def test_the_second_run_answers_from_the_cache_without_loading_holidays(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    assert first == ["Victory Day", False, True]
    assert second == ["Victory Day", False, False]
    (cache,) = tmp_path.glob("holidays-*.json")
    assert "TJ/2022" in json.loads(cache.read_text(encoding="utf-8"))


def test_a_damaged_cache_is_recomputed(tmp_path: Path) -> None:
    _probe(tmp_path)
    (cache,) = tmp_path.glob("holidays-*.json")
    cache.write_text('{"TJ/2022": {"known": "nonsense"}, "UZ/2022": 7', encoding="utf-8")
    assert _probe(tmp_path) == ["Victory Day", False, True]
    cache.write_text('{"TJ/2022": {"holidays": 3}}', encoding="utf-8")
    assert _probe(tmp_path) == ["Victory Day", False, True]


def test_an_unwritable_cache_is_no_obstacle(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert _probe(blocker / "cache") == ["Victory Day", False, True]
