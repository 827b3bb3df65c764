"""Every calendar we write, read back by icalendar, ical (strict) and vobject: same instants as the model.

The helpers here are shared by the other tests of the iCalendar export (`from test_ics_parsers
import ...`): `expected_times` says, from the resolved Mission alone, which UIDs a calendar must
hold and when each starts and ends; `check_calendar` checks the raw bytes and then has three
independent parsers agree with it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from conftest import DST_EXAMPLE, SEED
from ical.calendar_stream import IcsCalendarStream

from missionplan.app.validate import check_paths
from missionplan.export.ical import calendar
from missionplan.export.ical import events as ics
from missionplan.plan.plan import Mission

Moment = date | datetime
Expected = dict[str, tuple[Moment, Moment]]


def load(path: Path) -> Mission:
    (report,) = check_paths([path])
    assert report.ok, [d.message for d in report.errors]
    assert report.mission is not None
    return report.mission


def export(mission: Mission, people: Collection[str] | None = None, **options: Any) -> bytes:
    """The library's export, already checked by the three parsers against the model."""
    stamp = options.pop("stamp", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    data = calendar.export(mission, ics.Options(stamp, **options), people)
    check_calendar(data, expected_times(mission, people))
    return data


def expected_times(mission: Mission, people: Collection[str] | None = None) -> Expected:
    """UID -> (start, end) as the model has them: aware instants, or dates with exclusive end."""

    def wanted(item_people: Collection[str]) -> bool:
        return people is None or bool(set(people) & set(item_people))

    uid = f"{mission.id}.{{}}@missionplan"
    found: Expected = {}
    for leg in mission.legs:
        if wanted(leg.people):
            found[uid.format(leg.id)] = (leg.depart, leg.arrive)
    for stay in mission.stays:
        if wanted(stay.people):
            first = stay.first_night
            last = stay.check_out.date() if isinstance(stay.check_out, datetime) else stay.check_out
            found[uid.format(stay.id)] = (first, max(last, first + timedelta(days=1)))
    for event in mission.events:
        if not wanted(event.people):
            continue
        if not event.sessions:
            found[uid.format(event.id)] = (event.first_day, event.last_day + timedelta(days=1))
        elif event.hours is None:
            found[uid.format(event.id)] = (event.sessions[0].start, event.sessions[0].end)
        else:
            # a split day (several ranges of hours) has one event per range: .day1, .day1-2
            per_day = max(len(event.ranges), 1)
            for index, session in enumerate(event.sessions):
                part = index % per_day
                key = f"{event.id}.day{index // per_day + 1}" + (f"-{part + 1}" if part else "")
                found[uid.format(key)] = (session.start, session.end)
    return found


# -- raw bytes ---------------------------------------------------------------------------------


def check_raw(data: bytes) -> list[str]:
    """CRLF only, no line over 75 octets, UTF-8 kept whole, every TZID declared. Returns lines."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    logical: list[str] = []
    for line in physical:
        if line[:1] == b" ":
            logical[-1] += line[1:].decode("utf-8")
        else:
            logical.append(line.decode("utf-8"))
    used = {m for line in logical for m in re.findall(r";TZID=([^;:]+)", line)}
    declared = {line[5:] for line in logical if line.startswith("TZID:")}
    assert used <= declared, used - declared
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    # A person without items gets a calendar without components (every parser here takes it).
    first_component = next(
        (i for i, line in enumerate(logical) if i > 0 and line.startswith("BEGIN:V")),
        len(logical) - 1,
    )
    header = logical[1:first_component]
    assert any(line.startswith("METHOD:") for line in header)
    assert "VERSION:2.0" in header and any(line.startswith("PRODID:") for line in header)
    return logical


# -- three parsers -----------------------------------------------------------------------------


def _same(found: Any, wanted: Moment, what: str) -> None:
    if isinstance(wanted, datetime):
        assert isinstance(found, datetime), (what, found)
        assert found.tzinfo is not None, (what, found)
        # Instants, not `==`: Python never finds a time in a DST fold equal to one in another
        # zone (PEP 495); RFC 5545 and fold=0 both take the first occurrence.
        assert found.astimezone(UTC) == wanted.astimezone(UTC), (what, found, wanted)
    else:
        assert type(found) is date, (what, found)
        assert found == wanted, (what, found, wanted)


def _by_icalendar(data: bytes) -> dict[str, tuple[Any, Any]]:
    calendar = icalendar.Calendar.from_ical(data)
    # Also read our VTIMEZONEs on their own (not looked up by name): they must give the same
    # offsets as the IANA zone does at every item.
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}
    found = {}
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        for prop, value in (("DTSTART", start), ("DTEND", end)):
            if isinstance(value, datetime) and "TZID" in event[prop].params:
                naive = datetime.strptime(str(event[prop].to_ical().decode()), "%Y%m%dT%H%M%S")
                own = naive.replace(tzinfo=zones[event[prop].params["TZID"]])
                assert own.astimezone(UTC) == value.astimezone(UTC), (event["UID"], prop, own)
        found[str(event["UID"])] = (start, end)
    return found


def _by_ical(text: str) -> dict[str, tuple[Any, Any]]:
    calendar = IcsCalendarStream.calendar_from_ics(text)
    return {event.uid: (event.dtstart, event.dtend) for event in calendar.events}


def _by_vobject(text: str) -> dict[str, tuple[Any, Any]]:
    # vobject resolves TZIDs through the file's own VTIMEZONEs, not by name, but keeps the
    # first definition of each TZID for the rest of the process; start afresh for each file.
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    calendar = vobject.readOne(text, validate=True)
    calendar.validate()
    return {
        event.uid.value: (event.dtstart.value, event.dtend.value)
        for event in getattr(calendar, "vevent_list", [])
    }


def check_calendar(data: bytes, expected: Expected) -> None:
    """The bytes are well-formed and three parsers find exactly `expected`, instant for instant."""
    check_raw(data)
    text = data.decode("utf-8")
    for name, found in (
        ("icalendar", _by_icalendar(data)),
        ("ical", _by_ical(text)),
        ("vobject", _by_vobject(text)),
    ):
        assert set(found) == set(expected), (name, set(found) ^ set(expected))
        for uid, (start, end) in expected.items():
            _same(found[uid][0], start, f"{name} {uid} DTSTART")
            _same(found[uid][1], end, f"{name} {uid} DTEND")


# -- the examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED, DST_EXAMPLE], ids=lambda p: p.stem)
def test_examples_read_back_by_three_parsers(path: Path) -> None:
    mission = load(path)
    check_calendar(export(mission), expected_times(mission))


@pytest.mark.parametrize("path", [SEED, DST_EXAMPLE], ids=lambda p: p.stem)
def test_each_person_read_back_by_three_parsers(path: Path) -> None:
    mission = load(path)
    for person in mission.people:
        check_calendar(export(mission, [person]), expected_times(mission, [person]))


def test_dst_example_lands_at_local_times() -> None:
    """The flight on the night Vienna and Geneva spring forward, at the times on the ticket."""
    mission = load(DST_EXAMPLE)
    found = _by_vobject(export(mission).decode())
    depart, arrive = found["vie-coordination-2023-03.taher-gva-vie@missionplan"]
    assert depart.astimezone(UTC) == datetime(2023, 3, 26, 7, 10, tzinfo=UTC)
    assert arrive.astimezone(UTC) == datetime(2023, 3, 26, 8, 45, tzinfo=UTC)


def test_without_alarms_and_per_person_files_still_parse() -> None:
    mission = load(SEED)
    data = export(mission, alarms=False)
    assert b"BEGIN:VALARM" not in data
    check_calendar(data, expected_times(mission))
