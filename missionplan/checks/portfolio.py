"""Portfolio rules, across the mission files of one run: MP500 one person in overlapping items
(timed items, or two stays on one night), MP501 two files with one mission id, MP502 one
person in two cities with no travel between (stays, events, legs, nights)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from missionplan import wording
from missionplan.checks.common import Overlaps, Slot, overlaps_each, schedule
from missionplan.checks.finding import ERROR, Finding, Rule, see_mark
from missionplan.plan.identity import identities, normal_name
from missionplan.plan.plan import Event, Item, Leg, Location, Mission, Stay
from missionplan.plan.zones import wall_ts
from missionplan.source.sourcemap import KeyPath

__all__ = [
    "duplicate_mission_ids",
    "identities",
    "normal_name",
    "portfolio_double_booked",
    "portfolio_wrong_place",
]

#: A stay puts its guest in its city from local midnight to this hour, each night.
NIGHT_ENDS = 5
#: Two files' items in two cities this close in time need a leg between them (MP502);
#: further apart, a leg missing from both files is likelier than a conflict.
MAX_GAP_HOURS = 12


@dataclass(frozen=True)
class _Booked:
    slot: Slot
    mission: int
    person: str


def cross_file_overlaps(
    booked: list[_Booked], missions: Sequence[Mission] | None = None
) -> Iterator[Overlaps[_Booked]]:
    """For each entry, what it overlaps in other files: counted, the first few named. Files
    of one mission id (versions of one mission, MP501) are not compared."""
    if missions is None:
        return overlaps_each(
            booked, lambda e: e.slot.start, lambda e: e.slot.end, lambda e: e.mission
        )
    return overlaps_each(
        booked, lambda e: e.slot.start, lambda e: e.slot.end, lambda e: missions[e.mission].id
    )


def portfolio_double_booked(missions: Sequence[Mission]) -> Iterator[Finding]:
    """MP500: reported in every file involved, each finding at its own item and naming the
    others (the first few, and how many in all)."""
    who = identities(missions)
    by_identity: dict[str, list[_Booked]] = {}
    for index, mission in enumerate(missions):
        for person, slots in schedule(mission).items():
            entries = by_identity.setdefault(who[(index, person)], [])
            entries.extend(_Booked(slot, index, person) for slot in slots)
    for entries in by_identity.values():
        if len({missions[e.mission].id for e in entries}) < 2:
            continue
        for found in cross_file_overlaps(entries, missions):
            yield _report(missions, found)
    yield from _double_stays(missions, who)


def _report(missions: Sequence[Mission], found: Overlaps[_Booked]) -> Finding:
    here = found.entry
    others = sorted([*found.earlier, *found.later], key=lambda e: (e.slot.start, e.mission))
    named = ", ".join(_other(missions, there, see_mark(i)) for i, there in enumerate(others))
    more = found.count - len(others)
    what = f"{named} and {more} more item{'s' if more != 1 else ''}" if more else named
    ids = sorted({missions[there.mission].id for there in others})
    planners = f"the planner of {ids[0]}" if len(ids) == 1 else "the other planners"
    finding = PORTFOLIO_DOUBLE_BOOKED.finding(
        here.slot.path,
        f"{here.person} is double-booked across missions: {wording.item_label(here.slot.item)}"
        f" ({wording.span(here.slot.begin, here.slot.finish)}) overlaps {what}",
        f"agree with {planners} which mission {here.person} attends, and change one of the"
        " files; times are local to each item's place",
    )
    return _in(missions, here.mission, finding, *((t.mission, t.slot.path) for t in others))


def _other(missions: Sequence[Mission], there: _Booked, where: str) -> str:
    other = missions[there.mission]
    return (
        f"{wording.item_label(there.slot.item)} ({wording.span(there.slot.begin, there.slot.finish)})"
        f' of mission {other.id} ({where}, as "{there.person}")'
    )


def _in(
    missions: Sequence[Mission], index: int, finding: Finding, *quoted: tuple[int, KeyPath]
) -> Finding:
    """The finding in the file of mission `index`; the keys of other missions its message
    quotes (`see_mark(n)` in its message) become their file:line where it is positioned."""
    see = tuple((missions[i].origin, path) for i, path in quoted)
    return replace(finding, file=missions[index].origin, see=see)


@dataclass(frozen=True)
class _Night:
    stay: Stay
    mission: int
    person: str


def _double_stays(
    missions: Sequence[Mission], who: dict[tuple[int, str], str]
) -> Iterator[Finding]:
    """MP500 for hotels: one person in stays of two files on the same night, in both files."""
    by_identity: dict[str, list[_Night]] = {}
    for index, mission in enumerate(missions):
        for stay in mission.stays:
            if stay.nights:
                for person in stay.people:
                    entry = _Night(stay, index, person)
                    by_identity.setdefault(who[(index, person)], []).append(entry)
    for entries in by_identity.values():
        for found in overlaps_each(
            entries,
            lambda e: e.stay.first_night.toordinal(),
            lambda e: e.stay.last_day.toordinal(),
            lambda e: missions[e.mission].id,
        ):
            here = found.entry
            for there in [*found.earlier, *found.later]:
                first = max(here.stay.first_night, there.stay.first_night)
                last = min(here.stay.last_day, there.stay.last_day) - timedelta(days=1)
                other = missions[there.mission]
                plural = "s" if last > first else ""
                yield _in(
                    missions,
                    here.mission,
                    PORTFOLIO_DOUBLE_BOOKED.finding(
                        (*here.stay.path, "check_in"),
                        f"{here.person} has two stays across missions on the night{plural} of"
                        f" {wording.date_range(first, last, year=False)}:"
                        f" {wording.item_label(here.stay)} in {here.stay.place.city} and"
                        f" {wording.item_label(there.stay)} in {there.stay.place.city} of"
                        f' mission {other.id} ({see_mark(0)}, as "{there.person}")',
                        f"agree with the planner of {other.id} where {here.person} sleeps, and"
                        " cancel one of the two stays",
                    ),
                    (there.mission, (*there.stay.path, "check_in")),
                )


# -- MP501: one mission id in two files ---------------------------------------------------------


def duplicate_mission_ids(missions: Sequence[Mission]) -> Iterator[Finding]:
    """MP501: files sharing a `[mission] id` (ignoring case: one output folder on macOS and
    Windows), in each of them, naming the others. They are versions of one mission (a draft
    and a final): the other portfolio rules do not compare them."""
    by_id: dict[str, list[int]] = {}
    for index, mission in enumerate(missions):
        by_id.setdefault(mission.id.casefold(), []).append(index)
    for indices in by_id.values():
        if len(indices) < 2:
            continue
        for index in indices:
            others = [i for i in indices if i != index]
            yield _in(
                missions,
                index,
                DUPLICATE_MISSION_ID.finding(
                    ("mission", "id"),
                    f'mission id "{missions[index].id}" is also the id of'
                    f" {wording.names([see_mark(n) for n in range(len(others))])}",
                    "give each mission its own id (a copied file keeps the old one), or keep"
                    " only one version of the mission in the folder",
                ),
                *((i, ("mission", "id")) for i in others),
            )


# -- MP502: in two cities at once -----------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """A file's word that a person is in a city from `start` to `end` (POSIX timestamps)."""

    start: float
    end: float
    city: Location
    mission: int
    person: str
    item: Item
    path: KeyPath
    when: str
    timed: bool = False  # a leg or an event session: two of them at once are MP500's


