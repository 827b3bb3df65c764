"""Trips as CSV for duty-of-care platforms' manual trip registration: one row per segment.

A trip is one traveller on one mission; its segments are their travel legs and stays in time
order. The columns (documented in docs/duty-of-care.md) carry what International SOS- or
Crisis24-style trip forms ask for: traveller and contact, carrier and number, from and to
with local times, zones and UTC, hotel with address and dates, booking reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

from missionplan.export.spreadsheet import table
from missionplan.plan.plan import Leg, Location, Mission, Stay

COLUMNS = (
    "trip_id",
    "segment",
    "traveller",
    "email",
    "phone",
    "organization",
    "mission",
    "mission_title",
    "type",
    "status",
    "carrier",
    "number",
    "reference",
    "from_city",
    "from_country",
    "from_code",
    "depart_local",
    "depart_timezone",
    "depart_utc",
    "to_city",
    "to_country",
    "to_code",
    "arrive_local",
    "arrive_timezone",
    "arrive_utc",
    "hotel",
    "hotel_address",
    "hotel_phone",
    "check_in",
    "check_out",
    "emergency_contact",
    "item",
    "file",
)

_IATA = re.compile(r"^[A-Z]{3}$")
_TYPES = {"flight": "air", "train": "rail", "road": "car", "other": "other"}


def as_csv(missions: Sequence[Mission]) -> str:
    """A header and every segment of every traveller's trip, mission by mission."""
    return table(COLUMNS, (row for mission in missions for row in rows(mission)))


def rows(mission: Mission) -> list[dict[str, object]]:
    """Each person's segments (legs and stays, by start) as named values."""
    found: list[dict[str, object]] = []
    emergency = "; ".join(
        ", ".join(part for part in (c.name, c.phone, c.email) if part)
        for c in mission.contacts
        if c.emergency
    ) or (mission.contact or "")
    for key, person in mission.people.items():
        segments: list[tuple[float, Leg | Stay]] = [
            (leg.depart_ts, leg) for leg in mission.legs if key in leg.people
        ]
        segments += [(_start(stay), stay) for stay in mission.stays if key in stay.people]
        segments.sort(key=lambda pair: pair[0])
        for number, (_, segment) in enumerate(segments, start=1):
            row: dict[str, object] = dict.fromkeys(COLUMNS)
            row |= {
                "trip_id": f"{mission.id}/{key}",
                "segment": number,
                "traveller": person.name,
                "email": person.email,
                "phone": person.phone,
                "organization": person.organization or mission.organization,
                "mission": mission.id,
                "mission_title": mission.title,
                "status": segment.status,
                "reference": segment.reference,
                "emergency_contact": emergency or None,
                "item": segment.id,
                "file": mission.origin,
            }
            row |= _leg(segment) if isinstance(segment, Leg) else _stay(segment)
            found.append(row)
    return found


def _leg(leg: Leg) -> dict[str, object]:
    return {
        "type": _TYPES.get(leg.mode, "other"),
        "carrier": leg.carrier,
        "number": leg.number,
        **_end("from", leg.origin),
        **_moment("depart", leg.depart, leg.origin),
        **_end("to", leg.destination),
        **_moment("arrive", leg.arrive, leg.destination),
    }


def _stay(stay: Stay) -> dict[str, object]:
    return {
        "type": "hotel",
        **_end("to", stay.place),
        "hotel": stay.name,
        "hotel_address": stay.address or stay.place.address,
        "hotel_phone": stay.phone,
        "check_in": _local(stay.check_in),
        "check_out": _local(stay.check_out),
    }


def _end(side: str, location: Location) -> dict[str, object]:
    return {
        f"{side}_city": location.city,
        f"{side}_country": location.country,
        f"{side}_code": location.airport or (location.key if _IATA.match(location.key) else None),
    }


def _moment(side: str, moment: datetime, location: Location) -> dict[str, object]:
    return {
        f"{side}_local": _local(moment),
        f"{side}_timezone": location.timezone,
        f"{side}_utc": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ"),
    }


def _local(moment: date | datetime) -> str:
    """`2022-05-25T07:40` (local wall clock, as tickets print it), or `2022-05-25` for a date."""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.isoformat()


def _start(stay: Stay) -> float:
    """When a stay starts, for the order: a check-in date counts at the end of that day, after
    the legs that bring the traveller there."""
    moment = stay.check_in
    if isinstance(moment, datetime):
        return moment.timestamp()
    late = datetime(moment.year, moment.month, moment.day, 23, 59)
    return float(stay.place.tz.localize(late).timestamp())
