"""Place rules: MP301 a person where they are not, MP303 nights without a stay, MP304 two stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from missionplan import wording
from missionplan.checks.finding import ERROR, WARNING, Finding, Rule
from missionplan.plan import whereabouts
from missionplan.plan.plan import Event, Location, Mission, Stay
from missionplan.plan.whereabouts import NIGHT_HOUR, Stint, Whereabouts
from missionplan.plan.zones import wall_ts
from missionplan.source.sourcemap import KeyPath

#: MP301 wants a person in their hotel's city (or on a leg to or from it) throughout the night,
#: from midnight to this local hour the next morning.
NIGHT_ENDS = 5


def _day_bounds(zone: str, day: date) -> tuple[float, float]:
    """Local midnight to midnight (a midnight in a DST gap, as in America/Havana, still works)."""
    return wall_ts(zone, day), wall_ts(zone, day + timedelta(days=1))


def _night_bounds(zone: str, day: date) -> tuple[float, float]:
    """The night after `day`: local midnight to NIGHT_ENDS o'clock."""
    after = day + timedelta(days=1)
    return wall_ts(zone, after), wall_ts(zone, after, NIGHT_ENDS)


def _away_during(
    where: Whereabouts, person: str, place: Location, start: float, end: float
) -> Stint | None:
    """The first stint in [start, end) neither in `place` nor on a leg to or from it."""
    for stint in where.during(person, start, end):
        if not stint.near(place):
            return stint
    return None


def _elsewhere_during(
    where: Whereabouts, person: str, place: Location, start: float, end: float
) -> Stint | None:
    """The first stint in [start, end) that puts the person in another city (not travelling)."""
    for stint in where.during(person, start, end):
        if not stint.travelling and not stint.at(place):
            return stint
    return None


def _never_during(
    where: Whereabouts, person: str, place: Location, start: float, end: float
) -> Stint | None:
    """The stint to quote when the person is never in `place` in [start, end), else None."""
    first: Stint | None = None
    for stint in where.during(person, start, end):
        if stint.near(place):
            return None
        here = stint.place is not None and stint.place.country == place.country
        if first is None or (
            here and (first.place is None or first.place.country != place.country)
        ):
            first = stint  # the first, or the first in the place's country (a likelier fix)
    return first


def wrong_place(mission: Mission) -> Iterator[Finding]:
    """MP301: legs that do not chain, and people at events or stays in a city they are not in."""
    where = whereabouts.of(mission)
    for broken in where.breaks:
        leg = broken.leg
        yield WRONG_PLACE.finding(
            (*leg.path, "from"),
            f"{wording.item_label(leg)} leaves {leg.origin.city} at {wording.moment(leg.depart)}, but"
            f" {broken.before.describe(broken.person, until=False)}",
            _unlocated_hint(leg.origin, broken.before.place)
            or f"add the leg that takes {broken.person} to {leg.origin.city}, or correct `from`",
        )
    for event in mission.events:
        # each session's instants once, not once per participant
        times = [(s.start_ts, s.end_ts) for s in event.sessions]
        for person in event.people:
            # who joins by video is wherever they are
            if where.timeline(person) and person not in event.remote:
                yield from _event_place(where, event, times, person)
    for stay in mission.stays:
        for person in stay.people:
            if where.timeline(person):
                yield from _stay_place(where, stay, person)


def _event_place(
    where: Whereabouts,
    event: Event,
    times: list[tuple[float, float]],
    person: str,
) -> Iterator[Finding]:
    place = event.place
    hint = f"check the date and place, or add the legs that take {person} to {place.city}"
    for session, (start, end) in zip(event.sessions, times, strict=True):
        stint = _elsewhere_during(where, person, place, start, end)
        if stint is not None:
            yield WRONG_PLACE.finding(
                (*event.path, "start"),
                f"{wording.item_label(event)} is in {place.city} on {wording.span(session.start, session.end)},"
                f" but {stint.describe(person)}",
                _airport_hint(place, stint) or hint,
            )
            return
    if event.sessions:
        return
    for day in event.days:
        stint = _never_during(where, person, place, *_day_bounds(place.timezone, day))
        if stint is not None:
            yield WRONG_PLACE.finding(
                (*event.path, "start"),
                f"{wording.item_label(event)} is in {place.city} on {wording.day(day)},"
                f" but {stint.describe(person)}",
                _airport_hint(place, stint) or hint,
            )
            return


def _airport_hint(place: Location, stint: Stint) -> str | None:
    return _unlocated_hint(place, stint.place)


