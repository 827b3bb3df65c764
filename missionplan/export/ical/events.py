"""Mission items as VEVENTs: legs, stays and events with their UIDs, times, descriptions and alarms.

The VEVENT itself (ics.py's classes and how they are written) is in `vevent`.

UIDs come from `identity`; SEQUENCE is the mission's `revision`, and DTSTAMP and LAST-MODIFIED
are the export's stamp, so a re-issued plan shows as changed. These are plain calendars, not
invitations: no ORGANIZER and no ATTENDEE (RFC 5545 3.8.4.3 keeps them for scheduled items, and
clients then show Accept/Decline or refuse edits). Every description names the participants.
A caller that sends invitations (iMIP) sets `organizer` and `attendees` on the events it gets
from `components`; the serializer writes them when set, and `VEvent.people` says who is in each.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ics import Organizer

from missionplan import wording
from missionplan.export.ical import reservation
from missionplan.export.ical.identity import UID_DOMAIN, Identities, uid
from missionplan.export.ical.lines import utc
from missionplan.export.ical.vevent import Alarm, VEvent
from missionplan.plan import whereabouts
from missionplan.plan.plan import Event, Leg, Mission, Stay
from missionplan.source.patterns import duration_minutes


def dtstamp(mission: Mission, source_date_epoch: int | None, now: datetime) -> datetime:
    """The DTSTAMP of every component: SOURCE_DATE_EPOCH, else `[mission] issued`, else now.

    A naive `issued` date-time is taken as UTC, a date as midnight UTC: the mission has no zone
    of its own, and DTSTAMP only has to be stable, not local.
    """
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, UTC)
    issued = mission.issued
    if isinstance(issued, datetime):
        return issued.replace(tzinfo=UTC) if issued.tzinfo is None else issued.astimezone(UTC)
    if isinstance(issued, date):
        return datetime(issued.year, issued.month, issued.day, tzinfo=UTC)
    return now.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Options:
    """What every component of one export shares."""

    stamp: datetime
    alarms: bool = True
    #: Cancelled items, as STATUS:CANCELLED events (calendar files keep the record; a
    #: published or subscribed calendar leaves them out).
    cancelled: bool = True


def organizer(mission: Mission) -> Organizer:
    """The organisation at a reserved `.invalid` address (RFC 2606): named, never mailed.

    Only iTIP messages (the cancellations of `--cancel-from`) carry it: iTIP wants one.
    """
    return Organizer(
        f"{mission.id}@{UID_DOMAIN}.invalid",
        common_name=mission.organization or mission.title,
    )


def _alarm_minutes(setting: str, enabled: bool) -> int | None:
    if not enabled or setting == "off":
        return None
    return duration_minutes(setting)


class _Builder:
    def __init__(self, mission: Mission, options: Options, viewer: str | None = None) -> None:
        self.mission = mission
        #: The one person whose calendar this is, if it is one person's.
        self.viewer = viewer
        self.stamp = utc(options.stamp)
        self.sequence = mission.revision
        settings = mission.settings
        self.event_alarm = _alarm_minutes(settings.event_alarm, options.alarms)
        self.travel_alarm = _alarm_minutes(settings.travel_alarm, options.alarms)
        self.ids = Identities(mission)
        self.revision_line = f"Mission {mission.id}, revision {mission.revision}"

    def footer(self, people: Sequence[str]) -> str:
        """The last lines of every description: who takes part, and which issue of the plan."""
        names = ", ".join(self.mission.people[p].name for p in people)
        return f"Participants: {names}\n{self.revision_line}" if names else self.revision_line

    def event(
        self,
        *,
        uid: str,
        summary: str,
        start: datetime | date,
        end: datetime | date,
        instant: datetime,
        people: Sequence[str],
        alarm: int | None,
        **fields: Any,
    ) -> VEvent:
        alarms = [Alarm(alarm, summary)] if alarm is not None else []
        return VEvent(
            uid=uid,
            summary=summary,
            start=start,
            end=end,
            stamp=self.stamp,
            sequence=self.sequence,
            order=(instant, uid),
            mission_id=self.mission.id,
            people=people,
            alarms=alarms,
            **fields,
        )

    def leg(self, leg: Leg) -> VEvent:
        lines = _described(
            [
                f"Depart {leg.origin.label}: {wording.when(leg.depart, offset=True)}",
                f"Arrive {leg.destination.label}: {wording.when(leg.arrive, offset=True)}",
            ],
            (
                ("Carrier", leg.carrier),
                ("Number", leg.number),
                ("Booking reference", leg.reference),
                ("Ticket", leg.ticket),
                ("Seat", leg.seat),
                ("Class", leg.travel_class),
                ("Departure terminal", leg.depart_terminal),
                ("Arrival terminal", leg.arrive_terminal),
                ("Baggage", leg.baggage),
                ("Coach", leg.coach),
                ("Berth", leg.berth),
                ("Driver", leg.driver),
                ("Vehicle", leg.vehicle),
                ("Status", wording.status_label(leg.status)),
            ),
            leg.notes,
        )
        return self.event(
            uid=uid(self.mission.id, self.ids.of(leg)),
            summary=wording.leg_title(leg),
            start=leg.depart,
            end=leg.arrive,
            instant=leg.depart.astimezone(UTC),
            people=leg.people,
            alarm=self.travel_alarm,
            location=leg.origin.label,
            description="\n".join([*lines, "", self.footer(leg.people)]),
            categories=list(dict.fromkeys(["Travel", wording.mode_label(leg.mode)])),
            transparent=False,
            status=_STATUS.get(leg.status),
            reservation=reservation.leg(self.mission, leg),
        )

    def stay(self, stay: Stay) -> VEvent:
        first = stay.first_night
        last = stay.last_day
        lines = _described(
            [
                f"Check-in: {wording.when(stay.check_in, offset=True)}",
                f"Check-out: {wording.when(stay.check_out, offset=True)}",
            ],
            (
                ("Address", stay.address),
                ("Phone", stay.phone),
                ("Booking reference", stay.reference),
                ("Cancellation", wording.cancellation(stay.cancellation)),
                ("Status", wording.status_label(stay.status)),
            ),
            stay.notes,
        )
        return self.event(
            uid=uid(self.mission.id, self.ids.of(stay)),
            summary=f"Stay: {stay.name}",
            start=first,
            # exclusive DTEND; a same-day stay (day use) still covers its one day
            end=max(last, first + timedelta(days=1)),
            instant=datetime(first.year, first.month, first.day, tzinfo=UTC),
            people=stay.people,
            alarm=None,
            location=_where(stay.name, stay.address, stay.place.city),
            description="\n".join([*lines, "", self.footer(stay.people)]),
            categories=["Accommodation"],
            transparent=True,
            status=_STATUS.get(stay.status),
            reservation=reservation.stay(self.mission, stay),
        )

    def events(self, event: Event) -> list[VEvent]:
        lines = [f"Join online: {event.online}"] if event.online else []
        if event.remote:
            names = ", ".join(self.mission.people[p].name for p in event.remote)
            lines.append(f"Joining remotely: {names}")
        if event.status != "confirmed":
            lines.append(f"Status: {wording.status_label(event.status)}")
        if event.counterparts:
            lines += ["With:", *(f"- {c}" for c in event.counterparts)]
        if event.notes:
            lines += ["", event.notes] if lines else [event.notes]
        if event.url:
            lines += ["", event.url] if lines else [event.url]
        footer = self.footer(event.people)
        lines += ["", footer] if lines else [footer]
        common: dict[str, Any] = {
            "people": event.people,
            "location": _where(event.venue, event.address, event.place.city),
            "description": "\n".join(lines),
            "categories": [wording.kind_label(event.kind)],
            "transparent": False,
            "url": event.online or event.url,
            "status": _STATUS.get(event.status),
        }
        if not event.sessions:
            first = event.first_day
            return [
                self.event(
                    uid=uid(self.mission.id, self.ids.of(event)),
                    summary=event.title,
                    start=first,
                    end=event.last_day + timedelta(days=1),
                    instant=datetime(first.year, first.month, first.day, tzinfo=UTC),
                    alarm=None,  # a reminder at midnight before an all-day item helps no one
                    reservation=reservation.event(self.mission, event, None),
                    **common,
                )
            ]
        if event.hours is None:
            session = event.sessions[0]
            return [
                self.event(
                    uid=uid(self.mission.id, self.ids.of(event)),
                    summary=event.title,
                    start=self.local(event, session.start),
                    end=self.local(event, session.end),
                    instant=session.start.astimezone(UTC),
                    alarm=self.event_alarm,
                    reservation=reservation.event(self.mission, event, session),
                    **common,
                )
            ]
        count = len(event.days)
        per_day = max(len(event.ranges), 1)
        return [
            self.event(
                uid=uid(self.mission.id, self.ids.of(event), index // per_day + 1, index % per_day),
                summary=(
                    f"{event.title} (day {index // per_day + 1}/{count})"
                    if count > 1
                    else event.title
                ),
                start=self.local(event, session.start),
                end=self.local(event, session.end),
                instant=session.start.astimezone(UTC),
                alarm=self.event_alarm,
                reservation=reservation.event(self.mission, event, session),
                **common,
            )
            for index, session in enumerate(event.sessions)
        ]

    def local(self, event: Event, moment: datetime) -> datetime:
        """The event's time, or for a person joining it by video, the same instant on the
        clock where they are then (their own calendar shows it in their zone)."""
        person = self.viewer
        if person is None or person not in event.remote:
            return moment
        stint = whereabouts.where(self.mission, person, moment)
        home = self.mission.homes.get(person)
        place = stint.place if stint is not None and stint.place is not None else home
        if place is None:
            return moment
        return place.tz.normalize(moment.astimezone(place.tz))


def _where(name: str | None, address: str | None, city: str) -> str:
    """LOCATION: name, address and city, without repeating a city the address already has."""
    parts = [p for p in (name, address) if p]
    if not any(city.casefold() in p.casefold() for p in parts):
        parts.append(city)
    return ", ".join(parts)


def _described(
    lines: list[str], fields: Sequence[tuple[str, str | None]], notes: str | None
) -> list[str]:
    """Description lines: the given ones, `Label: value` for each field set, then the notes."""
    lines = [*lines, *(f"{label}: {value}" for label, value in fields if value)]
    return [*lines, "", notes] if notes else lines


#: STATUS (RFC 5545 3.8.1.11) by item status; a confirmed item states none, as before.
_STATUS = {"tentative": "TENTATIVE", "cancelled": "CANCELLED"}


def components(
    mission: Mission, options: Options, people: Collection[str] | None = None
) -> list[VEvent]:
    """The VEVENTs of a mission, or of the items that involve any of `people`."""
    viewer = next(iter(people)) if people is not None and len(people) == 1 else None
    builder = _Builder(mission, options, viewer)

    def wanted(item_people: Sequence[str]) -> bool:
        return people is None or any(p in people for p in item_people)

    kept = mission.cancelled if options.cancelled else ()
    legs = [*mission.legs, *(item for item in kept if isinstance(item, Leg))]
    stays = [*mission.stays, *(item for item in kept if isinstance(item, Stay))]
    events = [*mission.events, *(item for item in kept if isinstance(item, Event))]
    found = [builder.leg(leg) for leg in legs if wanted(leg.people)]
    found += [builder.stay(stay) for stay in stays if wanted(stay.people)]
    for event in events:
        if wanted(event.people):
            found.extend(builder.events(event))
    # UIDs are unique: an item without an id has a content stand-in no written id takes,
    # and duplicate written ids (MP105) are errors that block exports.
    return found
