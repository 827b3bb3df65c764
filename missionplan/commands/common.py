"""Helpers shared by the commands: default paths, code lists, colour."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DIR = Path("itineraries")


def codes(values: Sequence[str]) -> list[str]:
    """`--select MP1,MP3 --select MP402` -> ["MP1", "MP3", "MP402"]."""
    return [part.strip().upper() for value in values for part in value.split(",") if part.strip()]


def use_color(choice: bool | None) -> bool:
    """Colour on a terminal unless NO_COLOR is set; `--color/--no-color` decide otherwise."""
    if choice is not None:
        return choice
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
