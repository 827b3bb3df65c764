"""Whole calendars: VCALENDAR with METHOD, name and VTIMEZONEs, for a mission, its people, or cancellations."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ics import Calendar
from ics.grammar.parse import Container
from ics.parsers.icalendar_parser import CalendarParser

from missionplan.export.ical.events import Options, components, organizer
from missionplan.export.ical.lines import Cached, folded, line, text
from missionplan.export.ical.vevent import VEvent
from missionplan.export.ical.vtimezone import spans, vtimezone
from missionplan.plan.plan import Mission

PRODID = "-//missionplan//missionplan//EN"


class _CalendarSerializer(Cached):
    @staticmethod
    def serialize_0version(cal: MissionCalendar, container: Container) -> None:
        container.append(line("VERSION", "2.0"))

    @staticmethod
    def serialize_1prodid(cal: MissionCalendar, container: Container) -> None:
        container.append(line("PRODID", PRODID))

    @staticmethod
    def serialize_2calscale(cal: MissionCalendar, container: Container) -> None:
        container.append(line("CALSCALE", "GREGORIAN"))

    @staticmethod
    def serialize_3method(cal: MissionCalendar, container: Container) -> None:
        if cal.method is not None:  # never in a stored CalDAV resource (RFC 4791 4.1)
            container.append(line("METHOD", cal.method))

    @staticmethod
    def serialize_4name(cal: MissionCalendar, container: Container) -> None:
        if cal.title is not None:
            container.append(line("X-WR-CALNAME", text(cal.title)))
        if cal.refresh is not None:  # how often a subscriber should fetch again (RFC 7986)
            container.append(line("REFRESH-INTERVAL", cal.refresh, {"VALUE": ["DURATION"]}))
            container.append(line("X-PUBLISHED-TTL", cal.refresh))

    @staticmethod
    def serialize_5timezones(cal: MissionCalendar, container: Container) -> None:
        container.extend(cal.timezones)

    @staticmethod
    def serialize_6events(cal: MissionCalendar, container: Container) -> None:
        # Stable order: by start, then UID (ics.py keeps events in a set).
        for event in sorted(cal.events, key=lambda e: e.order):
            container.append(event.serialize())


class MissionCalendar(Calendar):  # type: ignore[misc]
    """An ics.py Calendar with a METHOD, a name and the VTIMEZONEs its events use.

    A subscription feed also has a `refresh` duration; a CalDAV resource has neither METHOD
    nor name.
    """

    class Meta:
        name = "VCALENDAR"
        parser = CalendarParser
        serializer = _CalendarSerializer

    def __init__(
        self,
        events: Iterable[VEvent],
        *,
        title: str | None,
        method: str | None,
        refresh: str | None = None,
    ) -> None:
        events = list(events)
        super().__init__(events=events, creator=PRODID)
        self.method = method
        self.title = title
        self.refresh = refresh
        self.timezones = [
            vtimezone(zone, *span)
            for zone, span in sorted(
                spans(m for e in events for m in (e.local_start, e.local_end)).items()
            )
        ]


def serialize(calendar: MissionCalendar) -> bytes:
    """The calendar's bytes: UTF-8, every line folded at 75 octets and ended by CRLF."""
    return folded(calendar.serialize())


def title(mission: Mission, people: Collection[str] | None = None) -> str:
    """X-WR-CALNAME: the mission's title, with the people's names for a personal calendar."""
    if not people:
        return mission.title
    names = ", ".join(mission.people[p].name for p in mission.people if p in people)
    return f"{mission.title} ({names})"


def export(mission: Mission, options: Options, people: Collection[str] | None = None) -> bytes:
    """A METHOD:PUBLISH calendar of the mission (or of the items of `people`)."""
    events = components(mission, options, people)
    return serialize(MissionCalendar(events, title=title(mission, people), method="PUBLISH"))


def cancellation(
    new: Mission, old: Mission, options: Options, people: Collection[str] | None = None
) -> bytes:
    """A METHOD:CANCEL calendar for what `old` published and `new` no longer has.

    The components are those `old` wrote (same UID, DTSTART, DTEND) with STATUS:CANCELLED and
    the SEQUENCE of `new`, so calendars that imported `old` drop them.
    """
    kept = {event.uid for event in components(new, options, people)}
    gone = [
        event
        for event in components(old, Options(options.stamp, alarms=False), people)
        if event.uid not in kept
    ]
    for event in gone:
        event.organizer = organizer(new)
        event.status = "CANCELLED"
        event.sequence = new.revision
        event.name = f"Cancelled: {event.name}"
        event.description = f"Cancelled in revision {new.revision}.\n\n{event.description}"
    return serialize(MissionCalendar(gone, title=title(new, people), method="CANCEL"))


def calendar_files(mission: Mission, options: Options) -> dict[str, bytes]:
    """`<mission>.ics` for everyone and `<mission>-<person>.ics` for each person, by file name.

    A calendar with nothing in it is not written (RFC 5545 wants at least one component, and an
    empty file imports as nothing): a person on no item gets no file, as finding MP109 says.
    """
    files = {}
    for name, people in [(mission.id, None), *((f"{mission.id}-{p}", [p]) for p in mission.people)]:
        events = components(mission, options, people)
        if events:
            calendar = MissionCalendar(events, title=title(mission, people), method="PUBLISH")
            files[f"{name}.ics"] = serialize(calendar)
    return files


def resource(event: VEvent) -> bytes:
    """One event as a CalDAV resource: its VTIMEZONEs and the VEVENT, no METHOD, no name."""
    return serialize(MissionCalendar([event], title=None, method=None))
