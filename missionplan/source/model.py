"""Pydantic models of the itinerary format (v1 and v2): field names, types and constraints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from missionplan.source.patterns import (
    DURATION_PATTERN,
    EMAIL_PATTERN,
    HOURS_PATTERN,
    ID_PATTERN,
    SPLIT_HOURS_PATTERN,
    URL_PATTERN,
    WEB_ADDRESS_PATTERN,
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Duration = Annotated[str, StringConstraints(pattern=DURATION_PATTERN)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]
ORGANIZER_PATTERN = r"^[^<>\x00-\x1f\x7f]+ <[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>$"
Moment = datetime | date
#: Who takes part in an item; left out, it means everyone in the mission.
People = Annotated[list[Id], Field(min_length=1)]

Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2_000)]
WebAddress = Annotated[str, StringConstraints(pattern=WEB_ADDRESS_PATTERN, max_length=2_000)]
HoursRange = Annotated[str, StringConstraints(pattern=HOURS_PATTERN)]
SplitHours = Annotated[str, StringConstraints(pattern=SPLIT_HOURS_PATTERN)]

TravelMode = Literal["flight", "train", "road", "other"]
#: An item's state; left out, it is confirmed. Cancelled items stay in the file for the record.
Status = Literal["confirmed", "tentative", "cancelled"]
DocumentKind = Literal["visa", "clearance"]
DocumentStatus = Literal["not-needed", "to-request", "requested", "granted", "refused"]
EventKind = Literal["meeting", "workshop", "exercise", "regional-event", "site-visit", "other"]
RiskLevel = Literal["low", "medium", "high"]
CheckinFrequency = Literal["twice-daily", "daily", "weekly", "none"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class _Table(BaseModel):
    """A TOML table of the format: unknown keys are errors, TOML types are taken as they are.

    Validators are built on first use (`defer_build`): a file is validated as one Itinerary,
    whose validator holds every table's, so the tables' own are not built at start-up.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class MissionTable(_Table):
    """The `[mission]` table."""

    # "Mission" in the published schema; the resolved file is `plan.plan.Mission`
    model_config = ConfigDict(title="Mission")

    format: Literal[1, 2] | None = Field(
        default=None,
        description="Format version of this file: 2 for the fields added in version 2"
        " (booking details, status, online events, travel documents); left out, version 1.",
    )
    id: Id = Field(description="Short stable id; the first part of every calendar UID.")
    title: Text = Field(description="The mission's title, shown atop briefings and calendars.")
    organization: Text | None = Field(default=None, description="The organisation sending it.")
    project: Text | None = Field(default=None, description="The project the mission serves.")
    start: date = Field(description="First day of the mission (inclusive).")
    end: date = Field(description="Last day of the mission (inclusive).")
    revision: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=1, description="Bump when re-issuing: calendars get a higher SEQUENCE."
    )
    issued: Moment | None = Field(
        default=None, description="When this revision was issued; stamps calendars and briefings."
    )
    contact: Text | None = Field(default=None, description="Who to ask about the mission.")
    organizer: Annotated[str, StringConstraints(pattern=ORGANIZER_PATTERN)] | None = Field(
        default=None, description='Sender of change notices, "Name <email>"; notify needs it.'
    )


class TravelDocument(_Table):
    """A visa or security clearance for one country (format 2)."""

    status: DocumentStatus = Field(
        description="not-needed | to-request | requested | granted | refused."
    )
    requested: date | None = Field(
        default=None, description="The day it was (or will be) requested."
    )
    granted: date | None = Field(default=None, description="The day it was granted.")
    expires: date | None = Field(default=None, description="Its last valid day.")
    number: Text | None = Field(default=None, description="Visa or clearance number.")
    notes: Text | None = Field(default=None, description="Anything else about it.")


class CountryDocuments(_Table):
    """The travel documents one person holds for one country (format 2)."""

    visa: TravelDocument | None = Field(default=None, description="The entry visa.")
    clearance: TravelDocument | None = Field(
        default=None, description="The security clearance for travel to the country."
    )


class Person(_Table):
    """A `[people.<id>]` table."""

    name: Text = Field(description="Full name, as on calendars and briefings.")
    role: Text | None = Field(default=None, description="Role or title in the mission.")
    organization: Text | None = Field(default=None, description="The person's organisation.")
    email: Email | None = Field(
        default=None, description="E-mail; also identifies the person across mission files."
    )
    phone: Text | None = Field(default=None, description="Phone number, with country code.")
    home: Id | None = Field(
        default=None, description="Place id or IATA code where the person starts and ends."
    )
    notes: Text | None = Field(default=None, description="Anything else about the person.")
    documents: dict[CountryCode, CountryDocuments] = Field(
        default_factory=dict,
        description="Visa and security clearance per country (ISO code), e.g."
        ' documents.UZ.clearance = { status = "granted", requested = 2022-05-01 }.',
    )


