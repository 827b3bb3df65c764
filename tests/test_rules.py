"""Mission checks MP204-MP500: functional fixtures marked `# expect: CODE`, messages, properties."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
import pytz
from conftest import FIXTURES, SEED, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionplan.app.validate import check_paths, check_source
from missionplan.checks import bookings, portfolio, times
from missionplan.checks.common import Slot
from missionplan.checks.finding import Diagnostic, Severity
from missionplan.checks.registry import RULES
from missionplan.checks.report import FileReport
from missionplan.plan import geo, whereabouts, zones
from missionplan.plan.plan import Event, Location
from missionplan.source.text import Source

RULE_FIXTURES = FIXTURES / "rules"
#: One case per top-level file (checked alone) and per directory (a portfolio checked together).
CASES = sorted(
    p for p in RULE_FIXTURES.iterdir() if p.suffix == ".toml" or (p.is_dir() and p.name[0] != ".")
)
_EXPECT = re.compile(r"#\s*expect:\s*(MP\d{3}(?:\s*,\s*MP\d{3})*)\s*$")


def expected(text: str) -> Counter[tuple[int, str]]:
    """(line, code) pairs marked with a trailing `# expect: MP301[, MP400]` comment."""
    marks: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            marks.update((number, code.strip()) for code in match.group(1).split(","))
    return marks


def reported(report: FileReport, marks: Counter[tuple[int, str]]) -> Counter[tuple[int, str]]:
    """What a user sees: unsuppressed diagnostics above info level, and infos that are marked."""
    marked_codes = {code for _, code in marks}
    return Counter(
        (d.line, d.code)
        for d in report.diagnostics
        if not d.suppressed and (d.severity > Severity.INFO or d.code in marked_codes)
    )


def _show(report: FileReport) -> str:
    return "\n".join(f"{d.line}: {d.code} {d.message}" for d in report.diagnostics)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_the_marked_codes(case: Path) -> None:
    reports = check_paths([case])
    assert reports
    for report in reports:
        marks = expected(report.source.text)
        assert reported(report, marks) == marks, _show(report)


def test_every_mission_rule_has_a_failing_fixture() -> None:
    covered = {
        code
        for path in RULE_FIXTURES.rglob("*.toml")
        for _, code in expected(path.read_text(encoding="utf-8"))
    }
    wanted = {code for code in RULES if code >= "MP204"}
    assert wanted - covered == set()


def test_every_failing_rule_fixture_has_a_passing_one() -> None:
    names = {p.stem for p in CASES}
    for code in {n.split("_")[0] for n in names}:
        assert any(n.startswith(f"{code}_pass") for n in names), code


# -- messages: what the planner reads --------------------------------------------------------


def _found(case: str, code: str) -> list[Diagnostic]:
    return [
        d
        for report in check_paths([RULE_FIXTURES / case])
        for d in report.diagnostics
        if d.code == code
    ]


def test_wrong_place_says_where_the_person_is_then() -> None:
    (found,) = _found("mp301_fail_event.toml", "MP301")
    assert (
        'meeting "who-tajikistan" is in Dushanbe on 25 May 11:00\N{EN DASH}12:00' in found.message
    )
    assert 'taher is in Tashkent from 25 May 08:55 (flight "taher-dyu-tas")' in found.message
    assert found.hint is not None and "Dushanbe" in found.hint


def test_a_leg_that_does_not_chain_names_both_cities() -> None:
    (found,) = _found("mp301_fail_chain.toml", "MP301")
    assert "leaves Dushanbe at 25 May 07:40" in found.message
    assert "calderon is in Vienna" in found.message


def test_stay_in_the_wrong_city_names_the_night() -> None:
    (found,) = _found("mp301_fail_stay.toml", "MP301")
    assert "the night of 24 May" in found.message
    assert "taher is in Tashkent from 24 May 08:55" in found.message


def test_double_booking_names_both_items_in_local_time() -> None:
    first, second = _found("mp300_fail.toml", "MP300")
    assert (
        'flight "taher-dyu-tas" (23 May 07:40\N{EN DASH}08:55, Dushanbe \N{RIGHTWARDS ARROW} Tashkent)'
        in first.message
    )
    # the call written in Geneva summer time is shown at Tashkent's wall clock
    assert 'meeting "who-call" (23 May 14:30\N{EN DASH}15:30, Tashkent)' in second.message


def test_tight_connection_gives_the_real_gap_across_a_dst_change() -> None:
    (found,) = _found("mp302_fail_dst.toml", "MP302")
    assert found.message.startswith("only 10 min for calderon")
    assert "arriving in Vienna at 26 Mar 01:50" in found.message


def test_missing_accommodation_points_at_the_stay_to_change_or_hints_one() -> None:
    short, none = _found("mp303_fail.toml", "MP303")
    assert "taher has no stay for the nights of 24\N{EN DASH}25 May in Dushanbe" in short.message
    assert short.hint is not None and short.hint.startswith("check out on 2022-05-26")
    assert "calderon has no stay for the nights of 23\N{EN DASH}25 May in Dushanbe" in none.message
    assert none.hint is not None
    assert 'place = "dushanbe", check_in = 2022-05-23, check_out = 2022-05-26' in none.hint


def test_public_holiday_is_named() -> None:
    (found,) = _found("mp401_fail.toml", "MP401")
    assert "9 May 2022 is Victory Day in Tajikistan" in found.message


def test_weekend_names_the_day_and_country() -> None:
    found = _found("mp400_fail.toml", "MP400")
    assert "Saturday 21 May 2022, a weekend day in Austria" in found[0].message
    assert "Sunday 22 May 2022" in found[2].message


def test_implausible_flight_gives_distance_and_bound() -> None:
    (found,) = _found("mp204_fail_too_slow.toml", "MP204")
    assert "takes 14 h for 304 km Dushanbe \N{RIGHTWARDS ARROW} Tashkent" in found.message


def test_portfolio_double_booking_is_reported_in_each_file() -> None:
    reports = check_paths([RULE_FIXTURES / "mp500_fail"])
    by_file = {Path(r.source.name).name: r for r in reports}
    dushanbe = [d for d in by_file["dushanbe.toml"].diagnostics if d.code == "MP500"]
    tashkent = [d for d in by_file["tashkent.toml"].diagnostics if d.code == "MP500"]
    assert len(dushanbe) == len(tashkent) == 2
    assert all(d.path.endswith("dushanbe.toml") for d in dushanbe)
    assert "mission mp500-tashkent" in dushanbe[0].message
    assert 'tashkent.toml:25, as "salma"' in dushanbe[0].message


def test_a_city_that_reads_like_a_quote_stays_a_city(tmp_path: Path) -> None:
    # the other file's line is put into the message after the message is written: a city
    # named like the placeholder must be quoted as typed, not replaced by a position
    for source in (RULE_FIXTURES / "mp502_fail").iterdir():
        text = source.read_text(encoding="utf-8")
        lookalike = 'city = "Nairobi {see0} {see1} \\uFFFD"'
        (tmp_path / source.name).write_text(text.replace('city = "Nairobi"', lookalike))
    reports = check_paths([tmp_path])
    (addis,) = [r for r in reports if r.source.name.endswith("addis.toml")]
    messages = [d.message for d in addis.diagnostics if d.code == "MP502"]
    assert messages
    for message in messages:
        assert "Nairobi {see0} {see1} \N{REPLACEMENT CHARACTER}" in message
        assert message.count("nairobi.toml:") == 1


def test_portfolio_rule_needs_several_files() -> None:
    # one file alone: its people cannot be double-booked across missions
    for path in sorted((RULE_FIXTURES / "mp500_fail").iterdir()):
        assert not [d for r in check_paths([path]) for d in r.diagnostics if d.code == "MP500"]


# -- the seed mission and the command line ---------------------------------------------------


def test_seed_mission_is_clean_but_for_its_intended_saturday() -> None:
    (report,) = check_paths([SEED])
    assert [(d.code, d.suppressed) for d in report.diagnostics] == [("MP400", True)]
    assert "Saturday 28 May 2022" in report.diagnostics[0].message


def test_validate_examples_exits_zero(cli: Callable[..., Result]) -> None:
    result = cli("validate", SEED.parent)
    assert result.exit_code == 0, result.stdout


def test_validate_portfolio_directory_fails_with_both_files(cli: Callable[..., Result]) -> None:
    result = cli("validate", RULE_FIXTURES / "mp500_fail")
    assert result.exit_code == 1
    assert "dushanbe.toml:24:9: MP500 error" in result.stdout
    assert "tashkent.toml:25:9: MP500 error" in result.stdout


def test_suppressed_rules_are_listed_as_suppressed_in_json(cli: Callable[..., Result]) -> None:
    case = RULE_FIXTURES / "mp400_pass.toml"
    lines = case.read_text(encoding="utf-8").splitlines()
    # one comment on the item's [[events]] line, one on the line the diagnostic points at
    dinner = lines.index("start = 2022-05-08T19:00:00") + 1
    call = next(n for n, line in enumerate(lines, 1) if line.startswith("start = 2022-05-08T16"))
    assert "ignore[MP400]" in lines[dinner - 5] and "ignore[MP4]" in lines[call - 1]
    result = cli("validate", "--format", "json", case)
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(d["code"], d["line"], d["suppressed"]) for d in document["diagnostics"]] == [
        ("MP400", dinner, True),
        ("MP400", call, True),
    ]
    assert document["summary"]["suppressed"] == 2


def test_command_line_ignore_and_select(cli: Callable[..., Result]) -> None:
    case = RULE_FIXTURES / "mp300_fail.toml"
    assert cli("validate", case).exit_code == 1
    assert cli("validate", "--ignore", "MP300", case).exit_code == 0
    assert cli("validate", "--select", "MP4", case).exit_code == 0
    strict = cli("validate", "--strict", RULE_FIXTURES / "mp302_fail.toml")
    assert strict.exit_code == 1
    assert "MP302 warning: only 45 min" in strict.stdout


# -- whereabouts, the shared API -------------------------------------------------------------


def test_timeline_of_the_seed() -> None:
    report = check_source(Source(str(SEED), SEED.read_text(encoding="utf-8")))
    mission = report.mission
    assert mission is not None
    stints = whereabouts.timeline(mission, "taher")
    places = [s.place.city if s.place else "->" for s in stints]
    assert places[:5] == ["Geneva", "->", "Istanbul", "->", "Dushanbe"]
    assert places[-1] == "Geneva"
    assert stints[0].start is None and stints[-1].end is None
    # contiguous: each stint ends where the next starts
    assert all(a.end == b.start for a, b in itertools.pairwise(stints))
    tashkent = mission.places["tashkent"]
    landed = mission.legs[2].arrive
    stint = whereabouts.where(mission, "taher", landed)
    assert stint is not None and stint.at(tashkent)
    assert stint.describe("taher").startswith("taher is in Tashkent from 25 May 08:55")
    in_air = whereabouts.where(mission, "taher", landed - timedelta(minutes=30))
    assert in_air is not None and in_air.travelling and in_air.near(tashkent)
    assert whereabouts.breaks(mission) == []
    assert whereabouts.of(mission) is whereabouts.of(mission)  # computed once


def test_night_on_an_overnight_flight_is_travelling() -> None:
    report = check_source(Source(str(SEED), SEED.read_text(encoding="utf-8")))
    assert report.mission is not None
    where = whereabouts.of(report.mission)
    night = where.night("calderon", date(2022, 5, 26))
    assert night is not None and night.travelling
    after = where.night("calderon", date(2022, 5, 27))
    assert after is not None and after.place is not None and after.place.city == "Tashkent"


# -- properties ------------------------------------------------------------------------------

_NO_DST = [
    p
    for p in RULE_FIXTURES.glob("*.toml")
    if not re.search(r'"(AT|CH)"|VIE|GVA', p.read_text(encoding="utf-8"))
]
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?=[T\s#\n\"]|$)", re.MULTILINE)


def _shift(text: str, days: int) -> str:
    return _DATE.sub(
        lambda m: (date.fromisoformat(m.group(1)) + timedelta(days=days)).isoformat(), text
    )


def _outcome(text: str, name: str = "case.toml") -> Counter[tuple[int, str]]:
    source = Source(name, text)
    report = check_source(source)  # with the file's own suppressions
    return Counter((d.line, d.code) for d in report.diagnostics if not d.suppressed)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(_NO_DST), days=st.integers(min_value=-1000, max_value=1000))
def test_shifting_a_mission_by_whole_days_keeps_its_diagnostics(case: Path, days: int) -> None:
    """In zones without DST; weekends and holidays (MP400, MP401) are the calendar's business."""
    text = case.read_text(encoding="utf-8")

    def keep(found: Counter[tuple[int, str]]) -> Counter[tuple[int, str]]:
        return Counter({k: v for k, v in found.items() if k[1] not in ("MP400", "MP401")})

    assert keep(_outcome(_shift(text, days))) == keep(_outcome(text))


