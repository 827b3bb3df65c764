"""Check-in slots as an iCalendar file: the focal point's (everyone) or a person's own.

Each slot is a 15-minute event at its local time, in the zone of the city, with the mission's
DTSTAMP and SEQUENCE. Its UID (`<mission>.checkin.<person>.<UTC time>@...`) has dots inside,
which no item id can have, so a check-in never takes a mission item's identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from missionplan import wording
from missionplan.export.ical.calendar import MissionCalendar, serialize
from missionplan.export.ical.events import dtstamp
from missionplan.export.ical.identity import uid
from missionplan.export.ical.lines import utc
from missionplan.export.ical.vevent import VEvent
from missionplan.plan.presence import Slot
from missionplan.reproducible import source_date_epoch

LENGTH = timedelta(minutes=15)


def calendar(slots: Sequence[Slot], *, title: str, now: datetime) -> bytes:
    """A METHOD:PUBLISH calendar with one event per check-in slot."""
    epoch = source_date_epoch()
    events = []
    for slot in slots:
        mission, person = slot.span.mission, slot.span.person
        tz = slot.place.tz
        start = tz.normalize(slot.at)
        ident = uid(mission.id, f"checkin.{person}.{slot.at.astimezone(UTC):%Y%m%dT%H%M}")
        who = mission.people[person]
        summary = f"Check in: {who.name} in {slot.place.city}"
        lines = [
            f"{slot.kind.capitalize()} check-in, {wording.when(start, offset=True)}",
            f"{slot.place.city}, {slot.place.country}: {slot.risk} risk, {slot.frequency}",
        ]
        if who.phone:
            lines.append(f"Phone: {who.phone}")
        lines.append(f"Mission {mission.id}, revision {mission.revision}")
        events.append(
            VEvent(
                uid=ident,
                summary=summary,
                start=start,
                end=tz.normalize(start + LENGTH),
                stamp=utc(dtstamp(mission, epoch, now)),
                sequence=mission.revision,
                order=(start, ident),
                mission_id=mission.id,
                people=[person],
                description="\n".join(lines),
                transparent=True,
            )
        )
    return serialize(MissionCalendar(events, title=title, method="PUBLISH"))
