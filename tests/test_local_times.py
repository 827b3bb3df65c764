"""Local wall-clock times become the instants pytz's `localize(is_dst=None)` gives, fast or not."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from missionplan.plan.zones import steady_tzinfo

ZONES = [
    "Europe/Vienna",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "Asia/Dushanbe",
    "America/Havana",
    "Europe/Dublin",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Australia/Lord_Howe",
    "Antarctica/Troll",
]


@settings(max_examples=400, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    moment=st.datetimes(datetime(1970, 1, 2), datetime(2037, 12, 30)),
)
def test_the_fast_path_agrees_with_localize(zone: str, moment: datetime) -> None:
    steady = steady_tzinfo(zone, moment.date())
    if steady is None:
        return  # a day near a clock change: resolve asks localize itself
    expected = pytz.timezone(zone).localize(moment, is_dst=None)
    assert moment.replace(tzinfo=steady).tzinfo is expected.tzinfo


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Europe/Vienna", "2023-03-26"),
        ("Europe/Vienna", "2023-10-29"),
        ("Australia/Sydney", "2023-04-02"),
    ],
)
def test_days_around_a_change_take_the_careful_path(zone: str, day: str) -> None:
    change = date.fromisoformat(day)
    assert steady_tzinfo(zone, change) is None
    assert steady_tzinfo(zone, change - timedelta(days=1)) is None
    assert steady_tzinfo(zone, change + timedelta(days=3)) is not None
