"""No user mistake gives a traceback: truncated and mangled copies of the examples end cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, SEED, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.splitlines(keepends=True)


def _validate(tmp_path: Path, text: str) -> int:
    path = tmp_path / "mangled.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = invoke("validate", path, "--format", "json")
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in (0, 1, 2)
    return result.exit_code


@pytest.mark.parametrize("example", [SEED, DST_EXAMPLE], ids=lambda p: p.stem)
def test_every_truncation_at_a_line_boundary(tmp_path: Path, example: Path) -> None:
    lines = example.read_text(encoding="utf-8").splitlines(keepends=True)
    codes = {_validate(tmp_path, "".join(lines[:cut])) for cut in range(len(lines))}
    assert 1 in codes  # most truncations lose required tables or fields


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_truncation_anywhere(tmp_path: Path, cut: int) -> None:
    _validate(tmp_path, SEED_TEXT[:cut])


_mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(SEED_LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(SEED_LINES) - 1)),
    st.tuples(
        st.just("swap"), st.integers(0, len(SEED_LINES) - 1), st.integers(0, len(SEED_LINES) - 1)
    ),
    st.tuples(st.just("insert"), st.integers(0, len(SEED_TEXT)), st.text(min_size=1, max_size=8)),
    st.tuples(
        st.just("replace"),
        st.integers(0, len(SEED_LINES) - 1),
        st.sampled_from(
            [
                "x = 99999999999999999999999",
                "start = 0001-01-01",
                "end = 9999-12-31T23:59:59",
                'people = "taher"',
                "people = [1, 2]",
                'id = ""',
                "[[events]]",
                "[mission]",
                'hours = "25:00-26:00"',
                "depart = 2022-05-25",
                "a.b.c = {d = [1, [2, [3]]]}",
                '"quoted key" = 1',
                "check_in = 07:40:00",
                'place = "DYU"',
                'timezone = "UTC"',
            ]
        ),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutations=st.lists(_mutation, min_size=1, max_size=4))
def test_mangled_copies(tmp_path: Path, mutations: list[tuple]) -> None:  # type: ignore[type-arg]
    lines = list(SEED_LINES)
    for mutation in mutations:
        kind = mutation[0]
        if not lines:
            break
        if kind == "delete":
            del lines[mutation[1] % len(lines)]
        elif kind == "duplicate":
            index = mutation[1] % len(lines)
            lines.insert(index, lines[index])
        elif kind == "swap":
            i, j = mutation[1] % len(lines), mutation[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            text = "".join(lines)
            at = mutation[1] % (len(text) + 1)
            lines = (text[:at] + mutation[2] + text[at:]).splitlines(keepends=True)
        else:
            lines[mutation[1] % len(lines)] = mutation[2] + "\n"
    _validate(tmp_path, "".join(lines))


def test_deep_nesting_and_huge_strings_are_reported(tmp_path: Path) -> None:
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    assert _validate(tmp_path, deep) == 1
    huge = SEED_TEXT.replace('title = "Meeting with', 'title = "' + "é" * 1_000_000 + " with", 1)
    assert _validate(tmp_path, huge) == 1