def _claims(mission: Mission, index: int) -> Iterator[_Claim]:
    """Where the file puts each of its people: event sessions (or an all-day event's working
    hours), stay nights, and each leg's departure and arrival."""
    for event in mission.events:
        yield from _event_claims(event, index)
    for stay in mission.stays:
        zone = stay.place.timezone
        for night in stay.nights:
            after = night + timedelta(days=1)
            start, end = wall_ts(zone, after), wall_ts(zone, after, NIGHT_ENDS)
            when = f"the night of {wording.day(night)}"
            for person in stay.people:
                path = (*stay.path, "check_in")
                yield _Claim(start, end, stay.place, index, person, stay, path, when)
    for leg in mission.legs:
        for person in leg.people:
            leaving, arriving = wording.moment(leg.depart), wording.moment(leg.arrive)
            yield _Claim(
                leg.depart_ts,
                leg.depart_ts,
                leg.origin,
                index,
                person,
                leg,
                (*leg.path, "depart"),
                f"leaving {leaving}",
                True,
            )
            yield _Claim(
                leg.arrive_ts,
                leg.arrive_ts,
                leg.destination,
                index,
                person,
                leg,
                (*leg.path, "arrive"),
                f"arriving {arriving}",
                True,
            )


def _event_claims(event: Event, index: int) -> Iterator[_Claim]:
    path = (*event.path, "start")
    spans = [(s.start_ts, s.end_ts, wording.span(s.start, s.end)) for s in event.sessions]
    timed = bool(spans)
    if not spans and event.place is not None:
        zone = event.place.timezone
        for day in event.days:
            # "at some point that day": its working hours, not the whole day
            spans.append((wall_ts(zone, day, 9), wall_ts(zone, day, 17), wording.day(day)))
    if event.place is None:
        return
    for start, end, when in spans:
        for person in event.people:
            yield _Claim(start, end, event.place, index, person, event, path, when, timed)


def portfolio_wrong_place(missions: Sequence[Mission]) -> Iterator[Finding]:
    """MP502: two files put one person in two cities with no leg between them (or at the
    same time); one finding per run of such conflicts in each file, naming the other's item."""
    who = identities(missions)
    claims: dict[str, list[_Claim]] = {}
    legs: dict[str, list[tuple[float, float]]] = {}
    for index, mission in enumerate(missions):
        for claim in _claims(mission, index):
            claims.setdefault(who[(index, claim.person)], []).append(claim)
        for leg in mission.legs:
            for person in leg.people:
                legs.setdefault(who[(index, person)], []).append((leg.depart_ts, leg.arrive_ts))
    for identity, own in claims.items():
        if len({missions[c.mission].id for c in own}) < 2:
            continue
        own.sort(key=lambda c: (c.start, c.end))
        moves = sorted(legs.get(identity, []))
        departs = [depart for depart, _ in moves]
        # consecutive conflicts between the same two files are one run, told once in each
        # file at its first item of the run
        run: list[tuple[_Claim, _Claim]] = []
        for before, after in itertools.pairwise(own):
            if missions[before.mission].id == missions[after.mission].id:
                continue
            if _conflict(moves, departs, before, after):
                pair = {before.mission, after.mission}
                if run and {run[0][0].mission, run[0][1].mission} != pair:
                    yield from _report_run(missions, run)
                    run = []
                run.append((before, after))
            elif run:
                yield from _report_run(missions, run)
                run = []
        if run:
            yield from _report_run(missions, run)


