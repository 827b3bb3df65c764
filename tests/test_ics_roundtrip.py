"""Hypothesis round trip: random itineraries across DST zones, exported and read back, every instant equal.

Times cluster around each zone's DST changes (from pytz's own tables) as well as anywhere in
2001-2035. A local time skipped by a change is moved an hour on (the resolver rejects it with
MP201, which test_loader covers); one that happens twice stays, and the first occurrence is what
the calendar must say. The instants expected back are the generator's own: zoneinfo applied to
the local time it wrote into the TOML, never the resolved model.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import pytz
from conftest import resolve_text
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from test_ics_parsers import check_raw, export

from missionplan.plan.plan import Mission

PLACES = {
    "vienna": ("Vienna", "AT", "Europe/Vienna"),
    "newyork": ("New York", "US", "America/New_York"),
    "sydney": ("Sydney", "AU", "Australia/Sydney"),
    "kathmandu": ("Kathmandu", "NP", "Asia/Kathmandu"),
}


def _changes(zone: str) -> list[datetime]:
    """Local wall-clock times (in the offset before) of the zone's changes in 2001-2035."""
    tz = pytz.timezone(zone)
    found = []
    infos = tz._transition_info  # type: ignore[attr-defined]
    for index, at in enumerate(tz._utc_transition_times):  # type: ignore[attr-defined]
        if index and datetime(2001, 1, 1) <= at <= datetime(2035, 12, 1):
            found.append(at + infos[index - 1][0])
    return found


CHANGES = {key: _changes(zone) for key, (_, _, zone) in PLACES.items()}


def _existing(zone: str, naive: datetime) -> datetime:
    try:
        pytz.timezone(zone).localize(naive, is_dst=None)
    except pytz.NonExistentTimeError:
        return naive + timedelta(hours=1)
    except pytz.AmbiguousTimeError:
        pass
    return naive


@st.composite
def local_times(draw: st.DrawFn, place: str, year: int) -> datetime:
    """A local time in `year` or the next (a mission spans at most 1,000 days)."""
    changes = [c for c in CHANGES[place] if year <= c.year <= year + 1 and c.month < 12]
    if changes and draw(st.booleans()):
        onset = draw(st.sampled_from(changes))
        naive = onset + timedelta(minutes=draw(st.integers(-150, 150)))
    else:
        naive = draw(st.datetimes(datetime(year, 1, 1), datetime(year + 1, 12, 1)))
    naive = naive.replace(second=draw(st.sampled_from([0, 0, 30])), microsecond=0)
    return _existing(PLACES[place][2], naive)


def _later_local(place: str, naive: datetime, minutes: int, other: str) -> datetime:
    """The local time at `other` `minutes` after `naive` at `place` (what a ticket would say)."""
    tz, there = pytz.timezone(PLACES[place][2]), pytz.timezone(PLACES[other][2])
    instant = tz.localize(naive, is_dst=True) + timedelta(minutes=minutes)
    return instant.astimezone(there).replace(tzinfo=None)


titles = st.text(
    st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30
) | st.sampled_from(["a;b,c:d\\e\r\nf\rg\nh", 'Say "hi"', "Amirzoda Абдухолиқ 🛫 O\u02bbzbekiston"])
places = st.sampled_from(sorted(PLACES))


def _toml(value: str) -> str:
    # A TOML basic string; json's escapes are TOML's, except that DEL must be escaped too.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


#: Item id -> (start, end): the instants the test itself means by the local times it wrote.
Instants = dict[str, tuple[datetime, datetime]]


def _written(place: str, naive: datetime) -> datetime:
    """The instant a local time written for `place` means: zoneinfo on the literal input, the
    first occurrence when it happens twice (fold=0)."""
    return naive.replace(tzinfo=ZoneInfo(PLACES[place][2])).astimezone(UTC)