_TWO_MEETINGS = """\
[mission]
id = "symmetry"
title = "Two meetings"
start = 2022-05-23
end = 2022-05-24

[people.taher]
name = "Salma Taher"

[places.tashkent]
city = "Tashkent"
country = "UZ"
timezone = "Asia/Tashkent"
"""


def _meeting(ident: str, start: int, minutes: int, offset: str) -> str:
    """A meeting `start` minutes after 23 May 08:00 local time, written in zone `offset`."""
    hours = {"": 0, "+05:00": 0, "+02:00": -3, "Z": -5}[offset]
    begin = 8 * 60 + start + hours * 60
    end = begin + minutes

    def stamp(total: int) -> str:
        day = date(2022, 5, 23) + timedelta(days=total // 1440)
        return f"{day}T{total % 1440 // 60:02d}:{total % 60:02d}:00{offset}"

    return (
        f'\n[[events]]\nid = "{ident}"\nkind = "other"\ntitle = "{ident}"\nplace = "tashkent"\n'
        f"start = {stamp(begin)}\nend = {stamp(end)}\n"
    )


@settings(max_examples=60, deadline=None)
@given(
    a=st.tuples(st.integers(0, 600), st.integers(1, 240)),
    b=st.tuples(st.integers(0, 600), st.integers(1, 240)),
    zones=st.tuples(st.sampled_from(["", "+02:00", "Z"]), st.sampled_from(["", "+02:00", "Z"])),
)
def test_double_booking_is_symmetric_and_exact(
    a: tuple[int, int], b: tuple[int, int], zones: tuple[str, str]
) -> None:
    overlap = a[0] < b[0] + b[1] and b[0] < a[0] + a[1]
    one = _meeting("a", *a, zones[0]) + _meeting("b", *b, zones[1])
    other = _meeting("b", *b, zones[1]) + _meeting("a", *a, zones[0])
    for text in (_TWO_MEETINGS + one, _TWO_MEETINGS + other):
        codes = [code for (_, code), n in _outcome(text).items() for _ in range(n)]
        assert codes.count("MP300") == (1 if overlap else 0)


# -- robustness: a user's mistake is a diagnostic, never a traceback -------------------------

#: Odd but possible files, and exactly what each must report (line, code): an upside-down
#: window stops resolution, so the items it would hide get a file of their own.
_ODD: dict[str, tuple[str, dict[tuple[int, str], int]]] = {
    "upside-down mission": (
        """\
[mission]
id = "odd"
title = "Odd"
start = 2022-05-25
end = 2022-05-20
[people.a]
name = "A"
""",
        {(5, "MP203"): 1, (1, "MP109"): 1},  # and it has no items at all
    ),
    "zero-length leg and stay": (
        """\
[mission]
id = "odd"
title = "Odd"
start = 2022-05-20
end = 2022-05-25
[people.a]
name = "A"
home = "DYU"
[[travel]]
id = "t"
mode = "flight"
from = "TAS"
to = "DYU"
depart = 2022-05-23T10:00:00
arrive = 2022-05-23T10:00:00
[[stays]]
id = "s"
place = "DYU"
name = "Hotel"
check_in = 2022-05-23T10:00:00
check_out = 2022-05-23T10:00:00
""",
        # a flight of no time at all (MP204), from where a is not (MP301); a stay of no
        # night is not an error
        {(15, "MP204"): 1, (12, "MP301"): 1},
    ),
    "overlapping legs and a broken home": (
        """\
[mission]
id = "odd"
title = "Odd"
start = 2022-05-20
end = 2022-05-25
[people.a]
name = "A"
home = "nowhere"
[[travel]]
id = "t1"
mode = "other"
from = "DYU"
to = "TAS"
depart = 2022-05-23T10:00:00
arrive = 2022-05-24T10:00:00
[[travel]]
id = "t2"
mode = "train"
from = "DYU"
to = "IST"
depart = 2022-05-23T12:00:00
arrive = 2022-05-23T13:00:00
[[events]]
id = "e"
place = "IST"
title = "Night meeting"
start = 2022-05-24
end = 2022-05-25
hours = "22:00-24:00"
""",
        {(8, "MP104"): 1, (22, "MP204"): 1, (21, "MP300"): 1, (27, "MP402"): 1},
    ),
}


@pytest.mark.parametrize("name", sorted(_ODD))
def test_odd_missions_give_diagnostics_not_tracebacks(name: str) -> None:
    text, expected = _ODD[name]
    assert _outcome(text) == expected


_ZONES = ["Europe/Vienna", "America/Havana", "Asia/Dushanbe", "Australia/Lord_Howe", "UTC"]


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(_ZONES),
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)),
    hour=st.integers(0, 23),
)
def test_wall_clock_instants_agree_with_pytz(zone: str, day: date, hour: int) -> None:
    """The rules' fast local-time conversion is pytz's localize(is_dst=False), DST gaps too."""
    tz = pytz.timezone(zone)
    expected_ts = tz.localize(datetime.combine(day, time(hour)), is_dst=False).timestamp()
    assert zones.wall_ts(zone, day, hour) == expected_ts


