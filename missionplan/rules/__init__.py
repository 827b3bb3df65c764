"""The rule registry: one module per rule family, each a function from a Mission to Diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from missionplan.diagnostics import Diagnostic
from missionplan.mission import Mission

MissionCheck = Callable[[Mission], Iterable[Diagnostic]]
PortfolioCheck = Callable[[Sequence[Mission]], Iterable[Diagnostic]]

#: Checks of one mission, by family name, run in this order.
MISSION_CHECKS: dict[str, MissionCheck] = {}

#: Checks across the missions of one `validate` run.
PORTFOLIO_CHECKS: dict[str, PortfolioCheck] = {}