@st.composite
def itineraries(draw: st.DrawFn) -> tuple[str, dict[str, str], Instants]:
    """TOML text of a mission, the title given to each item id, and the instants of its legs
    and timed events as the test wrote them."""
    year = draw(st.integers(2001, 2034))
    out = [
        "[mission]",
        'id = "rt"',
        f"title = {_toml(draw(titles))}",
        f"start = {year}-01-01",
        f"end = {year + 1}-12-31",
        f"revision = {draw(st.integers(1, 9))}",
        "[people.ana]",
        f"name = {_toml(draw(titles))}",
        "[people.bo]",
        'name = "Bo"',
        'email = "bo@example.org"',
    ]
    for key, (city, country, zone) in PLACES.items():
        out += [f"[places.{key}]", f"city = {_toml(city)}", f'country = "{country}"']
        out.append(f'timezone = "{zone}"')
    named: dict[str, str] = {}
    instants: Instants = {}
    for n in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["leg", "event", "hours", "all-day", "stay"]))
        place, other = draw(places), draw(places)
        start = draw(local_times(place, year))
        people = draw(st.sampled_from(['["ana"]', '["bo"]', '["ana", "bo"]']))
        ident = f"{kind}-{n}"
        title = draw(titles)
        named[ident] = title
        if kind == "leg":
            minutes = draw(st.integers(20, 20 * 60))
            arrive = _later_local(place, start, minutes, other)
            if draw(st.booleans()) and CHANGES[other]:
                arrive = max(arrive, _existing(PLACES[other][2], draw(local_times(other, year))))
            out += ["[[travel]]", f'id = "{ident}"', f"people = {people}", 'mode = "train"']
            out += [f'from = "{place}"', f'to = "{other}"', f"notes = {_toml(title)}"]
            out += [f"depart = {start:%Y-%m-%dT%H:%M:%S}", f"arrive = {arrive:%Y-%m-%dT%H:%M:%S}"]
            if other != place:  # a leg that goes nowhere is refused (MP102)
                instants[ident] = (_written(place, start), _written(other, arrive))
        elif kind == "stay":
            nights = draw(st.integers(0, 5))
            out += ["[[stays]]", f'id = "{ident}"', f"people = {people}", f'place = "{place}"']
            out += [f"name = {_toml(title)}", f"check_in = {start:%Y-%m-%d}"]
            out.append(f"check_out = {start + timedelta(days=nights):%Y-%m-%d}")
        else:
            out += ["[[events]]", f'id = "{ident}"', f"people = {people}", f'place = "{place}"']
            out += [f"title = {_toml(title)}", f"venue = {_toml(draw(titles))}"]
            if kind == "event":
                end = _later_local(place, start, draw(st.integers(15, 600)), place)
                out += [f"start = {start:%Y-%m-%dT%H:%M:%S}", f"end = {end:%Y-%m-%dT%H:%M:%S}"]
                instants[ident] = (_written(place, start), _written(place, end))
            else:
                last = start.date() + timedelta(days=draw(st.integers(0, 3)))
                out += [f"start = {start:%Y-%m-%d}", f"end = {last:%Y-%m-%d}"]
                if kind == "hours":
                    opens = draw(st.sampled_from(["01:30", "02:30", "08:00", "09:15"]))
                    closes = draw(st.sampled_from(["03:00", "17:30", "24:00"]))
                    out.append(f'hours = "{opens}-{closes}"')
    return "\n".join(out) + "\n", named, instants


def _resolved(text: str) -> Mission:
    # Only the resolver: the rules (double bookings, whereabouts) are not the export's business;
    # items it rejects (a skipped local time, an end before the start) are not exported.
    return resolve_text(text, "roundtrip.toml", errors=True)


