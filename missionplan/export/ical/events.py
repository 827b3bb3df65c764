"""The iCalendar layer: a resolved Mission as .ics bytes that Outlook, Google, Apple and Thunderbird import alike.

ics.py 0.7.3 is the object model (Calendar, Event, Attendee, DisplayAlarm, Container and
ContentLine); this module adds what it lacks, through its own extension points:

- serializer classes (`Meta.serializer`) that write local times with `TZID`, `VALUE=DATE`
  days, `DTSTAMP`, `SEQUENCE`, quoted `CN` parameters and RFC 5545 TEXT escaping, with
  properties before alarms as the grammar wants;
- `VTIMEZONE` components built from pytz's transition tables, for every TZID used;
- a post-pass over the finished lines that folds them at 75 octets and ends each with CRLF.

UIDs are `<mission-id>.<item-id>@missionplan` (a day suffix `.<YYYYMMDD>` for each day of an
event given with `hours`), so a re-issued plan updates the events it published before, and
SEQUENCE is the mission's `revision`. Every description names the item's participants;
ATTENDEE lines are written only for people with an email address (a made-up address would
show as a real invitee). ORGANIZER, which iTIP requires, is the organisation's name at a
reserved `.invalid` address (RFC 2606), so no client ever mails it.
"""

from __future__ import annotations

import bisect
import calendar as _gregorian
import functools
import itertools
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytz
from ics import Attendee, Calendar, Organizer
from ics import Event as _IcsEvent
from ics.alarm import DisplayAlarm
from ics.grammar.parse import Container, ContentLine
from ics.parsers.alarm_parser import DisplayAlarmParser
from ics.parsers.event_parser import EventParser
from ics.parsers.icalendar_parser import CalendarParser
from ics.serializers.serializer import Serializer

from missionplan.plan.plan import Event, Leg, Mission, Stay
from missionplan.source import model

PRODID = "-//missionplan//missionplan//EN"
UID_DOMAIN = "missionplan"

#: Shown as the event's category (CATEGORIES), by event kind.
KIND_LABELS = {
    "meeting": "Meeting",
    "workshop": "Workshop",
    "exercise": "Exercise",
    "regional-event": "Regional event",
    "site-visit": "Site visit",
    "other": "Other",
}

# -- text, parameters, times -------------------------------------------------------------------

# Control characters other than TAB are not allowed in TEXT (RFC 5545 3.3.11) nor in
# parameter values; newlines are escaped in TEXT, everything else becomes a space.
_TEXT_CONTROLS = dict.fromkeys((*range(0, 9), *range(11, 32), 127), " ")
_PARAM_CONTROLS = {**_TEXT_CONTROLS, 0x0A: " ", 0x22: "'"}


def text(value: str) -> str:
    """A TEXT value: CR and CRLF become LF, then backslash, `;`, `,` and LF are escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_CONTROLS)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def param(value: str) -> str:
    """A quoted parameter value. A DQUOTE cannot be escaped inside one, so it becomes `'`."""
    return '"' + value.replace("\r\n", " ").translate(_PARAM_CONTROLS) + '"'


def _mailto(address: str) -> str:
    # A CAL-ADDRESS is a URI, not TEXT: percent-encode what a URI may not hold unescaped.
    return "mailto:" + quote(address, safe="@.+-_~!$&'*=^`{|}/?")


def _local(moment: datetime) -> str:
    """Wall-clock time as `YYYYMMDDTHHMMSS` (iCalendar has no fractions of a second)."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def _day(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _utc(moment: datetime) -> str:
    return _local(moment.astimezone(UTC)) + "Z"


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return "-PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def dtstamp(mission: Mission, source_date_epoch: int | None, now: datetime) -> datetime:
    """The DTSTAMP of every component: SOURCE_DATE_EPOCH, else `[mission] issued`, else now.

    A naive `issued` date-time is taken as UTC, a date as midnight UTC: the mission has no zone
    of its own, and DTSTAMP only has to be stable, not local.
    """
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, UTC)
    issued = mission.raw.mission.issued
    if isinstance(issued, datetime):
        return issued.replace(tzinfo=UTC) if issued.tzinfo is None else issued.astimezone(UTC)
    if isinstance(issued, date):
        return datetime(issued.year, issued.month, issued.day, tzinfo=UTC)
    return now.astimezone(UTC).replace(microsecond=0)


