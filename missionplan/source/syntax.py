"""TOML text -> data, or the one positioned finding (MP100) saying why it does not parse."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from missionplan.checks.finding import Finding
from missionplan.checks.format import TOML_SYNTAX
from missionplan.source.sourcemap import Span
from missionplan.source.text import Source, split_lines


def toml_data(source: Source) -> dict[str, Any] | Finding:
    """The file's TOML data, or a finding at the place where it stops being TOML."""
    try:
        return tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        return _syntax_finding(source, error)
    except RecursionError:
        return Finding(TOML_SYNTAX, (), "nesting is too deep", span=Span(1, 1, 1, 1))
    except ValueError:
        # An integer of thousands of digits: Python refuses to convert it (CVE-2020-10735).
        return _huge_number(source)


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
