"""The iCalendar export's promises: UIDs, SEQUENCE, DTSTAMP, text kept as text, zones, alarms, cancels."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import pytz
from conftest import DST_EXAMPLE, SEED, resolve_text
from test_ics_parsers import check_calendar, check_raw, expected_times, export, load

from missionplan.errors import MissionplanError
from missionplan.export.ical import calendar, vtimezone
from missionplan.export.ical import events as ics
from missionplan.export.ical import lines as content
from missionplan.plan.plan import Mission
from missionplan.reproducible import source_date_epoch

BASE = """
[mission]
id = "m1"
title = "Test mission"
start = 2023-01-01
end = 2023-12-31
revision = {revision}
{issued}

[people.ana]
name = {name}
home = "vienna"
{email}

[places.vienna]
city = "Vienna"
country = "AT"

[places.newyork]
city = "New York"
country = "US"
timezone = "America/New_York"

[[travel]]
id = "leg"
people = ["ana"]
mode = "flight"
from = "vienna"
to = "newyork"
depart = 2023-03-26T10:00:00
arrive = 2023-03-26T13:30:00
number = "OS 87"
reference = "ABC123"

[[stays]]
id = "hotel"
place = "newyork"
name = "Hotel"
check_in = 2023-03-26
check_out = 2023-03-29

[[events]]
id = "talk"
title = {title}
place = "newyork"
start = 2023-03-27T09:00:00
end = 2023-03-27T10:00:00
counterparts = ["Dr. A; B, C"]
notes = "Line one\\nLine two"

[[events]]
id = "forum"
kind = "regional-event"
title = "Forum"
place = "newyork"
start = 2023-03-27
end = 2023-03-28
hours = "13:00-17:00"

[[events]]
id = "visit"
kind = "site-visit"
title = "Visit"
place = "newyork"
start = 2023-03-28
end = 2023-03-28
{extra}
"""


def mission(
    *,
    revision: int = 1,
    issued: str = "issued = 2023-03-01",
    name: str = '"Ana Example"',
    email: str = "",
    title: str = '"Talk"',
    extra: str = "",
) -> Mission:
    text = BASE.format(
        revision=revision, issued=issued, name=name, email=email, title=title, extra=extra
    )
    return resolve_text(text, "test.toml")


def lines(data: bytes) -> list[str]:
    return check_raw(data)


def vevents(data: bytes) -> dict[str, list[str]]:
    """UID -> the logical lines of its VEVENT."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines(data):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT" and current is not None:
            uid = next(x for x in current if x.startswith("UID:"))[4:]
            found[uid] = current
            current = None
        elif current is not None:
            current.append(line)
    return found


# -- identity and re-issue ---------------------------------------------------------------------


def test_uids_are_mission_and_item_ids_with_a_day_for_each_day_of_hours() -> None:
    data = export(mission())
    assert sorted(vevents(data)) == [
        "m1.forum.day1@missionplan",
        "m1.forum.day2@missionplan",
        "m1.hotel@missionplan",
        "m1.leg@missionplan",
        "m1.talk@missionplan",
        "m1.visit@missionplan",
    ]
    check_calendar(data, expected_times(mission()))


def test_two_exports_are_byte_identical() -> None:
    assert export(mission()) == export(mission())
    seed = load(SEED)
    assert export(seed) == export(seed)


def test_reissue_keeps_uids_and_raises_sequence() -> None:
    first = vevents(export(mission()))
    second = vevents(export(mission(revision=2, title='"Talk, moved"')))
    assert set(first) == set(second)
    for uid in first:
        assert "SEQUENCE:1" in first[uid]
        assert "SEQUENCE:2" in second[uid]
    assert "SUMMARY:Talk\\, moved" in second["m1.talk@missionplan"]


def test_calendar_header_method_prodid_name() -> None:
    head = lines(export(mission()))[:6]
    assert head == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{calendar.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Test mission",
    ]


# -- DTSTAMP -----------------------------------------------------------------------------------


