"""Host countries' weekends, public holidays and working weekend days, per country and year.

The data comes from the `holidays` package. Loading it costs about 0.3 s (it imports every
country's module), more than the rest of `missionplan validate` on a mission, so each country's
year and subdivision codes, once computed, are kept in the user's cache (missionplan.usercache),
in a table named after the installed `holidays` version.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from missionplan import usercache, wording

#: Weekday numbers (Monday 0) of a weekend where `holidays` has no data for a country.
DEFAULT_WEEKEND = frozenset({5, 6})
_FRI, _SAT, _SUN = 4, 5, 6


@dataclass(frozen=True)
class WeekendCorrection:
    """A country's weekend from `first` to `last` (inclusive; None: until further notice)
    where the `holidays` data is wrong, with the source that says so."""

    country: str
    first: date
    last: date | None
    weekend: frozenset[int]
    source: str


#: Dated corrections of `holidays`' weekends (holidays 0.109 gives Nepal Saturday and Sunday,
#: and Afghanistan Friday and Saturday, for every year).
WEEKEND_CORRECTIONS: tuple[WeekendCorrection, ...] = (
    # Nepal: a one-day weekend, Saturday, for decades. Sunday was added from 15 May 2022 to
    # save fuel, and withdrawn by the cabinet on 6 June 2022 with effect from 15 June 2022.
    # https://english.onlinekhabar.com/nepal-withdraws-two-day-weekend.html
    # https://www.qppstudio.net/public-holidays-news/2022/nepal-reverses-2-day-weekends-015062.htm
    WeekendCorrection("NP", date(1970, 1, 1), date(2022, 5, 14), frozenset({_SAT}), "Onlinekhabar"),
    WeekendCorrection(
        "NP", date(2022, 5, 15), date(2022, 6, 14), frozenset({_SAT, _SUN}), "Onlinekhabar"
    ),
    WeekendCorrection("NP", date(2022, 6, 15), None, frozenset({_SAT}), "Onlinekhabar"),
    # Afghanistan: sources disagree (Friday-Saturday in `holidays`, Thursday-Friday after a
    # 2010 Kabul decision per Britannica). Since August 2021 the week runs Saturday to
    # Thursday: the Ministry of Labour's notice of 9 Hamal 1404 (29 March 2025) sets
    # government hours on Thursdays to 08:00-13:00 (a half day), so only Friday is off.
    # http://afghannews.af/سه-روز-رخصتی-عمومی-در-افغانستان-به-مناسب-عید-فطر
    # https://beyond.britannica.com/why-has-afghanistan-designated-thursday-and-friday-as-the-weekend
    WeekendCorrection("AF", date(2021, 8, 15), None, frozenset({_FRI}), "MoLSA notice 2025"),
)


def corrected_weekend(country: str, day: date) -> frozenset[int] | None:
    """The weekend a correction gives `country` on `day`, None where `holidays` is right."""
    for correction in WEEKEND_CORRECTIONS:
        if (
            correction.country == country
            and correction.first <= day
            and (correction.last is None or day <= correction.last)
        ):
            return correction.weekend
    return None


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
        weekend = corrected_weekend(self.country, day) or self.weekend
        return day.weekday() in weekend and day not in self.working_days

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


def is_weekend(country: str, day: date, weekend: frozenset[int] | None = None) -> bool:
    """A weekend day in `country` (or of the place's own `weekend` days), unless declared a
    working day (a moved Saturday)."""
    calendar = year_calendar(country, day.year)
    if weekend is not None:
        return day.weekday() in weekend and day not in calendar.working_days
    return calendar.known and calendar.is_weekend(day)


def holiday(country: str, day: date, subdivision: str | None = None) -> str | None:
    """The name of the public holiday on `day` in `country` (and in its `subdivision`, such
    as "NSW", when given), None on an ordinary day."""
    return year_calendar(country, day.year, subdivision).holiday(day)


@functools.cache
def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivision codes `holidays` knows for a country (cached like the years: asking
    `holidays` imports every country's module)."""
    table = _disk_cache().table
    key = f"subdivisions/{country}"
    known = table.get(key)
    if isinstance(known, list) and all(isinstance(code, str) for code in known):
        return tuple(known)
    import holidays

    codes = tuple(holidays.list_supported_countries().get(country, ()))
    table.put(key, list(codes))
    return codes


def window(country: str, first: date, last: date) -> CountryCalendar:
    """The holidays and working weekend days of `country` between first and last."""
    years = [year_calendar(country, year) for year in range(first.year, last.year + 1)]
    return CountryCalendar(
        country,
        all(y.known for y in years),
        corrected_weekend(country, first) or (years[0].weekend if years else DEFAULT_WEEKEND),
        {d: name for y in years for d, name in y.holidays if first <= d <= last},
        frozenset(d for y in years for d in y.working_days if first <= d <= last),
    )


def weekend_days(calendar: CountryCalendar, first: date, last: date) -> list[date]:
    """The weekend days between first and last that are not declared working days."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if calendar.is_weekend(day)]


@functools.cache
def year_calendar(country: str, year: int, subdivision: str | None = None) -> CountryYear:
    """One country's (or subdivision's) year: from the disk cache, or computed with
    `holidays` and cached."""
    cache = _disk_cache()
    key = country if subdivision is None else f"{country}-{subdivision}"
    found = cache.get(key, year)
    if found is None:
        found = _compute(country, year, subdivision)
        cache.put(found, key)
    return replace(found, country=country) if found.country != country else found


def _compute(country: str, year: int, subdivision: str | None = None) -> CountryYear:
    import holidays

    try:
        probe = holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        return CountryYear(country, year, known=False)
    # English names where the country offers them (Tajikistan's default language is Tajik).
    language = "en_US" if "en_US" in (probe.supported_languages or ()) else None
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    moved: set[date] = set(getattr(calendar, "weekend_workdays", ()))
    return CountryYear(
        country,
        year,
        True,
        frozenset(calendar.weekend),
        tuple(
            sorted(
                (d, _dates_in_words(str(name), calendar, moved))
                for d, name in calendar.items()
                if d.year == year
            )
        ),
        frozenset(d for d in moved if d.year == year),
    )


def _dates_in_words(name: str, calendar: Any, moved: set[date]) -> str:
    """`Day off (substituted from 05/04/2024)` -> `... from 4 May 2024`: `holidays` writes the
    working day a day off was moved from in its locale's numeric format (month first in
    en_US), which reads as another date elsewhere."""
    pattern = getattr(calendar, "substituted_date_format", None)
    if not pattern or not moved or "(" not in name:
        return name
    written = calendar.tr(pattern) if hasattr(calendar, "tr") else pattern
    for day in moved:
        name = name.replace(day.strftime(written), wording.plain_date(day))
    return name


class _Cache:
    """The country years already computed with this version of `holidays`."""

    def __init__(self, table: usercache.Table) -> None:
        self.table = table

    def get(self, country: str, year: int) -> CountryYear | None:
        entry: Any = self.table.get(f"{country}/{year}")
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

    def put(self, calendar: CountryYear, key: str | None = None) -> None:
        self.table.put(
            f"{key or calendar.country}/{calendar.year}",
            {
                "known": calendar.known,
                "weekend": sorted(calendar.weekend),
                "holidays": [[d.isoformat(), name] for d, name in calendar.holidays],
                "working_days": sorted(d.isoformat() for d in calendar.working_days),
            },
        )


@functools.cache
def _disk_cache() -> _Cache:
    # v2: substituted days' dates in words
    return _Cache(usercache.Table(f"holidays-{usercache.package_version('holidays')}-v2.json"))
