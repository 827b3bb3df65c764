"""iTIP invitations for email (iMIP, RFC 6047): one VCALENDAR per UID, REQUEST or CANCEL.

Each calendar holds exactly one VEVENT (Outlook and Exchange process one UID per iTIP
message), with the mission's real ORGANIZER (the mailbox that sends it) and one ATTENDEE,
the person it is addressed to, with RSVP=FALSE: a published plan asks nobody to reply.
SEQUENCE is the revision of the plan the message announces; a CANCEL carries the component
as the person last received it, STATUS:CANCELLED, and the same ATTENDEE.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from ics import Attendee, Organizer

from missionplan.export.ical.calendar import MissionCalendar, serialize, title
from missionplan.export.ical.events import Options, components
from missionplan.export.ical.identity import Identities
from missionplan.export.ical.vevent import VEvent
from missionplan.plan.plan import Item, Mission

Method = Literal["REQUEST", "CANCEL"]


@dataclass(frozen=True)
class Invitation:
    """One iTIP object: its METHOD, its one UID, the VEVENT's SUMMARY, and its bytes."""

    method: Method
    uid: str
    summary: str
    data: bytes


@dataclass(frozen=True)
class Party:
    """The organizer or an attendee: a name and a mailbox."""

    name: str
    email: str


def item_events(mission: Mission, item: Item, options: Options) -> list[VEvent]:
    """The VEVENTs the calendar export writes for one item (an event with hours has one a day)."""
    # `<mission>.<item>@...` or `<mission>.<item>.day<N>@...`; ids hold no dots
    own = re.compile(
        rf"{re.escape(mission.id)}\.{re.escape(Identities(mission).of(item))}(\.day\d+)?@.*"
    )
    return [e for e in components(mission, options, item.people) if own.fullmatch(e.uid)]


def request(
    mission: Mission, item: Item, options: Options, organizer: Party, attendee: Party
) -> list[Invitation]:
    """METHOD:REQUEST for each VEVENT of `item` as `mission` has it."""
    return [
        _invitation("REQUEST", event, mission, organizer, attendee)
        for event in item_events(mission, item, options)
    ]


def cancel(
    old: Mission,
    item: Item,
    revision: int,
    options: Options,
    organizer: Party,
    attendee: Party,
    keep: frozenset[str] = frozenset(),
) -> list[Invitation]:
    """METHOD:CANCEL for each VEVENT `old` wrote for `item`, but those whose UID is in `keep`.

    The component is the one the person received (same UID, times), cancelled in `revision`.
    """
    found = []
    for event in item_events(old, item, dataclasses.replace(options, alarms=False)):
        if event.uid in keep:
            continue
        event.status = "CANCELLED"
        event.sequence = revision
        found.append(_invitation("CANCEL", event, old, organizer, attendee))
    return found


def _invitation(
    method: Method, event: VEvent, mission: Mission, organizer: Party, attendee: Party
) -> Invitation:
    event.organizer = Organizer(organizer.email, common_name=organizer.name)
    event.attendees = {Attendee(attendee.email, common_name=attendee.name)}
    calendar = MissionCalendar([event], title=title(mission), method=method)
    return Invitation(method, event.uid, str(event.name or ""), serialize(calendar))
