"""`missionplan checkins`: who checks in when; expected instants from zoneinfo on the literal
times of the example and the settings written in the test."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import SEED, invoke

TASHKENT = ZoneInfo("Asia/Tashkent")
DUSHANBE = ZoneInfo("Asia/Dushanbe")


def _example(tmp: Path, settings: str, tashkent: str = 'risk = "high"') -> Path:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace(
        'timezone = "Asia/Tashkent"       # required: Uzbekistan has two zones',
        f'timezone = "Asia/Tashkent"\n{tashkent}',
    )
    text += f"\n{settings}\n"  # a table of its own, after [settings]
    path = tmp / "mission.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _slots(*args: str | Path) -> list[tuple[str, datetime, str, str]]:
    result = invoke("checkins", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["checkins"]
    return [(r["person"], datetime.fromisoformat(r["at"]), r["kind"], r["city"]) for r in rows]


def test_daily_in_a_high_risk_place_weekly_elsewhere_and_on_arrival(tmp_path: Path) -> None:
    path = _example(tmp_path, '[settings.checkin]\nhigh = "daily"\nlow = "weekly"\nat = "19:30"')
    slots = _slots(path, "--during", "2022-05-20..2022-06-02 UTC", "--person", "taher")
    # Dushanbe (no risk given: low, weekly): only the arrival, 21 May 20:15; she leaves before
    # a week is up
    assert slots[0] == (
        "taher",
        datetime(2022, 5, 21, 20, 15, tzinfo=DUSHANBE),
        "arrival",
        "Dushanbe",
    )
    # Tashkent (high: daily at 19:30): arrival 25 May 08:55, then every evening to 31 May;
    # she leaves on 1 June at 08:05
    expected = [("taher", datetime(2022, 5, 25, 8, 55, tzinfo=TASHKENT), "arrival", "Tashkent")]
    expected += [
        (
            "taher",
            datetime(2022, 5, 25, 19, 30, tzinfo=TASHKENT) + timedelta(days=n),
            "daily",
            "Tashkent",
        )
        for n in range(7)
    ]
    assert slots[1:] == expected


def test_twice_daily_and_nobody_at_home_or_in_transit(tmp_path: Path) -> None:
    path = _example(tmp_path, '[settings.checkin]\nhigh = "twice-daily"')
    slots = _slots(path, "--during", "2022-05-26T12:00..2022-05-27T12:00 Asia/Tashkent")
    # calderon is at home in Vienna, then on the night flight: his first check-in is on arrival
    assert slots == [
        ("taher", datetime(2022, 5, 26, 18, 0, tzinfo=TASHKENT), "twice-daily", "Tashkent"),
        ("calderon", datetime(2022, 5, 27, 5, 55, tzinfo=TASHKENT), "arrival", "Tashkent"),
        ("calderon", datetime(2022, 5, 27, 8, 0, tzinfo=TASHKENT), "twice-daily", "Tashkent"),
        ("taher", datetime(2022, 5, 27, 8, 0, tzinfo=TASHKENT), "twice-daily", "Tashkent"),
    ]


def test_a_place_may_override_and_no_settings_means_no_checkins(tmp_path: Path) -> None:
    window = ("--during", "2022-05-20..2022-06-02 UTC")
    quiet = _example(tmp_path, "[settings.checkin]", tashkent='risk = "high"\ncheckin = "none"')
    assert {s[3] for s in _slots(quiet, *window)} == {"Dushanbe"}
    assert _slots(SEED, *window) == []


def test_bad_window_is_bad_usage() -> None:
    result = invoke("checkins", SEED, "--during", "2022-05-27")
    assert result.exit_code == 2 and "START..END" in result.stderr
    missing = invoke("checkins", SEED)
    assert missing.exit_code == 2 and "--during" in missing.stderr


def test_the_roster_as_a_calendar_read_by_icalendar(tmp_path: Path) -> None:
    import icalendar

    path = _example(tmp_path, '[settings.checkin]\nhigh = "daily"')
    window = ("--during", "2022-05-27..2022-05-28 Asia/Tashkent")
    result = invoke("checkins", path, *window, "--person", "calderon", "--format", "ics")
    assert result.exit_code == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    starts = [e.decoded("DTSTART") for e in events]
    assert starts == [
        datetime(2022, 5, 27, 5, 55, tzinfo=TASHKENT),
        datetime(2022, 5, 27, 18, 0, tzinfo=TASHKENT),
        datetime(2022, 5, 28, 18, 0, tzinfo=TASHKENT),
    ]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(minutes=15) for e in events)
    assert all(str(e["SUMMARY"]) == "Check in: Jaime Calderon in Tashkent" for e in events)
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 3 and all(".checkin.calderon." in u for u in uids)
    # the focal point's calendar has everyone's
    everyone = invoke("checkins", path, *window, "--format", "ics")
    people = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(everyone.stdout).walk("VEVENT")
    }
    assert people == {"Check in: Jaime Calderon in Tashkent", "Check in: Salma Taher in Tashkent"}
