"""Time rules: MP204 implausible travel time for the distance, MP205 items outside the mission."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from missionplan import wording
from missionplan.checks.finding import WARNING, Finding, Rule
from missionplan.plan import geo
from missionplan.plan.plan import Mission


@dataclass(frozen=True)
class Pace:
    """Plausible door-to-door durations of one mode over a great-circle distance.

    Too fast: an average speed above `fastest` km/h along the great circle. Too slow: longer
    than `slack` hours plus the distance at `slowest` km/h, and never longer than `longest`
    hours. The bounds are deliberately wide: MP204 is for times typed in the wrong zone or on
    the wrong day, not for timetables.
    """

    fastest: float
    slowest: float
    slack: float
    longest: float | None = None

    def most_minutes(self, distance: float) -> float | None:
        """The longest plausible duration in minutes over `distance` km, None for no bound."""
        if not self.slowest:
            return None
        hours = self.slack + distance / self.slowest
        return 60 * (hours if self.longest is None else min(hours, self.longest))


#: flight: no airliner averages more than ~1,000 km/h gate to gate (cruise ~900 plus jet
#: stream). Slow side: 4 h of slack (taxiing, holding, a stop) plus 300 km/h, which lets a
#: short hop booked with a stop pass; and never more than 20 h, about an hour over the longest
#: scheduled nonstop (Singapore-New York, ~18 h 50 min; Sydney-Santiago is ~14 h 40 min the
#: slow way). A flight typed a day late therefore always exceeds the bound: a long haul of
#: T <= 19 h becomes T + 24 h > 20 h (Auckland-Santiago, 11 h, becomes 35 h), and a short hop
#: exceeds 4 h + distance / 300 km/h. A journey with connections is one leg per flight.
#: train: the fastest lines run at ~350 km/h; slow lines with long stops at ~20 km/h.
#: road: ~130 km/h is a motorway average at best; 15 km/h covers mountain roads and borders.
#: other (ferries, helicopters...): only the flight ceiling applies, nothing is faster.
PACES: dict[str, Pace] = {
    "flight": Pace(fastest=1000, slowest=300, slack=4, longest=20),
    "train": Pace(fastest=350, slowest=20, slack=6),
    "road": Pace(fastest=130, slowest=15, slack=4),
    "other": Pace(fastest=1000, slowest=0, slack=0),
}


def implausible_travel_time(mission: Mission) -> Iterator[Finding]:
    """MP204: a leg far too fast or too slow for its mode over the distance between its ends."""
    for leg in mission.legs:
        a, b = leg.origin, leg.destination
        if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
            continue  # no coordinates, no guess
        distance = geo.distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
        pace = PACES[leg.mode]
        minutes = leg.duration.total_seconds() / 60
        fastest = distance / pace.fastest * 60
        slowest = pace.most_minutes(distance)
        route = wording.route(leg)
        if minutes < fastest and distance >= 50:
            yield IMPLAUSIBLE_TRAVEL_TIME.finding(
                (*leg.path, "arrive"),
                f"{wording.item_label(leg)} takes {wording.duration(minutes)} for {distance:,.0f} km {route};"
                f" a {wording.leg_noun(leg.mode)} that far takes at least {wording.duration(fastest)}",
                "depart is local time at `from` and arrive local time at `to`: check both,"
                " and the dates",
            )
        elif slowest is not None and minutes > slowest:
            yield IMPLAUSIBLE_TRAVEL_TIME.finding(
                (*leg.path, "arrive"),
                f"{wording.item_label(leg)} takes {wording.duration(minutes)} for {distance:,.0f} km {route};"
                + (
                    f" no scheduled {wording.leg_noun(leg.mode)} takes more than about {wording.duration(slowest)}"
                    if pace.longest is not None and slowest >= pace.longest * 60
                    else f" a {wording.leg_noun(leg.mode)} that far takes at most about {wording.duration(slowest)}"
                ),
                "check the dates and that arrive is local time at `to`; split a journey with"
                " stops into one leg per stretch",
            )


def outside_mission_window(mission: Mission) -> Iterator[Finding]:
    """MP205: an item starting before `[mission] start` or ending after `[mission] end`."""
    first, last = mission.start, mission.end
    if last < first:
        return  # MP203 already says the window is upside down
    window = wording.date_range(first, last, short=True)
    hint = "fix the date, or widen [mission] start/end if the mission really is longer"
    for leg in mission.legs:
        yield from _outside(
            mission, leg.path, wording.item_label(leg), leg.depart, leg.arrive, window, hint
        )
    for stay in mission.stays:
        yield from _outside(
            mission,
            stay.path,
            wording.item_label(stay),
            stay.check_in,
            stay.check_out,
            window,
            hint,
        )
    for event in mission.events:
        yield from _outside(
            mission,
            event.path,
            wording.item_label(event),
            event.first_day,
            event.last_day,
            window,
            hint,
        )


_KEYS = {"travel": ("depart", "arrive"), "stays": ("check_in", "check_out")}


def _outside(
    mission: Mission,
    path: tuple[str | int, ...],
    what: str,
    begin: date | datetime,
    finish: date | datetime,
    window: str,
    hint: str,
) -> Iterator[Finding]:
    start_key, end_key = _KEYS.get(str(path[0]), ("start", "end"))
    first = begin.date() if isinstance(begin, datetime) else begin
    last = finish.date() if isinstance(finish, datetime) else finish
    if first < mission.start:
        yield OUTSIDE_MISSION_WINDOW.finding(
            (*path, start_key),
            f"{what} starts on {wording.day(first)} {first.year}, before the mission ({window})",
            hint,
        )
    if last > mission.end:
        after = first > mission.end  # wholly after: point at the start, where the date is wrong
        yield OUTSIDE_MISSION_WINDOW.finding(
            (*path, start_key if after else end_key),
            f"{what} {'starts' if after else 'ends'} on {wording.day(first if after else last)}"
            f" {last.year}, after the mission ({window})",
            hint,
        )


IMPLAUSIBLE_TRAVEL_TIME = Rule(
    code="MP204",
    name="implausible-travel-time",
    severity=WARNING,
    summary="a leg far too fast or too slow for its mode and distance",
    check=implausible_travel_time,
    description="""