class Place(_Table):
    """A `[places.<id>]` table."""

    city: Text = Field(description="City name.")
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code, e.g. TJ.")
    timezone: Text | None = Field(
        default=None, description="IANA zone; optional when the country has a single zone."
    )
    airport: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="IATA code of the city's airport (gives coordinates)."
    )
    address: Text | None = Field(default=None, description="Street address.")
    lat: Annotated[float, Field(ge=-90, le=90)] | None = Field(
        default=None, description="Latitude in degrees (with lon): where the city is."
    )
    lon: Annotated[float, Field(ge=-180, le=180)] | None = Field(
        default=None, description="Longitude in degrees (with lat)."
    )
    weekend: list[Weekday] | None = Field(
        default=None, description='The weekend days here, e.g. ["saturday"]: overrides the data.'
    )
    subdivision: Text | None = Field(
        default=None, description='Region whose holidays apply too, e.g. "NSW" (ISO 3166-2).'
    )
    risk: RiskLevel | None = Field(
        default=None, description="Security risk level here; sets how often people check in."
    )
    checkin: CheckinFrequency | None = Field(
        default=None, description="How often people here check in, whatever the risk level."
    )


class Terminals(_Table):
    """A leg's terminals (format 2)."""

    depart: Text | None = Field(default=None, description="Terminal of departure, e.g. 2.")
    arrive: Text | None = Field(default=None, description="Terminal of arrival.")


_STATUS = (
    "confirmed (the default) | tentative | cancelled (kept for the record, left out of checks)."
)


class Travel(_Table):
    """A `[[travel]]` leg. `depart` is local at `from`, `arrive` local at `to`."""

    model_config = ConfigDict(populate_by_name=True)

    id: Id | None = Field(default=None, description="Stable id; part of the calendar UID.")
    people: People | None = Field(
        default=None, description="Person ids; left out, everyone in the mission."
    )
    mode: TravelMode = Field(description="flight | train | road | other.")
    from_: Id = Field(alias="from", description="Place id or IATA airport code.")
    to: Id = Field(description="Place id or IATA airport code.")
    depart: datetime = Field(description="Departure, local wall-clock time at `from`.")
    arrive: datetime = Field(description="Arrival, local wall-clock time at `to`.")
    carrier: Text | None = Field(default=None, description="Airline, railway or company.")
    number: Text | None = Field(default=None, description="Flight or train number.")
    reference: Text | None = Field(
        default=None, description="Booking reference (format 1 spelling of `booking`)."
    )
    booking: Text | None = Field(
        default=None,
        description="Booking reference (PNR); legs sharing one are one journey.",
    )
    journey: Id | None = Field(
        default=None,
        description="Groups legs into one journey when they do not share a `booking`.",
    )
    ticket: Text | None = Field(default=None, description="E-ticket number.")
    seat: Text | None = Field(default=None, description="Seat, e.g. 14C.")
    class_: Text | None = Field(
        default=None, alias="class", description="Cabin or travel class, e.g. economy, 2nd."
    )
    terminal: Terminals | None = Field(
        default=None, description='Terminals: { depart = "2", arrive = "B" }.'
    )
    baggage: Text | None = Field(default=None, description="Baggage allowance, e.g. 1 x 23 kg.")
    coach: Text | None = Field(default=None, description="Train coach (car).")
    berth: Text | None = Field(default=None, description="Train berth or seat in the coach.")
    driver: Text | None = Field(default=None, description="Road leg: driver's name and phone.")
    vehicle: Text | None = Field(
        default=None, description="Road leg: vehicle, e.g. white Land Cruiser, plate 123."
    )
    leaves_airport: bool | None = Field(
        default=None,
        description="At a stopover: true when the traveller leaves the airport at `to`"
        " (entering the country: visa and clearance apply).",
    )
    status: Status | None = Field(default=None, description=_STATUS)
    notes: Text | None = Field(default=None, description="Anything else about the leg.")


class Stay(_Table):
    """A `[[stays]]` entry: accommodation over nights."""

    id: Id | None = Field(default=None, description="Stable id; part of the calendar UID.")
    people: People | None = Field(
        default=None, description="Person ids; left out, everyone in the mission."
    )
    place: Id = Field(description="Place id or IATA code of the city.")
    name: Text = Field(description="Hotel or guest house name.")
    address: Text | None = Field(default=None, description="Street address.")
    phone: Text | None = Field(default=None, description="The hotel's phone number.")
    reference: Text | None = Field(
        default=None, description="Booking reference (format 1 spelling of `confirmation`)."
    )
    confirmation: Text | None = Field(default=None, description="Confirmation number.")
    cancellation: Text | Moment | None = Field(
        default=None,
        description="Cancellation terms, or the deadline (date or local date-time) to cancel"
        " free of charge.",
    )
    check_in: Moment = Field(description="Date, or local date-time, of check-in.")
    check_out: Moment = Field(description="Date, or local date-time, of check-out.")
    status: Status | None = Field(default=None, description=_STATUS)
    notes: Text | None = Field(default=None, description="Anything else about the stay.")


