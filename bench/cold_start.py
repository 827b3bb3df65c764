"""Cold start: `missionplan validate` on the seed in a fresh process, against `import tomllib`.

    .venv/bin/python bench/cold_start.py [--repeat 10]

Wall-clock seconds, best of --repeat fresh processes each; the target is under 0.3 s. Also lists
which heavy packages each command leaves unimported (ics, typst, holidays, jinja2, rich).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "itineraries" / "iom-tjk-uzb-2022-05.toml"
TARGET = 0.3


def best_of(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def measure(repeat: int = 10) -> tuple[float, float]:
    """(missionplan validate SEED, python -c 'import tomllib'), best wall-clock seconds."""
    ours = best_of([sys.executable, "-m", "missionplan", "validate", str(SEED)], repeat)
    floor = best_of([sys.executable, "-c", "import tomllib"], repeat)
    return ours, floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    ours, floor = measure(args.repeat)
    verdict = "ok" if ours < TARGET else "OVER"
    print(f"python -c 'import tomllib':       {floor:.3f} s")
    print(f"missionplan validate (the seed):  {ours:.3f} s  (target under {TARGET} s: {verdict})")


if __name__ == "__main__":
    main()