# -- the object model: ics.py classes with the serializers they lack ---------------------------


class _Cached(Serializer):  # type: ignore[misc]
    """ics.py lists a serializer's methods with dir() and sorts them on every call; do it once."""

    @classmethod
    def get_serializers(cls) -> list[Callable[..., None]]:
        found: list[Callable[..., None]] | None = cls.__dict__.get("_found")
        if found is None:
            found = super().get_serializers()
            cls._found = found
        return found


class _AlarmSerializer(_Cached):
    @staticmethod
    def serialize_0action(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("ACTION", value="DISPLAY"))

    @staticmethod
    def serialize_1trigger(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("TRIGGER", value=alarm.iso_trigger))

    @staticmethod
    def serialize_2description(alarm: DisplayAlarm, container: Container) -> None:
        container.append(ContentLine("DESCRIPTION", value=text(alarm.display_text or "Reminder")))


class _Alarm(DisplayAlarm):  # type: ignore[misc]
    """A DISPLAY alarm some minutes before the start (ics.py's writes a FutureWarning)."""

    class Meta:
        name = "VALARM"
        parser = DisplayAlarmParser
        serializer = _AlarmSerializer

    def __init__(self, minutes: int, display_text: str) -> None:
        super().__init__(trigger=timedelta(minutes=-minutes), display_text=display_text)
        self.iso_trigger = _duration(minutes)


def _line(name: str, value: str, params: dict[str, list[str]] | None = None) -> ContentLine:
    return ContentLine(name, params if params is not None else {}, value)


class _EventSerializer(_Cached):
    """VEVENT properties in a fixed, readable order; the alarm last, as RFC 5545's grammar has it."""

    @staticmethod
    def serialize_00uid(event: VEvent, container: Container) -> None:
        container.append(_line("UID", event.uid))

    @staticmethod
    def serialize_01dtstamp(event: VEvent, container: Container) -> None:
        container.append(_line("DTSTAMP", event.stamp))

    @staticmethod
    def serialize_02sequence(event: VEvent, container: Container) -> None:
        container.append(_line("SEQUENCE", str(event.sequence)))

    @staticmethod
    def serialize_03dtstart(event: VEvent, container: Container) -> None:
        container.append(_when("DTSTART", event.local_start))

    @staticmethod
    def serialize_04dtend(event: VEvent, container: Container) -> None:
        container.append(_when("DTEND", event.local_end))

    @staticmethod
    def serialize_05summary(event: VEvent, container: Container) -> None:
        container.append(_line("SUMMARY", text(event.name or "")))

    @staticmethod
    def serialize_06location(event: VEvent, container: Container) -> None:
        if event.location:
            container.append(_line("LOCATION", text(event.location)))

    @staticmethod
    def serialize_07description(event: VEvent, container: Container) -> None:
        if event.description:
            container.append(_line("DESCRIPTION", text(event.description)))

    @staticmethod
    def serialize_08categories(event: VEvent, container: Container) -> None:
        if event.categories:
            value = ",".join(text(c) for c in sorted(event.categories))
            container.append(_line("CATEGORIES", value))

    @staticmethod
    def serialize_09transp(event: VEvent, container: Container) -> None:
        container.append(_line("TRANSP", "TRANSPARENT" if event.transparent else "OPAQUE"))

    @staticmethod
    def serialize_10status(event: VEvent, container: Container) -> None:
        if event.status:
            container.append(_line("STATUS", event.status))

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
        address = _uri(event.url or "")
        if address:
            container.append(_line("URL", address))

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
    return ContentLine(name, {"CN": [param(who.common_name)], **extra}, _mailto(who.email))


