"""Who is where across a portfolio: each person's answer at an instant, in a window, near a point.

Built on the portfolio's whereabouts (`whereabouts.of_run`: one timeline per person across the
files, the same stints `show`, the briefings and the rules read): this module only picks the
stints a question asks for and adds what a duty-of-care answer needs (the file that says so,
the event and hotel there, the next leg, how to reach the person).

    portfolio = load([Path("itineraries")])
    for answer in at(portfolio, parse_instant("2022-05-27T10:00 Asia/Tashkent")):
        print(answer.name, answer.status, answer.location)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from missionplan.app.portfolio import Portfolio
from missionplan.app.where_query import Window
from missionplan.plan import zones
from missionplan.plan.plan import Event, Location, Mission, Stay
from missionplan.plan.presence import Answer, Span
from missionplan.source.sourcemap import KeyPath
from missionplan.source.text import Source

__all__ = ["Near", "at", "during"]


@dataclass(frozen=True)
class Near:
    """A point and a radius: only people within `radius_km` of it."""

    latitude: float
    longitude: float
    radius_km: float
    label: str


def at(
    portfolio: Portfolio, moment: datetime, *, person: str | None = None, near: Near | None = None
) -> list[Answer]:
    """Each person's answer at `moment` (two when two files disagree), in name order."""
    ts = moment.timestamp()
    return during(portfolio, Window(moment, moment), person=person, near=near, instant=ts)


def during(
    portfolio: Portfolio,
    window: Window,
    *,
    person: str | None = None,
    near: Near | None = None,
    instant: float | None = None,
) -> list[Answer]:
    """Every stretch of every person's timeline that overlaps `window`, in name and time order."""
    start, end = window.start_ts, window.end_ts
    answers: list[Answer] = []
    for identity, files, spans in timelines(portfolio):
        if person is not None and identity != person:
            continue
        legs = [s.stint.leg for s in spans if s.stint.travelling and s.stint.leg is not None]
        for span in spans:
            if not (span.start_ts <= start < span.end_ts or start < span.start_ts < end):
                continue
            distance = _distance(span, near) if near is not None else None
            if near is not None and (distance is None or distance > near.radius_km):
                continue
            lo, hi = max(start, span.start_ts), min(max(end, start), span.end_ts)
            after = start if instant is not None else span.end_ts - 1e-6
            answers.append(
                Answer(
                    identity,
                    span,
                    _events(portfolio, files, span, lo, hi if hi > lo else lo),
                    _stay(portfolio, files, span, lo),
                    next((leg for leg in legs if leg.depart_ts > after), None),
                    _line(portfolio, span),
                    distance,
                )
            )
    answers.sort(key=lambda a: (a.name.casefold(), a.identity, a.span.start_ts, a.mission.id))
    return answers


def timelines(portfolio: Portfolio) -> Iterator[tuple[str, dict[int, str], list[Span]]]:
    """(identity, {mission index: person id}, spans) of every person, each stint with the
    file that says so.

    The timeline is the portfolio's whereabouts (the one `show`, the briefings and the rules
    read); this only names, for each stint, the mission file and person id behind it: the file
    of the leg that brought the person there, else of their first leg, else their first file.
    """
    timelines = portfolio.whereabouts
    mission_of = {id(leg): i for i, m in enumerate(portfolio.missions) for leg in m.legs}
    keys: dict[str, dict[int, str]] = {}
    for (index, key), identity in portfolio.identity.items():
        keys.setdefault(identity, {}).setdefault(index, key)
    for identity, files in keys.items():
        stints = timelines.told(identity)
        legs = [s.leg for s in stints if s.leg is not None]
        first = mission_of[id(legs[0])] if legs else min(files)
        spans = []
        for stint in stints:
            index = mission_of[id(stint.leg)] if stint.leg is not None else first
            mission = portfolio.missions[index]
            key = files.get(index) or next(iter(files.values()))
            home = timelines.homes.get(identity)
            spans.append(Span(mission, key, stint, stint.start_ts, stint.end_ts, home))
        yield identity, files, spans


