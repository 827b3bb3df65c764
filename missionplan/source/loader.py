"""TOML file -> Itinerary model; TOML and Pydantic errors -> findings (MP100-MP103)."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from missionplan.checks.finding import Finding
from missionplan.checks.format import INVALID_VALUE, MISSING_FIELD, TOML_SYNTAX, UNKNOWN_FIELD
from missionplan.checks.references import empty_mission
from missionplan.errors import InputError
from missionplan.printable import printable_path
from missionplan.source import fields, model, patterns
from missionplan.source.budgets import over_budget, too_many_lines
from missionplan.source.reading import read_limited
from missionplan.source.sourcemap import KeyPath, Span
from missionplan.source.text import Source, split_lines

MAX_FILE_BYTES = 20 * 1024 * 1024
#: A did-you-mean needs at least this similarity (difflib's ratio): "carier" -> "carrier" is
#: 0.92, "tahir" -> "taher" 0.8, but "seat" -> "depart" (0.6) is no suggestion.
SIMILAR = 0.8


@dataclass
class Loaded:
    """The outcome of reading one file: its text, the model when valid, and what went wrong."""

    source: Source
    itinerary: model.Itinerary | None
    findings: list[Finding]
    #: Ids declared under [people] and [places], including those whose table was invalid and
    #: left out of `itinerary`, so that references to them are not reported a second time.
    declared: dict[str, frozenset[str]] = field(default_factory=dict)
    #: For lists of tables with items left out: section -> original index of each kept item.
    origins: dict[str, list[int]] = field(default_factory=dict)


def read(path: Path, name: str | None = None) -> Source:
    """Read a mission file as UTF-8 text, or raise InputError with a one-line reason."""
    display = name or printable_path(path)
    data = read_limited(path, MAX_FILE_BYTES, what="mission file", display=display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{display}:{line}: not a UTF-8 text file (byte 0x{data[error.start]:02x});"
            " mission files are TOML, which is UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{display}: binary data (NUL bytes), not a TOML mission file")
    return Source(display, text)


def load(path: Path, name: str | None = None) -> Loaded:
    """Read and parse one mission file."""
    return parse(read(path, name))


def parse(source: Source) -> Loaded:
    """Parse TOML text into the model, collecting every problem as a finding."""
    too_long = too_many_lines(source.text)
    if too_long:
        return Loaded(source, None, [_whole_file(too_long)])
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        return Loaded(source, None, [_syntax_finding(source, error)])
    except RecursionError:
        deep = Finding(TOML_SYNTAX, (), "nesting is too deep", span=Span(1, 1, 1, 1))
        return Loaded(source, None, [deep])
    except ValueError:
        # An integer of thousands of digits: Python refuses to convert it (CVE-2020-10735).
        return Loaded(source, None, [_huge_number(source)])
    breaches = [
        # A breach of the whole file is told at its first line: positioning it would parse
        # the (huge) text a second time.
        Finding(INVALID_VALUE, path, message, hint or None) if path else _whole_file(message)
        for path, message, hint in over_budget(data)
    ]
    if breaches:
        return Loaded(source, None, breaches)
    empty = empty_mission(data)
    declared = {
        section: frozenset(data[section]) if isinstance(data.get(section), dict) else frozenset()
        for section in ("people", "places")
    }
    findings: list[Finding] = []
    origins: dict[str, list[int]] = {}
    original = data
    # Like a compiler, go on past a bad item: drop the tables that failed and validate the
    # rest again, so references, times and rules are still checked for everything else.
    for _attempt in range(4):
        try:
            itinerary = model.Itinerary.model_validate(data)
        except pydantic.ValidationError as error:
            findings.extend(_validation_findings(original, error, origins))
            # keep each item whose wrong fields can be left out or read as meant (reported
            # above all the same), so that it still takes part in every other check
            repaired = _repaired(data, error)
            if repaired is not data:
                data = repaired
                continue
            trimmed = _without_failed_items(data, origins, error)
            if trimmed is None:
                break
            data, origins = trimmed
        else:
            findings.extend(fields.check(itinerary, origins))
            findings.extend([empty] if empty is not None else [])
            return Loaded(source, itinerary, findings, declared, origins)
    return Loaded(source, None, findings, declared, origins)


def _whole_file(message: str) -> Finding:
    hint = "split the portfolio into one file per mission"
    return Finding(INVALID_VALUE, (), message, hint, span=Span(1, 1, 1, 2))


_ITEM_SECTIONS = ("people", "places", "travel", "stays", "events", "contacts")
#: What a wrong value of a required field is read as, so that its item stays in the plan: a
#: quoted date or date-time as that date; an unknown choice as the closest one, else "other".
_MOMENT_ERRORS = {"datetime_type", "date_type", "datetime_parsing", "date_parsing"}


def _repaired(data: dict[str, Any], error: pydantic.ValidationError) -> dict[str, Any]:
    """`data` with the wrong fields of items left out (optional ones and unknown keys) or
    read as meant (a quoted date, a misspelt mode); `data` itself when some item cannot be
    kept that way (a missing required field, say), so that items are dropped as before."""
    fixes: list[tuple[str, str | int, str | int, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) < 3 or loc[0] not in _ITEM_SECTIONS or not isinstance(loc[2], str):
            return data
        if len(loc) == 4 and isinstance(loc[3], str):
            loc = loc[:3]  # a union's member (date or date-time): the field itself
        if loc in seen:
            continue
        seen.add(loc)
        section, key, name = str(loc[0]), loc[1], loc[2]
        table = _item_model(section)
        info = _field_by_name(table, str(name)) if table is not None else None
        if name == "people":
            # one bad id out of the list; never the whole list (that would mean everyone)
            if len(loc) != 4 or not isinstance(loc[3], int):
                return data
            fixes.append((section, key, name, loc[3]))
        elif item["type"] == "extra_forbidden" or (info is not None and not info.is_required()):
            fixes.append((section, key, name, _DROP))
        else:
            value = _read_as_meant(item)
            if info is None or len(loc) > 3 or value is _DROP:
                return data
            fixes.append((section, key, name, _Value(value)))
    if not fixes:
        return data
    repaired = dict(data)
    for section, key, name, fix in fixes:
        items = repaired[section] = _copy(repaired[section])
        entry = items[key] = dict(items[key])
        if fix is _DROP:
            entry.pop(name, None)
        elif isinstance(fix, _Value):
            entry[name] = fix.value
        else:
            entry[name] = [p for i, p in enumerate(entry[name]) if i != fix]
            if not entry[name]:
                return data
    return repaired


@dataclass(frozen=True)
class _Value:
    """The value a wrong field is read as."""

    value: Any


_DROP = object()


def _read_as_meant(error: Any) -> Any:
    import datetime as dt

    value = error.get("input")
    if error["type"] in _MOMENT_ERRORS and isinstance(value, str):
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return _DROP
        # a date where a date-time is wanted stays wrong: the item is dropped
        return moment if len(text) > 10 else moment.date()
    if error["type"] == "literal_error" and isinstance(value, str):
        options = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        close = difflib.get_close_matches(value, options, n=1, cutoff=SIMILAR)
        return close[0] if close else ("other" if "other" in options else _DROP)
    return _DROP


def _copy(container: Any) -> Any:
    return dict(container) if isinstance(container, dict) else list(container)


def _item_model(section: str) -> type[pydantic.BaseModel] | None:
    info = model.Itinerary.model_fields.get(section)
    return None if info is None else _model_in(info.annotation)


def _field_by_name(table: type[pydantic.BaseModel], name: str) -> Any:
    for field_name, info in table.model_fields.items():
        if (info.alias or field_name) == name:
            return info
    return None


def _without_failed_items(
    data: dict[str, Any], origins: dict[str, list[int]], error: pydantic.ValidationError
) -> tuple[dict[str, Any], dict[str, list[int]]] | None:
    """The data without the items that failed, with each list's original indices; None when
    the mission table itself failed."""
    failed: dict[str, set[str | int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) >= 2 and loc[0] in _ITEM_SECTIONS:
            failed.setdefault(str(loc[0]), set()).add(loc[1])
        elif loc and loc[0] == "settings":
            failed["settings"] = set()
        else:
            return None
    trimmed = dict(data)
    new_origins = dict(origins)
    for section, keys in failed.items():
        value = data.get(section)
        if section == "settings":
            trimmed.pop("settings", None)
        elif isinstance(value, dict):
            trimmed[section] = {k: v for k, v in value.items() if k not in keys}
        elif isinstance(value, list):
            trimmed[section] = [v for i, v in enumerate(value) if i not in keys]
            previous = origins.get(section, list(range(len(value))))
            new_origins[section] = [o for i, o in enumerate(previous) if i not in keys]
        else:
            return None
    return trimmed, new_origins


# -- TOML syntax --------------------------------------------------------------------------

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_TIME_WITHOUT_SECONDS = re.compile(
    r"=\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}:\d{2})(?![:\d])(?P<rest>[^\"']*)$"
)


_LONG_DIGITS = re.compile(r"[0-9_]{1000,}")


def _huge_number(source: Source) -> Finding:
    match = _LONG_DIGITS.search(source.text)
    start = match.start() if match else 0
    line = source.text.count("\n", 0, start) + 1
    column = start - (source.text.rfind("\n", 0, start) + 1) + 1
    return Finding(
        TOML_SYNTAX,
        (),
        "invalid TOML: a number with thousands of digits",
        "no value in a mission file needs more than a few digits",
        span=Span(line, column, line, column + 1),
    )


def _syntax_finding(source: Source, error: tomllib.TOMLDecodeError) -> Finding:
    text = str(error)
    match = _POSITION.search(text)
    message = _POSITION.sub("", text).strip()
    lines = split_lines(source.text)
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line = max(len(lines), 1)
        column = len(lines[-1]) + 1 if lines else 1
    hint = None
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    seconds = _TIME_WITHOUT_SECONDS.search(line_text)
    if seconds:
        written = seconds.group(1)
        message = f"time {written} has no seconds; TOML 1.0 date-times need them"
        hint = f"write {written}:00"
        column = seconds.start(1) + 1
        end = seconds.end(1) + 1
        return Finding(TOML_SYNTAX, (), message, hint, span=Span(line, column, line, end))
    return Finding(
        TOML_SYNTAX,
        (),
        f"invalid TOML: {message[:1].lower()}{message[1:]}",
        span=Span(line, column, line, column + 1),
    )


# -- Pydantic errors ----------------------------------------------------------------------


def _validation_findings(
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
        if isinstance(value, str) and _read_as_meant({"type": "date_type", "input": value}) not in (
            _DROP,
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
        target = _model_in(info.annotation)
        if target is None:
            return []
        current = target
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
