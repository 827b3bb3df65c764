"""Who is where across a portfolio: each person's answer at an instant, in a window, near a point.

Built on each mission's whereabouts (the same stints `show`, the briefings and the rules use):
a person's portfolio timeline is their missions' timelines spliced in time order (see
`_timeline`, the one place that joins files). Between two missions a person is where the
earlier one left them; before their first and after their last they are where those say,
at home when that is their home.

    portfolio = load([Path("itineraries")])
    for answer in at(portfolio, parse_instant("2022-05-27T10:00 Asia/Tashkent")):
        print(answer.name, answer.status, answer.location)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from missionplan.app.portfolio import Portfolio
from missionplan.app.where_query import Window
from missionplan.plan import whereabouts
from missionplan.plan.plan import Event, Leg, Location, Mission, Stay
from missionplan.plan.whereabouts import Stint

__all__ = ["AT_HOME", "AWAY", "IN_TRANSIT", "Answer", "Near", "Span", "at", "during"]

AT_HOME, AWAY, IN_TRANSIT = "at home", "away", "in transit"


@dataclass(frozen=True)
class Span:
    """A stretch of one person's portfolio timeline, and the mission file that says so."""

    mission: Mission
    person: str  # their id in that file
    stint: Stint
    start_ts: float  # clipped to the neighbouring missions (-inf/inf when open)
    end_ts: float
    since: datetime | None
    until: datetime | None
    home: bool  # outside the mission's travel, in the person's home city
    conflict: bool = False  # another file has the person elsewhere at the same time


@dataclass(frozen=True)
class Answer:
    """Where one person is (at an instant, or for one stretch of a window), with how to reach them."""

    identity: str
    span: Span
    items: tuple[Event, ...]  # what they are at (at an instant) or will be at (in a window)
    stay: Stay | None  # the accommodation there
    next_leg: Leg | None
    distance_km: float | None = None  # with --near

    @property
    def mission(self) -> Mission:
        return self.span.mission

    @property
    def person(self) -> str:
        return self.span.person

    @property
    def name(self) -> str:
        return self.mission.people[self.person].name

    @property
    def phone(self) -> str | None:
        return self.mission.people[self.person].phone

    @property
    def email(self) -> str | None:
        return self.mission.people[self.person].email

    @property
    def status(self) -> str:
        if self.span.stint.travelling:
            return IN_TRANSIT
        return AT_HOME if self.span.home else AWAY

    @property
    def location(self) -> Location | None:
        return self.span.stint.place

    @property
    def leg(self) -> Leg | None:
        """The leg being travelled (in transit) or the one that brought them here."""
        return self.span.stint.leg

    @property
    def line(self) -> int:
        """The line of the file that puts them there: the leg, else their `[people]` table."""
        leg = self.span.stint.leg
        path = leg.path if leg is not None else ("people", self.person)
        return self.mission.source.span(path, "key").line

    @property
    def emergency(self) -> str:
        """The mission's emergency contacts (name, phone, email), else its `contact`."""
        found = [
            ", ".join(part for part in (c.name, c.phone, c.email) if part)
            for c in self.mission.contacts
            if c.emergency
        ]
        return "; ".join(found) or (self.mission.raw.mission.contact or "")


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
    for identity, spans in _timelines(portfolio):
        if person is not None and identity != person:
            continue
        legs = sorted(
            (s.stint.leg for s in spans if s.stint.travelling and s.stint.leg is not None),
            key=lambda leg: leg.depart_ts,
        )
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
                    _events(span, lo, hi if hi > lo else lo),
                    _stay(span, lo),
                    next((leg for leg in legs if leg.depart_ts > after), None),
                    distance,
                )
            )
    answers.sort(key=lambda a: (a.name.casefold(), a.identity, a.span.start_ts, a.mission.id))
    return answers


def _timelines(portfolio: Portfolio) -> Iterator[tuple[str, list[Span]]]:
    """Every person's portfolio timeline, by identity."""
    by_identity: dict[str, list[tuple[Mission, str, list[Stint]]]] = {}
    for index, mission in enumerate(portfolio.missions):
        timelines = whereabouts.of(mission)  # mission by mission: computed once each
        for key in mission.people:
            identity = portfolio.identity[(index, key)]
            by_identity.setdefault(identity, []).append((mission, key, timelines.timeline(key)))
    for identity, entries in by_identity.items():
        yield identity, _timeline(entries)


