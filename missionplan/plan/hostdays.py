"""Host countries' weekends, public holidays and working weekend days, per country and year.

The data comes from the `holidays` package. Loading it costs about 90 ms (it imports every
country's module), more than the rest of `missionplan validate` on a mission, so each country's
year, once computed, is kept in a small JSON file in the user's cache directory
(`$MISSIONPLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/missionplan`, else `~/.cache/missionplan`),
named after the installed `holidays` version. The cache is only an optimisation: a file that
cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from missionplan.deliver.files import write_atomic
from missionplan.errors import OutputError

#: Weekday numbers (Monday 0) of a weekend where `holidays` has no data for a country.
DEFAULT_WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class CountryYear:
    """What one country's calendar says about one year."""

    country: str
    year: int
    known: bool  # False when `holidays` has no data for the country
    weekend: frozenset[int] = DEFAULT_WEEKEND  # date.weekday() numbers
    holidays: tuple[tuple[date, str], ...] = ()
    working_days: frozenset[date] = frozenset()  # weekend days declared working
    # looked up for every working day of every event: a dict, built once
    by_day: dict[date, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_day", dict(self.holidays))

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend and day not in self.working_days

    def holiday(self, day: date) -> str | None:
        """The holiday's name (several joined by "; "), None on an ordinary day."""
        return self.by_day.get(day)


@dataclass(frozen=True)
class CountryCalendar:
    """What one country's calendar says about the days of a window (for briefings)."""

    country: str
    known: bool
    weekend: frozenset[int]
    holidays: dict[date, str]
    working_weekend_days: frozenset[date]

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend and day not in self.working_weekend_days


def is_weekend(country: str, day: date) -> bool:
    """A weekend day in `country`, unless declared a working day (a moved Saturday)."""
    calendar = year_calendar(country, day.year)
    return calendar.known and calendar.is_weekend(day)


def holiday(country: str, day: date) -> str | None:
    """The name of the public holiday on `day` in `country`, None on an ordinary day."""
    return year_calendar(country, day.year).holiday(day)


def window(country: str, first: date, last: date) -> CountryCalendar:
    """The holidays and working weekend days of `country` between first and last."""
    years = [year_calendar(country, year) for year in range(first.year, last.year + 1)]
    return CountryCalendar(
        country,
        all(y.known for y in years),
        years[0].weekend if years else DEFAULT_WEEKEND,
        {d: name for y in years for d, name in y.holidays if first <= d <= last},
        frozenset(d for y in years for d in y.working_days if first <= d <= last),
    )


def weekend_days(calendar: CountryCalendar, first: date, last: date) -> list[date]:
    """The weekend days between first and last that are not declared working days."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if calendar.is_weekend(day)]


@functools.cache
def year_calendar(country: str, year: int) -> CountryYear:
    """One country's year: from the disk cache, or computed with `holidays` and cached."""
    cache = _disk_cache()
    found = cache.get(country, year)
    if found is None:
        found = _compute(country, year)
        cache.put(found)
    return found


def _compute(country: str, year: int) -> CountryYear:
    import holidays

    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return CountryYear(country, year, known=False)
    # English names where the country offers them (Tajikistan's default language is Tajik).
    language = "en_US" if "en_US" in (probe.supported_languages or ()) else None
    calendar = holidays.country_holidays(country, years=year, language=language)
    return CountryYear(
        country,
        year,
        True,
        frozenset(calendar.weekend),
        tuple(sorted((d, str(name)) for d, name in calendar.items() if d.year == year)),
        frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year),
    )


class _Cache:
    """The JSON file of country years already computed with this version of `holidays`."""

    def __init__(self, path: Path | None, entries: dict[str, Any]) -> None:
        self.path = path
        self.entries = entries

    def get(self, country: str, year: int) -> CountryYear | None:
        entry: Any = self.entries.get(f"{country}/{year}")
        try:
            return CountryYear(
                country,
                year,
                bool(entry["known"]),
                frozenset(int(n) for n in entry["weekend"]),
                tuple((date.fromisoformat(d), str(n)) for d, n in entry["holidays"]),
                frozenset(date.fromisoformat(d) for d in entry["working_days"]),
            )
        except (TypeError, KeyError, ValueError):
            return None  # absent, or written by something else: compute it again

    def put(self, calendar: CountryYear) -> None:
        self.entries[f"{calendar.country}/{calendar.year}"] = {
            "known": calendar.known,
            "weekend": sorted(calendar.weekend),
            "holidays": [[d.isoformat(), name] for d, name in calendar.holidays],
            "working_days": sorted(d.isoformat() for d in calendar.working_days),
        }
        if self.path is None:
            return
        text = json.dumps(self.entries, ensure_ascii=False, sort_keys=True)
        with contextlib.suppress(OSError, OutputError):  # no cache is no failure
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, text.encode("utf-8"))


@functools.cache
def _disk_cache() -> _Cache:
    path = _cache_path()
    entries: dict[str, Any] = {}
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                entries = loaded
    return _Cache(path, entries)


def _cache_path() -> Path | None:
    """Where the cache lives, named after the installed `holidays` (None: no cache)."""
    configured = os.environ.get("MISSIONPLAN_CACHE_DIR")
    if configured is not None and not configured.strip():
        return None  # set but empty: no cache
    if configured:
        directory = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        directory = Path(base) / "missionplan"
    return directory / f"holidays-{_holidays_version()}.json"


def _holidays_version() -> str:
    # Read from the installed distribution's folder name rather than by importing `holidays`
    # (which is what the cache avoids) or importlib.metadata (15 ms).
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return "unknown"
    package = Path(spec.origin).parent
    for info in package.parent.glob("holidays-*.dist-info"):
        return info.name.removeprefix("holidays-").removesuffix(".dist-info")
    return str(int(package.joinpath("__init__.py").stat().st_mtime))
