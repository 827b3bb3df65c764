"""Host countries' public holidays, weekends and working weekend days, from `holidays`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class CountryCalendar:
    """What one country's calendar says about the days of a window."""

    country: str
    known: bool  # False when `holidays` has no data for the country
    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday() numbers
    holidays: dict[date, str] = field(default_factory=dict)
    working_weekend_days: frozenset[date] = frozenset()

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend and day not in self.working_weekend_days


@functools.cache
def _country(country: str, years: tuple[int, ...]) -> Any:
    # Imported here: `holidays` loads hundreds of country modules and only briefings need it.
    import holidays

    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return None
    # English names where the country provides them; otherwise its default language.
    language = "en_US" if "en_US" in probe.supported_languages else None
    return holidays.country_holidays(country, years=list(years), language=language)


def country_calendar(country: str, first: date, last: date) -> CountryCalendar:
    """Holidays and weekend rules of `country` (ISO alpha-2) for the days first..last."""
    found = _country(country, tuple(range(first.year, last.year + 1)))
    if found is None:
        return CountryCalendar(country, known=False)
    days = {
        day: str(name)
        for day, name in sorted(found.items())
        if isinstance(day, date) and first <= day <= last
    }
    working = frozenset(
        day for day in getattr(found, "weekend_workdays", ()) if first <= day <= last
    )
    return CountryCalendar(country, True, frozenset(found.weekend), days, working)


def weekend_days(calendar: CountryCalendar, first: date, last: date) -> list[date]:
    """The weekend days between first and last that are not declared working days."""
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if calendar.is_weekend(first + timedelta(days=n))
    ]