def _as_text(value: str) -> str:
    """What a calendar gives back for TOML text: line breaks as LF, other controls as spaces."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(" " if (ord(c) < 32 and c not in "\t\n") or c == "\x7f" else c for c in value)


def _unescaped(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def assert_written_instants(data: bytes, instants: Instants) -> None:
    """Each leg and timed event starts and ends at the instants the test wrote; one that is
    missing must have been rejected for ending before it starts (MP203)."""
    calendar = icalendar.Calendar.from_ical(data)
    found = {
        str(event["UID"]).split(".")[1].split("@")[0]: (
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
        )
        for event in calendar.walk("VEVENT")
    }
    for ident, (start, end) in instants.items():
        if ident not in found:
            assert end <= start, f"{ident} is missing from the calendar"
            continue
        assert found[ident][0].astimezone(UTC) == start, (ident, "DTSTART", found[ident][0])
        assert found[ident][1].astimezone(UTC) == end, (ident, "DTEND", found[ident][1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(itineraries(), st.booleans())
def test_round_trip_keeps_every_instant(
    case: tuple[str, dict[str, str], Instants], alarms: bool
) -> None:
    text, named, instants = case
    mission = _resolved(text)
    data = export(mission, alarms=alarms)  # the three parsers agree with the model on the way
    assert_written_instants(data, instants)  # and the model with what the file says
    # text survives as text: the same SUMMARY (or DESCRIPTION for legs), no extra property
    calendar = icalendar.Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        ident = str(event["UID"]).split(".")[1].split("@")[0]
        title = _as_text(named[ident])
        summary = str(event["SUMMARY"])
        if ident.startswith("leg"):
            assert title in str(event["DESCRIPTION"])
        elif ident.startswith("stay"):
            assert summary == f"Stay: {title}"
        else:
            assert summary.startswith(title)
        assert int(event["SEQUENCE"]) == mission.revision
    # X- properties are TEXT by default (RFC 5545 3.8.8.2); icalendar leaves them escaped
    (raw,) = [line for line in check_raw(data) if line.startswith("X-WR-CALNAME:")]
    assert _unescaped(raw.partition(":")[2]) == _as_text(mission.title)


@settings(max_examples=25, deadline=None)
@given(itineraries())
def test_per_person_calendars_hold_their_items(case: tuple[str, Any]) -> None:
    mission = _resolved(case[0])
    for person in ("ana", "bo"):
        export(mission, [person])  # checked by the three parsers against the person's items


def test_generator_reaches_dst_edges() -> None:
    """The strategy really produces times within hours of a change (not only calm dates)."""
    assert all(CHANGES[key] for key in ("vienna", "newyork", "sydney"))
    assert not CHANGES["kathmandu"] or all(c.year < 2001 for c in CHANGES["kathmandu"])
    assert date(2007, 3, 11) in {c.date() for c in CHANGES["newyork"]}
    onset = datetime(2007, 3, 11, 2, 0)  # New York springs forward
    near = find(
        local_times("newyork", 2007),
        lambda moment: abs(moment - onset) <= timedelta(hours=2),
        settings=settings(database=None, max_examples=2000),
    )
    assert abs(near - onset) <= timedelta(hours=2)


#: One leg across zones and one meeting on the night Vienna springs forward: the instants the
#: text means, worked out by hand from the published offsets.
_FIXED = """\
[mission]
id = "rt"
title = "Fixed"
start = 2023-03-24
end = 2023-03-28
[people.ana]
name = "Ana"
[places.vienna]
city = "Vienna"
country = "AT"
timezone = "Europe/Vienna"
[places.newyork]
city = "New York"
country = "US"
timezone = "America/New_York"
[[travel]]
id = "leg-0"
people = ["ana"]
mode = "train"
from = "vienna"
to = "newyork"
depart = 2023-03-25T10:00:00
arrive = 2023-03-25T13:30:00
[[events]]
id = "event-1"
people = ["ana"]
place = "vienna"
title = "Meeting"
start = 2023-03-26T03:30:00
end = 2023-03-26T05:00:00
"""
_FIXED_INSTANTS: Instants = {
    # Vienna is UTC+1 until 26 March 02:00, then +2; New York is already on -4 (since 12 March)
    "leg-0": (datetime(2023, 3, 25, 9, 0, tzinfo=UTC), datetime(2023, 3, 25, 17, 30, tzinfo=UTC)),
    "event-1": (datetime(2023, 3, 26, 1, 30, tzinfo=UTC), datetime(2023, 3, 26, 3, 0, tzinfo=UTC)),
}


def test_the_oracle_is_the_text_not_the_model() -> None:
    data = export(_resolved(_FIXED))
    assert_written_instants(data, _FIXED_INSTANTS)
    # the generator's zoneinfo oracle says the same as the hand-worked offsets
    assert _written("vienna", datetime(2023, 3, 25, 10)) == _FIXED_INSTANTS["leg-0"][0]
    assert _written("newyork", datetime(2023, 3, 25, 13, 30)) == _FIXED_INSTANTS["leg-0"][1]
    assert _written("vienna", datetime(2023, 3, 26, 3, 30)) == _FIXED_INSTANTS["event-1"][0]


def test_a_wrong_zone_conversion_turns_the_round_trip_red(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test of the test: read every local time in the wrong zone and the oracle must notice
    (the three parsers alone do not: they compare the calendar with the same wrong model)."""
    from missionplan.plan.resolve import items, times

    right = times.instant

    def misread(r: Any, value: datetime, location: Any, path: Any, what: str) -> Any:
        return right(r, value, replace(location, timezone="Asia/Tokyo"), path, what)

    monkeypatch.setattr(items, "instant", misread)
    monkeypatch.setattr(times, "instant", misread)
    data = export(_resolved(_FIXED))  # the model and the calendar still agree with each other
    with pytest.raises(AssertionError, match="DTSTART"):
        assert_written_instants(data, _FIXED_INSTANTS)
