"""What one briefing covers: the mission's people or one person, their items, dates and places."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from missionplan.plan import hostdays, whereabouts
from missionplan.plan.plan import Location, Mission
from missionplan.plan.visits import Visit


class Scope:
    """The people a briefing is for (one, or all), with their items, window and city stays."""

    def __init__(self, mission: Mission, person: str | None) -> None:
        self.mission = mission
        self.person = person
        self.people = [person] if person else list(mission.people)
        self.legs = [leg for leg in mission.legs if self.mine(leg.people)]
        self.stays = [stay for stay in mission.stays if self.mine(stay.people)]
        self.events = [event for event in mission.events if self.mine(event.people)]
        # kept for the record: shown struck through, never counted as a bed or a commitment
        self.cancelled = [item for item in mission.cancelled if self.mine(item.people)]
        self.window = self._window()
        self.whereabouts = whereabouts.of(mission)
        # each person's city stays, from the one whereabouts timeline that the checks read too
        self.visits = {p: self.whereabouts.visits(p, self.window) for p in self.people}
        self.kept: list[Visit] = sorted(
            (v for p in self.people for v in self.visits[p] if v.kept),
            key=lambda v: (v.first, v.last, self.people.index(v.person)),
        )
        self.hosts = list(dict.fromkeys(v.place.country for v in self.kept))
        self.calendars = {c: hostdays.window(c, *self.window) for c in self.hosts}
        #: where each person sleeps the night after each date, worked out once (see days.bed_of)
        self.beds: dict[tuple[str, date], tuple[str, str]] = {}
        self._cities: dict[date, tuple[list[Location], int]] = {}

    @property
    def personal(self) -> bool:
        return self.person is not None

    def mine(self, people: Sequence[str]) -> bool:
        return self.person is None or self.person in people

    def name(self, key: str) -> str:
        return self.mission.people[key].name

    def who(self, people: Sequence[str]) -> str:
        """The people of an item; a personal briefing never repeats its reader's name."""
        if self.person is not None:
            return ", ".join(self.name(p) for p in people if p != self.person)
        return ", ".join(self.name(p) for p in people)

    def dates(self) -> list[date]:
        first, last = self.window
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def _window(self) -> tuple[date, date]:
        """The dates the briefing covers day by day: the mission's, or the person's part of it.

        Items outside these dates (MP205 warns about them) still get their own day, but the
        days in between do not: a mistyped year must not print ten years of empty pages.
        """
        mission = (self.mission.start, self.mission.end)
        if self.person is None:
            return mission
        days: list[date] = []
        for leg in self.legs:
            days += [leg.depart.date(), leg.arrive.date()]
        for stay in self.stays:
            days += [stay.first_night, stay.last_day]
        for event in self.events:
            days += [event.first_day, event.last_day]
        if not days:
            return mission
        first, last = max(min(days), mission[0]), min(max(days), mission[1])
        return (first, last) if first <= last else (min(days), max(days))

    def cities_on(self, day: date) -> tuple[list[Location], int]:
        """The cities where people are on `day`, in the order they get there; how many people."""
        known = self._cities.get(day)
        if known is None:
            known = self._cities[day] = self._cities_on(day)
        return known

    def _cities_on(self, day: date) -> tuple[list[Location], int]:
        found: list[tuple[float, int, Location]] = []
        for person in self.people:
            for visit in self.visits.get(person, []):
                shown = visit.kept or not visit.home or visit.arrive or visit.leave
                if shown and visit.first <= day <= visit.last:
                    found.append((visit.order, self.people.index(person), visit.place))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        places: list[Location] = []
        for _at, _person, location in found:
            if not any(location.same_city(p) for p in places):
                places.append(location)
        return places, len({person for _at, person, _location in found})

    def country_days(self) -> dict[str, set[date]]:
        """For each host country, the dates on which someone in scope is there."""
        out: dict[str, set[date]] = {}
        for day in self.dates():
            for place in self.cities_on(day)[0]:
                out.setdefault(place.country, set()).add(day)
        return out

    def visited(self) -> list[Location]:
        """The cities someone in scope is in during the briefing's dates."""
        people = self.people
        places: list[Location] = []
        for key in people:
            for visit in self.visits.get(key, []):
                if (visit.kept or not visit.home) and not any(
                    visit.place.same_city(p) for p in places
                ):
                    places.append(visit.place)
        for event in self.events:
            if any(p in people for p in event.people) and not any(
                event.place.same_city(p) for p in places
            ):
                places.append(event.place)
        return places