def _line(portfolio: Portfolio, span: Span) -> int:
    """The line of the file that puts a person there: the leg, else their `[people]` table."""
    leg = span.stint.leg
    path = leg.path if leg is not None else ("people", span.person)
    return header_line(portfolio.source(span.mission), path)


def header_line(source: Source, path: KeyPath) -> int:
    """The line of the table header of `("travel", n)` or `("people", key)`.

    Read from the text when the file writes them as headers (`[[travel]]`, `[people.key]`),
    as nearly every file does: a portfolio's answer names hundreds of files, and their full
    source maps would cost more than the answer. Otherwise, from the source map.
    """
    text = source.text
    if path[0] == "travel" and isinstance(path[1], int):
        found = [m.start() for m in _TRAVEL_HEADER.finditer(text)]
        if path[1] < len(found):  # TOML has no [[travel]] beside an inline `travel = [...]`
            return text.count("\n", 0, found[path[1]]) + 1
    elif path[0] == "people":
        header = re.search(
            rf"^[ \t]*\[[ \t]*people[ \t]*\.[ \t]*{re.escape(str(path[1]))}[ \t]*\]", text, re.M
        )
        if header is not None:
            return text.count("\n", 0, header.start()) + 1
    return source.span(path, "key").line


_TRAVEL_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*travel[ \t]*\]\]", re.M)


def _items(portfolio: Portfolio, files: dict[int, str]) -> Iterator[tuple[str, Mission]]:
    """(person id, mission) of every file that names this person."""
    for index, key in files.items():
        yield key, portfolio.missions[index]


def _events(
    portfolio: Portfolio, files: dict[int, str], span: Span, start: float, end: float
) -> tuple[Event, ...]:
    """The person's events during [start, end] in the span's city, from any of their files."""
    place = span.stint.place
    if place is None:
        return ()
    found = []
    for key, mission in _items(portfolio, files):
        for event in mission.events:
            if key not in event.people:
                continue
            times = [(s.start_ts, s.end_ts) for s in event.sessions] or [
                (event.start.timestamp(), event.end.timestamp())
            ]
            # the times first: comparing places costs more
            if any(lo <= end and start < hi for lo, hi in times) and event.place.same_city(place):
                found.append(event)
    return tuple(sorted(found, key=lambda e: e.start))


def _stay(portfolio: Portfolio, files: dict[int, str], span: Span, ts: float) -> Stay | None:
    """The person's stay in the span's city at `ts` (on a change-over day, the later one)."""
    place = span.stint.place
    if place is None:
        return None
    found = [
        stay
        for key, mission in _items(portfolio, files)
        for stay in mission.stays
        if key in stay.people
        and stay.place.same_city(place)
        and _stay_start(stay) <= ts < _stay_end(stay)
    ]
    return max(found, key=_stay_start, default=None)


def _stay_start(stay: Stay) -> float:
    return _edge(stay, stay.check_in, 0)


def _stay_end(stay: Stay) -> float:
    return _edge(stay, stay.check_out, 1)


def _edge(stay: Stay, moment: date | datetime, days: int) -> float:
    """A stay's date means the whole day there (from its midnight, or to the next one)."""
    if isinstance(moment, datetime):
        return moment.timestamp()
    return zones.wall_ts(stay.place.timezone, moment + timedelta(days=days))


def _distance(span: Span, near: Near) -> float | None:
    """km from the point to where the person is; in transit, to the nearer end of the leg."""
    from missionplan.app.where_places import coordinates
    from missionplan.plan.geo import distance_km

    stint = span.stint
    places: list[Location] = []
    if stint.place is not None:
        places.append(stint.place)
    elif stint.leg is not None:
        places += [stint.leg.origin, stint.leg.destination]
    found = [
        distance_km(near.latitude, near.longitude, *point)
        for point in (coordinates(p) for p in places)
        if point is not None
    ]
    return min(found, default=None)
