"""Experiment (not in the suite): Mozilla's ical.js reads our calendars with only their own VTIMEZONEs.

ical.js (Thunderbird's engine, and many web calendars) has no time zone data of its own: it
resolves every TZID through the file's VTIMEZONE, so it checks those components, not a name
lookup. Random missions come from the round-trip strategy in tests/test_ics_roundtrip.py, plus
the examples; every item's start and end must be the instant the model computed.

Setup once:  npm install --prefix /tmp/icaljs ical.js@2
Run:         .venv/bin/python bench/ics_icaljs.py [--examples 300] [--prefix /tmp/icaljs]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

READER = """
import ICAL from "ical.js";
import fs from "fs";
const result = {};
for (const path of process.argv.slice(2)) {
  const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const vtz of comp.getAllSubcomponents("vtimezone")) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz.tzid, tz);
  }
  const out = {};
  for (const ve of comp.getAllSubcomponents("vevent")) {
    const ev = new ICAL.Event(ve);
    const show = (t) => (t.isDate ? t.toString() : t.toUnixTime());
    out[ev.uid] = [show(ev.startDate), show(ev.endDate)];
  }
  result[path] = out;
}
console.log(JSON.stringify(result));
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--prefix", type=Path, default=Path("/tmp/icaljs"))
    args = parser.parse_args()
    if not (args.prefix / "node_modules" / "ical.js").is_dir():
        print(f"ical.js not found: npm install --prefix {args.prefix} ical.js@2", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    from hypothesis import HealthCheck, given, settings
    from test_ics_parsers import expected_times, export, load
    from test_ics_roundtrip import _resolved, itineraries

    work = Path(tempfile.mkdtemp(prefix="icaljs-"))
    cases = []
    for example in sorted((ROOT / "itineraries").glob("*.toml")):
        mission = load(example)
        path = work / f"{example.stem}.ics"
        path.write_bytes(export(mission))
        cases.append((path, expected_times(mission)))

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(itineraries())
    def collect(case: tuple[str, dict[str, str]]) -> None:
        mission = _resolved(case[0])
        path = work / f"random-{len(cases)}.ics"
        path.write_bytes(export(mission))
        cases.append((path, expected_times(mission)))

    collect()
    reader = args.prefix / "read.mjs"
    reader.write_text(READER)
    found = json.loads(
        subprocess.run(
            ["node", str(reader), *(str(p) for p, _ in cases)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    wrong = 0
    for path, expected in cases:
        for uid, pair in expected.items():
            for want, have in zip(pair, found[str(path)][uid], strict=True):
                ok = (
                    have == int(want.timestamp())
                    if isinstance(want, datetime)
                    else have == want.isoformat()
                )
                if not ok:
                    wrong += 1
                    print(f"MISMATCH {path} {uid}: model {want}, ical.js {have}")
    items = sum(len(e) for _, e in cases)
    print(f"ical.js: {len(cases)} calendars, {items} items, {wrong} mismatches")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
