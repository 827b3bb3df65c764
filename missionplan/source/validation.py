"""Pydantic validation errors -> findings (MP101-MP103) on key paths, worded for a planner."""

from __future__ import annotations

import difflib
import re
from typing import Any

import pydantic

from missionplan.checks.finding import Finding
from missionplan.checks.format import INVALID_VALUE, MISSING_FIELD, UNKNOWN_FIELD
from missionplan.source import model, patterns
from missionplan.source.recovery import DROP, SIMILAR, model_in, read_as_meant
from missionplan.source.sourcemap import KeyPath


def validation_findings(
    original: dict[str, Any],
    error: pydantic.ValidationError,
    origins: dict[str, list[int]],
) -> list[Finding]:
    """Findings for a validation of trimmed data, positioned in the original data."""
    by_path: dict[tuple[KeyPath, str], list[Any]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) >= 2 and isinstance(loc[1], int) and str(loc[0]) in origins:
            # report against the original data, where indices match the file
            loc = (loc[0], origins[str(loc[0])][loc[1]], *loc[2:])
        path, missing, on_key = _data_path(original, loc)
        missing = missing if item["type"] == "missing" else None
        kind = (
            "missing"
            if missing
            else ("key" if on_key or item["type"] == "extra_forbidden" else "value")
        )
        if missing:
            path = (*path, missing)
        by_path.setdefault((path, kind), []).append(item)
    return [_one(original, path, kind, errors) for (path, kind), errors in by_path.items()]


def _has_child(container: Any, part: str | int) -> bool:
    if isinstance(container, dict):
        return isinstance(part, str) and part in container
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return False


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[KeyPath, str | None, bool]:
    """Turn a Pydantic loc into a path through the TOML data (dropping union and key tags)."""
    path: list[str | int] = []
    current = data
    on_key = False
    for part in loc:
        if _has_child(current, part):
            path.append(part)
            current = current[part]
        elif part == "[key]":
            on_key = True
        elif isinstance(current, dict) and isinstance(part, str) and part == loc[-1]:
            return tuple(path), part, False
    return tuple(path), None, on_key


def _one(data: Any, path: KeyPath, kind: str, errors: list[Any]) -> Finding:
    where = describe(data, path[:-1]) if path else "the file"
    field = path[-1] if path else ""
    first = errors[0]
    hint: str | None
    if kind == "missing":
        hint = f"add {field} = ... (see `missionplan schema`)"
        if path == ("mission",):
            hint = "start the file with a [mission] table: id, title, start, end"
        elif path == ("people",):
            hint = 'declare who travels: [people.<id>] with name = "..."'
        return MISSING_FIELD.finding(path, f'{where} has no "{field}"', hint, on="key")
    if first["type"] == "extra_forbidden":
        allowed = _fields_at(path[:-1])
        close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=SIMILAR)
        hint = (
            f'did you mean "{close[0]}"?'
            if close
            else ("allowed here: " + ", ".join(sorted(allowed)) if allowed else None)
        )
        return UNKNOWN_FIELD.finding(path, f'{where} has unknown field "{field}"', hint, on="key")
    message, hint = _value_message(data, path, kind, errors)
    return INVALID_VALUE.finding(path, message, hint, on="key" if kind == "key" else "value")


def _value_message(
    data: Any, path: KeyPath, kind: str, errors: list[Any]
) -> tuple[str, str | None]:
    name = describe(data, path)
    value = _get(data, path)
    types = {e["type"] for e in errors}
    if kind == "key":
        return f'"{path[-1]}" is not a valid id', "ids are letters, digits, - and _ (at most 64)"
    if types <= {"datetime_type", "date_type"}:
        wanted = " or ".join(
            sorted({"a date" if t == "date_type" else "a date-time" for t in types})
        )
        hint = "write a TOML date-time such as 2022-05-23T10:00:00 (no quotes)"
        if types == {"date_type"}:
            hint = "write a TOML date such as 2022-05-23 (no quotes)"
        if (
            isinstance(value, str)
            and read_as_meant({"type": "date_type", "input": value}) is not DROP
        ):
            hint = f"write {value.strip()} without quotes: TOML dates are not strings"
        return f"{name} should be {wanted}, not {_kind_of(value)}", hint
    if "string_pattern_mismatch" in types:
        return f"{name} has an invalid value {_quoted(value)}", _pattern_hint(errors)
    if "too_short" in types and path and path[-1] == "people":
        return f"{name} is empty", "leave `people` out to mean everyone in the mission"
    if "literal_error" in types:
        expected = next(e["ctx"]["expected"] for e in errors if e["type"] == "literal_error")
        options = re.findall(r"'([^']*)'", expected)
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=SIMILAR)
        hint = f'did you mean "{close[0]}"?' if close else f"one of: {', '.join(options)}"
        return f"{name} cannot be {_quoted(value)}", hint
    messages = "; ".join(dict.fromkeys(str(e["msg"]) for e in errors))
    return f"{name}: {messages[:1].lower()}{messages[1:]}", None


def _pattern_hint(errors: list[Any]) -> str:
    pattern = next(e["ctx"]["pattern"] for e in errors if e["type"] == "string_pattern_mismatch")
    return {
        patterns.ID_PATTERN: "ids are letters, digits, - and _ (at most 64), starting with a letter or digit",
        patterns.DURATION_PATTERN: 'durations look like "90m", "2h" or "1h30m"',
        patterns.HOURS_PATTERN: 'hours look like "09:00-17:30"',
        patterns.SPLIT_HOURS_PATTERN: 'hours look like "09:00-17:30" or "09:00-12:30, 13:30-16:00"',
        patterns.URL_PATTERN: "a web address starting with https://",
        patterns.WEB_ADDRESS_PATTERN: "a web address: https://... or www.example.org",
        patterns.EMAIL_PATTERN: "a plain address such as name@example.org",
        r"^[A-Z]{2}$": "an ISO 3166-1 alpha-2 code in capitals, e.g. TJ, UZ, AT",
        r"^[A-Z]{3}$": "a three-letter IATA airport code in capitals, e.g. DYU",
        r"^MP\d{0,3}$": "a rule code or prefix such as MP400 or MP4",
    }.get(pattern, f"expected to match {pattern}")


def _quoted(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _kind_of(value: Any) -> str:
    import datetime as dt

    if isinstance(value, str):
        return f"a string ({_quoted(value)})"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time of day"
    return f"{type(value).__name__} {value!r}"


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


_SECTION_NAMES = {"travel": "travel leg", "stays": "stay", "events": "event", "contacts": "contact"}


def describe(data: Any, path: KeyPath) -> str:
    """A name for a key path that a planner recognises: event "x", people.taher.role, ..."""
    if not path:
        return "the file"
    head = path[0]
    if head in _SECTION_NAMES and len(path) >= 2 and isinstance(path[1], int):
        item = _get(data, path[:2])
        label = _SECTION_NAMES[str(head)]
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            base = f'{label} "{ident}"'
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            base = f'{label} "{item["name"]}"'
        else:
            base = f"{label} #{path[1] + 1}"
        rest = _dotted(path[2:])
        return f"{base} {rest}" if rest else base
    return _dotted(path)


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fields_at(path: KeyPath) -> list[str]:
    """Field names (as written in TOML) of the table at `path`."""
    current: type[pydantic.BaseModel] = model.Itinerary
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            # a dict of tables keyed by id (people, places)
            continue
        target = model_in(info.annotation)
        if target is None:
            return []
        current = target
    return [info.alias or name for name, info in current.model_fields.items()]