def _conflict(
    moves: list[tuple[float, float]], departs: list[float], before: _Claim, after: _Claim
) -> bool:
    if after.start - before.end > MAX_GAP_HOURS * 3600:
        return False
    if before.city.same_city(after.city):
        return False
    if before.timed and after.timed and after.start < before.end:
        return False  # two timed items at once: MP500 says so
    if isinstance(before.item, Leg) and isinstance(after.item, Leg):
        return False
    # a leg of any file between the two: the person can get from one city to the other
    index = bisect.bisect_left(departs, before.start)
    while index < len(moves) and moves[index][0] <= after.end:
        if moves[index][1] <= after.end:
            return False
        index += 1
    return True


def _report_run(missions: Sequence[Mission], run: list[tuple[_Claim, _Claim]]) -> Iterator[Finding]:
    claims = [claim for pair in run for claim in pair]
    first: dict[int, _Claim] = {}
    for claim in claims:
        first.setdefault(claim.mission, claim)
    a, b = first.values()
    more = len({(c.mission, id(c.item)) for c in claims}) - 2
    yield _wrong_place(missions, a, b, more)
    yield _wrong_place(missions, b, a, more)


def _wrong_place(missions: Sequence[Mission], here: _Claim, there: _Claim, more: int) -> Finding:
    other = missions[there.mission]
    also = f"; {more} more item{'s' if more > 1 else ''} of the two conflict after" if more else ""
    return _in(
        missions,
        here.mission,
        PORTFOLIO_WRONG_PLACE.finding(
            here.path,
            f"{here.person} is in {here.city.city} for {wording.item_label(here.item)}"
            f" ({here.when}), but mission {other.id} has them in {there.city.city} for"
            f" {wording.item_label(there.item)} ({there.when};"
            f' {see_mark(0)}, as "{there.person}"), with no travel between{also}',
            f"agree with the planner of {other.id} where {here.person} is, and change one of"
            " the two files (or add the leg between the two cities)",
        ),
        (there.mission, there.path),
    )


PORTFOLIO_DOUBLE_BOOKED = Rule(
    code="MP500",
    name="portfolio-double-booked",
    severity=ERROR,
    summary="the same person in overlapping items (or two stays on one night) of two mission files",
    across=portfolio_double_booked,
    description="""
When several mission files are validated together, the same person (same email, or the same
name ignoring case, accents and spacing) is in overlapping items of two different missions,
or in stays of two missions on the same night. Reported in both files.""",
    bad="""
# a.toml: taher in Dushanbe 23 May 10:00-11:00
# b.toml: taher in Vienna 23 May 09:00-12:00""",
    good="# b.toml moved to 24 May",
)

DUPLICATE_MISSION_ID = Rule(
    code="MP501",
    name="duplicate-mission-id",
    severity=ERROR,
    summary="two mission files with the same `[mission] id`",
    across=duplicate_mission_ids,
    description="""
Two mission files in one run have the same `[mission] id` (ignoring case): a copied file that
kept it, or a draft and a final version of one mission side by side. Their calendars would
take each other's identity, and `build` refuses one of them. Each file is told the other's
name; files sharing an id are not checked against each other (MP500, MP502).""",
    bad='''
# missions/nairobi.toml and missions/nairobi-copy.toml
[mission]
id = "who-ken-2024-06"''',
    good='''
# missions/nairobi-copy.toml
[mission]
id = "who-ken-2024-09"''',
)

PORTFOLIO_WRONG_PLACE = Rule(
    code="MP502",
    name="portfolio-wrong-place",
    severity=ERROR,
    summary="two mission files put one person in two cities with no travel between",
    across=portfolio_wrong_place,
    description="""
One person's whereabouts across the missions of a run: two files put them in two cities
within 12 hours of each other (a meeting, an all-day event's working hours, a night in a
hotel, a leg's departure or arrival) with no leg in either file between the two. Reported
once per conflict in each file, naming the other file, line and item. People are matched
across files by email, else by name.""",
    bad="""
# nairobi.toml: a 09:00 meeting in Nairobi on 12 June; addis.toml: a hotel in Addis Ababa
# on the night of 11 June, and no flight between""",
    good="# addis.toml: check out on 12 June and fly ADD -> NBO at 06:30",
)

RULES = (PORTFOLIO_DOUBLE_BOOKED, DUPLICATE_MISSION_ID, PORTFOLIO_WRONG_PLACE)
