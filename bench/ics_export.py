"""Benchmark: missionplan's iCalendar export of a 10,000-item mission against plain ics.py.

Run: .venv/bin/python bench/ics_export.py [--items 10000] [--repeat 5] [--profile]

"plain ics.py" builds the same events with ics.py alone (UTC times, its own serializers) and
serializes the Calendar (`Calendar.serialize()`, which is what `str(Calendar)` returns, minus
its FutureWarning). Both sides start from the same resolved Mission. The layer's budget is
1.5x plain ics.py; the ratio is printed (best of --repeat runs each).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from ics import Attendee, Calendar
from ics import Event as IcsEvent
from ics.alarm import DisplayAlarm

from missionplan.export.ical import calendar as export
from missionplan.export.ical.events import Options
from missionplan.plan.plan import Mission
from missionplan.plan.resolve import resolve
from missionplan.source.loader import parse
from missionplan.source.text import Source
from missionplan.wording import leg_title

PLACES = {
    "vienna": ("Vienna", "AT", "Europe/Vienna"),
    "newyork": ("New York", "US", "America/New_York"),
    "sydney": ("Sydney", "AU", "Australia/Sydney"),
    "kathmandu": ("Kathmandu", "NP", "Asia/Kathmandu"),
    "dushanbe": ("Dushanbe", "TJ", "Asia/Dushanbe"),
}


def mission_toml(items: int) -> str:
    """A valid-enough mission: a mix of legs, stays, timed, all-day and per-day events."""
    keys = list(PLACES)
    out = [
        "[mission]",
        'id = "bench"',
        'title = "Benchmark mission, with, commas; and semicolons"',
        "start = 2024-01-01",
        "end = 2026-06-30",  # 912 days: items fall on the first 900
        "revision = 3",
        "issued = 2024-01-01",
    ]
    for n in range(8):
        out += [f"[people.p{n}]", f'name = "Person {n}"']
        if n % 2:
            out.append(f'email = "p{n}@example.org"')
    for key, (city, country, zone) in PLACES.items():
        out += [f"[places.{key}]", f'city = "{city}"', f'country = "{country}"']
        out.append(f'timezone = "{zone}"')
    base = datetime(2024, 1, 1, 9, 0)
    for n in range(items):
        day = base + timedelta(days=n % 900, hours=n % 7)
        place, other = keys[n % len(keys)], keys[(n + 1) % len(keys)]
        people = f'["p{n % 8}", "p{(n + 3) % 8}"]'
        kind = n % 5
        if kind == 0:
            out += [
                "[[travel]]",
                f'id = "leg-{n}"',
                f"people = {people}",
                'mode = "flight"',
                f'from = "{place}"',
                f'to = "{other}"',
                f"depart = {day:%Y-%m-%dT%H:%M:%S}",
                f"arrive = {day + timedelta(days=1):%Y-%m-%dT%H:%M:%S}",
                'carrier = "Example Air"',
                f'number = "EX {n}"',
                'reference = "ABC123"',
            ]
        elif kind == 1:
            out += [
                "[[stays]]",
                f'id = "stay-{n}"',
                f"people = {people}",
                f'place = "{place}"',
                f'name = "Hotel number {n}, near the office"',
                f"check_in = {day:%Y-%m-%d}",
                f"check_out = {day + timedelta(days=3):%Y-%m-%d}",
            ]
        elif kind == 2:
            out += [
                "[[events]]",
                f'id = "all-day-{n}"',
                'kind = "workshop"',
                f'title = "Workshop {n}: all day"',
                f'place = "{place}"',
                f"start = {day:%Y-%m-%d}",
                f"end = {day + timedelta(days=1):%Y-%m-%d}",
                f"people = {people}",
            ]
            if n % 2:  # half of them the same hours each day: one VEVENT per day
                out.append('hours = "09:00-17:30"')
        else:
            out += [
                "[[events]]",
                f'id = "meeting-{n}"',
                'kind = "meeting"',
                f'title = "Meeting {n} with the Ministry of Health and Social Protection"',
                f'place = "{place}"',
                'venue = "Ministry of Health and Social Protection of the Population"',
                f"start = {day:%Y-%m-%dT%H:%M:%S}",
                f"end = {day + timedelta(hours=1):%Y-%m-%dT%H:%M:%S}",
                f"people = {people}",
                'counterparts = ["Mr. A. Example, Deputy Minister", "Dr. B. Example"]',
                'notes = "Bring the draft; discuss the SOP, the budget and next steps."',
            ]
    return "\n".join(out) + "\n"


def load_mission(items: int) -> Mission:
    source = Source("bench.toml", mission_toml(items))
    loaded = parse(source)
    assert loaded.itinerary is not None, [d.message for d in loaded.findings[:3]]
    mission, _ = resolve(loaded.itinerary, source)
    return mission


def ours(mission: Mission) -> bytes:
    return export.export(mission, Options(datetime(2024, 1, 1, tzinfo=UTC)))


def plain(mission: Mission) -> str:
    """The same items with ics.py alone: UTC times, random-free UIDs, its own serializers."""
    people = {
        key: Attendee(person.email or f"{key}@bench.invalid", common_name=person.name)
        for key, person in mission.people.items()
    }
    events = []
    for leg in mission.legs:
        events.append(
            IcsEvent(
                name=leg_title(leg),
                begin=leg.depart,
                end=leg.arrive,
                uid=f"{mission.id}.{leg.id}@missionplan",
                location=leg.origin.label,
                description=f"{leg.carrier} {leg.number} {leg.reference}",
                categories=["Travel", "Flight"],
                transparent=False,
                attendees=[people[p] for p in leg.people],
                alarms=[DisplayAlarm(trigger=timedelta(hours=-3), display_text=leg_title(leg))],
            )
        )
    for stay in mission.stays:
        event = IcsEvent(
            name=f"Stay: {stay.name}",
            begin=stay.first_night,
            uid=f"{mission.id}.{stay.id}@missionplan",
            location=stay.place.city,
            categories=["Accommodation"],
            transparent=True,
            attendees=[people[p] for p in stay.people],
        )
        event.make_all_day()
        event.end = _as_date(stay.check_out)
        events.append(event)
    for item in mission.events:
        spans: list[tuple[date | datetime, date | datetime]] = [
            (s.start, s.end) for s in item.sessions
        ] or [(item.first_day, item.last_day + timedelta(days=1))]
        for begin, end in spans:
            event = IcsEvent(
                name=item.title,
                begin=begin,
                uid=f"{mission.id}.{item.id}.{begin:%Y%m%d}@missionplan",
                location=f"{item.venue}, {item.place.city}",
                description="\n".join([*item.counterparts, item.notes or ""]),
                categories=[item.kind],
                transparent=False,
                attendees=[people[p] for p in item.people],
                alarms=[DisplayAlarm(trigger=timedelta(minutes=-30), display_text=item.title)]
                if item.sessions
                else [],
            )
            if item.sessions:
                event.end = end
            else:
                event.make_all_day()
                event.end = end
            events.append(event)
    text: str = Calendar(events=events).serialize()
    return text


def _as_date(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def measure(mission: Mission, repeat: int) -> tuple[float, float, int]:
    """(our export, plain ics.py, calendar bytes): best seconds of `repeat` runs each."""
    mine = best(lambda: ours(mission), repeat)
    base = best(lambda: plain(mission), repeat)
    return mine, base, len(ours(mission))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile our export once")
    args = parser.parse_args()
    # ics.py's own alarm serializer calls str(alarm), which warns about ics 0.9 on every call
    warnings.simplefilter("ignore", FutureWarning)
    mission = load_mission(args.items)
    count = len(mission.legs) + len(mission.stays) + len(mission.events)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(ours, mission)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    mine, base, size = measure(mission, args.repeat)
    print(f"items: {count}, calendar: {size / 1e6:.1f} MB")
    print(f"plain ics.py:      {base:.3f} s")
    print(f"missionplan ics:   {mine:.3f} s")
    print(f"ratio:             {mine / base:.2f}x (budget 1.50x)")


if __name__ == "__main__":
    main()
