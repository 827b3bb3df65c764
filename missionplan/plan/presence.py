"""Where people are across a portfolio, as `where` and `checkins` tell it: the answers exports word.

A `Span` is a stint of one person's timeline with the mission file behind it; an `Answer` is
where someone is (at an instant, or for one stretch of a window); a `Slot` is one check-in due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from missionplan.plan.plan import Event, Leg, Location, Mission, Stay
from missionplan.plan.whereabouts import Stint

AT_HOME, AWAY, IN_TRANSIT = "at home", "away", "in transit"


@dataclass(frozen=True)
class Span:
    """A stint of one person's timeline, and the mission file (and their id there) behind it."""

    mission: Mission
    person: str  # their id in that file
    stint: Stint
    start_ts: float  # -inf/inf when open
    end_ts: float
    home_place: Location | None  # the person's home, if known

    @property
    def home(self) -> bool:
        """In the person's home city (asked of the few spans an answer shows, not of all)."""
        place, home = self.stint.place, self.home_place
        return place is not None and home is not None and place.same_city(home)

    @property
    def since(self) -> datetime | None:
        return self.stint.start

    @property
    def until(self) -> datetime | None:
        return self.stint.end

    @property
    def conflict(self) -> bool:
        """The legs do not chain here: the next one leaves from another city (see `also`)."""
        return bool(self.stint.also)


@dataclass(frozen=True)
class Answer:
    """Where one person is (at an instant, or for one stretch of a window), with how to reach them."""

    identity: str
    span: Span
    items: tuple[Event, ...]  # what they are at (at an instant) or will be at (in a window)
    stay: Stay | None  # the accommodation there
    next_leg: Leg | None
    #: The line of the file that puts them there: the leg, else their `[people]` table.
    line: int
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
    def emergency(self) -> str:
        """The mission's emergency contacts (name, phone, email), else its `contact`."""
        found = [
            ", ".join(part for part in (c.name, c.phone, c.email) if part)
            for c in self.mission.contacts
            if c.emergency
        ]
        return "; ".join(found) or (self.mission.contact or "")


@dataclass(frozen=True)
class Slot:
    """One check-in due: who, when (local to where they are), where, and why that often."""

    identity: str
    span: Span
    at: datetime
    kind: str  # "arrival", "daily", "twice-daily", "weekly"
    frequency: str
    risk: str

    @property
    def name(self) -> str:
        return self.span.mission.people[self.span.person].name

    @property
    def place(self) -> Location:
        assert self.span.stint.place is not None
        return self.span.stint.place
