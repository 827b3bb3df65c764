"""Travel, stays and events -> resolved Legs, Stays and Events (MP102, MP203 on items)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from missionplan.checks.format import INVALID_VALUE
from missionplan.checks.local_times import END_BEFORE_START
from missionplan.plan.plan import Event, Leg, Location, Session, Stay
from missionplan.plan.resolve import details
from missionplan.plan.resolve.people import item_id, people
from missionplan.plan.resolve.places import location
from missionplan.plan.resolve.state import Resolution
from missionplan.plan.resolve.times import (
    before,
    hours,
    in_range,
    instant,
    local,
    moment,
    shown,
    split,
    utc,
)
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath


def web_address(value: str | None) -> str | None:
    """An event's page as a URL: an address written without a scheme is read as https."""
    if value is None or "://" in value:
        return value
    return f"https://{value}"


def legs(r: Resolution) -> list[Leg]:
    found = []
    for index, travel in r.numbered("travel", r.raw.travel):
        path: KeyPath = ("travel", index)
        ident = item_id(r, path, travel.id, "travel leg", index)
        what = f'travel leg "{ident}"'
        who = people(r, path, travel.people, what)
        origin = location(r, travel.from_, (*path, "from"), what, travel.depart.date())
        destination = location(r, travel.to, (*path, "to"), what, travel.arrive.date())
        if origin is None or destination is None:
            r.incomplete.update(who)
            continue
        if travel.from_ == travel.to:
            r.report(
                INVALID_VALUE,
                (*path, "to"),
                f'{what} goes from "{travel.from_}" to "{travel.to}"',
                "a leg goes somewhere else: check `from` and `to`",
            )
            r.incomplete.update(who)
            continue
        if travel.mode == "flight" and origin.same_city(destination):
            # "vienna" to "VIE": no flight stays in one city (a transfer by road may)
            r.report(
                INVALID_VALUE,
                (*path, "to"),
                f"{what} is a flight from {origin.city} to {destination.city}, one city",
                "check `from` and `to`; a transfer to the airport is a road leg",
            )
            r.incomplete.update(who)
            continue
        depart = instant(r, travel.depart, origin, (*path, "depart"), "departure")
        arrive = instant(r, travel.arrive, destination, (*path, "arrive"), "arrival")
        if depart is None or arrive is None:
            r.incomplete.update(who)
            continue
        if arrive < depart:
            r.report(
                END_BEFORE_START,
                (*path, "arrive"),
                f"{what} arrives {local(arrive)} ({utc(arrive)}), before it departs"
                f" {local(depart)} ({utc(depart)})",
                "arrive is local time at `to`, depart local time at `from`",
            )
            r.incomplete.update(who)
            continue
        found.append(
            Leg(
                id=ident,
                path=path,
                people=who,
                unnamed=_unnamed(travel),
                mode=travel.mode,
                origin=origin,
                destination=destination,
                depart=depart,
                arrive=arrive,
                carrier=travel.carrier,
                number=travel.number,
                notes=travel.notes,
                **details.leg(travel),
            )
        )
    return found


def stays(r: Resolution) -> list[Stay]:
    found = []
    for index, stay in r.numbered("stays", r.raw.stays):
        path: KeyPath = ("stays", index)
        ident = item_id(r, path, stay.id, "stay", index)
        what = f'stay "{ident}"'
        who = people(r, path, stay.people, what)
        place = location(r, stay.place, (*path, "place"), what)
        if place is None:
            r.incomplete.update(who)
            continue
        check_in = moment(r, stay.check_in, place, (*path, "check_in"), "check-in")
        check_out = moment(r, stay.check_out, place, (*path, "check_out"), "check-out")
        if check_in is None or check_out is None:
            r.incomplete.update(who)
            continue
        if before(check_out, check_in):
            r.report(
                END_BEFORE_START,
                (*path, "check_out"),
                f"{what} checks out ({shown(check_out)}) before it checks in ({shown(check_in)})",
            )
            r.incomplete.update(who)
            continue
        found.append(
            Stay(
                id=ident,
                path=path,
                people=who,
                unnamed=_unnamed(stay),
                place=place,
                name=stay.name,
                check_in=check_in,
                check_out=check_out,
                address=stay.address,
                phone=stay.phone,
                notes=stay.notes,
                **details.stay(r, stay, place, path),
            )
        )
    return found


