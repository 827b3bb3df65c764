"""The rule registry: one module per rule family, each a function from a Mission to Diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from missionplan.checks import bookings, places, portfolio, times
from missionplan.checks import workdays as calendar
from missionplan.checks.finding import Diagnostic
from missionplan.plan.plan import Mission

MissionCheck = Callable[[Mission], Iterable[Diagnostic]]
PortfolioCheck = Callable[[Sequence[Mission]], Iterable[Diagnostic]]

#: Checks of one mission, by rule name, run in this order.
MISSION_CHECKS: dict[str, MissionCheck] = {
    "implausible-travel-time": times.implausible_travel_time,  # MP204
    "outside-mission-window": times.outside_mission_window,  # MP205
    "double-booked": bookings.double_booked,  # MP300
    "wrong-place": places.wrong_place,  # MP301
    "tight-connection": bookings.tight_connection,  # MP302
    "missing-accommodation": places.missing_accommodation,  # MP303
    "overlapping-stays": places.overlapping_stays,  # MP304
    "weekend": calendar.weekend,  # MP400
    "public-holiday": calendar.public_holiday,  # MP401
    "unusual-hours": calendar.unusual_hours,  # MP402
}

#: Checks across the missions of one `validate` run.
PORTFOLIO_CHECKS: dict[str, PortfolioCheck] = {
    "portfolio-double-booked": portfolio.portfolio_double_booked,  # MP500
}
