"""The day-by-day section: each date's items in true time order, where each person sleeps, the
clock changes and warnings of the day.

On a day that spans time zones every clock time carries the city it is read in ("21:25 Vienna
→ 05:55 Tashkent"), so that lines sorted by the real instant also read in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from missionplan import wording as fmt
from missionplan.export.briefing.notices import Notice
from missionplan.export.briefing.phones import phone
from missionplan.export.briefing.scope import Scope
from missionplan.plan import geo, zones
from missionplan.plan.plan import Event, Leg, Location, Stay

Row = dict[str, Any]

# Within one instant: check-outs first, then what happens, then check-ins.
_CHECK_OUT, _ITEM, _CHECK_IN = 0, 1, 2


@dataclass(order=True)
class _Entry:
    """One line of the day-by-day section, with what it sorts by."""

    day: date
    at: float  # POSIX timestamp: items of different zones on one date sort by real time
    rank: int
    sequence: int
    item: Row = field(compare=False)
    # the clock times of the line, and how they read with the city named after each
    offsets: frozenset[timedelta] = field(compare=False, default=frozenset())
    zoned: str = field(compare=False, default="")


def _clock(moment: datetime, place: Location) -> str:
    return f"{fmt.clock(moment)} {place.city}"


def _offsets(*moments: datetime) -> frozenset[timedelta]:
    return frozenset(m.utcoffset() or timedelta(0) for m in moments)


def days(scope: Scope, notices: Sequence[Notice]) -> list[Row]:
    """Every date of the briefing's window (and any item outside it), in order."""
    entries: list[_Entry] = []
    for item in [*scope.legs, *scope.events, *scope.stays, *scope.cancelled]:
        if isinstance(item, Leg):
            entries += _leg(scope, item, len(entries))
        elif isinstance(item, Event):
            entries += _event(scope, item, len(entries))
        elif isinstance(item, Stay):
            entries += _stay(scope, item, len(entries))
    entries.sort()
    by_day: dict[date, list[_Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    told: dict[date, list[str]] = {}
    for notice in notices:
        mine = [p for p in notice.people if p in scope.people]
        for person in mine:
            prefix = "" if scope.personal else f"{scope.name(person)}: "
            told.setdefault(notice.day, []).append(prefix + notice.text)
    out = []
    for day in sorted(set(scope.dates()) | set(by_day)):
        places, travellers = scope.cities_on(day)
        listed = by_day.get(day, [])
        offsets = {zones.offset_at(p.timezone, day) for p in places}
        for entry in listed:
            offsets |= entry.offsets
        zoned = len(offsets) > 1
        sleeps, alarms = _sleeps(scope, day)
        out.append(
            {
                "date": day.isoformat(),
                "title": fmt.long_date(day),
                "weekday": fmt.weekday(day),
                # one person's day is a route; several people's is a list of places
                "cities": (" → " if travellers == 1 else "; ").join(p.city for p in places),
                "zones": _zones(places, day),
                "marks": _marks(scope, day, places),
                "clocks": [text for p in places if (text := clock_change(p, day))],
                "notices": alarms + told.get(day, []),
                "sleep": sleeps,
                "entries": [
                    {**e.item, "time": e.zoned if zoned and e.zoned else e.item["time"]}
                    for e in listed
                ],
            }
        )
    return out


def _zones(places: list[Location], day: date) -> str:
    """`UTC+5` when the day keeps one clock, else `Vienna UTC+2 · Tashkent UTC+5`."""
    offsets = {p.city: fmt.utc_offset(zones.offset_at(p.timezone, day)) for p in places}
    if len(set(offsets.values())) == 1:
        return next(iter(offsets.values()))
    return " · ".join(f"{city} {offset}" for city, offset in offsets.items())


def clock_change(place: Location, day: date) -> str:
    """`Clocks in Vienna go forward 1 h at 02:00 (UTC+2 from then)`, or "" on other days."""
    zone = place.tz
    start = datetime.fromtimestamp(zones.wall_ts(place.timezone, day), UTC)
    before = start.astimezone(zone).utcoffset()
    if (start + timedelta(hours=26)).astimezone(zone).utcoffset() == before:
        return ""  # the same clock at both ends of the day (a day holds one change at most)
    for step in range(1, 26 * 4 + 1):
        moment = (start + timedelta(minutes=15 * step)).astimezone(zone)
        if moment.date() > day:
            return ""
        after = moment.utcoffset()
        if after != before and after is not None and before is not None:
            # the wall time at which the clocks are changed, read on the old clock
            turned = (moment.astimezone(UTC) + before).time()
            change = after - before
            way = "forward" if change > timedelta(0) else "back"
            return (
                f"Clocks in {place.city} go {way} {fmt.hours_difference(abs(change))[1:]}"
                f" at {fmt.clock(turned)} ({fmt.utc_offset(after)} from then)"
            )
    return ""


def _sleeps(scope: Scope, day: date) -> tuple[str, list[str]]:
    """Where each person sleeps the night after `day`, and the nights that have no bed."""
    said: list[str] = []
    alarms: list[str] = []
    for person in scope.people:
        bed, missing = bed_of(scope, person, day)
        if not bed:
            continue
        said.append(bed if scope.personal else f"{scope.name(person)}: {bed}")
        if missing:
            alarms.append(missing if scope.personal else f"{scope.name(person)}: {missing}")
    return "; ".join(said), alarms


def bed_of(scope: Scope, person: str, day: date) -> tuple[str, str]:
    """Where `person` sleeps the night after `day`; the second string warns of a night with
    no bed booked ("" otherwise)."""
    known = scope.beds.get((person, day))
    if known is None:
        known = scope.beds[person, day] = _bed(scope, person, day)
    return known


def _bed(scope: Scope, person: str, day: date) -> tuple[str, str]:
    # The timeline says where the night is spent: on a leg that runs at the night hour, not in
    # the hotel it left (booked until the next day or not).
    stint = scope.whereabouts.night(person, day)
    if stint is not None and stint.place is None:
        assert stint.leg is not None
        return f"On the {_leg_words(stint.leg)} (overnight)", ""
    for stay in scope.stays:
        if person in stay.people and stay.first_night <= day < stay.last_day:
            return f"{stay.name}, {stay.place.city}", ""
    if stint is None:
        return "", ""
    assert stint.place is not None
    home = scope.mission.homes.get(person)
    if home is not None and stint.place.same_city(home):
        return f"Home ({home.city})", ""
    city = stint.place.city
    return (
        f"No accommodation booked in {city}",
        f"No accommodation booked for the night of {fmt.short_date(day, year=False)} in {city}.",
    )


def _leg_words(leg: Leg) -> str:
    number = f" {leg.number}" if leg.number else ""
    return f"{fmt.leg_noun(leg.mode)}{number} to {leg.destination.city}"


def _marks(scope: Scope, day: date, places: list[Location]) -> list[str]:
    marks = []
    for country in dict.fromkeys(p.country for p in places):
        calendar = scope.calendars.get(country)
        if calendar is None:
            continue
        label = geo.country_name(country)
        if day in calendar.holidays:
            marks.append(f"Public holiday in {label}: {calendar.holidays[day]}")
        elif calendar.is_weekend(day):
            marks.append(f"Weekend in {label}")
        elif day in calendar.working_weekend_days:
            marks.append(f"Working day in {label} (transferred weekend day)")
    return marks


def _detail(label: str, value: str | None, link: str = "") -> Row | None:
    return {"label": label, "value": value, "link": link} if value else None


def _status(item: Leg | Event | Stay) -> str:
    """`tentative`, `cancelled`, or "" for a confirmed item."""
    return "" if item.status == "confirmed" else item.status


def _terminals(leg: Leg) -> str:
    """`terminal 1 → 3`, `terminal 2` (at departure), `arrival terminal B`, or ""."""
    out, back = leg.depart_terminal, leg.arrive_terminal
    if out and back:
        return f"terminal {out} → {back}"
    if out:
        return f"terminal {out}"
    return f"arrival terminal {back}" if back else ""


def _leg(scope: Scope, leg: Leg, sequence: int) -> list[_Entry]:
    depart, arrive = leg.depart, leg.arrive
    later = (arrive.date() - depart.date()).days
    shift = f" (+{later})" if later > 0 else f" ({later})" if later < 0 else ""
    kind = fmt.leg_kind(leg)
    title = fmt.route(leg)
    summary = [leg.carrier, fmt.duration(leg.duration), _terminals(leg)]
    summary += [f"seat {leg.seat}" if leg.seat else None]
    summary += [f"booking {leg.reference}" if leg.reference else None]
    details = [
        _detail("Coach", leg.coach),
        _detail("Berth", leg.berth),
        _detail("Class", leg.travel_class),
        _detail("Baggage", leg.baggage),
        _detail("Ticket", leg.ticket),
        _detail("Driver", leg.driver),
        _detail("Vehicle", leg.vehicle),
        _detail("Notes", leg.notes),
    ]
    offsets = _offsets(depart, arrive)
    item = {
        "id": leg.id,
        "time": f"{fmt.clock(depart)} → {fmt.clock(arrive)}{shift}",
        "kind": kind,
        "title": title,
        "summary": " · ".join(s for s in summary if s),
        "details": [d for d in details if d],
        "people": scope.who(leg.people),
        "status": _status(leg),
    }
    zoned = f"{_clock(depart, leg.origin)} → {_clock(arrive, leg.destination)}{shift}"
    entries = [_Entry(depart.date(), leg.depart_ts, _ITEM, sequence, item, offsets, zoned)]
    if arrive.date() != depart.date():
        # An overnight leg also opens the day it lands on, where the reader looks for it.
        arrival = {
            **item,
            "time": fmt.clock(arrive),
            "kind": "Arrival",
            "title": f"{kind}, {title}",
            "summary": f"left {fmt.short_date(depart.date(), year=False)},"
            f" {_clock(depart, leg.origin)}",
            "details": [],
        }
        entries.append(
            _Entry(
                arrive.date(),
                leg.arrive_ts,
                _ITEM,
                sequence,
                arrival,
                _offsets(arrive),
                _clock(arrive, leg.destination),
            )
        )
    return entries


def _event(scope: Scope, event: Event, sequence: int) -> list[_Entry]:
    kind = fmt.kind_label(event.kind)
    # "Meeting: Meeting with the minister" says it twice
    if event.title.casefold().startswith(kind.casefold()):
        kind = ""
    details = [
        _detail("Address", event.address),
        _detail("With", "; ".join(event.counterparts)),
        _detail("Join online", event.online, event.online or ""),
        _detail("By video", ", ".join(scope.name(p) for p in event.remote)),
        _detail("Notes", event.notes),
        _detail("Link", event.url, event.url or ""),
    ]
    base = {
        "id": event.id,
        "kind": kind,
        "title": event.title,
        "summary": event.venue or ("" if event.address else event.place.city),
        "details": [d for d in details if d],
        "people": scope.who(event.people),
        "status": _status(event),
    }
    place = event.place
    entries = []
    if not event.sessions:
        for day in event.days:
            at = _midnight(place, day)
            entries.append(_Entry(day, at, _ITEM, sequence, {"time": "all day", **base}))
        return entries
    for session in event.sessions:
        start, end = session.start, session.end
        day = start.date()
        # the last day a session touches; ending at midnight does not touch the next day
        final = (end - timedelta(microseconds=1)).date() if end > start else day
        while day <= final:
            if start.date() == final:
                when = f"{fmt.clock(start)}{fmt.DASH}{fmt.clock(end)}"
            elif day == start.date():
                when = f"from {fmt.clock(start)}"
            elif day == final:
                when = f"until {fmt.clock(end)}"
            else:
                when = "all day"
            at = start.timestamp() if day == start.date() else _midnight(place, day)
            zoned = f"{when} {place.city}" if when != "all day" else ""
            entries.append(
                _Entry(
                    day,
                    at,
                    _ITEM,
                    sequence,
                    {"time": when, **base},
                    _offsets(start, end),
                    zoned,
                )
            )
            day += timedelta(days=1)
    return entries


def _stay(scope: Scope, stay: Stay, sequence: int) -> list[_Entry]:
    number = phone(stay.phone, stay.place.country) if stay.phone else None
    details = [
        _detail("Address", stay.address),
        _detail("Phone", number["text"] if number else None, number["link"] if number else ""),
        _detail("Booking", stay.reference),
        _detail("Cancellation", _cancellation(stay)),
        _detail("Notes", stay.notes),
    ]
    nights = len(stay.nights)
    check_in_at = stay.check_in if isinstance(stay.check_in, datetime) else None
    check_out_at = stay.check_out if isinstance(stay.check_out, datetime) else None
    check_in = {
        "id": stay.id,
        "time": fmt.clock(check_in_at) if check_in_at else "",
        "kind": "Check-in",
        "title": stay.name,
        "summary": f"{fmt.count(nights, 'night')}, until {fmt.short_date(stay.last_day)}",
        "details": [d for d in details if d],
        "people": scope.who(stay.people),
        "status": _status(stay),
    }
    check_out = {
        "id": stay.id,
        "time": fmt.clock(check_out_at) if check_out_at else "",
        "kind": "Check-out",
        "title": stay.name,
        "summary": "",
        "details": [],
        "people": scope.who(stay.people),
        "status": _status(stay),
    }
    if check_in_at:
        in_at, in_rank = check_in_at.timestamp(), _ITEM
    else:
        in_at, in_rank = _arrival_in(scope, stay), _CHECK_IN
    if check_out_at:
        out_at, out_rank = check_out_at.timestamp(), _ITEM
    else:
        out_at, out_rank = _midnight(stay.place, stay.last_day), _CHECK_OUT
    return [
        _Entry(
            stay.first_night,
            in_at,
            in_rank,
            sequence,
            check_in,
            _offsets(check_in_at) if check_in_at else frozenset(),
            _clock(check_in_at, stay.place) if check_in_at else "",
        ),
        _Entry(
            stay.last_day,
            out_at,
            out_rank,
            sequence + 1,
            check_out,
            _offsets(check_out_at) if check_out_at else frozenset(),
            _clock(check_out_at, stay.place) if check_out_at else "",
        ),
    ]


def _cancellation(stay: Stay) -> str | None:
    """The stay's cancellation terms, or the deadline to cancel without charge."""
    terms = stay.cancellation
    if terms is None or isinstance(terms, str):
        return terms
    return f"free until {fmt.when(terms)}"


def _arrival_in(scope: Scope, stay: Stay) -> float:
    """A check-in given as a date sorts after the guests' arrival in the city that day."""
    day = stay.first_night
    arrivals = [
        leg.arrive_ts
        for leg in scope.legs
        if set(leg.people) & set(stay.people)
        and leg.destination.same_city(stay.place)
        and leg.arrive.date() == day
    ]
    return max(arrivals, default=_midnight(stay.place, day))


def _midnight(location: Location, day: date) -> float:
    # Midnight can fall in a DST gap (America/Havana, Asia/Beirut): the time before it counts.
    return zones.wall_ts(location.timezone, day)
