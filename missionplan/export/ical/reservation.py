"""Items as schema.org reservations in JSON-LD, the way KDE Itinerary stores them on events.

KDE Itinerary (kitinerary's CalendarHandler) keeps the bookings behind a calendar event in its
`X-KDE-KITINERARY-RESERVATION` property: a JSON array of reservations, one per traveller.
Date-times are written as kitinerary writes them, `{"@type": "QDateTime", "@value": ISO 8601
with offset, "timezone": IANA zone}`, so the zone survives; dates as ISO 8601 days.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from missionplan.plan.plan import Event, Leg, Location, Mission, Session, Stay

PROPERTY = "X-KDE-KITINERARY-RESERVATION"
CONTEXT = "http://schema.org"
_STATUS = {
    "confirmed": "http://schema.org/ReservationConfirmed",
    "tentative": "http://schema.org/ReservationPending",
    "cancelled": "http://schema.org/ReservationCancelled",
}
#: "TK 1918" -> airline TK, flight 1918 (IATA designators are two characters).
_FLIGHT_NUMBER = re.compile(r"^([A-Z0-9]{2})\s*(\d{1,4}[A-Z]?)$")


def _moment(value: date | datetime) -> Any:
    if isinstance(value, datetime):
        zone = getattr(value.tzinfo, "zone", None)
        iso = value.isoformat()
        return {"@type": "QDateTime", "@value": iso, "timezone": zone} if zone else iso
    return value.isoformat()


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    """The object without empty values: kitinerary treats a missing property as unset."""
    return {k: v for k, v in node.items() if v not in (None, "", {}, [])}


def _for_each(mission: Mission, people: Sequence[str], base: dict[str, Any]) -> str:
    """The JSON array: one reservation per traveller (underName), as kitinerary keeps them."""
    reservations = []
    for person in people:
        details = mission.people[person]
        under = _clean({"@type": "Person", "name": details.name, "email": details.email})
        reservations.append(_clean({"@context": CONTEXT, **base, "underName": under}))
    # printable ASCII only (other characters as \u escapes): a content line takes it as it is
    data = json.dumps(reservations, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return data.replace("\x7f", "\\u007f")


def _airport(mission: Mission, where: Location) -> dict[str, Any]:
    code = where.key if where.name is not None else None
    if where.key in mission.places:
        code = where.airport
    return _clean({"@type": "Airport", "iataCode": code, "name": where.name or where.city})


def _place(where: Location, name: str | None, address: str | None) -> dict[str, Any]:
    postal = _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": address,
            "addressLocality": where.city,
            "addressCountry": where.country,
        }
    )
    return _clean({"@type": "Place", "name": name or where.city, "address": postal})


def leg(mission: Mission, leg: Leg) -> str | None:
    """A FlightReservation or TrainReservation; None for road and other legs."""
    ticket = _clean(
        {
            "@type": "Ticket",
            "ticketNumber": leg.ticket,
            "ticketedSeat": _clean(
                {"@type": "Seat", "seatSection": leg.coach, "seatNumber": leg.berth or leg.seat}
            ),
        }
    )
    common = {
        "reservationNumber": leg.reference,
        "reservationStatus": _STATUS[leg.status],
        "reservedTicket": ticket,
    }
    if leg.mode == "flight":
        number = leg.number or ""
        match = _FLIGHT_NUMBER.match(number)
        airline = {"@type": "Airline", "name": leg.carrier}
        if match:
            airline["iataCode"], number = match.group(1), match.group(2)
        flight = {
            "@type": "Flight",
            "flightNumber": number,
            "airline": _clean(airline),
            "departureAirport": _airport(mission, leg.origin),
            "arrivalAirport": _airport(mission, leg.destination),
            "departureTime": _moment(leg.depart),
            "arrivalTime": _moment(leg.arrive),
            "departureTerminal": leg.depart_terminal,
            "arrivalTerminal": leg.arrive_terminal,
        }
        base = {
            "@type": "FlightReservation",
            "reservationFor": _clean(flight),
            "airplaneSeat": leg.seat,
            **common,
        }
        return _for_each(mission, leg.people, base)
    if leg.mode == "train":
        trip = {
            "@type": "TrainTrip",
            "trainNumber": leg.number,
            "provider": _clean({"@type": "Organization", "name": leg.carrier}),
            "departureStation": {"@type": "TrainStation", "name": leg.origin.label},
            "arrivalStation": {"@type": "TrainStation", "name": leg.destination.label},
            "departureTime": _moment(leg.depart),
            "arrivalTime": _moment(leg.arrive),
        }
        base = {"@type": "TrainReservation", "reservationFor": _clean(trip), **common}
        return _for_each(mission, leg.people, base)
    return None


def stay(mission: Mission, stay: Stay) -> str:
    """A LodgingReservation."""
    place = _place(stay.place, stay.name, stay.address)
    hotel = {
        "@type": "LodgingBusiness",
        "name": stay.name,
        "address": place.get("address"),
        "telephone": stay.phone,
    }
    base = {
        "@type": "LodgingReservation",
        "reservationFor": _clean(hotel),
        "checkinTime": _moment(stay.check_in),
        "checkoutTime": _moment(stay.check_out),
        "reservationNumber": stay.reference,
        "reservationStatus": _STATUS[stay.status],
    }
    return _for_each(mission, stay.people, base)


def event(mission: Mission, event: Event, session: Session | None) -> str:
    """An EventReservation for the event (or one of its sessions)."""
    start: date | datetime = session.start if session else event.first_day
    end: date | datetime = session.end if session else event.last_day
    location = (
        {"@type": "VirtualLocation", "url": event.online}
        if event.online_only and event.online
        else _place(event.place, event.venue, event.address)
    )
    happening = {
        "@type": "Event",
        "name": event.title,
        "startDate": _moment(start),
        "endDate": _moment(end),
        "location": location,
        "url": event.online or event.url,
    }
    base = {
        "@type": "EventReservation",
        "reservationFor": _clean(happening),
        "reservationStatus": _STATUS[event.status],
    }
    return _for_each(mission, event.people, base)