def _uri(value: str) -> str:
    # URL is a URI value, not TEXT: keep it whole, but never let it carry a line break.
    return quote(value.strip(), safe="/:?#[]@!$&'()*+,;=%-._~")


def _zone_name(moment: datetime) -> str:
    # Mission times are pytz-localized: their tzinfo names its IANA zone.
    return str(getattr(moment.tzinfo, "zone", "UTC"))


def _when(name: str, moment: datetime | date) -> ContentLine:
    if isinstance(moment, datetime):
        if _in_fold(moment):
            return ContentLine(name, {}, _utc(moment))
        return ContentLine(name, {"TZID": [_zone_name(moment)]}, _local(moment))
    return ContentLine(name, {"VALUE": ["DATE"]}, _day(moment))


def _in_fold(moment: datetime) -> bool:
    """Whether the wall-clock time of `moment` happens twice (clocks going back).

    RFC 5545 reads such a time as the first occurrence; ical.js (Thunderbird's engine, many
    web calendars) takes the second. Written in UTC the instant is the same for everyone.
    """
    folds = _folds(_zone_name(moment))
    if not folds:
        return False
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    index = bisect.bisect_right(folds, (utc, datetime.max)) - 1
    return index >= 0 and folds[index][0] <= utc < folds[index][1]


@functools.cache
def _folds(zone: str) -> list[tuple[datetime, datetime]]:
    """UTC spans whose local times repeat: from `shift` before a backward change to `shift` after."""
    spans = []
    for change in _zone_changes(zone):
        shift = change.before - change.offset
        if shift > timedelta(0):
            spans.append((change.at - shift, change.at + shift))
    return spans


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


class _CalendarSerializer(_Cached):
    @staticmethod
    def serialize_0version(cal: MissionCalendar, container: Container) -> None:
        container.append(_line("VERSION", "2.0"))

    @staticmethod
    def serialize_1prodid(cal: MissionCalendar, container: Container) -> None:
        container.append(_line("PRODID", PRODID))

    @staticmethod
    def serialize_2calscale(cal: MissionCalendar, container: Container) -> None:
        container.append(_line("CALSCALE", "GREGORIAN"))

    @staticmethod
    def serialize_3method(cal: MissionCalendar, container: Container) -> None:
        container.append(_line("METHOD", cal.method))

    @staticmethod
    def serialize_4name(cal: MissionCalendar, container: Container) -> None:
        container.append(_line("X-WR-CALNAME", text(cal.title)))

    @staticmethod
    def serialize_5timezones(cal: MissionCalendar, container: Container) -> None:
        container.extend(cal.timezones)

    @staticmethod
    def serialize_6events(cal: MissionCalendar, container: Container) -> None:
        # Stable order: by start, then UID (ics.py keeps events in a set).
        for event in sorted(cal.events, key=lambda e: e.order):
            container.append(event.serialize())


class MissionCalendar(Calendar):  # type: ignore[misc]
    """An ics.py Calendar with a METHOD, a name and the VTIMEZONEs its events use."""

    class Meta:
        name = "VCALENDAR"
        parser = CalendarParser
        serializer = _CalendarSerializer

    def __init__(self, events: Iterable[VEvent], *, title: str, method: str) -> None:
        events = list(events)
        super().__init__(events=events, creator=PRODID)
        self.method = method
        self.title = title
        self.timezones = [_vtimezone(zone, *span) for zone, span in sorted(_spans(events).items())]


def _spans(events: Iterable[VEvent]) -> dict[str, tuple[datetime, datetime]]:
    """Each zone named by a TZID -> the first and last instant written in it."""
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        for moment in (event.local_start, event.local_end):
            if isinstance(moment, datetime) and not _in_fold(moment):
                zone = _zone_name(moment)
                first, last = spans.get(zone, (moment, moment))
                spans[zone] = (min(first, moment), max(last, moment))
    return spans


