"""What one mission file may hold: limits far above any real mission, so that the worst input
(a 20 MB file of generated items) is refused in a second instead of taking minutes and
gigabytes in validation, calendars and the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from missionplan.source.sourcemap import KeyPath

#: Travel legs, stays, events and contacts together, per file (a 1,000-day mission with five
#: items a day).
MAX_ITEMS = 5_000
#: People declared in one file.
MAX_PEOPLE = 1_000
#: People on one item: a regional event lists its experts, not its audience.
MAX_PEOPLE_PER_ITEM = 200
#: Keys and values in the whole file, nested ones included.
MAX_VALUES = 200_000

#: Lines of text, checked before parsing (parsing a million lines takes a quarter of a minute).
MAX_LINES = 250_000

ITEM_SECTIONS = ("travel", "stays", "events", "contacts")


def too_many_lines(text: str) -> str | None:
    """Why the text is refused before it is parsed, or None."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return f"{lines:,} lines; a mission file has at most {MAX_LINES:,}"
    if text.count("=") > MAX_VALUES:  # every key has one: long lines of keys, refused unparsed
        return f"the file holds more than {MAX_VALUES:,} keys and values"
    return None


def over_budget(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str, str]]:
    """(path, message, hint) for each limit the parsed file exceeds; nothing for a real file."""
    values = _count_values(data)
    if values > MAX_VALUES:
        yield (
            (),
            f"the file holds more than {MAX_VALUES:,} keys and values",
            "split the portfolio into one file per mission",
        )
        return
    items = sum(len(data[s]) for s in ITEM_SECTIONS if isinstance(data.get(s), list))
    if items > MAX_ITEMS:
        section = max(
            (s for s in ITEM_SECTIONS if isinstance(data.get(s), list)), key=lambda s: len(data[s])
        )
        yield (
            (section,),
            f"{items:,} travel legs, stays, events and contacts; a file holds at most"
            f" {MAX_ITEMS:,}",
            "split the mission into one file per trip",
        )
    people = data.get("people")
    if isinstance(people, dict) and len(people) > MAX_PEOPLE:
        yield (("people",), f"{len(people):,} people; a file declares at most {MAX_PEOPLE:,}", "")
    for section in ITEM_SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        for index, item in enumerate(entries):
            listed = item.get("people") if isinstance(item, dict) else None
            if isinstance(listed, list) and len(listed) > MAX_PEOPLE_PER_ITEM:
                yield (
                    (section, index, "people"),
                    f"{len(listed):,} people on one item; at most {MAX_PEOPLE_PER_ITEM}",
                    "list the people who travel on the mission, not the audience",
                )


def _count_values(data: Any) -> int:
    """Keys, values and array elements, counted without recursion (nesting may be deep)."""
    count = 0
    pending = [data]
    while pending:
        value = pending.pop()
        count += 1
        if count > MAX_VALUES:
            return count
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return count
