"""Times and points typed for `where`: round trips against zoneinfo (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from missionplan.app.where_query import parse_instant, parse_point, parse_window

_ZONES = st.sampled_from(
    [
        "Asia/Tashkent",
        "Europe/Vienna",
        "Pacific/Auckland",
        "America/St_Johns",
        "Asia/Kathmandu",
        "Pacific/Kiritimati",
        "America/Santiago",
        "UTC",
    ]
)
_LOCAL = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0)
)


def _exists(local: datetime, zone: str) -> bool:
    aware = local.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == local


@given(_LOCAL, _ZONES)
def test_local_time_and_zone_is_that_wall_clock_time_there(local: datetime, zone: str) -> None:
    if not _exists(local, zone):
        return  # skipped by a DST change: refused, tested in test_where.py
    expected = local.replace(tzinfo=ZoneInfo(zone))  # fold=0: the first of two, as zoneinfo does
    for text in (f"{local.isoformat()} {zone}", f"{local.isoformat()}[{zone}]"):
        parsed = parse_instant(text)
        assert parsed == expected
        assert parsed.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == local


@given(_LOCAL, st.integers(-14 * 60, 14 * 60))
def test_an_iso_offset_or_z_is_that_instant(moment: datetime, minutes: int) -> None:
    shown = moment.replace(tzinfo=UTC)
    offset = shown.astimezone(timezone(timedelta(minutes=minutes)))
    assert parse_instant(offset.isoformat()) == shown
    assert parse_instant(shown.strftime("%Y-%m-%dT%H:%M:%SZ")) == shown


def test_a_window_of_dates_is_whole_days_in_its_zone() -> None:
    window = parse_window("2022-05-27..2022-05-28 Asia/Tashkent")
    zone = ZoneInfo("Asia/Tashkent")
    assert window.start == datetime(2022, 5, 27, tzinfo=zone)
    assert window.end == datetime(2022, 5, 29, tzinfo=zone)
    mixed = parse_window("2022-05-27T09:00 Asia/Tashkent..2022-05-27T18:00 Europe/Vienna")
    assert mixed.end == datetime(2022, 5, 27, 18, tzinfo=ZoneInfo("Europe/Vienna"))


def test_now_is_the_clock() -> None:
    fixed = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
    assert parse_instant("now", now=fixed) == fixed


def test_points() -> None:
    assert parse_point("41.31, 69.28") == (41.31, 69.28)
    assert parse_point("-33.9,151.2") == (-33.9, 151.2)
    assert parse_point("Tashkent") is None
