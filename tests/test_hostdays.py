"""Host-country calendars: holidays, weekends, working Saturdays, and the cache that keeps
`holidays` (90 ms to load) out of repeated runs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from missionplan.checks.finding import Severity
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


# -- corrections of the `holidays` weekends, each against its published source ------------------


def test_nepal_weekend_is_saturday_except_the_2022_trial() -> None:
    # Onlinekhabar, 6 June 2022: Sunday off from 15 May 2022, withdrawn from 15 June 2022
    assert hostdays.is_weekend("NP", date(2024, 3, 9))  # Saturday
    assert not hostdays.is_weekend("NP", date(2024, 3, 10))  # Sunday: a working day
    assert hostdays.is_weekend("NP", date(2022, 5, 22))  # Sunday during the trial
    assert not hostdays.is_weekend("NP", date(2022, 6, 19))  # Sunday after it
    assert not hostdays.is_weekend("NP", date(2022, 5, 8))  # Sunday before it
    assert hostdays.window("NP", date(2024, 3, 1), date(2024, 3, 31)).weekend == {5}


def test_afghanistan_week_runs_saturday_to_thursday_since_2021() -> None:
    # MoLSA notice, 9 Hamal 1404: Thursday 08:00-13:00 is worked; Friday is the day off
    assert hostdays.is_weekend("AF", date(2024, 3, 8))  # Friday
    assert not hostdays.is_weekend("AF", date(2024, 3, 7))  # Thursday
    assert not hostdays.is_weekend("AF", date(2024, 3, 9))  # Saturday


def test_every_correction_names_its_source_and_runs_forward() -> None:
    for correction in hostdays.WEEKEND_CORRECTIONS:
        assert correction.source
        assert correction.last is None or correction.first <= correction.last
        assert correction.weekend <= set(range(7))


def test_a_place_weekend_and_a_subdivision() -> None:
    friday = date(2024, 3, 8)
    assert hostdays.is_weekend("BD", friday)
    assert not hostdays.is_weekend("BD", friday, frozenset({5, 6}))
    # New South Wales' Labour Day, 7 October 2024 (first Monday of October), not nationwide
    assert hostdays.holiday("AU", date(2024, 10, 7), "NSW") is not None
    assert hostdays.holiday("AU", date(2024, 10, 7)) is None
    assert hostdays.holiday("AU", date(2024, 10, 7), "VIC") is None
    assert "NSW" in hostdays.subdivisions("AU")


def test_substituted_days_name_their_date_in_words() -> None:
    # Kazakhstan moved the working Saturday 4 May 2024 to Wednesday 8 May
    name = hostdays.holiday("KZ", date(2024, 5, 8))
    assert name is not None and "4 May 2024" in name and "05/04" not in name


def test_an_unknown_subdivision_is_one_error_with_a_suggestion() -> None:
    from missionplan.app.validate import check_source
    from missionplan.source.text import Source

    text = (
        '[mission]\nid = "m"\ntitle = "T"\nstart = 2024-10-07\nend = 2024-10-07\n\n'
        '[people.a]\nname = "A"\n\n[places.sydney]\ncity = "Sydney"\ncountry = "AU"\n'
        'subdivision = "NWS"\n'
    )
    report = check_source(Source("m.toml", text))
    (found,) = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert (found.code, found.line, found.hint) == ("MP102", 13, 'did you mean "NSW"?')
