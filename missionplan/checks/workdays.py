"""Host-country calendar rules: MP400 weekends, MP401 public holidays, MP402 unusual hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from missionplan import wording
from missionplan.checks.finding import INFO, WARNING, Finding, Rule
from missionplan.plan import geo, hostdays
from missionplan.plan.plan import Event, Mission

#: A meeting starting before this or ending after that (local time) is unusual (MP402).
EARLIEST, LATEST = time(7, 0), time(21, 0)


def _working_days(event: Event) -> list[date]:
    """Local dates the event works on: all its days, or those its sessions touch."""
    if not event.sessions:
        return event.days
    days: dict[date, None] = {}
    for session in event.sessions:
        day = session.start.date()
        end = session.end
        # an end at midnight does not touch the next day
        last = (end - timedelta(microseconds=1)).date() if end > session.start else day
        while day <= last:
            days[day] = None
            day += timedelta(days=1)
    return list(days)


def weekend(mission: Mission) -> Iterator[Finding]:
    """MP400: a working item (every kind but "other") on a weekend day of its place."""
    for event in mission.events:
        if not event.is_working:
            continue
        country = event.place.country
        for day in _working_days(event):
            if hostdays.is_weekend(country, day, event.place.weekend):
                yield WEEKEND.finding(
                    (*event.path, "start"),
                    f"{wording.item_label(event)} is on {wording.long_date(day)}, a weekend day in"
                    f" {geo.country_name(country) if event.place.weekend is None else event.place.city}",
                    "move it to a working day, or, if the weekend is intended, add"
                    " `# missionplan: ignore[MP400]` to the item's [[events]] line",
                )


def public_holiday(mission: Mission) -> Iterator[Finding]:
    """MP401: a working item on a public holiday of its place's country (and subdivision)."""
    for event in mission.events:
        if not event.is_working:
            continue
        country = event.place.country
        for day in _working_days(event):
            name = hostdays.holiday(country, day, event.place.subdivision)
            if name is not None:
                yield PUBLIC_HOLIDAY.finding(
                    (*event.path, "start"),
                    f"{wording.item_label(event)}: {wording.plain_date(day)} is {name} in"
                    f" {_region(event)}",
                    "offices are closed: move it to a working day, or confirm with the hosts"
                    " and add `# missionplan: ignore[MP401]` to the item's line",
                )


def _region(event: Event) -> str:
    country = geo.country_name(event.place.country)
    subdivision = event.place.subdivision
    return country if subdivision is None else f"{country} ({subdivision})"


def unusual_hours(mission: Mission) -> Iterator[Finding]:
    """MP402: a meeting starting before 07:00 or ending after 21:00, local time."""
    for event in mission.events:
        if event.kind != "meeting":
            continue
        for session in event.sessions:
            begin, end = session.start, session.end
            # wall clocks, so that a DST change that day does not shift the limits
            late = end.replace(tzinfo=None) > datetime.combine(begin.date(), LATEST)
            if begin.time() < EARLIEST or late:
                yield UNUSUAL_HOURS.finding(
                    (*event.path, "start"),
                    f"{wording.item_label(event)} runs {wording.span(begin, end)} local time in"
                    f" {event.place.city}, outside 07:00-21:00",
                    "check the time is local to the meeting's place (not your own zone)",
                )
                break


WEEKEND = Rule(
    code="MP400",
    name="weekend",
    severity=WARNING,
    summary="a working item on the host country's weekend",
    check=weekend,
    description="""
A working item (every event kind but `other`: meeting, workshop, exercise, regional event,
site visit) on the host's weekend: its country's, with sourced corrections where the
`holidays` data is wrong (Nepal's weekend is Saturday only), or the place's own
`weekend = ["friday", "saturday"]`. Declared working Saturdays are respected.""",
    bad="start = 2022-05-28T10:00:00   # a Saturday in Tashkent",
    good="start = 2022-05-30T10:00:00",
)

PUBLIC_HOLIDAY = Rule(
    code="MP401",
    name="public-holiday",
    severity=WARNING,
    summary="a working item on a host-country public holiday",
    check=public_holiday,
    description="""
A working item on a public holiday of the host country, or of the place's `subdivision`
(a region such as "NSW", as the `holidays` package names it).""",
    bad="start = 2022-05-09T10:00:00   # Victory Day in Tajikistan",
    good="start = 2022-05-10T10:00:00",
)

UNUSUAL_HOURS = Rule(
    code="MP402",
    name="unusual-hours",
    severity=INFO,
    summary="a meeting before 07:00 or after 21:00 local time",
    check=unusual_hours,
    description="""
A meeting before 07:00 or after 21:00 local time: usually a time in the wrong zone.""",
    bad="start = 2022-05-23T05:00:00",
    good="start = 2022-05-23T10:00:00",
)

RULES = (WEEKEND, PUBLIC_HOLIDAY, UNUSUAL_HOURS)
