"""The `where` job: the question as typed, the portfolio read, the answers and how to head them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from missionplan.app import where
from missionplan.app.portfolio import Portfolio, load
from missionplan.app.where_places import near
from missionplan.app.where_query import QueryError, parse_instant, parse_window
from missionplan.plan.presence import AT_HOME, Answer


@dataclass(frozen=True)
class Asked:
    """The answers, the question in plain words and as data, and the portfolio they come from."""

    answers: list[Answer]
    heading: str
    query: dict[str, Any]
    portfolio: Portfolio


def ask(
    paths: Sequence[Path],
    *,
    at: str | None = None,
    during: str | None = None,
    near_text: str | None = None,
    radius: float = 50.0,
    person: str | None = None,
    away: bool = False,
    now: datetime | None = None,
) -> Asked:
    """Parse the question (QueryError, with the option to blame, when it cannot be), read the
    missions under `paths` and answer it."""
    if at is not None and during is not None:
        raise QueryError("give --at or --during, not both", "--at")
    option = "--during" if during is not None else "--at"
    try:
        window = parse_window(during, now=now) if during is not None else None
        moment = None if window is not None else parse_instant(at or "now", now=now)
    except QueryError as error:
        raise QueryError(str(error), option) from None
    portfolio = load(paths)
    try:
        point = near(portfolio, near_text, radius) if near_text is not None else None
    except QueryError as error:
        raise QueryError(str(error), "--near") from None
    identity = None
    if person is not None:
        identity = portfolio.person_identity(person)
        if identity is None:
            raise QueryError(f'no person "{person}" in these missions', "--person")
    query: dict[str, Any]
    if window is not None:
        found = where.during(portfolio, window, person=identity, near=point)
        query = {"during": [window.start.isoformat(), window.end.isoformat()]}
        heading = f"Where people are from {window.start.isoformat()} to {window.end.isoformat()}"
    else:
        assert moment is not None
        found = where.at(portfolio, moment, person=identity, near=point)
        query = {"at": moment.isoformat()}
        heading = f"Where people are at {moment.isoformat()}"
    if away:
        found = [answer for answer in found if answer.status != AT_HOME]
    if point is not None:
        query["near"] = {
            "label": point.label,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "radius_km": point.radius_km,
        }
        heading += f", within {radius:g} km of {point.label}"
    if person is not None:
        query["person"] = person
    return Asked(found, heading, query, portfolio)
