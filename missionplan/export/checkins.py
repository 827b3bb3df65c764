"""The check-in roster as a text table, CSV or JSON: one row per check-in due."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from missionplan import wording
from missionplan.export.spreadsheet import table
from missionplan.plan.presence import Slot
from missionplan.printable import printable

COLUMNS = (
    "at",
    "person",
    "name",
    "phone",
    "city",
    "country",
    "kind",
    "frequency",
    "risk",
    "mission",
    "file",
)


def row(slot: Slot) -> dict[str, Any]:
    person = slot.span.mission.people[slot.span.person]
    return {
        "at": slot.at.isoformat(timespec="minutes"),
        "person": slot.span.person,
        "name": person.name,
        "phone": person.phone,
        "city": slot.place.city,
        "country": slot.place.country,
        "kind": slot.kind,
        "frequency": slot.frequency,
        "risk": slot.risk,
        "mission": slot.span.mission.id,
        "file": slot.span.mission.origin,
    }


def as_json(slots: Sequence[Slot], query: dict[str, Any]) -> str:
    """`{"version": 1, "query": {...}, "checkins": [row, ...]}`."""
    document = {"version": 1, "query": query, "checkins": [row(s) for s in slots]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(slots: Sequence[Slot]) -> str:
    return table(COLUMNS, (row(slot) for slot in slots))


def as_text(slots: Sequence[Slot], heading: str) -> str:
    lines = [printable(heading)]
    if not slots:
        return "\n".join([*lines, "no check-ins due"]) + "\n"
    table = [["WHEN (LOCAL)", "NAME", "WHERE", "CHECK-IN", "PHONE", "FILE"]]
    for slot in slots:
        values = row(slot)
        table.append(
            [
                wording.when(slot.at, offset=True),
                f"{values['name']} ({values['person']})",
                f"{values['city']}, {values['country']} ({values['risk']} risk)",
                values["kind"],
                values["phone"] or "-",
                values["file"],
            ]
        )
    table = [[printable(str(v)) for v in line] for line in table]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in table
    ]
    return "\n".join(lines) + "\n"
