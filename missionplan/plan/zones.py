"""Where a local wall-clock time becomes an instant: the one module that converts, and the
only reader of pytz's internals.

`instant` turns a wall time in an IANA zone into an aware datetime (or says the time is
skipped or repeated by a clock change); `midnight`, `wall_ts` and `offset_at` answer the
questions rules and exports ask of a zone; `transitions` lists a zone's changes for VTIMEZONE.
pytz's `localize` costs about 20 us and validation asks for it tens of thousands of times: the
helpers read pytz's own transition tables (`_utc_transition_times`, `_transition_info`) and fall
back to `localize` wherever a clock change makes the answer delicate, so their results are the
ones `localize` gives (tests compare them on random times in many zones).
"""

from __future__ import annotations

import bisect
import functools
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import pytz


@functools.cache
def zone_info(name: str) -> pytz.BaseTzInfo:
    """The pytz zone of an IANA name (looked up once)."""
    return pytz.timezone(name)


@functools.lru_cache(maxsize=1 << 17)  # a (zone, day) each: a 10,000-mission portfolio asks ~70,000
def steady_tzinfo(zone: str, day: date) -> tzinfo | None:
    """pytz's tzinfo for every wall-clock time of `day` when no clock change is near it; None
    near a change, where `localize` must decide.

    The same answer as `localize(..., is_dst=None)` on those days at a fraction of its cost (a
    portfolio localizes tens of thousands of times, nearly all on quiet days). pytz keeps its
    changes as `_utc_transition_times`, with the tzinfo in force after each; a day is quiet when
    none falls within two days of it, which covers every UTC offset (at most 14 hours).
    """
    tz = zone_info(zone)
    changes: list[datetime] | None = getattr(tz, "_utc_transition_times", None)
    if not changes:
        return tz  # a fixed offset: localize only attaches it
    midnight = datetime.combine(day, time())
    index = bisect.bisect_right(changes, midnight)
    near = (changes[index - 1] if index else None, changes[index] if index < len(changes) else None)
    window = timedelta(days=2)
    if any(change is not None and abs(change - midnight) <= window for change in near):
        return None
    if index == 0:
        return None  # before the zone's first recorded change: let localize decide
    table: Any = tz  # pytz's DstTzInfo internals are not in its type stubs
    found: tzinfo = table._tzinfos[table._transition_info[index - 1]]
    return found


@functools.lru_cache(maxsize=1 << 17)  # a (zone, day, hour) each: ~80,000 for 10,000 missions
def wall_ts(zone: str, day: date, hour: int = 0) -> float:
    """The POSIX timestamp of `hour` o'clock on `day`, wall-clock time in IANA `zone`.

    The same instant as pytz's `localize(..., is_dst=False)` (so a wall time in a DST gap
    takes the offset before it), at a fifth of the cost: the rules ask for every local
    midnight and night of every person, and localize costs ~20 us.
    """
    tz = zone_info(zone)
    wall = datetime.combine(day, time(hour))
    offset = _unique_offset(tz, wall)
    if offset is None:
        return float(tz.localize(wall, is_dst=False).timestamp())
    return (wall - _EPOCH).total_seconds() - offset.total_seconds()


_EPOCH = datetime(1970, 1, 1)
_DAY = timedelta(days=1)


def _unique_offset(tz: pytz.BaseTzInfo, wall: datetime) -> timedelta | None:
    """The UTC offset of a naive wall time when exactly one applies; None in a DST gap or
    overlap (the caller then asks pytz), or for a zone without a transition table."""
    times: list[datetime] | None = getattr(tz, "_utc_transition_times", None)
    infos: list[tuple[timedelta, timedelta, str]] | None = getattr(tz, "_transition_info", None)
    if not times or not infos:
        offset = tz.utcoffset(wall)
        return offset if isinstance(tz, pytz.tzinfo.StaticTzInfo) or tz is pytz.utc else None
    try:
        first = max(0, bisect.bisect_right(times, wall - _DAY) - 1)
        last = bisect.bisect_right(times, wall + _DAY) - 1
    except OverflowError:
        return None
    found: timedelta | None = None
    for index in range(first, max(first, last) + 1):
        offset = infos[index][0]
        utc = wall - offset
        if times[index] <= utc and (index + 1 == len(times) or utc < times[index + 1]):
            if found is not None:
                return None  # the wall time happens twice
            found = offset
    return found