# -- VTIMEZONE from pytz -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    """One entry of pytz's tables: from `at` (naive UTC) on, this offset and name apply."""

    at: datetime
    offset: timedelta
    dst: bool
    name: str
    before: timedelta  # the offset in force until `at`

    @property
    def onset(self) -> datetime:
        """Local wall-clock time of the change, in the offset before it (RFC 5545 3.6.5)."""
        return self.at + self.before


_DAWN = datetime(1601, 1, 1)  # where Outlook starts zones whose rules reach back forever


@functools.cache
def _zone_changes(zone: str) -> tuple[_Change, ...]:
    """A zone's changes, worked out once per process (a --split writes many files)."""
    return tuple(_changes(pytz.timezone(zone)))


def _changes(tz: Any) -> list[_Change]:
    times: list[datetime] | None = getattr(tz, "_utc_transition_times", None)
    infos: list[tuple[timedelta, timedelta, str]] | None = getattr(tz, "_transition_info", None)
    if not times or not infos:  # a fixed zone (UTC, Etc/GMT+5): one offset, ever
        noon = datetime(2000, 1, 1, 12)
        offset = tz.utcoffset(noon) or timedelta(0)
        return [_Change(datetime.min, offset, False, tz.tzname(noon) or "UTC", offset)]
    changes = []
    before = infos[0][0]
    for at, (offset, dst, name) in zip(times, infos, strict=True):
        changes.append(_Change(at, offset, bool(dst), name, before))
        before = offset
    return changes


def _vtimezone(zone: str, first: datetime, last: datetime) -> Container:
    """VTIMEZONE for `zone`, right for every instant from `first` to `last` (and a year on).

    RRULE style when the zone follows a yearly rule around those dates (what Outlook expects);
    otherwise the explicit changes, from the one in force at `first`. Either way every
    component's DTSTART lies before `first`, so ical.js and Outlook resolve the earliest item.
    """
    changes = _zone_changes(zone)
    starts = [c.at for c in changes]
    begin = max(bisect.bisect_right(starts, first.astimezone(UTC).replace(tzinfo=None)) - 1, 0)
    end = max(bisect.bisect_right(starts, last.astimezone(UTC).replace(tzinfo=None)) - 1, 0)
    container = Container("VTIMEZONE", _line("TZID", zone), _line("X-LIC-LOCATION", zone))
    rules = _yearly_rules(changes, begin, end)
    if rules is not None:
        container.extend(rules)
        return container
    shown = changes[begin : end + 2]
    for change in shown:
        kind = "DAYLIGHT" if change.dst and len(shown) > 1 else "STANDARD"
        onset = _DAWN if change.at < _DAWN else change.onset
        container.append(_observance(kind, change, onset, None))
    return container


