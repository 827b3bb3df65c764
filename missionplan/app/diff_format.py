"""A mission's changes in words: plain text, Markdown and JSON, person by person."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from missionplan.app.diff import Change, MissionDiff, PersonChanges
from missionplan.printable import printable

CONTENT_MATCHING = (
    "Items without an id are matched by their content: an edited one shows as removed and"
    " added. `missionplan ids` gives every item an id."
)


def heading(found: MissionDiff) -> str:
    """`Mission <id>: revision 1 -> 2`, or `revision 2 (first issue)` with nothing before."""
    if found.old_revision is None:
        return f"Mission {found.mission_id}: revision {found.new_revision} (first issue)"
    return f"Mission {found.mission_id}: revision {found.old_revision} -> {found.new_revision}"


def change_lines(change: Change, show: Callable[[str], str] = str) -> list[str]:
    """One change as lines: `moved: <title>`, then indented details (old and new times, fields)."""
    lines = [f"{change.kind}: {show(change.title)}"]
    if change.kind == "added":
        lines.append(f"  when: {show(change.new_when or '')}")
    elif change.kind == "removed":
        lines.append(f"  was: {show(change.old_when or '')}")
    else:
        if change.kind == "moved":
            lines.append(f"  was: {show(change.old_when or '')}")
            lines.append(f"  now: {show(change.new_when or '')}")
        for field in change.fields:
            lines.append(f"  {field.label}: {_value(field.old, show)} -> {_value(field.new, show)}")
    return lines


def _value(value: str | None, show: Callable[[str], str]) -> str:
    return "(none)" if value is None else f'"{show(value)}"'


def person_title(person: PersonChanges, show: Callable[[str], str] = str) -> str:
    return f"{show(person.name)} ({person.person})"


def text(found: MissionDiff) -> str:
    """The terminal report; text from the files is shown with control characters escaped."""
    out = [heading(found)]
    for person in found.people:
        out.append("")
        if not person.changes:
            out.append(f"{person_title(person, printable)}: no changes")
            continue
        out.append(f"{person_title(person, printable)}:")
        for change in person.changes:
            out += ["  " + line for line in change_lines(change, printable)]
    if found.unnamed:
        out += ["", CONTENT_MATCHING]
    return "\n".join(out) + "\n"


# Inline Markdown and HTML: data never sits at a line's start, so block markers stay literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def _md(value: str) -> str:
    """Text from the file as literal Markdown: controls shown escaped, specials backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(value))


def markdown(found: MissionDiff) -> str:
    """The report as Markdown: a heading per person, a list item per change."""
    out = [f"# {_md(heading(found))}"]
    for person in found.people:
        out += ["", f"## {person_title(person, _md)}", ""]
        if not person.changes:
            out.append("No changes.")
            continue
        for change in person.changes:
            first, *rest = change_lines(change, _md)
            kind, _, title = first.partition(": ")
            out.append(f"- **{kind}**: {title}")
            out += [f"  - {line.strip()}" for line in rest]
    if found.unnamed:
        out += ["", _md(CONTENT_MATCHING)]
    return "\n".join(out) + "\n"


def as_json(found: MissionDiff) -> str:
    """The report as JSON (one object; `people` lists everyone, with or without changes)."""
    document: dict[str, Any] = {
        "mission": found.mission_id,
        "old_revision": found.old_revision,
        "new_revision": found.new_revision,
        "changed": found.changed,
        "matched_by_content": found.unnamed,
        "people": [
            {
                "id": p.person,
                "name": p.name,
                "email": p.email,
                "changes": [_change_json(c) for c in p.changes],
            }
            for p in found.people
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "section": change.section,
        "id": change.item_id,
        "title": change.title,
        "old_when": change.old_when,
        "new_when": change.new_when,
        "fields": [{"field": f.label, "old": f.old, "new": f.new} for f in change.fields],
    }


FORMATS: dict[str, Callable[[MissionDiff], str]] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
}
