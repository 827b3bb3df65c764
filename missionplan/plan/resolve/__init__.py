"""Itinerary model -> resolved Mission: references, ids, time zones and local times.

Catches MP104 (unknown reference), MP105 (duplicate id), MP106 (missing id), MP200 (zone),
MP201/MP202 (DST gap/overlap) and MP203 (end before start). Items that cannot be resolved are
left out of the Mission, so later rules only see what is sound. The steps live in places,
people, times and items; `Resolution` (state) carries what they share.
"""

from __future__ import annotations

from missionplan.checks.finding import Finding
from missionplan.plan.plan import Mission
from missionplan.plan.resolve import items
from missionplan.plan.resolve.people import duplicate_ids, homes
from missionplan.plan.resolve.places import location, resolve_places
from missionplan.plan.resolve.state import Resolution
from missionplan.plan.resolve.times import FIRST_YEAR, LAST_YEAR, MAX_MISSION_DAYS, mission_window
from missionplan.source import model
from missionplan.source.text import Source

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MAX_MISSION_DAYS", "resolve"]


def resolve(
    itinerary: model.Itinerary,
    source: Source,
    *,
    declared: dict[str, frozenset[str]] | None = None,
    origins: dict[str, list[int]] | None = None,
) -> tuple[Mission | None, list[Finding]]:
    """Resolve a validated model into a Mission plus what was found on the way.

    No Mission when its own dates are unusable: every check and export depends on them.
    """
    r = Resolution(itinerary, source, declared or {}, origins or {})
    if not mission_window(r):
        return None, r.findings
    resolve_places(r)
    people_homes = homes(r)
    legs, stays, events = items.legs(r), items.stays(r), items.events(r)
    duplicate_ids(r)
    for index, contact in r.numbered("contacts", list(itinerary.contacts)):
        if contact.place is not None:
            location(r, contact.place, ("contacts", index, "place"), f'contact "{contact.name}"')
    raw = itinerary.mission
    mission = Mission(
        origin=source.name,
        id=raw.id,
        title=raw.title,
        start=raw.start,
        end=raw.end,
        revision=raw.revision,
        organization=raw.organization,
        project=raw.project,
        issued=raw.issued,
        contact=raw.contact,
        organizer=raw.organizer,
        written_ids=r.written_ids,
        people=dict(itinerary.people),
        homes=people_homes,
        places=r.places,
        legs=tuple(leg for leg in legs if leg.status != "cancelled"),
        stays=tuple(stay for stay in stays if stay.status != "cancelled"),
        events=tuple(event for event in events if event.status != "cancelled"),
        contacts=tuple(itinerary.contacts),
        settings=itinerary.settings,
        incomplete=frozenset(r.incomplete),
        cancelled=(
            *(leg for leg in legs if leg.status == "cancelled"),
            *(stay for stay in stays if stay.status == "cancelled"),
            *(event for event in events if event.status == "cancelled"),
        ),
    )
    return mission, r.findings