def test_wall_clock_instants_in_a_dst_gap_and_overlap() -> None:
    vienna = pytz.timezone("Europe/Vienna")
    for day, hour in ((date(2023, 3, 26), 2), (date(2023, 10, 29), 2)):
        wall = datetime.combine(day, time(hour))
        assert zones.wall_ts("Europe/Vienna", day, hour) == (
            vienna.localize(wall, is_dst=False).timestamp()
        )


# -- the sweeps: every overlapping pair is found, without comparing all pairs ----------------

_E = TypeVar("_E")

_INTERVALS = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 20), st.integers(0, 3)), max_size=25
)


def _slots(intervals: list[tuple[int, int, int]]) -> list[Slot]:
    moment = datetime(2022, 5, 23, tzinfo=pytz.utc)
    out = []
    for index, (start, length, _) in enumerate(intervals):
        item = Event(
            id=f"e{index}",
            path=("events", index),
            people=("p",),
            kind="meeting",
            title="t",
            place=_PLACE,
            first_day=date.min,
            last_day=date.min,
        )
        out.append(Slot(start, start + length, moment, moment, item, ("events", index)))
    return sorted(out, key=lambda s: (s.start, s.end))


_PLACE = Location(key="d", city="Dushanbe", country="TJ", timezone="Asia/Dushanbe")


