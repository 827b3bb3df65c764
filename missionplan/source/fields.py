"""Format versions and field combinations: what the per-field models cannot check alone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from missionplan.checks.finding import Finding
from missionplan.checks.format import INVALID_VALUE
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath

#: The fields each table gained in format 2 (names as written in TOML).
V2_FIELDS: dict[type[BaseModel], frozenset[str]] = {
    model.Person: frozenset({"notes", "documents"}),
    model.Travel: frozenset(
        {
            "booking",
            "journey",
            "ticket",
            "seat",
            "class",
            "terminal",
            "baggage",
            "coach",
            "berth",
            "driver",
            "vehicle",
            "leaves_airport",
            "status",
        }
    ),
    model.Stay: frozenset({"confirmation", "cancellation", "status"}),
    model.Event: frozenset({"timezone", "online", "remote", "status"}),
    model.Settings: frozenset({"documents", "document_lead_days"}),
}

#: Fields that only make sense for some modes of travel.
_MODE_FIELDS = {
    "coach": ("train", "other"),
    "berth": ("train", "other"),
    "driver": ("road", "other"),
    "vehicle": ("road", "other"),
}

#: Format 1 spellings that format 2 names differently: (table, old, new).
_RENAMED = ((model.Travel, "reference", "booking"), (model.Stay, "reference", "confirmation"))


def _written(item: BaseModel) -> list[str]:
    """The item's fields the file wrote, as spelt in TOML, in declaration order."""
    fields = type(item).model_fields
    return [fields[name].alias or name for name in fields if name in item.model_fields_set]


def _tables(
    itinerary: model.Itinerary, origins: dict[str, list[int]]
) -> Iterator[tuple[KeyPath, BaseModel]]:
    """Every table of the file that can carry format 2 fields, with its key path."""
    for key, person in itinerary.people.items():
        yield ("people", key), person
    sections: Sequence[tuple[str, Sequence[BaseModel]]] = (
        ("travel", itinerary.travel),
        ("stays", itinerary.stays),
        ("events", itinerary.events),
    )
    for section, items in sections:
        indices = origins.get(section, range(len(items)))
        for index, item in zip(indices, items, strict=True):
            yield (section, index), item
    if "settings" in itinerary.model_fields_set:
        yield ("settings",), itinerary.settings


def check(itinerary: model.Itinerary, origins: dict[str, list[int]]) -> list[Finding]:
    """MP102 for format 2 fields in a file that says format = 1, for a field written in both
    its format 1 and format 2 spelling, for mode-specific fields on another mode, and for
    split hours that overlap."""
    found: list[Finding] = []
    stated_v1 = itinerary.mission.format == 1
    for path, item in _tables(itinerary, origins):
        written = _written(item)
        if stated_v1:
            for name in written:
                if name in V2_FIELDS.get(type(item), ()):
                    found.append(
                        INVALID_VALUE.finding(
                            (*path, name),
                            f'"{name}" is a format 2 field, but the file says format = 1',
                            "write format = 2 under [mission] (format 1 files stay valid)",
                            on="key",
                        )
                    )
        for table, old, new in _RENAMED:
            if isinstance(item, table) and old in written and new in written:
                found.append(
                    INVALID_VALUE.finding(
                        (*path, old),
                        f'"{old}" and "{new}" both given; "{old}" is the format 1 name of "{new}"',
                        f'keep only {new} = "..."',
                        on="key",
                    )
                )
        if isinstance(item, model.Travel):
            found.extend(_mode_fields(path, item, written))
        if isinstance(item, model.Event) and item.hours is not None:
            found.extend(_overlapping_hours((*path, "hours"), item.hours))
    return found


def _mode_fields(path: KeyPath, leg: model.Travel, written: list[str]) -> Iterator[Finding]:
    for name, modes in _MODE_FIELDS.items():
        if name in written and leg.mode not in modes:
            yield INVALID_VALUE.finding(
                (*path, name),
                f'"{name}" is for {" or ".join(m for m in modes if m != "other")} legs;'
                f" this leg is a {leg.mode}",
                "check `mode`, or put the detail in `notes`",
                on="key",
            )


def hour_ranges(hours: str | list[str]) -> list[tuple[int, int]]:
    """Minutes after midnight of each range in `hours` (already validated); 24:00 is 1440."""
    texts = re.split(r"\s*,\s*", hours) if isinstance(hours, str) else hours
    ranges = []
    for text in texts:
        opens, closes = (_minutes(part) for part in text.split("-"))
        ranges.append((opens, closes if closes else 1440))
    return ranges


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _overlapping_hours(path: KeyPath, hours: Any) -> Iterator[Finding]:
    ranges = hour_ranges(hours)
    for index in range(1, len(ranges)):
        (open1, close1), (open2, close2) = ranges[index - 1], ranges[index]
        if close1 <= open1 or close2 <= open2:
            return  # a range that ends before it starts: MP203, reported with the times
        if open2 < close1:
            where = (*path, index) if isinstance(hours, list) else path
            yield INVALID_VALUE.finding(
                where,
                f"hours {_clock(open2)}-{_clock(close2)} begin before the previous range"
                f" ends at {_clock(close1)}",
                'give the day\'s ranges in order, without overlaps: "09:00-12:30, 13:30-16:00"',
            )
            return


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
