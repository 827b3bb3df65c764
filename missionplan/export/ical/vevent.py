"""The VEVENT object model: ics.py 0.7.3's Event and DisplayAlarm with the serializers they lack.

ics.py is the object model (Event, DisplayAlarm, Container and ContentLine); serializer classes
(`Meta.serializer`) add what it lacks: local times with `TZID`, `VALUE=DATE` days, `DTSTAMP`,
`LAST-MODIFIED`, `SEQUENCE`, quoted `CN` parameters and RFC 5545 TEXT escaping, with properties
before alarms as the grammar wants. ORGANIZER and ATTENDEE are written only when a caller that
sends invitations (iMIP) sets them; `VEvent.people` says who is in each event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ics import Event as _IcsEvent
from ics.alarm import DisplayAlarm
from ics.grammar.parse import Container, ContentLine
from ics.parsers.alarm_parser import DisplayAlarmParser
from ics.parsers.event_parser import EventParser

from missionplan.export.ical import reservation
from missionplan.export.ical.identity import DIGEST_PROPERTY, MISSION_PROPERTY
from missionplan.export.ical.lines import Cached, duration, line, mailto, param, text, uri
from missionplan.export.ical.vtimezone import when


class _AlarmSerializer(Cached):
    @staticmethod
    def serialize_0action(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("ACTION", value="DISPLAY"))

    @staticmethod
    def serialize_1trigger(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("TRIGGER", value=alarm.iso_trigger))

    @staticmethod
    def serialize_2description(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("DESCRIPTION", value=text(alarm.display_text or "Reminder")))


class Alarm(DisplayAlarm):  # type: ignore[misc]
    """A DISPLAY alarm some minutes before the start (ics.py's writes a FutureWarning)."""

    class Meta:
        name = "VALARM"
        parser = DisplayAlarmParser
        serializer = _AlarmSerializer

    def __init__(self, minutes: int, display_text: str) -> None:
        super().__init__(trigger=timedelta(minutes=-minutes), display_text=display_text)
        self.iso_trigger = duration(minutes)


class _EventSerializer(Cached):
    """VEVENT properties in a fixed, readable order; the alarm last, as RFC 5545's grammar has it."""

    @staticmethod
    def serialize_00uid(event: VEvent, container: Container) -> None:
        container.append(line("UID", event.uid))

    @staticmethod
    def serialize_01dtstamp(event: VEvent, container: Container) -> None:
        container.append(line("DTSTAMP", event.stamp))

    @staticmethod
    def serialize_01lastmodified(event: VEvent, container: Container) -> None:
        container.append(line("LAST-MODIFIED", event.stamp))

    @staticmethod
    def serialize_02sequence(event: VEvent, container: Container) -> None:
        container.append(line("SEQUENCE", str(event.sequence)))

    @staticmethod
    def serialize_03dtstart(event: VEvent, container: Container) -> None:
        container.append(when("DTSTART", event.local_start))

    @staticmethod
    def serialize_04dtend(event: VEvent, container: Container) -> None:
        container.append(when("DTEND", event.local_end))

    @staticmethod
    def serialize_05summary(event: VEvent, container: Container) -> None:
        container.append(line("SUMMARY", text(event.name or "")))

    @staticmethod
    def serialize_06location(event: VEvent, container: Container) -> None:
        if event.location:
            container.append(line("LOCATION", text(event.location)))

    @staticmethod
    def serialize_07description(event: VEvent, container: Container) -> None:
        if event.description:
            container.append(line("DESCRIPTION", text(event.description)))

    @staticmethod
    def serialize_08categories(event: VEvent, container: Container) -> None:
        if event.categories:
            value = ",".join(text(c) for c in sorted(event.categories))
            container.append(line("CATEGORIES", value))

    @staticmethod
    def serialize_09transp(event: VEvent, container: Container) -> None:
        container.append(line("TRANSP", "TRANSPARENT" if event.transparent else "OPAQUE"))

    @staticmethod
    def serialize_10status(event: VEvent, container: Container) -> None:
        if event.status:
            container.append(line("STATUS", event.status))

    @staticmethod
    def serialize_11organizer(event: VEvent, container: Container) -> None:
        if event.organizer is not None:
            container.append(_person("ORGANIZER", event.organizer, {}))

    @staticmethod
    def serialize_12attendee(event: VEvent, container: Container) -> None:
        # ics.py keeps attendees in a set; sort them so two exports are byte-identical.
        for attendee in sorted(event.attendees, key=lambda a: (a.common_name, a.email)):
            container.append(_person("ATTENDEE", attendee, _ATTENDEE_PARAMS))

    @staticmethod
    def serialize_13url(event: VEvent, container: Container) -> None:
        address = uri(event.url or "")
        if address:
            container.append(line("URL", address))

    @staticmethod
    def serialize_14mission(event: VEvent, container: Container) -> None:
        container.append(line(MISSION_PROPERTY, text(event.mission_id)))
        if event.digest is not None:  # what `publish` wrote, to tell edits on the server
            container.append(line(DIGEST_PROPERTY, event.digest))

    @staticmethod
    def serialize_15reservation(event: VEvent, container: Container) -> None:
        if event.reservation:
            # raw JSON, as kitinerary writes and reads it (JSON has no line breaks)
            container.append(line(reservation.PROPERTY, event.reservation))

    @staticmethod
    def serialize_99alarm(event: VEvent, container: Container) -> None:
        for alarm in event.alarms:
            container.append(alarm.serialize())


# Informational attendees of a published plan: nobody is asked to reply.
_ATTENDEE_PARAMS = {
    "CUTYPE": ["INDIVIDUAL"],
    "ROLE": ["REQ-PARTICIPANT"],
    "PARTSTAT": ["ACCEPTED"],
    "RSVP": ["FALSE"],
}


def _person(name: str, who: Any, extra: dict[str, list[str]]) -> ContentLine:
    return ContentLine(name, {"CN": [param(who.common_name)], **extra}, mailto(who.email))


class VEvent(_IcsEvent):  # type: ignore[misc]
    """An ics.py Event that also knows its local times, DTSTAMP and SEQUENCE.

    `local_start` / `local_end` are pytz-aware datetimes (written with TZID, each in its own
    zone) or dates (written as VALUE=DATE, the end exclusive).
    """

    class Meta:
        name = "VEVENT"
        parser = EventParser
        serializer = _EventSerializer

    def __init__(
        self,
        *,
        uid: str,
        summary: str,
        start: datetime | date,
        end: datetime | date,
        stamp: str,
        sequence: int,
        order: tuple[datetime, str],
        mission_id: str,
        people: Sequence[str],
        reservation: str | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(name=summary, uid=uid, **fields)
        # ics.py's own begin/end hold the same instants (as arrow objects, for its API);
        # for dates its "day" precision, with the same exclusive end as VALUE=DATE.
        self.begin = start
        self.end = end
        if not isinstance(start, datetime):
            self._begin_precision = "day"
        self.local_start = start
        self.local_end = end
        self.stamp = stamp
        self.sequence = sequence
        self.order = order
        self.mission_id = mission_id
        self.people = tuple(people)
        #: schema.org JSON-LD of the booking (X-KDE-KITINERARY-RESERVATION), if any.
        self.reservation = reservation
        self.digest: str | None = None
