"""Functional-test markers: `# expect: MP104` at the end of the line that should be reported."""

from __future__ import annotations

import re
from pathlib import Path

MARKER = re.compile(r"#\s*expect:\s*((?:MP\d{3}[,\s]*)+)\s*$")


def expected(path: Path) -> set[tuple[int, str]]:
    """(line, code) pairs marked in a fixture file."""
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            found.update((number, code) for code in re.findall(r"MP\d{3}", match.group(1)))
    return found
