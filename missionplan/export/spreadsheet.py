"""CSV cells that spreadsheets show as text: a value from a mission file never runs as a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBERLIKE = re.compile(r"^[+\-]?[\d\s().\-/]+$")  # a phone number or a negative figure


def cell(value: object) -> str:
    """The text of one CSV cell: empty for None, `'` before anything a spreadsheet would evaluate
    (OWASP's CSV injection advice), except numbers and phone numbers, which stay as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if _FORMULA.match(text) and not _NUMBERLIKE.match(text):
        return "'" + text
    return text


def table(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A header and one line per row (CRLF, as RFC 4180 says), every value through `cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([cell(values[column]) for column in columns])
    return out.getvalue()