def _observance(kind: str, change: _Change, onset: datetime, rrule: str | None) -> Container:
    component = Container(
        kind,
        _line("DTSTART", _local(onset)),
        _line("TZOFFSETFROM", _offset(change.before)),
        _line("TZOFFSETTO", _offset(change.offset)),
        _line("TZNAME", text(change.name)),
    )
    if rrule is not None:
        component.append(_line("RRULE", rrule))
    return component


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly_rules(changes: Sequence[_Change], begin: int, end: int) -> list[Container] | None:
    """One STANDARD and one DAYLIGHT with RRULEs, if the changes around [begin, end] allow.

    The sample runs from the change before the one in force at the start (so that both
    DTSTARTs precede it) to two changes past the end (so that the rule is seen to go on).
    Every change of a kind must fall on the same month, weekday, week of the month and local
    time, once a year, between the same two offsets; otherwise there is no rule to write.
    """
    low, high = begin - 1, end + 2
    if low < 1 or high >= len(changes):
        return None
    sample = changes[low : high + 1]
    components = []
    for kind_is_dst in (False, True):
        of_kind = [c for c in sample if c.dst is kind_is_dst]
        if len(of_kind) < 2:
            return None
        first = of_kind[0]
        weeks: set[int] | None = None
        for previous, change in itertools.pairwise(of_kind):
            if change.onset.year != previous.onset.year + 1:
                return None
        for change in of_kind:
            onset = change.onset
            if (onset.month, onset.time(), onset.weekday()) != (
                first.onset.month,
                first.onset.time(),
                first.onset.weekday(),
            ) or (change.offset, change.before, change.name) != (
                first.offset,
                first.before,
                first.name,
            ):
                return None
            days_in_month = _gregorian.monthrange(onset.year, onset.month)[1]
            fits = {(onset.day - 1) // 7 + 1}
            if onset.day + 7 > days_in_month:
                fits.add(-1)
            weeks = fits if weeks is None else weeks & fits
            if not weeks:
                return None
        assert weeks is not None
        week = -1 if -1 in weeks else min(weeks)
        rrule = f"FREQ=YEARLY;BYMONTH={first.onset.month};BYDAY={week}{_WEEKDAYS[first.onset.weekday()]}"
        components.append(
            (
                first.at,
                _observance("DAYLIGHT" if kind_is_dst else "STANDARD", first, first.onset, rrule),
            )
        )
    # alternating kinds are implied by one change of each kind a year
    return [component for _, component in sorted(components, key=lambda pair: pair[0])]


# -- mission items -> VEVENTs ------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What every component of one export shares."""

    stamp: datetime
    alarms: bool = True


def uid(mission_id: str, item_id: str, day: date | None = None) -> str:
    """The stable UID of an item (or of one day of an event given with hours)."""
    suffix = f".{_day(day)}" if day is not None else ""
    return f"{mission_id}.{item_id}{suffix}@{UID_DOMAIN}"


def _alarm_minutes(setting: str, enabled: bool) -> int | None:
    if not enabled or setting == "off":
        return None
    return model.duration_minutes(setting)


class _Builder:
    def __init__(self, mission: Mission, options: Options) -> None:
        self.mission = mission
        self.stamp = _utc(options.stamp)
        self.sequence = mission.revision
        settings = mission.settings
        self.event_alarm = _alarm_minutes(settings.event_alarm, options.alarms)
        self.travel_alarm = _alarm_minutes(settings.travel_alarm, options.alarms)
        # iTIP wants an ORGANIZER (a CANCEL without one is dropped); a reserved .invalid
        # address (RFC 2606) names the organisation without ever receiving a reply.
        self.organizer = Organizer(
            f"{mission.id}@{UID_DOMAIN}.invalid",
            common_name=mission.raw.mission.organization or mission.title,
        )
        self.attendees = {
            key: Attendee(person.email, common_name=person.name)
            for key, person in mission.people.items()
            if person.email is not None
        }
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
        alarms = [_Alarm(alarm, summary)] if alarm is not None else []
        return VEvent(
            uid=uid,
            summary=summary,
            start=start,
            end=end,
            stamp=self.stamp,
            sequence=self.sequence,
            order=(instant, uid),
            organizer=self.organizer,
            attendees=[self.attendees[p] for p in people if p in self.attendees],
            alarms=alarms,
            **fields,
        )

    def leg(self, leg: Leg) -> VEvent:
        lines = _described(
            [
                f"Depart {leg.origin.label}: {_shown(leg.depart)}",
                f"Arrive {leg.destination.label}: {_shown(leg.arrive)}",
            ],
            (
                ("Carrier", leg.carrier),
                ("Number", leg.number),
                ("Booking reference", leg.reference),
            ),
            leg.notes,
        )
        return self.event(
            uid=uid(self.mission.id, leg.id),
            summary=leg.title,
            start=leg.depart,
            end=leg.arrive,
            instant=leg.depart.astimezone(UTC),
            people=leg.people,
            alarm=self.travel_alarm,
            location=leg.origin.label,
            description="\n".join([*lines, "", self.footer(leg.people)]),
            categories=["Travel", leg.mode.capitalize()],
            transparent=False,
        )

    def stay(self, stay: Stay) -> VEvent:
        first = stay.first_night
        last = stay.last_day
        lines = _described(
            [f"Check-in: {_shown(stay.check_in)}", f"Check-out: {_shown(stay.check_out)}"],
            (
                ("Address", stay.address),
                ("Phone", stay.phone),
                ("Booking reference", stay.reference),
            ),
            stay.notes,
        )
        return self.event(
            uid=uid(self.mission.id, stay.id),
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
        )

    def events(self, event: Event) -> list[VEvent]:
        lines = []
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
            "categories": [KIND_LABELS.get(event.kind, event.kind)],
            "transparent": False,
            "url": event.url,
        }
        if not event.sessions:
            first = event.first_day
            return [
                self.event(
                    uid=uid(self.mission.id, event.id),
                    summary=event.title,
                    start=first,
                    end=event.last_day + timedelta(days=1),
                    instant=datetime(first.year, first.month, first.day, tzinfo=UTC),
                    alarm=None,  # a reminder at midnight before an all-day item helps no one
                    **common,
                )
            ]
        if event.hours is None:
            session = event.sessions[0]
            return [
                self.event(
                    uid=uid(self.mission.id, event.id),
                    summary=event.title,
                    start=session.start,
                    end=session.end,
                    instant=session.start.astimezone(UTC),
                    alarm=self.event_alarm,
                    **common,
                )
            ]
        count = len(event.sessions)
        return [
            self.event(
                uid=uid(self.mission.id, event.id, session.start.date()),
                summary=f"{event.title} (day {number}/{count})" if count > 1 else event.title,
                start=session.start,
                end=session.end,
                instant=session.start.astimezone(UTC),
                alarm=self.event_alarm,
                **common,
            )
            for number, session in enumerate(event.sessions, start=1)
        ]


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


