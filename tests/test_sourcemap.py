"""The source map points every key path at the text that holds its value."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from missionplan.source.sourcemap import SourceMap, Span


def _text_at(text: str, span: Span) -> str:
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


def test_positions_of_tables_arrays_and_inline_values() -> None:
    text = (
        "a.b = 1\n"
        "[mission]\n"
        'id = "x"  # comment\n'
        'inline = { y = [1, { z = "Ҷ" }] }\n'
        "[people.taher]\n"
        'name = "Салма"\n'
        "[[events]]\n"
        'id = "one"\n'
        "[[events]]\n"
        'people = ["тахер", "b"]\n'
        '"quoted key" = 3\n'
    )
    source_map = SourceMap(text)

    def value(path: tuple[str | int, ...]) -> str:
        entry, exact = source_map.lookup(path)
        assert exact, path
        return _text_at(text, entry.value)

    assert value(("a", "b")) == "1"
    assert value(("mission", "id")) == '"x"'
    assert value(("mission", "inline", "y", 1, "z")) == '"Ҷ"'
    assert value(("people", "taher", "name")) == '"Салма"'
    assert value(("events", 1, "people", 1)) == '"b"'
    assert value(("events", 1, "quoted key")) == "3"
    entry, _ = source_map.lookup(("events", 1, "people", 1))
    assert (entry.value.line, entry.value.column) == (10, 20)  # characters, not UTF-8 bytes
    header, exact = source_map.lookup(("events", 0))
    assert exact and header.key.line == 7


def test_missing_paths_fall_back_to_the_nearest_written_ancestor() -> None:
    source_map = SourceMap('[[events]]\nid = "a"\n\n[[events]]\nid = "b"\n')
    entry, exact = source_map.lookup(("events", 1, "title"))
    assert not exact
    assert entry.key.line == 4


_keys = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=6),
)
_scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
_values = st.one_of(_scalars, st.lists(_scalars, max_size=3))
_tables = st.dictionaries(_keys, _values, max_size=4)


def _string(text: str) -> str:
    # JSON strings are TOML basic strings, except that TOML also wants DEL escaped
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    bare = key.replace("_", "a").replace("-", "a").isalnum() and key.isascii()
    return key if bare else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@settings(max_examples=80, deadline=None)
@given(
    top=_tables,
    tables=st.dictionaries(_keys, _tables, max_size=3),
    arrays=st.dictionaries(_keys, st.lists(_tables, min_size=1, max_size=3), max_size=2),
)
def test_round_trip_every_value_is_found_where_it_was_written(
    top: dict[str, Any], tables: dict[str, Any], arrays: dict[str, list[Any]]
) -> None:
    names = set(top)
    tables = {k: v for k, v in tables.items() if k not in names}
    arrays = {k: v for k, v in arrays.items() if k not in names and k not in tables}
    lines = [f"{_key(k)} = {_value(v)}" for k, v in top.items()]
    for name, table in tables.items():
        lines.append(f"[{_key(name)}]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items()]
    for name, items in arrays.items():
        for table in items:
            lines.append(f"[[{_key(name)}]]")
            lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items()]
    text = "\n".join(lines) + "\n"
    data = tomllib.loads(text)
    source_map = SourceMap(text)

    def check(path: tuple[str | int, ...], value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                check((*path, key), inner)
            return
        entry, exact = source_map.lookup(path)
        assert exact, path
        written = _text_at(text, entry.value)
        assert tomllib.loads(f"v = {written}")["v"] == value
        if isinstance(value, list):
            for index, inner in enumerate(value):
                check((*path, index), inner)

    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, table in enumerate(value):
                check((key, index), table)
        else:
            check((key,), value)