def _brute_force(entries: list[_E], overlap: Callable[[_E, _E], bool]) -> dict[int, set[int]]:
    return {
        id(a): {id(b) for b in entries if b is not a and overlap(a, b)}
        for a in entries
        if any(b is not a and overlap(a, b) for b in entries)
    }


@settings(max_examples=200, deadline=None)
@given(_INTERVALS)
def test_booking_sweep_counts_every_overlapping_slot(intervals: list[tuple[int, int, int]]) -> None:
    slots = _slots(intervals)
    expected = _brute_force(
        slots, lambda a, b: a.item is not b.item and a.start < b.end and b.start < a.end
    )
    found = {id(o.entry): o for o in bookings.overlaps(slots)}
    assert set(found) == set(expected)
    for key, each in found.items():
        assert each.count == len(expected[key])  # every overlap counted, the first few named
        named = {id(s) for s in each.earlier + each.later}
        assert named <= expected[key]
        assert len(named) == min(each.earlier_count, 3) + min(each.later_count, 3)


@settings(max_examples=200, deadline=None)
@given(_INTERVALS)
def test_portfolio_sweep_counts_every_cross_file_overlap(
    intervals: list[tuple[int, int, int]],
) -> None:
    slots = _slots(intervals)
    files = {id(s): intervals[int(str(s.item.id)[1:])][2] for s in slots}
    booked = [portfolio._Booked(s, files[id(s)], "p") for s in slots]
    expected = _brute_force(
        booked,
        lambda a, b: (
            a.mission != b.mission and a.slot.start < b.slot.end and b.slot.start < a.slot.end
        ),
    )
    found = {id(o.entry): o for o in portfolio.cross_file_overlaps(booked)}
    assert set(found) == set(expected)  # each file hears of every clash of its own items
    for key, each in found.items():
        assert each.count == len(expected[key])
        assert {id(b) for b in each.earlier + each.later} <= expected[key]


