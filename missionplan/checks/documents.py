"""Travel documents, MP305: a visa or security clearance missing, refused or late for a country
a person enters (also at a stopover where they leave the airport)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from missionplan import wording
from missionplan.checks.finding import WARNING, Finding, Rule
from missionplan.plan import geo
from missionplan.plan.plan import Leg, Mission
from missionplan.source.sourcemap import KeyPath

if TYPE_CHECKING:
    from missionplan.source import model

_NAMES = {"visa": "visa", "clearance": "security clearance"}


def entries(mission: Mission, person: str) -> list[Leg]:
    """The person's legs into another country, earliest first, the first one per country.

    A leg that lands at a connection of its own journey (the next leg leaves from the same
    city) is a transit, not an entry, unless it says `leaves_airport = true`. Coming back to
    the home country is no entry either."""
    legs = sorted((leg for leg in mission.legs if person in leg.people), key=lambda g: g.depart)
    home = mission.homes.get(person)
    found: dict[str, Leg] = {}
    for index, leg in enumerate(legs):
        country = leg.destination.country
        if country == leg.origin.country or country in found:
            continue
        if home is not None and country == home.country:
            continue
        following = legs[index + 1] if index + 1 < len(legs) else None
        transit = (
            following is not None
            and leg.journey is not None
            and following.journey == leg.journey
            and following.origin.same_city(leg.destination)
        )
        if transit and not leg.leaves_airport:
            continue
        found[country] = leg
    return list(found.values())


def travel_documents(mission: Mission) -> Iterator[Finding]:
    """MP305, per person, country entered and kind of document."""
    settings = mission.settings
    for person, info in mission.people.items():
        for leg in entries(mission, person):
            country = leg.destination.country
            held = info.documents.get(country)
            for kind in ("visa", "clearance"):
                document: model.TravelDocument | None = (
                    None if held is None else getattr(held, kind)
                )
                if document is None:
                    if kind in settings.documents:
                        yield _missing(mission, person, leg, kind)
                    continue
                problem = _problem(document, leg.arrive.date(), settings.document_lead_days)
                if problem is not None:
                    key, text, hint = problem
                    where: KeyPath = ("people", person, "documents", country, kind, key)
                    yield TRAVEL_DOCUMENTS.finding(
                        where,
                        f"{person}'s {_NAMES[kind]} for {geo.country_name(country)} {text};"
                        f" {person} enters on {wording.plain_date(leg.arrive.date())}"
                        f" ({wording.item_label(leg)})",
                        hint,
                    )


def _missing(mission: Mission, person: str, leg: Leg, kind: str) -> Finding:
    country = leg.destination.country
    request_by = leg.arrive.date() - timedelta(days=mission.settings.document_lead_days)
    return TRAVEL_DOCUMENTS.finding(
        (*leg.path, "to"),
        f"{person} enters {geo.country_name(country)} on"
        f" {wording.plain_date(leg.arrive.date())} with no {_NAMES[kind]} recorded",
        f"request it by {request_by.isoformat()} and record it under"
        f' [people.{person}.documents.{country}]: {kind} = {{ status = "requested",'
        f" requested = ... }}",
    )


def _problem(
    document: model.TravelDocument, entry: date, lead_days: int
) -> tuple[str, str, str | None] | None:
    """(key, what is wrong, hint) for a declared document, or None when it is in order."""
    if document.status == "not-needed":
        return None
    if document.status == "refused":
        return "status", "was refused", "change the plan, or appeal and update the status"
    request_by = entry - timedelta(days=lead_days)
    if document.requested is not None and document.requested > entry:
        return (
            "requested",
            f"is requested on {document.requested.isoformat()}, after travel",
            "check the date: it is requested before entering the country",
        )
    if document.granted is not None and document.granted > entry:
        return (
            "granted",
            f"is granted on {document.granted.isoformat()}, after travel",
            "check the date, or move the travel",
        )
    if document.expires is not None and document.expires < entry:
        return "expires", f"expires on {document.expires.isoformat()}, before travel", None
    if document.requested is not None and document.requested > request_by:
        days = (entry - document.requested).days
        return (
            "requested",
            f"was requested {wording.count(days, 'day')} before entry, later than the"
            f" {lead_days}-day lead time",
            f"request by {request_by.isoformat()} ([settings] document_lead_days = {lead_days})",
        )
    if document.status == "to-request" and document.requested is None:
        return "status", "is not requested yet", f"request it by {request_by.isoformat()}"
    return None


TRAVEL_DOCUMENTS = Rule(
    code="MP305",
    name="travel-documents",
    severity=WARNING,
    summary="a visa or security clearance missing, refused or requested too late for a country",
    check=travel_documents,
    description="""
A person enters a country (a leg arrives there, or a stopover where they leave the airport)
without a document `[settings] documents` requires, or with a declared visa or clearance that
was refused, expires before entry, was requested or granted only after entry, or was
requested less than `document_lead_days` (default 7) days before entry. A connection within
one journey (legs sharing a booking) is no entry unless the leg says `leaves_airport = true`;
coming home is no entry.""",
    bad="""
[settings]
documents = ["clearance"]
[people.taher.documents.UZ]
clearance = { status = "requested", requested = 2022-05-22 }  # enters UZ on 25 May""",
    good="""
[people.taher.documents.UZ]
clearance = { status = "granted", requested = 2022-05-10, granted = 2022-05-16 }""",
)

RULES = (TRAVEL_DOCUMENTS,)
