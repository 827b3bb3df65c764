"""Format 2 in calendars, read back with icalendar: status, online links, booking details,
split days, remote people, and each booking as KDE Itinerary's schema.org JSON-LD."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from conftest import FIXTURES, resolve_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionplan.app.validate import check_paths
from missionplan.export.ical import calendar
from missionplan.export.ical import events as ics
from missionplan.plan.plan import Mission
from missionplan.source.starter import toml_string

EVERY_FIELD = FIXTURES / "format2" / "every_field.toml"
STAMP = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
KDE_TYPES = {"FlightReservation", "TrainReservation", "LodgingReservation", "EventReservation"}


@pytest.fixture(scope="module")
def mission() -> Mission:
    (report,) = check_paths([EVERY_FIELD])
    assert report.ok and report.mission is not None
    return report.mission


def _events(mission: Mission, **options: Any) -> dict[str, Any]:
    data = calendar.export(mission, ics.Options(STAMP, **options))
    parsed = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]).split(".", 1)[1].split("@")[0]: e for e in parsed.walk("VEVENT")}


def _description(event: Any) -> str:
    return str(event["DESCRIPTION"])


def test_tentative_and_cancelled_items_carry_the_rfc_5545_status(mission: Mission) -> None:
    events = _events(mission)
    status = {uid: str(e.get("STATUS", "")) for uid, e in events.items()}
    assert status["taher-dyu-tas-road"] == "TENTATIVE"
    assert status["team-tashkent-hotel"] == "TENTATIVE"
    assert status["regional-event.day1"] == "TENTATIVE"
    assert status["taher-dyu-tas-flight"] == "CANCELLED"
    assert status["tashkent-lunch"] == "CANCELLED"
    assert status["taher-gva-ist"] == ""
    assert "Status: Tentative" in _description(events["taher-dyu-tas-road"])


def test_a_published_calendar_leaves_cancelled_items_out(mission: Mission) -> None:
    events = _events(mission, cancelled=False)
    assert "tashkent-lunch" not in events and "taher-dyu-tas-flight" not in events
    assert "taher-dyu-tas-road" in events


def test_booking_details_are_in_the_description(mission: Mission) -> None:
    events = _events(mission)
    flight = _description(events["taher-gva-ist"])
    for shown in (
        "Booking reference: QX7ILL",
        "Ticket: 235-0000000001",
        "Seat: 14C",
        "Class: economy",
        "Departure terminal: 1",
        "Baggage: 1 x 23 kg",
    ):
        assert shown in flight
    assert "Arrival terminal: 2" in _description(events["taher-ist-dyu"])
    train = _description(events["team-tas-skd"])
    assert "Coach: 4" in train and "Berth: 12, 13" in train
    road = _description(events["taher-dyu-tas-road"])
    assert "Driver: Rustam (+992 00 000 0000)" in road
    assert "Vehicle: White Land Cruiser, UN plate 01-234" in road
    hotel = _description(events["team-tashkent-hotel"])
    assert "Booking reference: HT-ILLUS-0002" in hotel
    assert "Cancellation: Free cancellation until 24 hours before arrival" in hotel
    assert "Phone: +998 00 000 0002" in hotel
    deadline = _description(events["taher-dushanbe-hotel"])
    assert "Cancellation: free until Fri 20 May 2022, 18:00 (UTC+5)" in deadline


def test_online_link_is_the_url_and_in_the_description(mission: Mission) -> None:
    events = _events(mission)
    call = events["hq-check-in"]
    assert str(call["URL"]) == "https://meet.example.org/hq"
    assert "Join online: https://meet.example.org/hq" in _description(call)
    assert call.decoded("DTSTART") == datetime(2022, 5, 24, 14, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def test_split_days_are_one_event_per_session_and_name_remote_people(mission: Mission) -> None:
    events = _events(mission)
    zone = ZoneInfo("Asia/Dushanbe")
    workshop = sorted(
        (e.decoded("DTSTART"), e.decoded("DTEND"), uid)
        for uid, e in events.items()
        if uid.startswith("sop-workshop")
    )
    assert [(start, end) for start, end, _uid in workshop] == [
        (datetime(2022, 5, d, h1, m1, tzinfo=zone), datetime(2022, 5, d, h2, m2, tzinfo=zone))
        for d in (23, 24)
        for h1, m1, h2, m2 in ((9, 0, 12, 30), (13, 30, 16, 0))
    ]
    assert len({uid for _s, _e, uid in workshop}) == 4
    for _start, _end, uid in workshop:
        assert "Joining remotely: Nadia Ahmed" in _description(events[uid])


def _reservations(event: Any) -> list[dict[str, Any]]:
    payload = json.loads(str(event["X-KDE-KITINERARY-RESERVATION"]))
    assert isinstance(payload, list) and payload
    for reservation in payload:
        assert reservation["@context"] == "http://schema.org"
        assert reservation["@type"] in KDE_TYPES
    return payload


def _instant(value: Any) -> datetime:
    """A kitinerary date-time: an ISO string, or {"@type": "QDateTime", "@value", "timezone"}."""
    if isinstance(value, dict):
        assert value["@type"] == "QDateTime"
        moment = datetime.fromisoformat(value["@value"])
        local = moment.astimezone(ZoneInfo(value["timezone"]))
        assert local.utcoffset() == moment.utcoffset()
        return moment
    return datetime.fromisoformat(value)


def test_flights_are_kde_flight_reservations(mission: Mission) -> None:
    (flight,) = _reservations(_events(mission)["taher-gva-ist"])
    assert flight["@type"] == "FlightReservation"
    trip = flight["reservationFor"]
    assert trip["@type"] == "Flight"
    assert trip["airline"]["iataCode"] == "TK" and trip["flightNumber"] == "1918"
    assert trip["departureAirport"]["iataCode"] == "GVA"
    assert trip["arrivalAirport"]["iataCode"] == "IST"
    assert _instant(trip["departureTime"]) == datetime(
        2022, 5, 22, 10, 5, tzinfo=ZoneInfo("Europe/Zurich")
    )
    assert _instant(trip["arrivalTime"]) == datetime(
        2022, 5, 22, 14, 10, tzinfo=ZoneInfo("Europe/Istanbul")
    )
    assert trip["departureTerminal"] == "1"
    assert flight["reservationNumber"] == "QX7ILL"
    assert flight["airplaneSeat"] == "14C"
    assert flight["reservedTicket"]["ticketNumber"] == "235-0000000001"
    assert flight["underName"] == {"@type": "Person", "name": "Salma Taher"}
    assert flight["reservationStatus"] == "http://schema.org/ReservationConfirmed"


def test_trains_stays_and_events_are_kde_reservations(mission: Mission) -> None:
    events = _events(mission)
    trains = _reservations(events["team-tas-skd"])
    assert {r["underName"]["name"] for r in trains} == {"Salma Taher", "Jaime Calderon"}
    train = trains[0]
    assert train["@type"] == "TrainReservation"
    assert train["reservationFor"]["@type"] == "TrainTrip"
    assert train["reservationFor"]["trainNumber"] == "Afrosiyob 762"
    assert train["reservedTicket"]["ticketedSeat"]["seatSection"] == "4"
    assert train["reservationNumber"] == "RW9ILL"
    (hotel, _other) = _reservations(events["team-tashkent-hotel"])
    assert hotel["@type"] == "LodgingReservation"
    assert hotel["reservationFor"]["name"] == "Hotel Tashkent"
    assert hotel["reservationNumber"] == "HT-ILLUS-0002"
    assert hotel["checkinTime"] == "2022-05-25"
    assert hotel["reservationStatus"] == "http://schema.org/ReservationPending"
    (lunch, _) = _reservations(events["tashkent-lunch"])
    assert lunch["reservationStatus"] == "http://schema.org/ReservationCancelled"
    (call, _) = _reservations(events["hq-check-in"])
    assert call["@type"] == "EventReservation"
    assert call["reservationFor"]["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/hq",
    }
    assert _instant(call["reservationFor"]["startDate"]) == datetime(
        2022, 5, 24, 14, tzinfo=ZoneInfo("Europe/Zurich")
    )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""))
def test_any_booking_text_round_trips_through_the_json_ld(name: str) -> None:
    text = EVERY_FIELD.read_text("utf-8").replace(
        'confirmation = "HT-ILLUS-0002"', f"confirmation = {toml_string(name)}"
    )
    resolved = resolve_text(text, errors=True)
    (hotel, _other) = _reservations(_events(resolved)["team-tashkent-hotel"])
    assert hotel["reservationNumber"] == name


def test_subscribed_and_published_calendars_leave_cancelled_items_out(mission: Mission) -> None:
    from missionplan.app import feeds, publish

    shown = icalendar.Calendar.from_ical(feeds.feed([(mission, EVERY_FIELD)], "taher", "Salma"))
    uids = {str(e["UID"]) for e in shown.walk("VEVENT")}
    assert any("taher-dyu-tas-road" in uid for uid in uids)
    assert not any("tashkent-lunch" in uid or "taher-dyu-tas-flight" in uid for uid in uids)
    wanted = {w.uid for w in publish.wanted_events([(mission, EVERY_FIELD)], "taher")}
    assert any("taher-dyu-tas-road" in uid for uid in wanted)
    assert not any("tashkent-lunch" in uid for uid in wanted)


def test_a_remote_person_sees_the_event_on_their_own_clock(mission: Mission) -> None:
    data = calendar.export(mission, ics.Options(STAMP), ["ahmed"])
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    first = next(e for uid, e in events.items() if ".sop-workshop.day1@" in uid)
    start = first.decoded("DTSTART")
    # 09:00 in Dushanbe (UTC+5) is 06:00 in Geneva (UTC+2), where Nadia Ahmed is
    assert start == datetime(2022, 5, 23, 9, tzinfo=ZoneInfo("Asia/Dushanbe"))
    assert first["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert (start.hour, start.minute) == (6, 0)
    # in the room, Salma Taher's calendar keeps Dushanbe's clock
    own = icalendar.Calendar.from_ical(calendar.export(mission, ics.Options(STAMP), ["taher"]))
    mine = next(e for e in own.walk("VEVENT") if ".sop-workshop.day1@" in str(e["UID"]))
    assert mine["DTSTART"].params["TZID"] == "Asia/Dushanbe"