def _unlocated_hint(place: Location, there: Location | None) -> str | None:
    """Two names in one country of which one has no point (MP107) may be one city under two
    names (an airport's town): then the fix is to locate the place, not to add a leg."""
    if there is None or there.country != place.country:
        return None
    if place.latitude is not None and there.latitude is not None:
        return None
    airport, declared = (there, place) if there.name is not None else (place, there)
    if airport.name is not None and declared.latitude is None:
        return (
            f'if {airport.key} is {declared.city}\'s airport, add airport = "{airport.key}" to'
            f" [places.{declared.key}]"
        )
    unlocated = place if place.latitude is None else there
    return (
        f"if {place.city} and {there.city} are one city, locate [places.{unlocated.key}]:"
        " add its airport, or lat and lon"
    )


def _stay_place(where: Whereabouts, stay: Stay, person: str) -> Iterator[Finding]:
    """Dates mean "at some point that day", date-times are exact, and every night in between
    the person is in the city (or on a leg to or from it) from midnight to NIGHT_ENDS."""
    place, tz = stay.place, stay.place.timezone
    problem: tuple[str, str, Stint] | None = None
    # in time order, so the message names the first moment that is wrong
    checks: list[tuple[str, date | datetime, str]] = [("check_in", stay.check_in, "")]
    # a first night elsewhere questions the check-in; a later one, the check-out
    checks += [
        ("check_in" if night == stay.first_night else "check_out", night, "night")
        for night in stay.nights
    ]
    checks.append(("check_out", stay.check_out, ""))
    for key, moment, kind in checks:
        if kind == "night":
            assert not isinstance(moment, datetime)
            away = _away_during(where, person, place, *_night_bounds(tz, moment))
            if away is not None:
                problem = (key, f"the night of {wording.day(moment)}", away)
        elif isinstance(moment, datetime):
            found = where.where(person, moment)
            if found is not None and not found.near(place):
                problem = (key, wording.moment(moment), found)
        else:
            stint = _never_during(where, person, place, *_day_bounds(tz, moment))
            if stint is not None:
                problem = (key, wording.day(moment), stint)
        if problem is not None:
            break
    if problem is not None:
        key, when, stint = problem
        yield WRONG_PLACE.finding(
            (*stay.path, key),
            f"{wording.item_label(stay)} is in {place.city} ({when}), but {stint.describe(person)}",
            _airport_hint(place, stint)
            or f"check the stay's dates and place, or add the legs that take {person} to"
            f" {place.city}",
        )


def missing_accommodation(mission: Mission) -> Iterator[Finding]:
    """MP303: a night of the mission spent away from home, not travelling, without a stay."""
    where = whereabouts.of(mission)
    covered: dict[str, set[date]] = {person: set() for person in mission.people}
    for stay in mission.stays:
        for person in stay.people:
            covered.setdefault(person, set()).update(stay.nights)
    nights = [mission.start + timedelta(days=n) for n in range((mission.end - mission.start).days)]
    for person in mission.people:
        if not where.timeline(person):
            continue
        home = where.homes.get(person)
        missing: list[tuple[date, Stint]] = []
        booked = covered[person]
        for night in nights:
            if night in booked:
                continue  # a stay covers it (MP301 says whether in the right city)
            stint = where.night(person, night, hour=NIGHT_HOUR)
            if stint is None or stint.travelling or stint.leg is None:
                continue  # on the way, or at the starting point (home, or first `from`)
            if home is None or not stint.at(home):
                missing.append((night, stint))
        yield from _report_missing(mission, person, missing)


def _report_missing(
    mission: Mission, person: str, missing: list[tuple[date, Stint]]
) -> Iterator[Finding]:
    """One diagnostic per run of consecutive nights in one place."""
    runs: list[list[tuple[date, Stint]]] = []
    for night, stint in missing:
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and previous[1] is stint
            and previous[0] + timedelta(days=1) == night
        ):
            runs[-1].append((night, stint))
        else:
            runs.append([(night, stint)])
    for run in runs:
        first, last = run[0][0], run[-1][0]
        stint = run[0][1]
        assert stint.place is not None and stint.leg is not None
        plural = "s" if len(run) > 1 else ""
        message = (
            f"{person} has no stay for the night{plural} of {wording.date_range(first, last, year=False, short=True)} in"
            f" {stint.place.city} (arriving {wording.moment(stint.leg.arrive)} on"
            f" {wording.item_label(stint.leg)})"
        )
        after = last + timedelta(days=1)
        # a stay in that city that ends or starts right at the gap is most likely the one to
        # change (a check-out typed a day early); otherwise point at the arriving leg
        for stay in mission.stays:
            if person not in stay.people or not stay.place.same_city(stint.place):
                continue
            if stay.last_day == first:
                yield MISSING_ACCOMMODATION.finding(
                    (*stay.path, "check_out"),
                    message,
                    f"check out on {after.isoformat()}, or add a stay for the night{plural}",
                )
                break
            if stay.first_night == after:
                yield MISSING_ACCOMMODATION.finding(
                    (*stay.path, "check_in"),
                    message,
                    f"check in on {first.isoformat()}, or add a stay for the night{plural}",
                )
                break
        else:
            yield MISSING_ACCOMMODATION.finding(
                (*stint.leg.path, "arrive"),
                message,
                f'add a [[stays]] entry with people = ["{person}"], place = "{stint.place.key}",'
                f" check_in = {first.isoformat()}, check_out = {after.isoformat()}",
            )