def _shown(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return f"{moment:%Y-%m-%d %H:%M} ({moment:%Z}, UTC{moment:%z})"
    return moment.isoformat()


def components(
    mission: Mission, options: Options, people: Collection[str] | None = None
) -> list[VEvent]:
    """The VEVENTs of a mission, or of the items that involve any of `people`."""
    builder = _Builder(mission, options)

    def wanted(item_people: Sequence[str]) -> bool:
        return people is None or any(p in people for p in item_people)

    found = [builder.leg(leg) for leg in mission.legs if wanted(leg.people)]
    found += [builder.stay(stay) for stay in mission.stays if wanted(stay.people)]
    for event in mission.events:
        if wanted(event.people):
            found.extend(builder.events(event))
    # UIDs are unique: the resolver gives items without an id a stand-in no written id
    # takes, and duplicate written ids (MP105) are errors that block exports.
    return found


# -- whole calendars ---------------------------------------------------------------------------


def serialize(calendar: MissionCalendar) -> bytes:
    """The calendar's bytes: UTF-8, every line folded at 75 octets and ended by CRLF."""
    data = calendar.serialize().encode("utf-8")
    return b"\r\n".join(_fold(line) for line in data.split(b"\r\n")) + b"\r\n"


def _fold(line: bytes) -> bytes:
    if len(line) <= 75:
        return line
    parts = []
    start, limit = 0, 75  # a continuation's leading space counts towards its 75 octets
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, 74
    parts.append(line[start:])
    return b"\r\n ".join(parts)


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
        event.status = "CANCELLED"
        event.sequence = new.revision
        event.name = f"Cancelled: {event.name}"
        event.description = f"Cancelled in revision {new.revision}.\n\n{event.description}"
    return serialize(MissionCalendar(gone, title=title(new, people), method="CANCEL"))


def calendar_files(mission: Mission, options: Options) -> dict[str, bytes]:
    """`<mission>.ics` for everyone and `<mission>-<person>.ics` for each person, by file name."""
    files = {f"{mission.id}.ics": export(mission, options)}
    for person in mission.people:
        files[f"{mission.id}-{person}.ics"] = export(mission, options, [person])
    return files
