"""One way to say each thing: dates, times, offsets, durations, legs, people and item kinds.

Every output words things through here (the briefing, `show`, calendars and rule messages), in
English and locale-free, so that a leg, a night or a time reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from missionplan.plan import zones

if TYPE_CHECKING:
    from missionplan.plan.plan import Item, Leg

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


def date_range(first: date, last: date, *, year: bool = True, short: bool = False) -> str:
    """`21-25 May 2022`, `25 May - 1 June 2022`, `30 December 2022 - 2 January 2023`;
    without the year `22-24 May`; `short` months: `30 May - 2 Jun` (en dashes)."""

    def month(day: date) -> str:
        name = _MONTHS[day.month - 1]
        return name[:3] if short else name

    def show(day: date) -> str:
        return f"{day.day} {month(day)}" + (f" {day.year}" if year else "")

    if first == last:
        return show(first)
    if first.year != last.year:
        return (
            f"{first.day} {month(first)} {first.year} {DASH} {last.day} {month(last)} {last.year}"
        )
    if (first.year, first.month) != (last.year, last.month):
        return f"{first.day} {month(first)} {DASH} {show(last)}"
    return f"{first.day}{DASH}{show(last)}"


def day(value: date) -> str:
    """`25 May`: a date in a sentence, where the year goes without saying."""
    return f"{value.day} {_MONTHS[value.month - 1][:3]}"


def moment(value: datetime) -> str:
    """`25 May 08:55`: the local wall-clock time of an aware datetime, in a sentence."""
    return f"{day(value.date())} {clock(value)}"


def span(begin: datetime, finish: datetime) -> str:
    """`25 May 08:55-10:00`, or `25 May 22:00 - 26 May 06:00` across midnight (local times,
    en dashes)."""
    if begin.date() == finish.date():
        return f"{moment(begin)}{DASH}{clock(finish)}"
    return f"{moment(begin)} {DASH} {moment(finish)}"


def when(value: date | datetime, *, offset: bool = False) -> str:
    """`Sat 21 May 2022`, or `Sat 21 May 2022, 07:40` local time (`offset`: `... (UTC+5)`)."""
    if not isinstance(value, datetime):
        return short_date(value)
    text = f"{short_date(value.date())}, {clock(value)}"
    return f"{text} ({utc_offset(value.utcoffset())})" if offset else text


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


def zone_label(zone: str, first: date, last: date | None = None) -> str:
    """`Asia/Dushanbe, UTC+5`, or both offsets when summer time starts or ends in between."""
    start = utc_offset(zones.offset_at(zone, first))
    end = utc_offset(zones.offset_at(zone, last)) if last is not None else start
    return f"{zone}, {start}" if start == end else f"{zone}, {start} / {end}"


def hours_difference(delta: timedelta) -> str:
    """`+3 h`, `-1 h`, `+4 h 30 min`, `same time`."""
    minutes = int(delta.total_seconds()) // 60
    if minutes == 0:
        return "same time"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return sign + " ".join(parts)


def duration(length: timedelta | float) -> str:
    """`45 min`, `1 h 05 min`, `26 h`: a timedelta, or a number of minutes."""
    minutes = length.total_seconds() / 60 if isinstance(length, timedelta) else length
    hours, rest = divmod(max(0, round(minutes)), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def count(number: int, word: str, plural: str | None = None) -> str:
    """`1 night`, `4 nights`."""
    return f"{number} {word if number == 1 else (plural or word + 's')}"


def names(items: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def not_known(facts: Sequence[str]) -> str:
    """What missionplan cannot tell the traveller, said so that silence is never read as "none"."""
    return (
        f"missionplan does not know {names(facts)}: ask the country office or check before travel."
    )


# -- items ------------------------------------------------------------------------------------

_MODES = {"flight": "Flight", "train": "Train", "road": "Road", "other": "Travel"}
_KINDS = {
    "meeting": "Meeting",
    "workshop": "Workshop",
    "exercise": "Exercise",
    "regional-event": "Regional event",
    "site-visit": "Site visit",
    "other": "Event",
}
#: What a leg's `number` is called, by mode.
NUMBER_LABELS = {"flight": "Flight", "train": "Train"}


def mode_label(mode: str) -> str:
    """`Flight`, `Train`, `Road`, `Travel` (for mode = "other")."""
    return _MODES.get(mode, mode.capitalize())


_NOUNS = {"flight": "flight", "train": "train", "road": "road trip", "other": "travel leg"}


def leg_noun(mode: str) -> str:
    """What a sentence calls a leg of `mode`: `flight`, `train`, `road trip`, `travel leg`."""
    return _NOUNS.get(mode, "travel leg")


def kind_label(kind: str) -> str:
    """`Meeting`, `Regional event`, `Event` (for kind = "other")."""
    return _KINDS.get(kind, kind.replace("-", " ").capitalize())


def route(leg: Leg) -> str:
    """`Dushanbe → Tashkent`."""
    return f"{leg.origin.city} \N{RIGHTWARDS ARROW} {leg.destination.city}"


def leg_kind(leg: Leg) -> str:
    """`Flight SZ 201`, `Travel`: the mode, and the number when there is one."""
    return mode_label(leg.mode) + (f" {leg.number}" if leg.number else "")


def leg_title(leg: Leg) -> str:
    """`Flight SZ 201: Dushanbe → Tashkent`, `Travel: Vienna → Bratislava`."""
    return f"{leg_kind(leg)}: {route(leg)}"


def item_label(item: Item) -> str:
    """How a sentence names an item: `meeting "mohsp-deputy-minister"`, `flight "taher-dyu-tas"`,
    `travel leg "boat"`, `road trip "car"`, `stay "serena"`."""
    from missionplan.plan.plan import Event, Leg, Stay

    if isinstance(item, Leg):
        noun = leg_noun(item.mode)
    elif isinstance(item, Stay):
        noun = "stay"
    elif isinstance(item, Event):
        noun = kind_label(item.kind).lower()
    else:
        noun = "item"
    return f'{noun} "{item.id}"'


def status_label(status: str) -> str | None:
    """ "Tentative" or "Cancelled"; nothing for a confirmed item (the default says nothing)."""
    return None if status == "confirmed" else status.capitalize()


def cancellation(terms: str | date | datetime | None) -> str | None:
    """A stay's cancellation terms as written, or its deadline in local time."""
    if terms is None or isinstance(terms, str):
        return terms
    return f"free until {when(terms, offset=True)}"