def test_a_thousand_copies_of_one_meeting_give_a_thousand_bounded_findings() -> None:
    moment = datetime(2022, 5, 23, tzinfo=pytz.utc)
    slots = []
    for index in range(1000):
        item = Event(
            id=f"e{index}",
            path=("events", index),
            people=("p",),
            kind="meeting",
            title="t",
            place=_PLACE,
            first_day=date.min,
            last_day=date.min,
        )
        slots.append(Slot(0, 3600, moment, moment, item, ("events", index)))
    found = list(bookings.overlaps(slots))
    assert len(found) == 1000
    assert {each.count for each in found} == {999}
    assert max(len(each.earlier) + len(each.later) for each in found) <= 6


def test_names_match_across_case_accents_and_spacing() -> None:
    assert portfolio.normal_name("  Jaime  Calderón ") == portfolio.normal_name("jaime calderon")
    assert portfolio.normal_name("Salma Taher") != portfolio.normal_name("Salma Tahir")


def test_an_unnamed_airport_hint_says_which_place_to_give_it() -> None:
    (report,) = check_paths([RULE_FIXTURES / "mp301_fail_unlocated.toml"])
    hints = {d.hint for d in report.diagnostics if d.code == "MP301"}
    assert hints == {
        'if BEG is Belgrade Stari Grad\'s airport, add airport = "BEG" to [places.belgrade]'
    }


