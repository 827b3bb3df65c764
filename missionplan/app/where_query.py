"""What `where` is asked: an instant, a window or a point, parsed from what the user typed.

    parse_instant("2022-05-27T10:00 Asia/Tashkent")     # local time in a zone
    parse_instant("2022-05-27T05:00+05:00")             # an ISO offset, or Z for UTC
    parse_window("2022-05-27..2022-05-28 Asia/Tashkent") # dates: whole days, the end inclusive
    parse_point("41.31,69.28")                          # LAT,LON in degrees

A time without a zone or offset is refused: the same wall-clock time is a different instant
in every city of a portfolio, and guessing one is how a headcount goes wrong.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from missionplan.errors import MissionplanError

__all__ = ["QueryError", "Window", "parse_instant", "parse_point", "parse_window"]


class QueryError(MissionplanError):
    """A time, window, point or person the user typed that cannot be understood (exit 2)."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Window:
    """[start, end) as aware datetimes; an instant is the window of zero length at it."""

    start: datetime
    end: datetime

    @property
    def start_ts(self) -> float:
        return self.start.timestamp()

    @property
    def end_ts(self) -> float:
        return self.end.timestamp()


_EXAMPLE = "e.g. '2022-05-27T10:00 Asia/Tashkent', '2022-05-27T10:00+05:00' or '2022-05-27T05:00Z'"
_BRACKETED = re.compile(r"^(?P<time>[^\[\]]+)\[(?P<zone>[^\[\]]+)\]$")
_POINT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$")


def parse_instant(text: str, *, now: datetime | None = None) -> datetime:
    """An aware datetime from `TIME ZONE`, `TIME[ZONE]`, `TIME+HH:MM`, `TIMEZ` or `now`.

    A date alone is its midnight in the zone. Local times a DST change skips are refused.
    """
    moment, zone_name, _ = _parse(text, now=now)
    if moment.tzinfo is None and zone_name is None:
        raise QueryError(f"{text.strip()!r} has no time zone: add one, {_EXAMPLE}")
    return moment if zone_name is None else _localize(moment, zone_name, text)


def parse_window(text: str, *, now: datetime | None = None) -> Window:
    """`START..END`: a zone written once at the end applies to both sides; dates are whole days
    (`2022-05-27..2022-05-28 Asia/Tashkent` runs to the end of the 28th)."""
    start_text, dots, end_text = text.partition("..")
    if not dots or not start_text.strip() or not end_text.strip():
        raise QueryError(
            f"{text.strip()!r} is not a window: write START..END, {_EXAMPLE} on each side"
        )
    start, start_zone, _ = _parse(start_text, now=now)
    end, end_zone, end_is_date = _parse(end_text, now=now)
    if end_is_date:
        end = end + timedelta(days=1)  # inclusive dates, as in the mission files
    if start.tzinfo is None and start_zone is None:
        if end.tzinfo is not None and end_zone is None:
            start = start.replace(tzinfo=end.tzinfo)
        start_zone = end_zone
    if end.tzinfo is None and end_zone is None:
        if start.tzinfo is not None and start_zone is None:
            end = end.replace(tzinfo=start.tzinfo)
        end_zone = start_zone
    if (start.tzinfo is None and start_zone is None) or (end.tzinfo is None and end_zone is None):
        raise QueryError(f"{text.strip()!r} has no time zone: add one, {_EXAMPLE}")
    begin = start if start_zone is None else _localize(start, start_zone, start_text)
    finish = end if end_zone is None else _localize(end, end_zone, end_text)
    if finish <= begin:
        raise QueryError(f"{text.strip()!r}: the window ends before it starts")
    return Window(begin, finish)


def parse_point(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) from `LAT,LON`; None when the text is not a pair of numbers."""
    match = _POINT.match(text)
    if match is None:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise QueryError(
            f"{text.strip()!r}: latitude runs from -90 to 90 and longitude from -180 to 180"
        )
    return latitude, longitude


def _parse(text: str, *, now: datetime | None) -> tuple[datetime, str | None, bool]:
    """(datetime, zone name or None, given as a date alone) before the zone is applied."""
    words = text.strip()
    if words.casefold() == "now":
        # to the second: a person reads the answer's time off a clock
        return (now or datetime.now(UTC).replace(microsecond=0)), None, False
    zone: str | None = None
    bracketed = _BRACKETED.match(words)
    if bracketed:
        words, zone = bracketed.group("time").strip(), bracketed.group("zone").strip()
    elif " " in words:
        head, _, tail = words.rpartition(" ")
        if "/" in tail or tail.upper() == "UTC":
            words, zone = head.strip(), tail
    is_date = False
    try:
        moment = datetime.fromisoformat(words)
        is_date = "T" not in words.upper() and " " not in words and len(words) <= 10
    except ValueError:
        raise QueryError(f"{text.strip()!r} is not a date and time: {_EXAMPLE}") from None
    if is_date:
        moment = datetime.combine(date.fromisoformat(words), time())
    if zone is not None and moment.tzinfo is not None:
        raise QueryError(f"{text.strip()!r} has both an offset and a zone: give one of them")
    return moment, zone, is_date


def _localize(moment: datetime, zone_name: str, text: str) -> datetime:
    zone = _zone(zone_name)
    local = moment.replace(tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment:
        raise QueryError(
            f"{text.strip()!r}: {moment:%Y-%m-%d %H:%M} does not exist in {zone_name}"
            " (the clocks skip it at a daylight-saving change)"
        )
    return local


def _zone(name: str) -> ZoneInfo:
    if name.upper() in ("UTC", "Z"):
        return ZoneInfo("UTC")
    try:
        if name in _zone_names():
            return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pass
    close = difflib.get_close_matches(name, sorted(_zone_names()), n=1, cutoff=0.6)
    hint = f'; did you mean "{close[0]}"?' if close else " (an IANA name such as Asia/Tashkent)"
    raise QueryError(f'"{name}" is not a time zone{hint}')


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())
