"""VTIMEZONE components built from a zone's transitions (plan/zones.py), and the TZID (or UTC) of a time."""

from __future__ import annotations

import bisect
import calendar as _gregorian
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ics.grammar.parse import Container, ContentLine

from missionplan.export.ical.lines import date_text, line, local, text, utc, utc_offset
from missionplan.plan import zones


def zone_name(moment: datetime) -> str:
    # Mission times are pytz-localized: their tzinfo names its IANA zone.
    return str(getattr(moment.tzinfo, "zone", "UTC"))


def when(name: str, moment: datetime | date) -> ContentLine:
    if isinstance(moment, datetime):
        if in_fold(moment):
            return ContentLine(name, {}, utc(moment))
        return ContentLine(name, {"TZID": [zone_name(moment)]}, local(moment))
    return ContentLine(name, {"VALUE": ["DATE"]}, date_text(moment))


def in_fold(moment: datetime) -> bool:
    """Whether the wall-clock time of `moment` happens twice (clocks going back).

    RFC 5545 reads such a time as the first occurrence; ical.js (Thunderbird's engine, many
    web calendars) takes the second. Written in UTC the instant is the same for everyone.
    """
    folds = _folds(zone_name(moment))
    if not folds:
        return False
    instant = moment.astimezone(UTC).replace(tzinfo=None)
    index = bisect.bisect_right(folds, (instant, datetime.max)) - 1
    return index >= 0 and folds[index][0] <= instant < folds[index][1]


@functools.cache
def _folds(zone: str) -> list[tuple[datetime, datetime]]:
    """UTC spans whose local times repeat: from `shift` before a backward change to `shift` after."""
    found = []
    for change in _zone_changes(zone):
        shift = change.before - change.offset
        if shift > timedelta(0):
            found.append((change.at - shift, change.at + shift))
    return found


def spans(moments: Iterable[datetime | date]) -> dict[str, tuple[datetime, datetime]]:
    """Each zone named by a TZID -> the first and last instant written in it."""
    found: dict[str, tuple[datetime, datetime]] = {}
    for moment in moments:
        if isinstance(moment, datetime) and not in_fold(moment):
            zone = zone_name(moment)
            first, last = found.get(zone, (moment, moment))
            found[zone] = (min(first, moment), max(last, moment))
    return found


@dataclass(frozen=True)
class _Change:
    """One entry of pytz's tables: from `at` (naive UTC) on, this offset and name apply."""

    at: datetime
    offset: timedelta
    dst: bool
    name: str
    before: timedelta  # the offset in force until `at`

    @property
    def onset(self) -> datetime:
        """Local wall-clock time of the change, in the offset before it (RFC 5545 3.6.5)."""
        return self.at + self.before


_DAWN = datetime(1601, 1, 1)  # where Outlook starts zones whose rules reach back forever


@functools.cache
def _zone_changes(zone: str) -> tuple[_Change, ...]:
    """A zone's changes, worked out once per process (a --split writes many files)."""
    changes = []
    found = zones.transitions(zone)
    before = found[0][1]
    for at, offset, dst, name in found:
        changes.append(_Change(at, offset, bool(dst), name, before))
        before = offset
    return tuple(changes)


def vtimezone(zone: str, first: datetime, last: datetime) -> Container:
    """VTIMEZONE for `zone`, right for every instant from `first` to `last` (and a year on).

    RRULE style when the zone follows a yearly rule around those dates (what Outlook expects);
    otherwise the explicit changes, from the one in force at `first`. Either way every
    component's DTSTART lies before `first`, so ical.js and Outlook resolve the earliest item.
    """
    changes = _zone_changes(zone)
    starts = [c.at for c in changes]
    begin = max(bisect.bisect_right(starts, first.astimezone(UTC).replace(tzinfo=None)) - 1, 0)
    end = max(bisect.bisect_right(starts, last.astimezone(UTC).replace(tzinfo=None)) - 1, 0)
    container = Container("VTIMEZONE", line("TZID", zone), line("X-LIC-LOCATION", zone))
    rules = _yearly_rules(changes, begin, end)
    if rules is not None:
        container.extend(rules)
        return container
    shown = changes[begin : end + 2]
    for change in shown:
        kind = "DAYLIGHT" if change.dst and len(shown) > 1 else "STANDARD"
        onset = _DAWN if change.at < _DAWN else change.onset
        container.append(_observance(kind, change, onset, None))
    return container


def _observance(kind: str, change: _Change, onset: datetime, rrule: str | None) -> Container:
    component = Container(
        kind,
        line("DTSTART", local(onset)),
        line("TZOFFSETFROM", utc_offset(change.before)),
        line("TZOFFSETTO", utc_offset(change.offset)),
        line("TZNAME", text(change.name)),
    )
    if rrule is not None:
        component.append(line("RRULE", rrule))
    return component


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly_rules(changes: Sequence[_Change], begin: int, end: int) -> list[Container] | None:
    """One STANDARD and one DAYLIGHT with RRULEs, if the changes around [begin, end] allow.

    The sample runs from the change before the one in force at the start (so that both
    DTSTARTs precede it) to two changes past the end (so that the rule is seen to go on).
    Every change of a kind must fall on the same month, weekday, week of the month and local
    time, once a year, between the same two offsets; otherwise there is no rule to write.
    """
    low, high = begin - 1, end + 2
    if low < 1 or high >= len(changes):
        return None
    sample = changes[low : high + 1]
    components = []
    for kind_is_dst in (False, True):
        of_kind = [c for c in sample if c.dst is kind_is_dst]
        if len(of_kind) < 2:
            return None
        first = of_kind[0]
        weeks: set[int] | None = None
        for previous, change in itertools.pairwise(of_kind):
            if change.onset.year != previous.onset.year + 1:
                return None
        for change in of_kind:
            onset = change.onset
            if (onset.month, onset.time(), onset.weekday()) != (
                first.onset.month,
                first.onset.time(),
                first.onset.weekday(),
            ) or (change.offset, change.before, change.name) != (
                first.offset,
                first.before,
                first.name,
            ):
                return None
            days_in_month = _gregorian.monthrange(onset.year, onset.month)[1]
            fits = {(onset.day - 1) // 7 + 1}
            if onset.day + 7 > days_in_month:
                fits.add(-1)
            weeks = fits if weeks is None else weeks & fits
            if not weeks:
                return None
        assert weeks is not None
        week = -1 if -1 in weeks else min(weeks)
        rrule = f"FREQ=YEARLY;BYMONTH={first.onset.month};BYDAY={week}{_WEEKDAYS[first.onset.weekday()]}"
        components.append(
            (
                first.at,
                _observance("DAYLIGHT" if kind_is_dst else "STANDARD", first, first.onset, rrule),
            )
        )
    # alternating kinds are implied by one change of each kind a year
    return [component for _, component in sorted(components, key=lambda pair: pair[0])]
