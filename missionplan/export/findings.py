"""Diagnostics as text (compiler style, with source line and caret), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from missionplan.checks.finding import Diagnostic, Severity
from missionplan.checks.report import FileReport, summary
from missionplan.printable import printable

#: Version of the JSON output's layout; bumped only for incompatible changes.
JSON_FORMAT_VERSION = 1

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _visible(
    reports: Sequence[FileReport], suppressed: bool = False
) -> list[tuple[FileReport, Diagnostic]]:
    return [(r, d) for r in reports for d in r.diagnostics if suppressed or not d.suppressed]


def text(
    reports: Sequence[FileReport],
    *,
    color: bool = False,
    summary: bool = True,
    suppressed: bool = False,
) -> str:
    """`path:line:col: CODE severity: message`, then the source line with a caret and the hint.

    `summary` adds the one-line count at the end; `suppressed` also lists what the file or the
    command line silenced, marked as such.
    """

    def paint(style: str, words: str) -> str:
        return f"{style}{words}{_RESET}" if color else words

    out: list[str] = []
    for report, found in _visible(reports, suppressed):
        severity = paint(_COLOURS[found.severity], f"{found.code} {found.severity}")
        location = paint(_BOLD, f"{found.path}:{found.line}:{found.column}:")
        silenced = " (suppressed)" if found.suppressed else ""
        out.append(f"{location} {severity}: {printable(found.message)}{silenced}")
        line_text = report.source.line_text(found.line).expandtabs(1)
        hint = printable(found.hint) if found.hint else ""
        if line_text.strip():
            gutter = f"{found.line:>5}"
            start = max(found.column, 1) - 1
            same_line = found.end_line == found.line and found.end_column
            end = found.end_column - 1 if same_line and found.end_column else len(line_text)
            shown, indent, width = _excerpt(line_text, start, end)
            out.append(f"{gutter} | {shown}")
            caret = " " * indent + paint(_COLOURS[found.severity], "^" * width)
            out.append(f"{' ' * len(gutter)} | {caret}{' ' + hint if hint else ''}")
        elif hint:
            out.append(f"      = hint: {hint}")
    if summary:
        out.append(summary_line(reports))
    return "".join(f"{line}\n" for line in out)


#: The longest source line shown whole; longer ones are cut around the reported place.
EXCERPT_WIDTH = 120


def _excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The line as shown (controls escaped, long lines cut with "..."), and where the caret
    starts and how wide it is on screen. `start`..`end` count characters of the file."""
    begin, finish = 0, len(line)
    if len(line) > EXCERPT_WIDTH:
        begin = max(0, start - EXCERPT_WIDTH // 3)
        finish = min(len(line), begin + EXCERPT_WIDTH)
    head = "..." if begin else ""
    tail = "..." if finish < len(line) else ""
    indent = len(head) + len(printable(line[begin:start]))
    width = max(1, len(printable(line[start : min(end, finish)])))
    return f"{head}{printable(line[begin:finish])}{tail}", indent, width


def summary_line(reports: Sequence[FileReport]) -> str:
    counts = summary(reports)
    files = f"{counts['files']} file{'s' if counts['files'] != 1 else ''}"
    parts = [
        f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}"
        for k in ("error", "warning", "info")
        if counts[k]
    ]
    suppressed = f" ({counts['suppressed']} suppressed)" if counts["suppressed"] else ""
    if counts["unreadable"]:
        parts.append(f"{counts['unreadable']} unreadable")
    if not parts:
        return f"{files} checked: no problems{suppressed}"
    return f"{files} checked: {', '.join(parts)}{suppressed}"


def as_dict(found: Diagnostic) -> dict[str, object]:
    """One diagnostic in the documented JSON layout."""
    return {
        "code": found.code,
        "name": found.name,
        "severity": str(found.severity),
        "path": found.path,
        "line": found.line,
        "column": found.column,
        "end_line": found.end_line,
        "end_column": found.end_column,
        "message": found.message,
        "hint": found.hint,
        "suppressed": found.suppressed,
    }


def json_report(reports: Sequence[FileReport]) -> str:
    """`{"version": 1, "files": [...], "unreadable": [...], "diagnostics": [...],
    "summary": {...}}`, stable keys."""
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": [r.source.name for r in reports],
        "unreadable": [
            {"path": r.source.name, "message": r.unreadable}
            for r in reports
            if r.unreadable is not None
        ],
        "diagnostics": [as_dict(d) for r in reports for d in r.diagnostics],
        "summary": summary(reports),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(reports: Sequence[FileReport]) -> str:
    """GitHub Actions workflow commands: `::error file=...,line=...::message`."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = [
        f"::error file={_escape_property(r.source.name)},title=unreadable::"
        f"{_escape_data(printable(r.unreadable))}"
        for r in reports
        if r.unreadable is not None
    ]
    for _report, found in _visible(reports):
        props = [
            f"file={_escape_property(found.path)}",
            f"line={found.line}",
            f"col={found.column}",
        ]
        if found.end_line:
            props.append(f"endLine={found.end_line}")
        if found.end_column and found.end_line == found.line:
            props.append(f"endColumn={found.end_column}")
        props.append(f"title={_escape_property(f'{found.code} {found.name}')}")
        message = printable(found.message + (f" ({found.hint})" if found.hint else ""))
        out.append(f"::{level[found.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


FORMATTERS: dict[str, Callable[[Sequence[FileReport]], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
}
