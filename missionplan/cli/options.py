"""What the commands share: options as decorators, default paths, code lists, colour."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from missionplan.app.portfolio import Portfolio

DEFAULT_DIR = Path("itineraries")

_F = TypeVar("_F", bound=Callable[..., Any])


def color_option(command: _F) -> _F:
    """`--color/--no-color`: None unless given (see use_color)."""
    return click.option(
        "--color/--no-color",
        default=None,
        help="Colour the output (default: on a terminal, unless NO_COLOR is set).",
    )(command)


def select_option(command: _F) -> _F:
    """`--select CODES` (repeatable): read with `codes(select, "--select")`."""
    return click.option(
        "--select",
        multiple=True,
        metavar="CODES",
        help="Report only these codes or prefixes (comma-separated, repeatable).",
    )(command)


def ignore_option(command: _F) -> _F:
    """`--ignore CODES` (repeatable): read with `codes(ignore, "--ignore")`."""
    return click.option(
        "--ignore",
        multiple=True,
        metavar="CODES",
        help="Do not report these codes or prefixes (comma-separated, repeatable).",
    )(command)


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
