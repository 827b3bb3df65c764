"""`where` answers as a text table, CSV or JSON: one row per person (per stretch in a window).

Times are local to where the person is (to each end of a leg while in transit), with their
UTC offset, as `show` and the briefings give them. Text from mission files is data: made
printable in the table, neutralised against spreadsheet formulas in CSV.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from missionplan import wording
from missionplan.export.spreadsheet import table
from missionplan.plan.plan import Leg
from missionplan.plan.presence import IN_TRANSIT, Answer
from missionplan.printable import printable

#: Version of the JSON layout; bumped only for incompatible changes.
JSON_FORMAT_VERSION = 1

COLUMNS = (
    "person",
    "name",
    "status",
    "city",
    "country",
    "place",
    "since",
    "until",
    "transport",
    "stay",
    "doing",
    "phone",
    "email",
    "emergency_contact",
    "next_move",
    "distance_km",
    "conflict",
    "mission",
    "file",
)


def row(answer: Answer) -> dict[str, Any]:
    """One answer as named plain values (the CSV row and the JSON object)."""
    location = answer.location
    leg = answer.leg
    transit = answer.status == IN_TRANSIT
    stay = answer.stay
    return {
        "person": answer.person,
        "name": answer.name,
        "status": answer.status,
        "city": location.city if location else None,
        "country": location.country if location else None,
        "place": location.key if location else None,
        "since": _iso(answer.span.since),
        "until": _iso(answer.span.until),
        "transport": leg_words(leg) if transit and leg is not None else None,
        "stay": _stay_words(stay.name, stay.address, stay.phone) if stay else None,
        "doing": "; ".join(f"{e.title} ({e.id})" for e in answer.items) or None,
        "phone": answer.phone,
        "email": answer.email,
        "emergency_contact": answer.emergency or None,
        "next_move": _next(answer.next_leg),
        "distance_km": None if answer.distance_km is None else round(answer.distance_km, 1),
        "conflict": answer.span.conflict,
        "mission": answer.mission.id,
        "file": f"{answer.mission.origin}:{answer.line}",
    }


def leg_words(leg: Leg) -> str:
    """`Flight SZ 201: Dushanbe → Tashkent (taher-dyu-tas)`."""
    return f"{wording.leg_title(leg)} ({leg.id})"


def _next(leg: Leg | None) -> str | None:
    if leg is None:
        return None
    return f"{leg_words(leg)} departs {_iso(leg.depart)}"


def _stay_words(*parts: str | None) -> str:
    return ", ".join(part for part in parts if part)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="minutes")


def as_json(answers: Sequence[Answer], query: dict[str, Any]) -> str:
    """`{"version": 1, "query": {...}, "people": [row, ...]}`."""
    document = {
        "version": JSON_FORMAT_VERSION,
        "query": query,
        "people": [row(answer) for answer in answers],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(answers: Sequence[Answer]) -> str:
    """A header and one row per answer, every column of COLUMNS."""
    return table(COLUMNS, (row(answer) for answer in answers))


_TEXT_COLUMNS = (
    ("NAME", "name"),
    ("STATUS", "status"),
    ("WHERE", "where"),
    ("SINCE", "since"),
    ("UNTIL", "until"),
    ("DOING / STAY", "doing"),
    ("PHONE", "phone"),
    ("NEXT", "next_move"),
    ("FILE", "file"),
)


def as_text(answers: Sequence[Answer], heading: str) -> str:
    """A heading line, then an aligned table; the emergency contacts follow, once per mission."""
    rows = []
    for answer in answers:
        values = row(answer)
        where = values["transport"] or ", ".join(
            part for part in (values["city"], values["country"]) if part
        )
        if values["distance_km"] is not None:
            where += f" ({values['distance_km']:g} km)"
        rows.append(
            {
                "name": f"{values['name']} ({values['person']})",
                "status": values["status"] + (" (conflict)" if values["conflict"] else ""),
                "where": where or "unknown",
                "since": _short(answer.span.since),
                "until": _short(answer.span.until),
                "doing": values["doing"] or values["stay"] or "",
                "phone": values["phone"] or "-",
                "next_move": _next_short(answer.next_leg),
                "file": values["file"],
            }
        )
    lines = [printable(heading)]
    if not rows:
        return "\n".join([*lines, "nobody"]) + "\n"
    table = [[title for title, _ in _TEXT_COLUMNS]]
    table += [[printable(str(r[key])) for _, key in _TEXT_COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(_TEXT_COLUMNS))]
    for line in table:
        lines.append("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    contacts: dict[str, str] = {}
    for answer in answers:
        contacts.setdefault(answer.mission.id, answer.emergency or "none given")
    lines.append("")
    lines += [
        printable(f"Emergency contact, {mission}: {who}") for mission, who in contacts.items()
    ]
    return "\n".join(lines) + "\n"


def _short(moment: datetime | None) -> str:
    """`Fri 27 May 2022, 05:55 (UTC+5)`: local wall clock and offset; `-` for an open end."""
    return "-" if moment is None else wording.when(moment, offset=True)


def _next_short(leg: Leg | None) -> str:
    if leg is None:
        return "-"
    return f"{_short(leg.depart)} {wording.leg_kind(leg)} to {leg.destination.city}"
