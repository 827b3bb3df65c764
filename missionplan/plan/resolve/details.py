"""Format 2 details of items: booking fields, journeys, status, online and remote attendance.

Catches MP103 (an event with neither place nor online zone), MP102 (a person both present and
remote, a zone given beside a place) and MP104/MP200 on `remote` and `timezone`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytz

from missionplan.checks.format import INVALID_VALUE, MISSING_FIELD
from missionplan.checks.local_times import UNKNOWN_TIMEZONE
from missionplan.plan import geo
from missionplan.plan.plan import Location
from missionplan.plan.resolve.people import people
from missionplan.plan.resolve.state import Resolution, did_you_mean
from missionplan.plan.resolve.times import moment
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath

#: The city shown for an online event without a place.
ONLINE = "Online"


def leg(travel: model.Travel) -> dict[str, Any]:
    """The resolved Leg's format 2 fields."""
    terminal = travel.terminal or model.Terminals()
    booking = travel.booking or travel.reference
    return {
        "reference": booking,
        "journey": travel.journey or booking,
        "ticket": travel.ticket,
        "seat": travel.seat,
        "travel_class": travel.class_,
        "depart_terminal": terminal.depart,
        "arrive_terminal": terminal.arrive,
        "baggage": travel.baggage,
        "coach": travel.coach,
        "berth": travel.berth,
        "driver": travel.driver,
        "vehicle": travel.vehicle,
        "leaves_airport": bool(travel.leaves_airport),
        "status": travel.status or "confirmed",
    }


def stay(r: Resolution, raw: model.Stay, place: Location, path: KeyPath) -> dict[str, Any]:
    """The resolved Stay's format 2 fields (a cancellation deadline in the place's zone)."""
    cancellation: str | date | datetime | None = raw.cancellation
    if cancellation is not None and not isinstance(cancellation, str):
        cancellation = moment(r, cancellation, place, (*path, "cancellation"), "cancellation")
    return {
        "reference": raw.confirmation or raw.reference,
        "cancellation": cancellation,
        "status": raw.status or "confirmed",
    }


def event_place(r: Resolution, event: model.Event, path: KeyPath, what: str) -> Location | None:
    """Where an event without `place` keeps its times: the zone its `timezone` names.

    Reported (MP103/MP200) when there is no place and no usable zone, or (MP102) a zone
    given beside a place, whose own zone already applies."""
    if event.place is not None:
        if event.timezone is not None:
            r.report(
                INVALID_VALUE,
                (*path, "timezone"),
                f"{what} has a place, whose zone its times are in; timezone is for online"
                " events without a place",
                "remove timezone, or remove place for an online-only event",
                on="key",
            )
        return None
    if event.online is None or event.timezone is None:
        hint = (
            'add timezone = "Europe/Geneva" (the zone its times are in)'
            if event.online is not None
            else 'add place = "...", or online = "https://..." with timezone = "..."'
        )
        missing = "timezone" if event.online is not None else "place"
        r.report(MISSING_FIELD, path, f'{what} has no "{missing}"', hint, on="key")
        return None
    zone = event.timezone
    if not geo.zone_exists(zone):
        r.report(
            UNKNOWN_TIMEZONE,
            (*path, "timezone"),
            f'{what}: "{zone}" is not an IANA time zone',
            did_you_mean(zone, pytz.common_timezones) or 'IANA names look like "Europe/Geneva"',
        )
        return None
    # Named after its clock: "Online (Rome time)", so a day that mixes zones says whose 09:00
    # it is, and the reader in Almaty does not take it for their own.
    clock = zone.rsplit("/", 1)[-1].replace("_", " ")
    return Location(
        key="", city=f"{ONLINE} ({clock} time)", country=_zone_country(zone), timezone=zone
    )


def _zone_country(zone: str) -> str:
    """The country whose zones include `zone` (its weekends and holidays), or empty."""
    for country, zones in pytz.country_timezones.items():
        if zone in zones:
            return str(country)
    return ""


def event(
    r: Resolution, raw: model.Event, path: KeyPath, present: tuple[str, ...], what: str
) -> dict[str, Any]:
    """The resolved Event's format 2 fields, and its people: present and remote together.

    Everyone joins an event without a place from where they are: all are remote."""
    remote = people(r, path, raw.remote, what, key="remote") if raw.remote else ()
    for index, person in enumerate(raw.remote or ()):
        if raw.people is not None and person in raw.people:
            r.report(
                INVALID_VALUE,
                (*path, "remote", index),
                f'{what} lists "{person}" both in people and in remote',
                "a person is either in the room (people) or joins by video (remote)",
            )
    everyone = tuple(dict.fromkeys((*present, *remote)))
    if raw.place is None:
        remote = everyone
    return {
        "people": everyone,
        "online": raw.online,
        "remote": remote,
        "status": raw.status or "confirmed",
    }
