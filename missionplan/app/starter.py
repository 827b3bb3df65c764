"""The places a planner names for `missionplan new`, judged by the resolver itself."""

from __future__ import annotations

from datetime import date

from missionplan.source.starter import StarterPlace, starter_text


def place_problem(place: StarterPlace) -> str | None:
    """What the resolver finds wrong with a city (unknown country, a zone missing or not an
    IANA name), in its own words; None when the place resolves."""
    from missionplan.app.validate import check_source
    from missionplan.checks.finding import Severity
    from missionplan.source.text import Source

    day = date(2024, 1, 1)
    text = starter_text(
        mission_id="new", title="new", start=day, end=day, people=[("p", "P")], places=[place]
    )
    report = check_source(Source("new", text))
    for found in report.diagnostics:
        if found.severity is Severity.ERROR and not found.suppressed:
            message = found.message.removeprefix(f"places.{place.id}: ")
            hint = f"; {found.hint}" if found.hint else ""
            return f"{place.city},{place.country}: {message}{hint}"
    return None
