"""The worst inputs a hostile or unlucky user can give, with their time and peak memory.

Each case is a generated file run through the real command in a fresh process; the table says
how long it took, how much memory it used at its peak and how much it printed, beside the
budget the README documents. Run: .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEAD = """[mission]
id = "worst"
title = "Worst case"
start = 2024-03-04
end = 2024-03-08

[people.ana]
name = "Ana Example"
email = "ana@example.org"
home = "geneva"

[places.geneva]
city = "Geneva"
country = "CH"
airport = "GVA"

[places.nairobi]
city = "Nairobi"
country = "KE"
airport = "NBO"

[[travel]]
id = "out"
people = ["ana"]
mode = "flight"
from = "geneva"
to = "nairobi"
depart = 2024-03-04T10:00:00
arrive = 2024-03-04T19:00:00

[[travel]]
id = "back"
people = ["ana"]
mode = "flight"
from = "nairobi"
to = "geneva"
depart = 2024-03-08T10:00:00
arrive = 2024-03-08T17:00:00

[[stays]]
id = "hotel"
name = "Hotel Example"
people = ["ana"]
place = "nairobi"
check_in = 2024-03-04
check_out = 2024-03-08
"""

MEETING = """
[[events]]
id = "m{n}"
title = "Meeting {n}"
people = ["ana"]
place = "nairobi"
start = 2024-03-05T09:00:00
end = 2024-03-05T10:00:00
"""

ALL_DAY = """
[[events]]
id = "d{n}"
title = "Workshop day {n}"
people = ["ana"]
place = "nairobi"
start = 2024-03-05
end = 2024-03-05
"""


def identical_meetings(count: int) -> str:
    return HEAD + "".join(MEETING.format(n=n) for n in range(count))


def all_day_events(count: int) -> str:
    return HEAD + "".join(ALL_DAY.format(n=n) for n in range(count))


def people_on_one_event(count: int) -> str:
    people = "".join(
        f'\n[people.p{n}]\nname = "Person {n}"\nhome = "geneva"\n' for n in range(count)
    )
    listed = ", ".join(f'"p{n}"' for n in range(count))
    return HEAD + people + MEETING.format(n=0).replace('people = ["ana"]', f"people = [{listed}]")


def unknown_keys(megabytes: int) -> str:
    line = "unknown_key_{n} = 1\n"
    body = []
    size = 0
    n = 0
    while size < megabytes * 2**20:
        body.append(line.format(n=n))
        size += len(body[-1])
        n += 1
    return HEAD.replace('title = "Worst case"\n', 'title = "Worst case"\n' + "".join(body))


CASES: list[tuple[str, Callable[[], str], list[str], str]] = [
    (
        "1,000 identical overlapping meetings",
        lambda: identical_meetings(1000),
        ["validate"],
        "10 s",
    ),
    (
        "2,000 identical overlapping meetings",
        lambda: identical_meetings(2000),
        ["validate"],
        "10 s",
    ),
    (
        "4,990 all-day events, PDF",
        lambda: all_day_events(4990),
        ["brief", "-o", "{out}/b.pdf"],
        "60 s",
    ),
    ("20,000 all-day events (over budget)", lambda: all_day_events(20000), ["validate"], "10 s"),
    (
        "10,000 people on one event (over budget)",
        lambda: people_on_one_event(10000),
        ["validate"],
        "10 s",
    ),
    ("19 MB of unknown keys", lambda: unknown_keys(19), ["validate"], "60 s"),
]


def main() -> None:
    here = Path(tempfile.mkdtemp(prefix="missionplan-worst-"))
    print("| worst case | command | time | peak memory | printed | budget (time) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for title, make, command, budget in CASES:
        path = here / "worst.toml"
        path.write_text(make(), encoding="utf-8")
        args = [a.format(out=here) for a in command]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "missionplan", args[0], str(path), *args[1:]],
                stdout=out,
                stderr=err,
                env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            printed = out.seek(0, os.SEEK_END) + err.seek(0, os.SEEK_END)
        cpu = usage.ru_utime + usage.ru_stime
        memory = f"{usage.ru_maxrss / 1024:.0f} MB"
        print(
            f"| {title} | {args[0]} (exit {code}) | {cpu:.1f} s CPU, {elapsed:.1f} s wall"
            f" | {memory} | {printed:,} bytes | {budget} |"
        )


if __name__ == "__main__":
    main()