def events(r: Resolution) -> list[Event]:
    found = []
    for index, event in r.numbered("events", r.raw.events):
        path: KeyPath = ("events", index)
        ident = item_id(r, path, event.id, "event", index)
        what = f'event "{ident}"'
        who = people(r, path, event.people, what)
        extra = details.event(r, event, path, who, what)
        place = (
            location(r, event.place, (*path, "place"), what) if event.place is not None else None
        )
        online = details.event_place(r, event, path, what)
        place = place or online
        if place is None:
            continue
        resolved = _event_times(r, event, place, path, what)
        if resolved is None:
            continue
        first_day, last_day, sessions, opening, ranges = resolved
        found.append(
            Event(
                id=ident,
                path=path,
                people=extra.pop("people"),
                unnamed=_unnamed(event),
                kind=event.kind,
                title=event.title,
                place=place,
                first_day=first_day,
                last_day=last_day,
                sessions=sessions,
                hours=opening,
                venue=event.venue,
                address=event.address,
                counterparts=tuple(event.counterparts),
                notes=event.notes,
                url=web_address(event.url),
                ranges=ranges,
                **extra,
            )
        )
    return found


def _unnamed(item: model.Travel | model.Stay | model.Event) -> dict[str, Any] | None:
    """An item without an id as the file writes it, for calendars to name it by."""
    if item.id is not None:
        return None
    written: dict[str, Any] = item.model_dump(mode="json", by_alias=True)
    return written


def _event_times(
    r: Resolution, event: model.Event, place: Location, path: KeyPath, what: str
) -> (
    tuple[date, date, tuple[Session, ...], tuple[time, time] | None, tuple[tuple[time, time], ...]]
    | None
):
    start, end = event.start, event.end
    timed = isinstance(start, datetime), isinstance(end, datetime)
    if timed[0] != timed[1]:
        kinds = ("a date-time", "a date") if timed[0] else ("a date", "a date-time")
        r.report(
            INVALID_VALUE,
            (*path, "end"),
            f"{what}: start is {kinds[0]} but end is {kinds[1]}; use both dates or both date-times",
            "an all-day event has dates (with optional hours); a timed one has date-times",
        )
        return None
    if isinstance(start, datetime) and isinstance(end, datetime):
        if event.hours is not None:
            r.report(
                INVALID_VALUE,
                (*path, "hours"),
                f"{what}: hours only apply to events given by dates",
                "remove hours, or give start and end as dates",
            )
            return None
        begin = instant(r, start, place, (*path, "start"), "start")
        finish = instant(r, end, place, (*path, "end"), "end")
        if begin is None or finish is None:
            return None
        if finish < begin:
            r.report(
                END_BEFORE_START,
                (*path, "end"),
                f"{what} ends {local(finish)} before it starts {local(begin)}",
            )
            return None
        return begin.date(), finish.date(), (Session(begin, finish),), None, ()
    if not (
        in_range(r, start, (*path, "start"), "start") and in_range(r, end, (*path, "end"), "end")
    ):
        return None
    if end < start:
        r.report(
            END_BEFORE_START,
            (*path, "end"),
            f"{what} ends on {end} before it starts on {start}",
            "dates are inclusive: a one-day event has start = end",
        )
        return None
    if event.hours is None:
        return start, end, (), None, ()
    texts = split(event.hours)
    ranges = tuple(hours(text) for text in texts)
    for text, (opens, closes) in zip(texts, ranges, strict=True):
        if (closes <= opens) and closes != time(0):
            r.report(
                END_BEFORE_START,
                (*path, "hours"),
                f"{what}: hours {text} do not end after they start",
                "hours run within each day (24:00 ends at midnight); for a session past"
                " midnight give start and end as date-times",
            )
            return None
    sessions = []
    day = start
    while day <= end:
        for opens, closes in ranges:
            begin = instant(r, datetime.combine(day, opens), place, (*path, "hours"), "opening")
            close_day = day + timedelta(days=1) if closes == time(0) else day
            finish = instant(
                r, datetime.combine(close_day, closes), place, (*path, "hours"), "closing"
            )
            if begin is None or finish is None:
                return None
            sessions.append(Session(begin, finish))
        day += timedelta(days=1)
    span = (ranges[0][0], ranges[-1][1])
    return start, end, tuple(sessions), span, ranges if len(ranges) > 1 else ()