def test_dtstamp_from_source_date_epoch_then_issued_then_now() -> None:
    now = datetime(2030, 5, 6, 7, 8, 9, 123, tzinfo=UTC)
    assert ics.dtstamp(mission(), 1700000000, now) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert ics.dtstamp(mission(), None, now) == datetime(2023, 3, 1, tzinfo=UTC)
    offset = mission(issued="issued = 2023-03-01T12:00:00+02:00")
    assert ics.dtstamp(offset, None, now) == datetime(2023, 3, 1, 10, tzinfo=UTC)
    assert ics.dtstamp(mission(issued=""), None, now) == now.replace(microsecond=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), ("  ", None), ("0", 0), ("1700000000", 1700000000)],
)
def test_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int | None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert source_date_epoch() == expected


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "9" * 12])
def test_malformed_source_date_epoch_is_an_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(MissionplanError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch()


def test_every_component_has_the_same_dtstamp() -> None:
    stamp = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    data = export(mission(), stamp=stamp)
    stamps = [x for x in lines(data) if x.startswith("DTSTAMP")]
    assert stamps == ["DTSTAMP:20231114T221320Z"] * 6


# -- text stays text ---------------------------------------------------------------------------


def test_title_with_line_breaks_and_delimiters_adds_no_property() -> None:
    hostile = "Evil\r\nATTENDEE:mailto:x@evil.example\rEND:VEVENT;a,b:c\\d\nX-INJ:1"
    data = export(mission(title=f'"{_toml_escape(hostile)}"'))
    logical = lines(data)
    assert not [x for x in logical if x.startswith(("X-INJ", "ATTENDEE:mailto:x@"))]
    assert logical.count("END:VEVENT") == 6
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")
    talk = next(e for e in event if str(e["UID"]) == "m1.talk@missionplan")
    expected = "Evil\nATTENDEE:mailto:x@evil.example\nEND:VEVENT;a,b:c\\d\nX-INJ:1"
    assert str(talk["SUMMARY"]) == expected
    assert str(talk["DESCRIPTION"]).startswith("With:\n- Dr. A; B, C\n\nLine one\nLine two")


def _toml_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def test_text_escaping_rules() -> None:
    assert content.text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert content.text("bell\x07tab\tdel\x7f") == "bell tab\tdel "
    assert content.param('Say "hi"; ok:\nyes') == "\"Say 'hi'; ok: yes\""


def test_invitations_can_add_people_as_quoted_parameters() -> None:
    # Plain calendars have no ATTENDEE; a caller that sends invitations sets them on the events.
    from ics import Attendee

    seed = mission(
        name='"Ana \\"Nana\\" O\'Brien; Jr., MD: PhD"', email='email = "ana@example.org"'
    )
    events = ics.components(seed, ics.Options(datetime(2024, 1, 1, tzinfo=UTC)))
    person = seed.people["ana"]
    assert person.email is not None
    for event in events:
        event.attendees = [Attendee(person.email, common_name=person.name)]
    data = calendar.serialize(calendar.MissionCalendar(events, title="t", method="REQUEST"))
    attendees = [x for x in lines(data) if x.startswith("ATTENDEE")]
    assert len(attendees) == len(events)
    assert all(
        x.startswith("ATTENDEE;CN=\"Ana 'Nana' O'Brien; Jr., MD: PhD\";CUTYPE=INDIVIDUAL;")
        for x in attendees
    )
    parsed = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    attendee = parsed["ATTENDEE"]
    assert attendee.params["CN"] == "Ana 'Nana' O'Brien; Jr., MD: PhD"
    assert str(attendee) == "mailto:ana@example.org"


def test_plain_calendars_name_people_but_invite_no_one() -> None:
    for data in (export(mission()), export(mission(email='email = "ana@example.org"'))):
        assert not [x for x in lines(data) if x.startswith(("ATTENDEE", "ORGANIZER"))]
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            assert "Participants: Ana Example" in str(event["DESCRIPTION"])
    seed = export(load(SEED))
    assert b"ORGANIZER" not in seed and b"ATTENDEE" not in seed


def test_long_multibyte_lines_fold_at_75_octets_between_characters() -> None:
    # Cyrillic and emoji on purpose: two- and four-byte UTF-8 sequences to fold between
    title = "Встреча с заместителем министра здравоохранения 🛫🛬 " * 6  # noqa: RUF001
    data = export(mission(title=f'"{title}"'))
    physical = data.split(b"\r\n")
    assert max(len(x) for x in physical) == 75
    assert any(x.startswith(b" ") for x in physical)
    summary = next(x for x in lines(data) if x.startswith("SUMMARY:Встреча"))
    assert summary == "SUMMARY:" + content.text(title)


# -- times and zones ---------------------------------------------------------------------------


def test_leg_is_written_in_both_local_zones() -> None:
    leg = vevents(export(mission()))["m1.leg@missionplan"]
    assert "DTSTART;TZID=Europe/Vienna:20230326T100000" in leg
    assert "DTEND;TZID=America/New_York:20230326T133000" in leg
    assert "SUMMARY:Flight OS 87: Vienna \N{RIGHTWARDS ARROW} New York" in leg
    assert "TRANSP:OPAQUE" in leg
    description = next(x for x in leg if x.startswith("DESCRIPTION:"))
    # 26 March 2023 is a Sunday; Vienna is on summer time (UTC+2) from 02:00, New York since
    # 12 March (UTC-4); a comma in TEXT is escaped
    assert "Depart Vienna: Sun 26 Mar 2023\\, 10:00 (UTC+2)" in description
    assert "Arrive New York: Sun 26 Mar 2023\\, 13:30 (UTC-4)" in description
    assert "Booking reference: ABC123" in description


def test_stay_is_all_day_free_over_the_nights() -> None:
    stay = vevents(export(mission()))["m1.hotel@missionplan"]
    assert "DTSTART;VALUE=DATE:20230326" in stay
    assert "DTEND;VALUE=DATE:20230329" in stay
    assert "TRANSP:TRANSPARENT" in stay
    assert "BEGIN:VALARM" not in stay


def test_all_day_event_has_exclusive_date_end_and_no_alarm() -> None:
    visit = vevents(export(mission()))["m1.visit@missionplan"]
    assert "DTSTART;VALUE=DATE:20230328" in visit
    assert "DTEND;VALUE=DATE:20230329" in visit
    assert "CATEGORIES:Site visit" in visit
    assert "BEGIN:VALARM" not in visit


def test_vtimezone_rrule_style_for_a_regular_zone() -> None:
    data = export(mission())
    text = "\n".join(lines(data))
    vienna = re.search(r"BEGIN:VTIMEZONE\nTZID:Europe/Vienna\n.*?END:VTIMEZONE", text, re.S)
    assert vienna is not None
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in vienna[0]
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in vienna[0]
    # both observances start before the earliest item (10:00 on 26 March 2023)
    starts = re.findall(r"DTSTART:(\d{8}T\d{6})", vienna[0])
    assert all(s <= "20230326T100000" for s in starts)
    new_york = re.search(r"TZID:America/New_York\n.*?END:VTIMEZONE", text, re.S)
    assert new_york is not None
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in new_york[0]
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in new_york[0]


def _zone(name: str, first: datetime, last: datetime) -> str:
    component = vtimezone.vtimezone(name, first, last)
    return str(component)


def test_vtimezone_explicit_changes_across_a_rule_change() -> None:
    # The US moved its DST dates in 2007: no single yearly rule covers 2006-2008.
    text = _zone(
        "America/New_York",
        datetime(2006, 2, 1, tzinfo=UTC),
        datetime(2008, 6, 1, tzinfo=UTC),
    )
    assert "RRULE" not in text
    starts = re.findall(r"DTSTART:(\d{8}T\d{6})", text)
    assert starts[0] == "20051030T020000"  # the change in force on 1 February 2006
    assert "20070311T020000" in starts and "20060402T020000" in starts
    calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{text}\r\nEND:VCALENDAR\r\n"
    zone = icalendar.Calendar.from_ical(calendar).walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    real = pytz.timezone("America/New_York")
    for moment in (datetime(2006, 7, 1, 12), datetime(2007, 3, 20, 12), datetime(2008, 1, 5)):
        assert moment.replace(tzinfo=zone).utcoffset() == real.localize(moment).utcoffset()


def test_vtimezone_single_standard_for_zones_without_dst() -> None:
    for name in ("Asia/Dushanbe", "Asia/Kathmandu", "UTC", "Etc/GMT-5"):
        text = _zone(name, datetime(2022, 5, 1, tzinfo=UTC), datetime(2022, 6, 1, tzinfo=UTC))
        assert text.count("BEGIN:STANDARD") == 1, name
        assert "DAYLIGHT" not in text and "RRULE" not in text, name
    kathmandu = _zone(
        "Asia/Kathmandu", datetime(2022, 5, 1, tzinfo=UTC), datetime(2022, 6, 1, tzinfo=UTC)
    )
    assert "TZOFFSETTO:+0545" in kathmandu


def test_ambiguous_local_time_is_written_in_utc() -> None:
    # 02:30 on 29 October 2023 happens twice in Vienna; the model takes the first (CEST).
    text = BASE.replace("2023-03-26T10:00:00", "2023-10-29T02:30:00").replace(
        "2023-03-26T13:30:00", "2023-10-29T13:30:00"
    )
    resolved = resolve_text(
        text.format(revision=1, issued="", name='"A"', email="", title='"T"', extra=""), "t.toml"
    )
    data = export(resolved)
    leg = vevents(data)["m1.leg@missionplan"]
    assert "DTSTART:20231029T003000Z" in leg
    check_calendar(data, expected_times(resolved))


# -- alarms ------------------------------------------------------------------------------------


def _triggers(data: bytes) -> dict[str, list[str]]:
    return {
        uid: [x[8:] for x in body if x.startswith("TRIGGER:")]
        for uid, body in vevents(data).items()
    }


def test_default_alarms_30_minutes_before_events_3_hours_before_legs() -> None:
    triggers = _triggers(export(mission()))
    assert triggers["m1.leg@missionplan"] == ["-PT3H"]
    assert triggers["m1.talk@missionplan"] == ["-PT30M"]
    assert triggers["m1.forum.day1@missionplan"] == ["-PT30M"]
    assert triggers["m1.hotel@missionplan"] == []


def test_alarms_from_settings_and_switched_off() -> None:
    custom = mission(extra='[settings]\nevent_alarm = "1h15m"\ntravel_alarm = "off"')
    triggers = _triggers(export(custom))
    assert triggers["m1.leg@missionplan"] == []
    assert triggers["m1.talk@missionplan"] == ["-PT1H15M"]
    assert all(t == [] for t in _triggers(export(mission(), alarms=False)).values())


def test_alarm_comes_after_the_properties() -> None:
    # RFC 5545's grammar: eventprop first, then alarmc (ics.py writes the alarm first)
    talk = vevents(export(mission()))["m1.talk@missionplan"]
    assert talk[-5:] == [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT30M",
        "DESCRIPTION:Talk",
        "END:VALARM",
    ]


# -- people and cancellations ------------------------------------------------------------------


def test_person_filter_keeps_only_their_items() -> None:
    seed = load(SEED)
    data = export(seed, ["calderon"])
    assert set(vevents(data)) == set(expected_times(seed, ["calderon"]))
    assert "X-WR-CALNAME:" + content.text(f"{seed.title} (Jaime Calderon)") in lines(data)


def test_cancellation_lists_what_the_new_revision_dropped() -> None:
    old = mission()
    new_text = BASE.split('[[events]]\nid = "visit"', maxsplit=1)[0]
    new = resolve_text(
        new_text.format(
            revision=2, issued="", name='"Ana Example"', email="", title='"Talk"', extra=""
        )
        .replace('hours = "13:00-17:00"', 'hours = "13:00-17:00"\n')
        .replace("end = 2023-03-28\nhours", "end = 2023-03-27\nhours"),
        "new.toml",
    )
    stamp = datetime(2023, 4, 1, tzinfo=UTC)
    data = calendar.cancellation(new, old, ics.Options(stamp))
    logical = lines(data)
    assert "METHOD:CANCEL" in logical
    events = vevents(data)
    assert sorted(events) == ["m1.forum.day2@missionplan", "m1.visit@missionplan"]
    for body in events.values():
        assert "STATUS:CANCELLED" in body
        assert "SEQUENCE:2" in body
        assert "BEGIN:VALARM" not in body
        assert any(x.startswith("ORGANIZER;") for x in body)
    old_times = expected_times(old)
    check_calendar(data, {uid: old_times[uid] for uid in events})


def test_dst_example_keeps_its_revision_as_sequence() -> None:
    data = export(load(DST_EXAMPLE))
    assert {x for x in lines(data) if x.startswith("SEQUENCE")} == {"SEQUENCE:2"}


@pytest.mark.parametrize("separator", ["\u0085", "\u2028", "\u2029", "\x0b", "\x0c", "\x1e"])
def test_unicode_line_separators_stay_inside_the_value(separator: str) -> None:
    # Python's str.splitlines() breaks at these; a parser that used it must still see one line.
    title = f"A{separator}X-INJ:1"
    escaped = title.encode("unicode_escape").decode().replace("\\x", "\\u00")
    data = export(mission(title=f'"{escaped}"'))
    assert not [x for x in lines(data) if x.startswith("X-INJ")]
    check_calendar(data, expected_times(mission()))
    talk = vevents(data)["m1.talk@missionplan"]
    summary = next(x for x in talk if x.startswith("SUMMARY:"))
    shown = separator if separator in "\u0085\u2028\u2029" else " "
    assert summary == f"SUMMARY:A{shown}X-INJ:1"


@pytest.mark.parametrize(
    ("zone", "years"),
    [
        ("Australia/Lord_Howe", (2019, 2022)),  # a 30-minute DST
        ("Europe/Dublin", (2019, 2022)),  # pytz's tables mark summer, zic's "negative DST"
        ("Pacific/Chatham", (2019, 2022)),  # +12:45 / +13:45
        ("Africa/Casablanca", (2019, 2024)),  # Ramadan changes: no yearly rule
        ("Australia/Sydney", (2006, 2009)),  # rule changed in 2008
        ("America/Sao_Paulo", (2017, 2021)),  # DST abolished in 2019
    ],
)
def test_vtimezone_gives_pytz_offsets_throughout(zone: str, years: tuple[int, int]) -> None:
    first = datetime(years[0], 1, 10, tzinfo=UTC)
    last = datetime(years[1], 12, 20, tzinfo=UTC)
    text = _zone(zone, first, last)
    calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{text}\r\nEND:VCALENDAR\r\n"
    own = icalendar.Calendar.from_ical(calendar).walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    real = pytz.timezone(zone)
    moment = first
    while moment <= last:
        local = moment.astimezone(real)
        if not vtimezone.in_fold(local):  # those are written in UTC
            assert local.replace(tzinfo=None).replace(tzinfo=own).astimezone(UTC) == moment
        moment += timedelta(hours=29)