def _timeline(entries: Iterable[tuple[Mission, str, list[Stint]]]) -> list[Span]:
    """One person's missions spliced into one timeline (the single coupling to whereabouts).

    Each mission speaks for the time between its first departure and its last arrival; the
    open stint before a mission's first leg speaks only before the earliest one, the open
    stint after its last leg until the next mission's first departure. Two files that both
    speak for one moment are both kept, marked `conflict`.
    """
    travelled: list[tuple[float, float, Mission, str, list[Stint]]] = []
    still: list[tuple[Mission, str, list[Stint]]] = []
    for mission, person, stints in entries:
        moving = [s for s in stints if s.travelling]
        if moving:
            travelled.append((moving[0].start_ts, moving[-1].end_ts, mission, person, stints))
        elif stints:
            still.append((mission, person, stints))
    if not travelled:
        return [_span(m, p, s, s.start_ts, s.end_ts) for m, p, stints in still[:1] for s in stints]
    travelled.sort(key=lambda entry: (entry[0], entry[2].id))
    spans: list[Span] = []
    first_start, _, mission, person, stints = travelled[0]
    spans.append(_span(mission, person, stints[0], -math.inf, first_start))
    until = -math.inf
    previous: tuple[Mission, str, Stint] | None = None
    for begin, finish, mission, person, stints in travelled:
        if previous is not None and until < begin:
            spans.append(_span(*previous, until, begin))
        inner = [s for s in stints if begin <= s.start_ts and s.end_ts <= finish]
        spans.extend(_span(mission, person, s, s.start_ts, s.end_ts) for s in inner)
        if finish >= until:
            until, previous = finish, (mission, person, stints[-1])
    assert previous is not None
    spans.append(_span(*previous, until, math.inf))
    return _marked(spans)


def _span(mission: Mission, person: str, stint: Stint, start: float, end: float) -> Span:
    home_place = mission.homes.get(person)
    outside = stint.start is None or stint.end is None or start != stint.start_ts
    home = (
        stint.place is not None
        and outside
        and home_place is not None
        and stint.place.same_city(home_place)
    )
    since = stint.start if start == stint.start_ts else _instant(start, stint)
    until = stint.end if end == stint.end_ts else _instant(end, stint)
    return Span(mission, person, stint, start, end, since, until, home)


def _instant(ts: float, stint: Stint) -> datetime | None:
    if math.isinf(ts):
        return None
    tz = stint.place.tz if stint.place is not None else None
    return datetime.fromtimestamp(ts, tz)


def _marked(spans: list[Span]) -> list[Span]:
    """Spans of different files that overlap in time are marked as a conflict."""
    out = []
    for span in spans:
        clash = any(
            other.mission is not span.mission
            and other.start_ts < span.end_ts
            and span.start_ts < other.end_ts
            for other in spans
        )
        out.append(replace(span, conflict=True) if clash else span)
    return out


def _events(span: Span, start: float, end: float) -> tuple[Event, ...]:
    """The person's events during [start, end] in the span's city (at an instant: covering it)."""
    place = span.stint.place
    if place is None:
        return ()
    found = []
    for event in span.mission.events:
        if span.person not in event.people or not event.place.same_city(place):
            continue
        times = [(s.start_ts, s.end_ts) for s in event.sessions] or [
            (event.start.timestamp(), event.end.timestamp())
        ]
        if any(lo <= end and start < hi for lo, hi in times):
            found.append(event)
    return tuple(sorted(found, key=lambda e: e.start))


def _stay(span: Span, ts: float) -> Stay | None:
    """The person's stay in the span's city at `ts` (on a change-over day, the later one)."""
    place = span.stint.place
    if place is None:
        return None
    found = [
        stay
        for stay in span.mission.stays
        if span.person in stay.people
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
    midnight = datetime.combine(moment + timedelta(days=days), time())
    return stay.place.tz.localize(midnight).timestamp()


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
