"""Hostile and mangled input: every command ends with exit 0, 1 or 2 and never a traceback.

Mutations of the example missions (lines deleted, duplicated, swapped, truncated, values of the
wrong type, unicode and control characters, huge numbers, dates at the ends of the calendar) run
through `validate`, `ics`, `brief` and `show`. Any input that ever crashed one of them is kept in
tests/fixtures/crashes/ and replayed here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, FIXTURES, SEED, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.splitlines(keepends=True)
CRASHES = sorted((FIXTURES / "crashes").glob("*.toml"))
# MISSIONPLAN_FUZZ_EXAMPLES=5000 for a long hunt; the suite's default keeps it to seconds.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    max_examples=int(os.environ.get("MISSIONPLAN_FUZZ_EXAMPLES", "60")),
)


def _run(tmp_path: Path, *args: str | Path) -> int:
    result = invoke(*args)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in (0, 1, 2), result
    return result.exit_code


def _every_command(tmp_path: Path, text: str, *, pdf: bool = False) -> int:
    path = tmp_path / "mangled.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code = _run(tmp_path, "validate", path, "--format", "json")
    _run(tmp_path, "ics", path, "-o", tmp_path / "out.ics")
    _run(tmp_path, "brief", path, "--format", "md", "-o", tmp_path / "out.md")
    _run(tmp_path, "show", path)
    if pdf:
        _run(tmp_path, "brief", path, "-o", tmp_path / "out.pdf")
    return code


@pytest.mark.parametrize("example", [SEED, DST_EXAMPLE], ids=lambda p: p.stem)
def test_every_truncation_at_a_line_boundary_validates_cleanly(
    tmp_path: Path, example: Path
) -> None:
    lines = example.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "cut.toml"
    codes = set()
    for cut in range(len(lines)):
        path.write_text("".join(lines[:cut]), encoding="utf-8")
        codes.add(_run(tmp_path, "validate", path))
    assert 1 in codes  # most truncations lose required tables or fields


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_truncation_anywhere(tmp_path: Path, cut: int) -> None:
    _every_command(tmp_path, SEED_TEXT[:cut])


_REPLACEMENTS = [
    "x = 99999999999999999999999",
    "revision = 9223372036854775807",
    "start = 0001-01-01",
    "end = 9999-12-31",
    "depart = 9999-12-31T23:59:59",
    "arrive = 0001-01-01T00:00:00",
    "start = 0001-01-01T00:30:00",
    'hours = "00:00-24:00"',
    'hours = "23:00-01:00"',
    'people = "taher"',
    "people = [1, 2]",
    "people = []",
    'id = ""',
    "[[events]]",
    "[mission]",
    "[people.x]",
    'hours = "25:00-26:00"',
    "depart = 2022-05-25",
    "a.b.c = {d = [1, [2, [3]]]}",
    '"quoted key" = 1',
    "check_in = 07:40:00",
    'place = "DYU"',
    'from = "XXX"',
    'timezone = "UTC"',
    'timezone = "Asia/Kathmandu"',
    'country = "ZZ"',
    'title = "<script>alert(1)</script> #set text(red) *bold* $x$ [link](x) \\\\ ; , :"',
    'notes = "line\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:injected"',
    'min_connection = "0m"',
    "emergency = 1",
    'event_alarm = "off"',
    "start = 2023-03-26T02:30:00",
    "start = 2023-10-29T02:30:00",
]

_mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 100_000), st.text(min_size=1, max_size=8)),
    st.tuples(st.just("replace"), st.integers(0, 10_000), st.sampled_from(_REPLACEMENTS)),
    st.tuples(st.just("flip"), st.integers(0, 10_000)),
)


def _flip(line: str) -> str:
    """A value of another type: strings become numbers, numbers and dates become strings."""
    key, sep, value = line.partition("=")
    if not sep:
        return line
    value = value.strip()
    if value.startswith('"'):
        return f"{key}= 42\n"
    if re.match(r"[\d-]", value):
        return f'{key}= "{value.split()[0]}"\n'
    return f"{key}= {{ nested = true }}\n"


def _mutate(lines: list[str], mutations: list[tuple]) -> str:  # type: ignore[type-arg]
    lines = list(lines)
    for kind, *args in mutations:
        if not lines:
            break
        index = args[0] % len(lines)
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "swap":
            other = args[1] % len(lines)
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "insert":
            text = "".join(lines)
            at = args[0] % (len(text) + 1)
            lines = (text[:at] + args[1] + text[at:]).splitlines(keepends=True)
        elif kind == "replace":
            lines[index] = args[1] + "\n"
        else:
            lines[index] = _flip(lines[index])
    return "".join(lines)


@FUZZ
@given(mutations=st.lists(_mutation, min_size=1, max_size=4))
def test_mangled_copies_through_every_command(tmp_path: Path, mutations: list[tuple]) -> None:  # type: ignore[type-arg]
    _every_command(tmp_path, _mutate(SEED_LINES, mutations))


@pytest.mark.parametrize("crash", CRASHES, ids=lambda p: p.stem)
def test_inputs_that_once_crashed(tmp_path: Path, crash: Path) -> None:
    _every_command(tmp_path, crash.read_text(encoding="utf-8"), pdf=True)


def test_deep_nesting_and_huge_strings_are_reported(tmp_path: Path) -> None:
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    assert _every_command(tmp_path, deep) == 1
    huge = SEED_TEXT.replace('title = "Meeting with', 'title = "' + "é" * 1_000_000 + " with", 1)
    assert _every_command(tmp_path, huge) == 1
