"""Local times -> aware instants, and the years and mission window missionplan accepts.

Catches MP102 (years, mission length), MP201/MP202 (DST gap/overlap) and MP203 on the mission.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytz

from missionplan.checks.format import INVALID_VALUE
from missionplan.checks.local_times import (
    AMBIGUOUS_LOCAL_TIME,
    END_BEFORE_START,
    NONEXISTENT_LOCAL_TIME,
)
from missionplan.plan import zones
from missionplan.plan.plan import Location
from missionplan.plan.resolve.state import Resolution
from missionplan.source.sourcemap import KeyPath

#: The years missionplan accepts: pytz's zone tables (and thus DST rules) end in 2037.
FIRST_YEAR, LAST_YEAR = 1970, 2037
#: Longer missions are almost always a typo in a year, and would print thousands of pages.
MAX_MISSION_DAYS = 1000


def instant(
    r: Resolution, value: datetime, location: Location, path: KeyPath, what: str
) -> datetime | None:
    """A TOML date-time as an aware datetime in the location's zone."""
    if not in_range(r, value, path, what):
        return None
    try:
        return zones.instant(location.timezone, value)
    except zones.SkippedTimeError as gap:
        r.report(
            NONEXISTENT_LOCAL_TIME,
            path,
            f"{what} {value:%Y-%m-%d %H:%M} does not exist in {location.timezone}:"
            " the clocks skip that hour",
            f"clocks move forward that night; did you mean {gap.later:%H:%M}?",
        )
        return None
    except zones.RepeatedTimeError as twice:
        r.report(
            AMBIGUOUS_LOCAL_TIME,
            path,
            f"{what} {value:%Y-%m-%d %H:%M} happens twice in {location.timezone}"
            f" (clocks go back); taken as the first, {twice.first:%H:%M %Z}",
            f"write an offset to choose: {_with_offset(twice.first)} or"
            f" {_with_offset(twice.second)}",
        )
        return twice.first


def moment(
    r: Resolution, value: date | datetime, location: Location, path: KeyPath, what: str
) -> date | datetime | None:
    if isinstance(value, datetime):
        return instant(r, value, location, path, what)
    return value if in_range(r, value, path, what) else None


def in_range(r: Resolution, value: date, path: KeyPath, what: str) -> bool:
    """Dates between FIRST_YEAR and LAST_YEAR: pytz's zone tables end in 2037."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return True
    r.report(
        INVALID_VALUE,
        path,
        f"{what} {value.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}",
        "time-zone rules are known for those years only; check the year",
    )
    return False


def mission_window(r: Resolution) -> bool:
    """False when the mission's dates are unusable (nothing can be checked against them)."""
    mission = r.raw.mission
    usable = in_range(r, mission.start, ("mission", "start"), "start") and in_range(
        r, mission.end, ("mission", "end"), "end"
    )
    if usable and (mission.end - mission.start).days >= MAX_MISSION_DAYS:
        r.report(
            INVALID_VALUE,
            ("mission", "end"),
            f"the mission lasts {(mission.end - mission.start).days + 1:,} days;"
            f" missionplan plans missions of up to {MAX_MISSION_DAYS:,} days",
            "check the years of start and end, or split the mission",
        )
        usable = False
    if usable and mission.issued is not None:
        usable = in_range(r, mission.issued, ("mission", "issued"), "issued")
    if mission.end < mission.start:
        r.report(
            END_BEFORE_START,
            ("mission", "end"),
            f"the mission ends on {mission.end} before it starts on {mission.start}",
        )
        usable = False
    return usable


def split(given: str | list[str]) -> list[str]:
    """The ranges of `hours`: a list as given, or a string split at its commas."""
    return [part.strip() for part in given.split(",")] if isinstance(given, str) else given


def hours(text: str) -> tuple[time, time]:
    opens, closes = text.split("-")
    close = time(0) if closes == "24:00" else time.fromisoformat(closes)
    return time.fromisoformat(opens), close


def before(a: date | datetime, b: date | datetime) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a < b
    day_a = a.date() if isinstance(a, datetime) else a
    day_b = b.date() if isinstance(b, datetime) else b
    return day_a < day_b


def local(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def utc(moment: datetime) -> str:
    return f"{moment.astimezone(pytz.utc):%H:%M} UTC"


def shown(moment: date | datetime) -> str:
    return local(moment) if isinstance(moment, datetime) else moment.isoformat()


def _with_offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%dT%H:%M:%S}{offset[:3]}:{offset[3:]}"
