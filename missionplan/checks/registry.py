"""Every rule, gathered from the module that declares and implements it (one per family)."""

from __future__ import annotations

from missionplan.checks import (
    bookings,
    documents,
    format,
    local_times,
    places,
    portfolio,
    references,
    times,
    workdays,
)
from missionplan.checks.finding import MissionCheck, PortfolioCheck, Rule

#: Each family module declares its rules beside their checks, in a `RULES` tuple.
FAMILIES = (
    format,
    references,
    local_times,
    times,
    bookings,
    places,
    documents,
    workdays,
    portfolio,
)

#: Every rule by code, in code order; `missionplan rules` lists them in this order.
RULES: dict[str, Rule] = {
    rule.code: rule for rule in sorted(rule for family in FAMILIES for rule in family.RULES)
}

#: Codes no longer raised. A code is never reused for another rule, so a retired one moves
#: here (code -> what it used to mean) and stays.
RETIRED: dict[str, str] = {}

#: The checks of one resolved mission, run in code order.
MISSION_CHECKS: tuple[MissionCheck, ...] = tuple(
    rule.check for rule in RULES.values() if rule.check is not None
)

#: The checks across the missions of one `validate` run.
PORTFOLIO_CHECKS: tuple[PortfolioCheck, ...] = tuple(
    rule.across for rule in RULES.values() if rule.across is not None
)
