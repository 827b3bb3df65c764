"""Generate a portfolio of N mission files, people shared between them, across many time zones.

    .venv/bin/python bench/generate.py 1000                # -> bench/data/missions-1000/
    .venv/bin/python bench/generate.py 1000 --out /tmp/p   # anywhere else

Each mission sends three people from their homes to two nearby cities (a flight in, a flight
between, a flight home), with two hotels and five meetings, Monday to Friday: 16 items a file. Flight times follow the
great-circle distance, so the files are realistic rather than clean by construction: a shared
expert may be double-booked across missions, a meeting may fall on a holiday.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class City:
    key: str
    name: str
    country: str
    zone: str
    airport: str
    lat: float
    lon: float


CITIES = [
    City("geneva", "Geneva", "CH", "Europe/Zurich", "GVA", 46.24, 6.11),
    City("vienna", "Vienna", "AT", "Europe/Vienna", "VIE", 48.11, 16.57),
    City("dushanbe", "Dushanbe", "TJ", "Asia/Dushanbe", "DYU", 38.54, 68.83),
    City("tashkent", "Tashkent", "UZ", "Asia/Tashkent", "TAS", 41.26, 69.28),
    City("almaty", "Almaty", "KZ", "Asia/Almaty", "ALA", 43.35, 77.04),
    City("bishkek", "Bishkek", "KG", "Asia/Bishkek", "BSZ", 43.06, 74.48),
    City("nairobi", "Nairobi", "KE", "Africa/Nairobi", "NBO", -1.32, 36.93),
    City("dakar", "Dakar", "SN", "Africa/Dakar", "DSS", 14.67, -17.07),
    City("bangkok", "Bangkok", "TH", "Asia/Bangkok", "BKK", 13.68, 100.75),
    City("kathmandu", "Kathmandu", "NP", "Asia/Kathmandu", "KTM", 27.70, 85.36),
    City("new-york", "New York", "US", "America/New_York", "JFK", 40.64, -73.78),
    City("bogota", "Bogota", "CO", "America/Bogota", "BOG", 4.70, -74.15),
    City("sydney", "Sydney", "AU", "Australia/Sydney", "SYD", -33.95, 151.18),
    City("cairo", "Cairo", "EG", "Africa/Cairo", "CAI", 30.12, 31.41),
    City("amman", "Amman", "JO", "Asia/Amman", "AMM", 31.72, 35.99),
    City("dhaka", "Dhaka", "BD", "Asia/Dhaka", "DAC", 23.84, 90.40),
    City("manila", "Manila", "PH", "Asia/Manila", "MNL", 14.51, 121.02),
    City("lima", "Lima", "PE", "America/Lima", "LIM", -12.02, -77.11),
    City("addis-ababa", "Addis Ababa", "ET", "Africa/Addis_Ababa", "ADD", 8.98, 38.80),
    City("santiago", "Santiago", "CL", "America/Santiago", "SCL", -33.39, -70.79),
    City("auckland", "Auckland", "NZ", "Pacific/Auckland", "AKL", -37.01, 174.79),
    City("tehran", "Tehran", "IR", "Asia/Tehran", "IKA", 35.42, 51.15),
]

FIRST = ["Salma", "Jaime", "Amina", "Daler", "Olga", "Kenji", "Lucia", "Tariq", "Ines", "Pavel"]
LAST = ["Taher", "Calderón", "Rahimov", "Okafor", "Lindqvist", "Moreau", "Haddad", "Sato"]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    email: str
    home: City


def _km(a: City, b: City) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _flight_minutes(a: City, b: City) -> int:
    # 45 minutes of taxi and climb plus 800 km/h: inside MP204's bounds for any pair
    return round(45 + _km(a, b) / 800 * 60)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _fly(a: City, b: City, *, depart: datetime | None = None, arrive: datetime | None = None):
    """Local (naive) depart and arrive of a flight, given one end as local wall-clock time."""
    duration = timedelta(minutes=_flight_minutes(a, b))
    if depart is not None:
        utc = depart.replace(tzinfo=ZoneInfo(a.zone)).astimezone(ZoneInfo("UTC")) + duration
        return depart, utc.astimezone(ZoneInfo(b.zone)).replace(tzinfo=None)
    assert arrive is not None
    utc = arrive.replace(tzinfo=ZoneInfo(b.zone)).astimezone(ZoneInfo("UTC")) - duration
    return utc.astimezone(ZoneInfo(a.zone)).replace(tzinfo=None), arrive


def people_pool(count: int, rng: random.Random) -> list[Person]:
    pool = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        home = rng.choice(CITIES[:8])  # experts live near headquarters and regional offices
        key = f"{first.lower()}-{n}"
        pool.append(Person(key, f"{first} {last}", f"{key}@example.org", home))
    return pool


def mission_text(index: int, team: list[Person], rng: random.Random) -> str:
    homes = {p.home.key for p in team}
    first = rng.choice([c for c in CITIES if c.key not in homes])
    near = sorted(
        (c for c in CITIES if c.key not in homes and c != first), key=lambda c: _km(first, c)
    )
    second = rng.choice(near[:4])
    monday = date(2020, 1, 6) + timedelta(weeks=rng.randrange(0, 52 * 10))
    day = [datetime.combine(monday + timedelta(days=n), time()) for n in range(7)]
    travel, lines_start, lines_end = [], [], []
    for person in team:
        out = _fly(person.home, first, arrive=day[0] + timedelta(hours=18))
        between = _fly(first, second, depart=day[2] + timedelta(hours=13))
        back = _fly(second, person.home, depart=day[4] + timedelta(hours=9))
        for (depart, arrive), a, b, tag in (
            (out, person.home, first, "out"),
            (between, first, second, "between"),
            (back, second, person.home, "back"),
        ):
            lines_start.append(depart.date())
            lines_end.append(arrive.date())
            travel.append(
                f'[[travel]]\nid = "{person.key}-{tag}"\npeople = ["{person.key}"]\n'
                f'mode = "flight"\nfrom = "{a.key}"\nto = "{b.key}"\n'
                f"depart = {_stamp(depart)}\narrive = {_stamp(arrive)}\n"
                f'carrier = "Example Air"\nnumber = "EX {rng.randrange(100, 999)}"\n'
            )
    start, end = min(lines_start), max(lines_end)
    cities = {c.key: c for c in (first, second, *(p.home for p in team))}
    out = [
        f"# Generated benchmark mission {index}.\n[mission]",
        f'id = "bench-{index}"',
        f'title = "Benchmark mission {index}: {first.name} and {second.name}"',
        f"start = {start}\nend = {end}\nrevision = 1\n",
    ]
    for person in team:
        out.append(
            f'[people.{person.key}]\nname = "{person.name}"\nemail = "{person.email}"\n'
            f'home = "{person.home.key}"\n'
        )
    for city in cities.values():
        out.append(
            f'[places.{city.key}]\ncity = "{city.name}"\ncountry = "{city.country}"\n'
            f'timezone = "{city.zone}"\nairport = "{city.airport}"\n'
        )
    out.extend(travel)
    for city, check_in, check_out in ((first, 0, 2), (second, 2, 4)):
        out.append(
            f'[[stays]]\nid = "hotel-{city.key}"\nplace = "{city.key}"\nname = "Hotel"\n'
            f"check_in = {day[check_in].date()}\ncheck_out = {day[check_out].date()}\n"
        )
    meetings = [(first, 1, 10), (first, 1, 14), (first, 2, 9), (second, 3, 10), (second, 3, 15)]
    for n, (city, offset, hour) in enumerate(meetings):
        begin = day[offset] + timedelta(hours=hour)
        out.append(
            f'[[events]]\nid = "meeting-{n}"\nkind = "meeting"\ntitle = "Meeting {n}"\n'
            f'place = "{city.key}"\nstart = {_stamp(begin)}\n'
            f"end = {_stamp(begin + timedelta(hours=1))}\n"
        )
    return "\n".join(out)


def generate(count: int, out: Path, *, seed: int = 1) -> Path:
    """Write `count` mission files into `out` (emptied first); return `out`."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pool = people_pool(max(12, count // 2), rng)
    for index in range(count):
        team = rng.sample(pool, 3)
        text = mission_text(index, team, rng)
        (out / f"mission-{index:05d}.toml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of mission files")
    parser.add_argument("--out", type=Path, help="directory (default bench/data/missions-N)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = generate(args.count, args.out or DATA / f"missions-{args.count}", seed=args.seed)
    print(f"{args.count} missions in {out}")


if __name__ == "__main__":
    main()
