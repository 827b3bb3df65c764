"""Reference rules, MP104-MP109: ids, references and places, found while the plan is resolved,
and people or missions that nothing refers to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from missionplan.checks.finding import ERROR, INFO, WARNING, Finding, Rule

if TYPE_CHECKING:  # the resolver imports these declarations: no run-time import of the plan
    from missionplan.plan.plan import Mission

UNKNOWN_REFERENCE = Rule(
    code="MP104",
    name="unknown-reference",
    severity=ERROR,
    summary="a person or place id that is not declared",
    description="""
An item names a person or place id that is not declared under `[people]` or `[places]`
(a travel leg may also name an IATA airport code such as `DYU`).""",
    bad="""
[people.taher]
name = "Salma Taher"

[[events]]
people = ["tahir"]""",
    good="""
[[events]]
people = ["taher"]""",
)

DUPLICATE_ID = Rule(
    code="MP105",
    name="duplicate-id",
    severity=ERROR,
    summary="two items share an id",
    description="""
Two items (travel, stays, events) share an id. Ids are the stable part of calendar UIDs, so
each must be unique within the mission.""",
    bad='''
[[events]]
id = "who-meeting"
[[events]]
id = "who-meeting"''',
    good='''
[[events]]
id = "who-tajikistan"
[[events]]
id = "who-uzbekistan"''',
)

MISSING_ID = Rule(
    code="MP106",
    name="missing-id",
    severity=INFO,
    summary="an item without an id: its calendar event cannot update in place",
    description="""
An item has no `id`. It still validates, but its calendar event gets an id from its position
in the file, so moving items around makes calendars duplicate instead of update.
`missionplan ids FILE` adds ids in place.""",
    bad='''
[[events]]
title = "Meeting with WHO"''',
    good='''
[[events]]
id = "who-meeting"
title = "Meeting with WHO"''',
)

UNLOCATED_PLACE = Rule(
    code="MP107",
    name="unlocated-place",
    severity=INFO,
    summary="a place's city the gazetteer does not know: compared by name only",
    description="""
A place is a point: from `lat`/`lon`, else from its `airport`, else from the GeoNames
gazetteer of cities of 15,000 people or more, by `city` (or any of its other names) and
`country`. Two places, or a place and an airport, within 60 km of each other are one city,
whatever they are called ("Frankfurt" and FRA's "Frankfurt am Main"). A city the gazetteer
does not know is compared by name only; give its airport or its coordinates.""",
    bad='''
[places.field-office]
city = "Kakuma"
country = "KE"''',
    good="""
[places.field-office]
city = "Kakuma"
country = "KE"
lat = 3.72
lon = 34.87""",
)

FORMER_AIRPORT_CODE = Rule(
    code="MP108",
    name="former-airport-code",
    severity=INFO,
    summary="an airport code valid on the leg's date that has since changed",
    description="""
An IATA code that was valid on the leg's date but has since been renamed or given to a new
airport: the leg is accepted as written, and the message names today's code. missionplan
keeps a table of such changes, each with its date and source.""",
    bad='from = "FRU"   # a ticket from May 2024',
    good='from = "FRU"   # missionplan: ignore[MP108]   (the ticket says FRU)',
)


def nothing_planned(mission: Mission) -> Iterator[Finding]:
    """MP109 for a person on none of the mission's items (one of its item-less files is told
    by the loader, `empty_mission`, which sees the items that failed to load too)."""
    busy = {
        person
        for item in (*mission.items, *mission.cancelled)
        for person in (*item.people, *getattr(item, "remote", ()))
    }
    if not busy and not mission.incomplete:
        return  # nothing at all: said once for the file, not once per person
    for person in mission.people:
        if person not in busy and person not in mission.incomplete:
            yield NOTHING_PLANNED.finding(
                ("people", person),
                f"{person} is on no travel leg, stay or event: no calendar or briefing for them",
                f'add "{person}" to the people of the items they join, or remove [people.{person}]',
                on="key",
            )


def empty_mission(data: dict[str, object]) -> Finding | None:
    """MP109 for a file with no travel leg, stay or event at all (whatever their validity)."""
    if any(data.get(section) for section in ("travel", "stays", "events")):
        return None
    return NOTHING_PLANNED.finding(
        ("mission",),
        "the mission has no travel, stays or events: its calendars would be empty",
        "add the travel legs, stays and events, or leave the file out of the portfolio",
        on="key",
    )


NOTHING_PLANNED = Rule(
    code="MP109",
    name="nothing-planned",
    severity=WARNING,
    summary="a person on no item, or a mission with no items",
    check=nothing_planned,
    description="""
A person is declared under [people] but is on no travel leg, stay or event (an item without
`people` involves everyone), or the mission has no items at all. Their calendar would be
empty, so none is written, and their briefing would have nothing to say.""",
    bad="""
[people.okafor]
name = "Ngozi Okafor"
# ... and no item lists okafor""",
    good="""
[[events]]
id = "kickoff"
people = ["okafor"]""",
)

RULES = (
    UNKNOWN_REFERENCE,
    DUPLICATE_ID,
    MISSING_ID,
    UNLOCATED_PLACE,
    FORMER_AIRPORT_CODE,
    NOTHING_PLANNED,
)
