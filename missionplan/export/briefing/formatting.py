"""Dates, times, offsets and durations as the briefing prints them, in English, locale-free."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytz

# Spelled out here rather than taken from strftime("%A"): strftime follows the process locale,
# and a briefing must read the same on every machine.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Date and time ranges use an en dash, as printed documents do.
DASH = "\N{EN DASH}"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]


def short_weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()][:3]


def long_date(day: date) -> str:
    """`Saturday 21 May 2022`."""
    return f"{weekday(day)} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def plain_date(day: date) -> str:
    """`21 May 2022`."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date, *, year: bool = True) -> str:
    """`Sat 21 May 2022`, or `Sat 21 May` without the year."""
    text = f"{short_weekday(day)} {day.day} {_MONTHS[day.month - 1][:3]}"
    return f"{text} {day.year}" if year else text


def date_range(first: date, last: date, *, year: bool = True) -> str:
    """`21-25 May 2022`, `25 May - 1 June 2022`, `30 December 2022 - 2 January 2023` (en dashes)."""

    def show(day: date) -> str:
        return plain_date(day) if year else f"{day.day} {_MONTHS[day.month - 1]}"

    if first == last:
        return show(first)
    if first.year != last.year:
        return f"{plain_date(first)} {DASH} {plain_date(last)}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} {DASH} {show(last)}"
    return f"{first.day}{DASH}{show(last)}"


def clock(moment: datetime | time) -> str:
    """`07:40`: the wall-clock time of an aware datetime in its own zone."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def utc_offset(offset: timedelta | None) -> str:
    """`UTC+5`, `UTC+5:30`, `UTC-3`, `UTC`."""
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def offset_on(zone: pytz.BaseTzInfo, day: date) -> timedelta | None:
    """The zone's UTC offset at local noon of `day` (noon is never inside a DST change)."""
    return zone.localize(datetime.combine(day, time(12))).utcoffset()


def zone_label(name: str, zone: pytz.BaseTzInfo, first: date, last: date | None = None) -> str:
    """`Asia/Dushanbe, UTC+5`, or both offsets when summer time starts or ends in between."""
    start = utc_offset(offset_on(zone, first))
    end = utc_offset(offset_on(zone, last)) if last is not None else start
    return f"{name}, {start}" if start == end else f"{name}, {start} / {end}"


def hours_difference(delta: timedelta) -> str:
    """`+3 h`, `-1 h`, `+4 h 30 min`, `same time`."""
    minutes = int(delta.total_seconds()) // 60
    if minutes == 0:
        return "same time"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return sign + " ".join(parts)


def duration(delta: timedelta) -> str:
    """`1 h 15 min`, `45 min`, `26 h`."""
    minutes = max(0, int(delta.total_seconds()) // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def count(number: int, word: str, plural: str | None = None) -> str:
    """`1 night`, `4 nights`."""
    return f"{number} {word if number == 1 else (plural or word + 's')}"


def names(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def duration_words(minutes: int) -> str:
    """`35 minutes`, `1 minute`, `1 h 20 min`: a gap as a sentence says it."""
    if abs(minutes) < 60:
        return count(minutes, "minute")
    return duration(timedelta(minutes=minutes))


def city_offset(city: str, offset: timedelta | None) -> str:
    """`Tashkent UTC+5`: a zone as the reader knows it, by the city they are in."""
    return f"{city} {utc_offset(offset)}"
