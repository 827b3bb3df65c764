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


def _unique(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 2
    while candidate in taken:
        candidate = f"{ident}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def add_missing_ids(text: str) -> tuple[str, list[AddedId]]:
    """The text with an `id` as the first key of every travel leg, stay and event lacking one.

    Raises tomlkit's ParseError for text that is not TOML (the caller validates first).
    """
    document = tomlkit.parse(text)
    taken = {
        str(item["id"])
        for section in SECTIONS
        for item in _items(document, section)
        if isinstance(item.get("id"), str)
    }
    added = []
    for section in SECTIONS:
        for index, item in enumerate(_items(document, section)):
            if "id" in item:
                continue
            ident = _unique(suggest(section, dict(item), index), taken)
            _insert_first(item, "id", ident)
            added.append(AddedId(section, index, ident))
    if not added:
        return text, []
    updated = tomlkit.dumps(document)
    if "\r\n" in text:
        # tomlkit ends the lines it adds with LF; keep a CRLF file CRLF throughout
        updated = re.sub(r"(?<!\r)\n", "\r\n", updated)
    return updated, added


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
