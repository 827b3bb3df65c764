"""The check-in roster: who checks in when, from where they are and the risk level there.

`[settings.checkin]` gives a frequency per risk level (a place's `risk`; none given: low), and
a place's own `checkin` overrides it. While away (never at home, never in transit) a person
checks in on arrival, then daily at `at` local time (twice daily: 08:00 too) or weekly, a week
after arriving, for as long as they stay; a connection (under CONNECTION between two legs) is
no stay. Read from the same timeline as `where`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from missionplan.app.portfolio import Portfolio
from missionplan.app.where import timelines
from missionplan.app.where_query import Window
from missionplan.plan.plan import Location
from missionplan.plan.presence import Slot, Span
from missionplan.source import model

MORNING = time(8, 0)
#: A stop between two legs shorter than this is a connection, with no check-in.
CONNECTION = timedelta(hours=6)


def frequency(policy: model.Checkin, place: Location) -> tuple[str, str]:
    """(frequency, risk level) for someone at `place` under `policy`."""
    risk = place.risk or "low"
    return place.checkin or getattr(policy, risk), risk


def roster(portfolio: Portfolio, window: Window, *, person: str | None = None) -> list[Slot]:
    """Every check-in due in `window`, in time order (then by name)."""
    start, end = window.start_ts, window.end_ts
    slots: list[Slot] = []
    for identity, _files, spans in timelines(portfolio):
        if person is not None and identity != person:
            continue
        for span in spans:
            place = span.stint.place
            policy = span.mission.settings.checkin
            if place is None or span.home or policy is None:
                continue
            if span.end_ts <= start or span.start_ts >= end:
                continue
            if span.end_ts - span.start_ts < CONNECTION.total_seconds():
                continue
            how_often, risk = frequency(policy, place)
            for kind, moment in _due(span, place, how_often, policy.at):
                if start <= moment.timestamp() < end:
                    slots.append(Slot(identity, span, moment, kind, how_often, risk))
    slots.sort(key=lambda s: (s.at.timestamp(), s.name.casefold(), s.identity))
    return slots


def _due(span: Span, place: Location, how_often: str, at: str) -> list[tuple[str, datetime]]:
    """The check-ins of one stay in a city: on arrival, then as often as the policy says."""
    if how_often == "none" or span.since is None:
        return []
    arrival = span.since.astimezone(place.tz)
    found = [("arrival", arrival)]
    hour, minute = (int(part) for part in at.split(":"))
    daily = [time(hour, minute)] if how_often != "twice-daily" else [MORNING, time(hour, minute)]
    if how_often == "weekly":
        days, step = [arrival.date() + timedelta(days=7)], 7
    else:
        days, step = [arrival.date()], 1
    last = span.until.astimezone(place.tz).date() if span.until is not None else days[0]
    day = days[0]
    while day <= last and len(found) < 2_000:  # an open-ended stay: one check-in schedule ahead
        for clock in daily:
            moment = place.tz.localize(datetime.combine(day, clock))
            inside = arrival < moment and (span.until is None or moment < span.until)
            if inside:
                found.append((how_often if step == 1 else "weekly", moment))
        day += timedelta(days=step)
    return found
