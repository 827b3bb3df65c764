"""CSV cells that spreadsheets show as text: a value from a mission file never runs as a formula."""

from __future__ import annotations

import re

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
