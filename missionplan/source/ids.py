"""Add missing item ids to a mission file in place, keeping its comments and formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tomlkit
from slugify import slugify

SECTIONS = ("travel", "stays", "events")
MAX_LENGTH = 48


@dataclass(frozen=True)
class AddedId:
    """One id written into the file."""

    section: str
    index: int
    id: str


def suggest(section: str, item: dict[str, Any], index: int) -> str:
    """A readable id from what the item says: the title, or who goes where."""
    if section == "events":
        words: Iterable[Any] = [item.get("title")]
    elif section == "travel":
        words = [_first(item.get("people")), item.get("from"), item.get("to")]
    else:
        words = [_first(item.get("people")), item.get("place"), "stay"]
    slug = slugify(" ".join(str(w) for w in words if isinstance(w, str) and w))
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug or f"{section}-{index + 1}"


def _first(people: Any) -> str | None:
    if isinstance(people, list) and people and isinstance(people[0], str):
        return people[0]
    return None


class _Names:
    """Ids in use, and for each base the next number to try: linear in the number of items
    (10,000 events with one title took 26 s when every new id counted up from 2)."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_number: dict[str, int] = {}

    def unique(self, ident: str) -> str:
        candidate = ident
        number = self.next_number.get(ident, 2)
        while candidate in self.taken:
            candidate = f"{ident}-{number}"
            number += 1
        self.next_number[ident] = number
        self.taken.add(candidate)
        return candidate


def add_missing_ids(text: str) -> tuple[str, list[AddedId]]:
    """The text with an `id` as the first key of every travel leg, stay and event lacking one.

    Every line the file had keeps its bytes, its line ending included; an added line ends as the
    line after it does. Raises tomlkit's ParseError for text that is not TOML (the caller
    validates first), RecursionError for nesting deeper than tomlkit can walk.
    """
    document = tomlkit.parse(text)
    names = _Names(
        {
            str(item["id"])
            for section in SECTIONS
            for item in _items(document, section)
            if isinstance(item.get("id"), str)
        }
    )
    added = []
    for section in SECTIONS:
        for index, item in enumerate(_items(document, section)):
            if "id" in item:
                continue
            ident = names.unique(suggest(section, dict(item), index))
            _insert_first(item, "id", ident)
            added.append(AddedId(section, index, ident))
    if not added:
        return text, []
    return keep_line_endings(text, tomlkit.dumps(document)), added


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def keep_line_endings(original: str, updated: str) -> str:
    """`updated` (the original with lines added) with every original line as it was, CR and all,
    and each added line ending like its neighbour: tomlkit ends the lines it adds with LF."""
    old = _LINE.findall(original)
    result = []
    position = 0
    for line in _LINE.findall(updated):
        body = line.rstrip("\r\n")
        if position < len(old) and body == old[position].rstrip("\r\n"):
            result.append(old[position])
            position += 1
            continue
        neighbour = old[position] if position < len(old) else (old[-1] if old else "\n")
        ending = neighbour[len(neighbour.rstrip("\r\n")) :] or "\n"
        result.append(body + ending)
    return "".join(result)


def _items(document: Any, section: str) -> list[Any]:
    value = document.get(section)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _insert_first(table: Any, key: str, value: str) -> None:
    # tomlkit has no public "insert at position"; its container's _insert_at keeps every
    # comment and blank line where it was. Fall back to appending where it is missing.
    container: Any = getattr(table, "value", None)
    insert_at = getattr(container, "_insert_at", None)
    if callable(insert_at) and len(container) > 0:
        insert_at(0, key, tomlkit.string(value))
    else:
        table[key] = value
