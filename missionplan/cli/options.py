"""Helpers shared by the commands: default paths, code lists, colour."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from missionplan.app.portfolio import Portfolio

DEFAULT_DIR = Path("itineraries")


def codes(values: Sequence[str], option: str) -> list[str]:
    """`--select MP1,MP3 --select MP402` -> ["MP1", "MP3", "MP402"].

    A prefix that matches no rule is bad usage, not an empty selection: a typo in a CI line
    must not switch validation off without anyone noticing.
    """
    from missionplan.checks.registry import RULES

    found = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not any(rule.startswith(code) for rule in RULES) or not code.startswith("MP"):
                raise click.BadParameter(
                    f"{part.strip()!r} matches no rule code (MP100 ... MP500);"
                    " `missionplan rules` lists them",
                    param_hint=option,
                )
            found.append(code)
    return found


def use_color(choice: bool | None) -> bool:
    """Colour on a terminal unless NO_COLOR is set; `--color/--no-color` decide otherwise."""
    if choice is not None:
        return choice
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def report_problems(portfolio: Portfolio) -> None:
    """On stderr: files that cannot be read, and the errors of those read only in part."""
    from missionplan.export.findings import text
    from missionplan.printable import printable

    for report in portfolio.problems:
        if report.unreadable is not None:
            click.echo(f"missionplan: {printable(report.unreadable)}", err=True)
    readable = [report for report in portfolio.problems if report.unreadable is None]
    if readable:
        click.echo(text(readable, summary=False), nl=False, err=True)