def overlapping_stays(mission: Mission) -> Iterator[Finding]:
    """MP304: one person in two stays on the same night (checking out and in the same day is fine)."""
    by_person: dict[str, list[Stay]] = {}
    for stay in mission.stays:
        if stay.nights:
            for person in stay.people:
                by_person.setdefault(person, []).append(stay)
    pairs: dict[tuple[int, int], tuple[Stay, Stay, date, date, list[str]]] = {}
    for person, stays in by_person.items():
        stays.sort(key=lambda s: (s.first_night, s.last_day))
        reaching: Stay | None = None
        for stay in stays:
            if reaching is not None and stay.first_night < reaching.last_day:
                until = min(reaching.last_day, stay.last_day) - timedelta(days=1)
                entry: tuple[Stay, Stay, date, date, list[str]] = (
                    reaching,
                    stay,
                    stay.first_night,
                    until,
                    [],
                )
                pairs.setdefault((id(reaching), id(stay)), entry)[4].append(person)
            if reaching is None or stay.last_day > reaching.last_day:
                reaching = stay
    for earlier, later, first, last, people in pairs.values():
        plural = "s" if last > first else ""
        path: KeyPath = (*later.path, "check_in")
        if _arrives_on(mission, people, later):
            # the later check-in is the day of arrival there: the earlier check-out is wrong
            path = (*earlier.path, "check_out")
        yield OVERLAPPING_STAYS.finding(
            path,
            f"{' and '.join(people)} {'has' if len(people) == 1 else 'have'} two stays on the"
            f" night{plural} of {wording.date_range(first, last, year=False, short=True)}: {wording.item_label(later)} in {later.place.city}"
            f" and {wording.item_label(earlier)} in {earlier.place.city}",
            "check out of one before checking in to the other (check_out is the morning you leave)",
        )


def _arrives_on(mission: Mission, people: list[str], stay: Stay) -> bool:
    """A leg of one of `people` arrives in the stay's city on its check-in day (local)."""
    return any(
        leg.arrive.date() == stay.first_night
        and leg.destination.same_city(stay.place)
        and any(person in leg.people for person in people)
        for leg in mission.legs
    )


WRONG_PLACE = Rule(
    code="MP301",
    name="wrong-place",
    severity=ERROR,
    summary="a person at an event or stay in a city where they are not",
    check=wrong_place,
    description="""
A person has an event or stay in a city where, according to their travel legs, they are not
at that time; or a leg departs from a city the person is not in.""",
    bad="""
# taher flew to Tashkent on 25 May
[[events]]
place = "dushanbe"
start = 2022-05-26T10:00:00""",
    good="""
[[events]]
place = "tashkent"
start = 2022-05-26T10:00:00""",
)

MISSING_ACCOMMODATION = Rule(
    code="MP303",
    name="missing-accommodation",
    severity=WARNING,
    summary="a night away from home with no stay",
    check=missing_accommodation,
    description="""
A night away from home within the mission with no stay booked where the person is. Nights on
an overnight leg need none.""",
    bad="""
[[stays]]
check_in = 2022-05-21
check_out = 2022-05-24   # but the flight out is on 25 May""",
    good="""
check_in = 2022-05-21
check_out = 2022-05-25""",
)

OVERLAPPING_STAYS = Rule(
    code="MP304",
    name="overlapping-stays",
    severity=ERROR,
    summary="one person in two stays on the same night",
    check=overlapping_stays,
    description="One person has two stays on the same night.",
    bad="""
[[stays]]
check_in = 2022-05-21
check_out = 2022-05-25
[[stays]]
check_in = 2022-05-24
check_out = 2022-05-26""",
    good="""
[[stays]]
check_in = 2022-05-25
check_out = 2022-05-26""",
)

RULES = (WRONG_PLACE, MISSING_ACCOMMODATION, OVERLAPPING_STAYS)
