"""Golden calendars of the example missions, compared structurally (khal's habit).

Property order inside a component, the order of components and DTSTAMP are left out of the
comparison, so the goldens only break when what a calendar would show changes. To regenerate
them after an intended change, run

    .venv/bin/python -m pytest tests/test_ics_golden.py --update-golden

and review the diff of tests/golden/ics/ before committing it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, SEED, Golden
from test_ics_parsers import check_calendar, check_raw, expected_times, load

from missionplan.export.ical import calendar
from missionplan.export.ical import events as ics

GOLDEN = Path(__file__).resolve().parent / "golden" / "ics"
IGNORED = {"DTSTAMP", "LAST-MODIFIED"}


def _split(line: str) -> tuple[str, tuple[str, ...], str]:
    """`NAME;P=1;Q="a:b":value` -> (NAME, sorted params, value); a quoted `:` is no separator."""
    match = re.fullmatch(r'((?:[^:"]|"[^"]*")*):(.*)', line)
    assert match is not None, line
    head = re.findall(r'(?:[^;"]|"[^"]*")+', match[1])
    return head[0].upper(), tuple(sorted(head[1:])), match[2]


def normalized(data: bytes) -> list[str]:
    """The calendar as sorted text lines: each component's sorted properties, then children."""
    lines = check_raw(data)

    def component(start: int) -> tuple[str, int]:
        name = lines[start].partition(":")[2]
        props: list[str] = []
        children: list[str] = []
        index = start + 1
        while not lines[index].startswith("END:"):
            if lines[index].startswith("BEGIN:"):
                child, index = component(index)
                children.append(child)
            else:
                prop, params, value = _split(lines[index])
                if prop not in IGNORED:
                    props.append(f"{prop}{''.join(';' + p for p in params)}:{value}")
            index += 1
        body = [f"  {p}" for p in sorted(props)]
        body += ["  " + c.replace("\n", "\n  ") for c in sorted(children)]
        return "\n".join([f"BEGIN:{name}", *body, f"END:{name}"]), index

    text, _ = component(0)
    return text.split("\n")


CASES = {
    "iom-tjk-uzb-2022-05.ics": (SEED, None),
    "iom-tjk-uzb-2022-05-calderon.ics": (SEED, ["calderon"]),
    "vie-coordination-2023-03.ics": (DST_EXAMPLE, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, golden: Golden) -> None:
    path, people = CASES[name]
    mission = load(path)
    stamp = ics.dtstamp(mission, None, datetime.now(UTC))
    data = calendar.export(mission, ics.Options(stamp), people)
    check_calendar(data, expected_times(mission, people))
    assert normalized(data) == normalized(golden(GOLDEN / name, data))


def test_comparison_ignores_order_and_dtstamp_only() -> None:
    data = (GOLDEN / "vie-coordination-2023-03.ics").read_bytes()
    lines = data.split(b"\r\n")
    swapped = b"\r\n".join([lines[0], lines[2], lines[1], *lines[3:]])
    restamped = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:20990101T000000Z", data)
    assert normalized(swapped) == normalized(data) == normalized(restamped)
    retimed = data.replace(b"20230327T090000", b"20230327T100000")
    assert normalized(retimed) != normalized(data)
