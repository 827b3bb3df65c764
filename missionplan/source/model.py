"""Pydantic models of the itinerary format (v1): field names, types and constraints, nothing else."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from missionplan.source.patterns import DURATION_PATTERN, HOURS_PATTERN, ID_PATTERN

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Duration = Annotated[str, StringConstraints(pattern=DURATION_PATTERN)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
ORGANIZER_PATTERN = r"^[^<>\x00-\x1f\x7f]+ <[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>$"
Moment = datetime | date
#: Who takes part in an item; left out, it means everyone in the mission.
People = Annotated[list[Id], Field(min_length=1)]

TravelMode = Literal["flight", "train", "road", "other"]
EventKind = Literal["meeting", "workshop", "exercise", "regional-event", "site-visit", "other"]
WORKING_KINDS: frozenset[str] = frozenset({"meeting", "workshop", "exercise", "regional-event"})


def duration_minutes(text: str) -> int:
    """Minutes in a duration such as `90m`, `1h30m` or `3h` (already validated)."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", text)
    if match is None or not text:
        raise ValueError(f"not a duration: {text!r}")
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


class _Table(BaseModel):
    """A TOML table of the format: unknown keys are errors, TOML types are taken as they are."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Mission(_Table):
    """The `[mission]` table."""

    id: Id = Field(description="Short stable id; the first part of every calendar UID.")
    title: Text
    organization: Text | None = None
    project: Text | None = None
    start: date = Field(description="First day of the mission (inclusive).")
    end: date = Field(description="Last day of the mission (inclusive).")
    revision: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=1, description="Bump when re-issuing: calendars get a higher SEQUENCE."
    )
    issued: Moment | None = Field(
        default=None, description="When this revision was issued; stamps calendars and briefings."
    )
    contact: Text | None = None
    organizer: Annotated[str, StringConstraints(pattern=ORGANIZER_PATTERN)] | None = Field(
        default=None, description='Sender of change notices, "Name <email>"; notify needs it.'
    )


class Person(_Table):
    """A `[people.<id>]` table."""

    name: Text
    role: Text | None = None
    organization: Text | None = None
    email: Email | None = None
    phone: Text | None = None
    home: Id | None = Field(
        default=None, description="Place id or IATA code where the person starts and ends."
    )


class Place(_Table):
    """A `[places.<id>]` table."""

    city: Text
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code, e.g. TJ.")
    timezone: Text | None = Field(
        default=None, description="IANA zone; optional when the country has a single zone."
    )
    airport: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="IATA code of the city's airport (gives coordinates)."
    )
    address: Text | None = None


class Travel(_Table):
    """A `[[travel]]` leg. `depart` is local at `from`, `arrive` local at `to`."""

    model_config = ConfigDict(populate_by_name=True)

    id: Id | None = None
    people: People | None = None
    mode: TravelMode
    from_: Id = Field(alias="from", description="Place id or IATA airport code.")
    to: Id = Field(description="Place id or IATA airport code.")
    depart: datetime
    arrive: datetime
    carrier: Text | None = None
    number: Text | None = None
    reference: Text | None = Field(default=None, description="Booking reference.")
    notes: Text | None = None


class Stay(_Table):
    """A `[[stays]]` entry: accommodation over nights."""

    id: Id | None = None
    people: People | None = None
    place: Id
    name: Text
    address: Text | None = None
    phone: Text | None = None
    reference: Text | None = None
    check_in: Moment
    check_out: Moment
    notes: Text | None = None


class Event(_Table):
    """An `[[events]]` entry: a meeting, workshop, exercise, regional event or visit."""

    id: Id | None = None
    kind: EventKind = "meeting"
    title: Text
    place: Id
    venue: Text | None = None
    address: Text | None = None
    start: Moment
    end: Moment
    hours: Annotated[str, StringConstraints(pattern=HOURS_PATTERN)] | None = Field(
        default=None,
        description="For date-only events: the same local hours each day, HH:MM-HH:MM.",
    )
    people: People | None = None
    counterparts: list[Text] = Field(default_factory=list)
    notes: Text | None = None
    url: Text | None = None


class Contact(_Table):
    """A `[[contacts]]` entry."""

    name: Text
    role: Text | None = None
    email: Email | None = None
    phone: Text | None = None
    place: Id | None = None
    emergency: bool = False
    notes: Text | None = None


class Settings(_Table):
    """The optional `[settings]` table."""

    min_connection: Duration | None = Field(
        default=None,
        description="Buffer after an arrival (default 90m after a flight, 30m after train or road).",
    )
    event_alarm: Duration | Literal["off"] = Field(
        default="30m", description="Calendar reminder before events."
    )
    travel_alarm: Duration | Literal["off"] = Field(
        default="3h", description="Calendar reminder before departures."
    )
    ignore: list[Annotated[str, StringConstraints(pattern=r"^MP\d{0,3}$")]] = Field(
        default_factory=list, description="Rule codes or prefixes switched off for this file."
    )


class Itinerary(_Table):
    """One mission file."""

    mission: Mission
    people: dict[Id, Person]
    places: dict[Id, Place] = Field(default_factory=dict)
    travel: list[Travel] = Field(default_factory=list)
    stays: list[Stay] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
