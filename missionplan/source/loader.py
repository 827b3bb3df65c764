"""TOML file -> Itinerary model, with every problem found on the way as a finding (MP100-MP103).

The steps live beside it: `syntax` (text -> TOML data), `recovery` (going on past a bad item)
and `validation` (Pydantic errors -> findings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from missionplan.checks.finding import Finding
from missionplan.checks.format import INVALID_VALUE
from missionplan.checks.references import empty_mission
from missionplan.errors import InputError
from missionplan.printable import printable_path
from missionplan.source import fields, model
from missionplan.source.budgets import over_budget, too_many_lines
from missionplan.source.reading import read_limited
from missionplan.source.recovery import drop_failed_items, repair
from missionplan.source.sourcemap import Span
from missionplan.source.syntax import toml_data
from missionplan.source.text import Source
from missionplan.source.validation import validation_findings

MAX_FILE_BYTES = 20 * 1024 * 1024


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
    data = toml_data(source)
    if isinstance(data, Finding):
        return Loaded(source, None, [data])
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
            findings.extend(validation_findings(original, error, origins))
            # keep each item whose wrong fields can be left out or read as meant (reported
            # above all the same), so that it still takes part in every other check
            repaired = repair(data, error)
            if repaired is not data:
                data = repaired
                continue
            trimmed = drop_failed_items(data, origins, error)
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