class SkippedTimeError(ValueError):
    """A wall time that does not exist: the clocks skip over it. `later` is the wall time it
    most likely means, as far past the change as it was written past it."""

    def __init__(self, later: datetime) -> None:
        super().__init__(f"skipped by a clock change; {later:%H:%M} exists")
        self.later = later


class RepeatedTimeError(ValueError):
    """A wall time that happens twice (clocks go back): `first` and `second`, both aware."""

    def __init__(self, first: datetime, second: datetime) -> None:
        super().__init__("repeated by a clock change")
        self.first = first
        self.second = second


def instant(zone: str, wall: datetime) -> datetime:
    """`wall` (naive, or aware in any zone) as an aware datetime in `zone`.

    Raises SkippedTimeError for a naive time in a DST gap and RepeatedTimeError for one in an overlap.
    """
    tz = zone_info(zone)
    if wall.tzinfo is not None:
        return tz.normalize(wall.astimezone(tz))
    steady = steady_tzinfo(zone, wall.date())
    if steady is not None:
        return wall.replace(tzinfo=steady)
    try:
        return tz.localize(wall, is_dst=None)
    except pytz.NonExistentTimeError:
        before = tz.normalize(tz.localize(wall - timedelta(hours=3), is_dst=False))
        raise SkippedTimeError(tz.normalize(before + timedelta(hours=3))) from None
    except pytz.AmbiguousTimeError:
        raise RepeatedTimeError(
            tz.localize(wall, is_dst=True), tz.localize(wall, is_dst=False)
        ) from None


def midnight(zone: str, day: date) -> datetime:
    """The first instant of `day` in `zone`; when midnight falls in a DST gap (America/Havana)
    or happens twice, the first valid time."""
    tz = zone_info(zone)
    naive = datetime.combine(day, time())
    try:
        return tz.localize(naive, is_dst=None)
    except (pytz.NonExistentTimeError, pytz.AmbiguousTimeError):
        return tz.normalize(tz.localize(naive, is_dst=False))


@functools.lru_cache(maxsize=1 << 16)  # a briefing asks each city's offset on each of its days
def offset_at(zone: str, day: date, hour: int = 12) -> timedelta:
    """The zone's UTC offset at `hour` o'clock on `day` (noon is never inside a DST change)."""
    tz = zone_info(zone)
    return tz.localize(datetime.combine(day, time(hour)), is_dst=False).utcoffset() or timedelta(0)


def transitions(zone: str) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """The zone's changes as (UTC instant, offset after, DST part, abbreviation), oldest first;
    one entry at `datetime.min` for a zone of one fixed offset (UTC, Etc/GMT+5)."""
    tz = zone_info(zone)
    times: list[datetime] | None = getattr(tz, "_utc_transition_times", None)
    infos: list[tuple[timedelta, timedelta, str]] | None = getattr(tz, "_transition_info", None)
    if not times or not infos:
        noon = datetime(2000, 1, 1, 12)
        offset = tz.utcoffset(noon) or timedelta(0)
        return [(datetime.min, offset, timedelta(0), tz.tzname(noon) or "UTC")]
    return [(at, offset, dst, name) for at, (offset, dst, name) in zip(times, infos, strict=True)]


def same_rules(first: str, second: str) -> bool:
    """Whether two zone names keep the same clock (an old name and its new one, such as
    Asia/Calcutta and Asia/Kolkata, or Europe/Kiev and Europe/Kyiv)."""
    if first == second:
        return True
    a, b = zone_info(first), zone_info(second)
    return bool(
        getattr(a, "_utc_transition_times", None) == getattr(b, "_utc_transition_times", None)
        and getattr(a, "_transition_info", None) == getattr(b, "_transition_info", None)
        and a.utcoffset(None) == b.utcoffset(None)
    )