class Event(_Table):
    """An `[[events]]` entry: a meeting, workshop, exercise, regional event or visit."""

    id: Id | None = Field(default=None, description="Stable id; part of the calendar UID.")
    kind: EventKind = Field(
        default="meeting",
        description="meeting | workshop | exercise | regional-event | site-visit | other.",
    )
    title: Text = Field(description="What the event is.")
    place: Id | None = Field(
        default=None,
        description="Place id or IATA code; optional for an online event with a `timezone`.",
    )
    timezone: Text | None = Field(
        default=None, description="IANA zone of an online event's times when it has no place."
    )
    online: Url | None = Field(default=None, description="Link to join the meeting online.")
    venue: Text | None = Field(default=None, description="Building or room.")
    address: Text | None = Field(default=None, description="Street address of the venue.")
    start: Moment = Field(description="Local date-time, or a date for an all-day event.")
    end: Moment = Field(description="Local date-time, or a date (inclusive).")
    hours: SplitHours | Annotated[list[HoursRange], Field(min_length=1)] | None = Field(
        default=None,
        description="For date-only events: the same local hours each day, HH:MM-HH:MM;"
        ' split days as "09:00-12:30, 13:30-16:00" or a list of ranges.',
    )
    people: People | None = Field(
        default=None, description="Person ids; left out, everyone in the mission."
    )
    remote: People | None = Field(
        default=None,
        description="Person ids who join by video from where they are (no whereabouts check);"
        " their calendars show the event in their own zone.",
    )
    counterparts: list[Text] = Field(
        default_factory=list, description="Who the team meets (names and titles)."
    )
    status: Status | None = Field(default=None, description=_STATUS)
    notes: Text | None = Field(default=None, description="Agenda, purpose, anything else.")
    url: WebAddress | None = Field(
        default=None, description="A web page about the event (https://..., or www.example.org)."
    )


class Contact(_Table):
    """A `[[contacts]]` entry."""

    name: Text = Field(description="Name of the person or office.")
    role: Text | None = Field(default=None, description="What they do.")
    email: Email | None = Field(default=None, description="E-mail.")
    phone: Text | None = Field(default=None, description="Phone number, with country code.")
    place: Id | None = Field(default=None, description="Place id where they are.")
    emergency: bool = Field(default=False, description="true for an emergency contact.")
    notes: Text | None = Field(default=None, description="Anything else.")


class Checkin(_Table):
    """The `[settings.checkin]` table: how often people check in, by the risk level of where
    they are (a place without `risk` counts as low)."""

    high: CheckinFrequency = Field(default="daily", description="In high-risk places.")
    medium: CheckinFrequency = Field(default="daily", description="In medium-risk places.")
    low: CheckinFrequency = Field(default="weekly", description="Elsewhere.")
    at: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = Field(
        default="18:00", description="Local time of the daily check-in (HH:MM)."
    )


class Settings(_Table):
    """The optional `[settings]` table."""

    min_connection: Duration | None = Field(
        default=None,
        description="Connection time between two legs of one journey (default 60m between"
        " flights, 15m otherwise); also the buffer before a meeting when meeting_buffer is not set.",
    )
    meeting_buffer: Duration | None = Field(
        default=None,
        description="Buffer between an arrival and the next meeting or separate booking"
        " (default 90m after a flight, 30m after train or road).",
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
    documents: list[DocumentKind] = Field(
        default_factory=list,
        description="Travel documents everyone needs for each country they enter:"
        ' ["clearance"], ["visa", "clearance"]. Left out, only declared ones are checked.',
    )
    document_lead_days: Annotated[int, Field(ge=0, le=365)] = Field(
        default=7,
        description="Days before entering a country by which a visa or clearance must be"
        " requested.",
    )
    checkin: Checkin | None = Field(
        default=None, description="Check-ins while away, by risk level; left out, none."
    )


class Itinerary(_Table):
    """One mission file."""

    mission: MissionTable = Field(description="What the mission is, and its dates.")
    people: dict[Id, Person] = Field(description="Who travels, by id.")
    places: dict[Id, Place] = Field(default_factory=dict, description="Cities, by id.")
    travel: list[Travel] = Field(default_factory=list, description="Travel legs.")
    stays: list[Stay] = Field(default_factory=list, description="Accommodation.")
    events: list[Event] = Field(default_factory=list, description="Meetings and other events.")
    contacts: list[Contact] = Field(default_factory=list, description="Useful contacts.")
    settings: Settings = Field(default_factory=Settings, description="Per-file settings.")
