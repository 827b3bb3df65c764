"""The itinerary in a terminal, day by day (rich), with each item's findings beneath it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from missionplan.checks.finding import Diagnostic, Severity
from missionplan.printable import printable

_TIME_WIDTH = 20  # "21:25 → 05:55 (+1)" and a space

_STATUS_STYLE = {"cancelled": "bold red", "tentative": "italic yellow"}
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def findings_by_item(diagnostics: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Open findings keyed by the id of the item whose table holds them ("" for the rest)."""
    found: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if not diagnostic.suppressed:
            found.setdefault(diagnostic.item or "", []).append(diagnostic)
    return found


def _finding(diagnostic: Diagnostic, indent: str) -> Text:
    line = Text(indent)
    line.append(f"{diagnostic.code} {diagnostic.severity}", style=_STYLE[diagnostic.severity])
    line.append(f": {printable(diagnostic.message)} (line {diagnostic.line})")
    if diagnostic.hint:
        line.append(f"; {printable(diagnostic.hint)}", style="dim")
    return line


def _entry_line(entry: dict[str, Any], details: bool) -> Text:
    """One item of a day: time, status, kind, title, summary and people."""
    line = Text("  ")
    line.append(f"{entry['time'] or '':<{_TIME_WIDTH - 1}} ", style="green")
    status = entry.get("status", "")
    if status:
        # a cancelled item stays for the record, struck through; a tentative one is marked
        line.append(f"{status.capitalize()}: ", style=_STATUS_STYLE[status])
    struck = "strike" if status == "cancelled" else ""
    if entry["kind"]:
        line.append(f"{entry['kind']}: ", style=f"bold {struck}".strip())
    line.append(entry["title"], style=struck)
    if details and entry.get("summary"):
        line.append(f" · {entry['summary']}", style=struck)
    if entry["people"]:
        line.append(f"  ({entry['people']})", style="dim")
    return line


def show(
    console: Console,
    document: dict[str, Any],
    findings: dict[str, list[Diagnostic]],
    *,
    details: bool = True,
) -> None:
    """Print a briefing document's cover line and days, findings under the items they concern."""
    cover = document["cover"]
    console.print(Text(cover["title"], style="bold"))
    header = document["header"]
    subtitle = f"{header['mission']} · {header['revision']} · {cover['dates']}"
    if header["person"]:
        subtitle += f" · {header['person']}"
    console.print(Text(subtitle, style="dim"))
    for diagnostic in findings.get("", []):
        console.print(_finding(diagnostic, ""))
    shown: set[str] = set()
    empty: list[dict[str, Any]] = []
    for day in [*document["days"], None]:
        if day is not None and not day["entries"] and not day["cities"]:
            empty.append(day)  # runs of empty days read as one line
            continue
        if empty:
            console.print()
            span = (
                empty[0]["title"]
                if len(empty) == 1
                else (f"{empty[0]['title']} - {empty[-1]['title']}")
            )
            console.print(Text(f"{span}: nothing scheduled", style="dim"))
            empty = []
        if day is None:
            break
        console.print()
        heading = Text(day["title"], style="bold underline")
        if day["cities"]:
            heading.append(f"  {day['cities']}", style="bold")
        console.print(heading)
        if day["zones"]:
            console.print(Text(f"  {day['zones']}", style="dim"))
        for mark in day["marks"]:
            console.print(Text(f"  {mark}", style="magenta"))
        if not day["entries"]:
            console.print(Text("  nothing scheduled", style="dim"))
        for entry in day["entries"]:
            console.print(_entry_line(entry, details))
            indent = " " * (_TIME_WIDTH + 2)
            if details:
                for detail in entry["details"]:
                    console.print(
                        Text(f"{indent}{detail['label']}: {detail['value']}", style="dim")
                    )
            ident = entry.get("id", "")
            if ident and ident not in shown:
                shown.add(ident)
                for diagnostic in findings.get(ident, []):
                    console.print(_finding(diagnostic, indent))