A travel leg far too fast or too slow for its mode and the great-circle distance between its
ends, when both ends have a point (airports, or places located by `lat`/`lon`, `airport` or
the gazetteer); without them missionplan does not guess. Usually a wrong date or a time typed
in the wrong zone.

Too fast: faster than 1,000 km/h by air, 350 km/h by train, 130 km/h by road (over 50 km).
Too slow: longer than 4 h + the distance at 300 km/h by air, but never more than 20 h (the
longest scheduled nonstop, Singapore-New York, is about 18 h 50 min), so that a flight typed
a day late is always caught; 6 h + the distance at 20 km/h by train, 4 h + the distance at
15 km/h by road. `other` is only checked for being too fast. A journey with connections is
one leg per flight.""",
    bad="""
from = "DYU"
to = "TAS"
depart = 2022-05-25T07:40:00
arrive = 2022-05-25T21:55:00""",
    good="""
depart = 2022-05-25T07:40:00
arrive = 2022-05-25T08:55:00""",
)

OUTSIDE_MISSION_WINDOW = Rule(
    code="MP205",
    name="outside-mission-window",
    severity=WARNING,
    summary="an item outside `[mission] start..end`",
    check=outside_mission_window,
    description="An item falls outside the mission's `start`..`end` dates.",
    bad="""
[mission]
start = 2022-05-21
end = 2022-06-01
[[events]]
start = 2022-06-03T10:00:00""",
    good="""
[[events]]
start = 2022-05-31T10:00:00""",
)

RULES = (IMPLAUSIBLE_TRAVEL_TIME, OUTSIDE_MISSION_WINDOW)