@pytest.mark.parametrize("reverse", [False, True])
def test_an_instant_never_overlaps_what_starts_with_it(reverse: bool) -> None:
    slots = _slots([(5, 0, 0), (5, 2, 0)])  # a zero-length leg, and a meeting from that time
    assert list(bookings.overlaps(list(reversed(slots)) if reverse else slots)) == []


# -- travel plausibility: real nonstops pass, a one-day slip never does -------------------------

#: Scheduled block times of real nonstops (airline timetables, 2024), by airport pair.
REAL_NONSTOPS = [
    ("SIN", "JFK", 18 * 60 + 50),  # SQ24, the longest
    ("PER", "LHR", 17 * 60 + 45),  # QF9
    ("SCL", "SYD", 14 * 60 + 40),  # QF28, against the wind
    ("AKL", "SCL", 11 * 60),  # LA800
    ("DYU", "TAS", 75),
    ("VIE", "IST", 2 * 60 + 20),
]


def _km(a: str, b: str) -> float:
    import airportsdata

    table = airportsdata.load("IATA")
    return geo.distance_km(table[a]["lat"], table[a]["lon"], table[b]["lat"], table[b]["lon"])


@pytest.mark.parametrize(("origin", "destination", "minutes"), REAL_NONSTOPS)
def test_real_nonstops_pass_and_a_day_late_is_flagged(
    origin: str, destination: str, minutes: int
) -> None:
    bound = times.PACES["flight"].most_minutes(_km(origin, destination))
    assert bound is not None
    assert minutes <= bound
    assert minutes + 24 * 60 > bound


@given(st.floats(min_value=50, max_value=16_000))
def test_a_one_day_slip_is_caught_at_any_distance(km: float) -> None:
    # a nonstop's block time: cruise at ~800 km/h plus half an hour, at most the longest
    nonstop = min(km / 800 + 0.5, 19) * 60
    bound = times.PACES["flight"].most_minutes(km)
    assert bound is not None and nonstop <= bound < nonstop + 24 * 60


# -- recovery: one finding per wrong field, the item kept for every other check ----------------


def test_each_wrong_field_is_one_finding_and_its_item_stays() -> None:
    (report,) = check_paths([RULE_FIXTURES / "recovery_fail.toml"])
    assert report.mission is not None
    assert [leg.id for leg in report.mission.legs] == ["ala-bsz", "bsz-osh", "oss-ala"]
    (bad_mode,) = [leg for leg in report.mission.legs if leg.id == "bsz-osh"]
    assert bad_mode.mode == "other"  # an unknown mode, read as the neutral one
    (hotel,) = [stay for stay in report.mission.stays if stay.id == "hotel"]
    assert hotel.check_in == date(2024, 5, 13)  # the quoted date, read as meant
    quoted = next(d for d in report.diagnostics if d.line == 33)
    assert quoted.hint == "write 2024-05-13 without quotes: TOML dates are not strings"


@pytest.mark.parametrize(
    ("key", "hint"),
    [("carier", 'did you mean "carrier"?'), ("window_seat", None), ("gate", None)],
)
def test_did_you_mean_only_for_a_real_likeness(key: str, hint: str | None) -> None:
    text = (
        '[mission]\nid = "m"\ntitle = "T"\nstart = 2024-05-13\nend = 2024-05-13\n\n'
        '[people.a]\nname = "A"\n\n[[travel]]\nid = "l"\nmode = "flight"\nfrom = "ALA"\n'
        f'to = "BSZ"\ndepart = 2024-05-13T09:00:00\narrive = 2024-05-13T11:05:00\n{key} = "x"\n'
    )
    report = check_source(Source("m.toml", text))
    (found,) = [d for d in report.diagnostics if d.severity > Severity.INFO]
    assert found.code == "MP101"
    if hint is None:
        assert found.hint is not None and found.hint.startswith("allowed here:")
    else:
        assert found.hint == hint


# -- the portfolio: one person in two cities, one mission id in two files ----------------------


def test_a_whereabouts_conflict_is_told_in_both_files_naming_the_other() -> None:
    reports = {Path(r.source.name).name: r for r in check_paths([RULE_FIXTURES / "mp502_fail"])}
    (in_nairobi,) = [d for d in reports["nairobi.toml"].diagnostics if d.code == "MP502"]
    (in_addis,) = [d for d in reports["addis.toml"].diagnostics if d.code == "MP502"]
    assert "addis.toml:21" in in_nairobi.message and 'flight "add-arrival"' in in_nairobi.message
    assert "nairobi.toml:32" in in_addis.message and 'stay "nairobi-hotel"' in in_addis.message
    # the same person under two ids, matched by email
    assert in_nairobi.message.startswith("haile is in Nairobi")
    assert in_addis.message.startswith("meron is in Geneva")


def test_a_copied_mission_id_is_one_error_per_file_and_no_cross_checks() -> None:
    reports = check_paths([RULE_FIXTURES / "mp501_fail"])
    codes = sorted(d.code for r in reports for d in r.diagnostics if not d.suppressed)
    assert codes == ["MP501", "MP501"]  # not dozens of double bookings between the versions
    draft = next(r for r in reports if r.source.name.endswith("draft.toml"))
    assert "final.toml:3" in draft.diagnostics[0].message
