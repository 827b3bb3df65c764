"""Text from mission files made safe for a terminal: control characters shown, never obeyed.

A title may carry ESC sequences (`"\\u001b]0;..."` is valid TOML) that would recolour, clear or
retitle the reader's terminal, and bidirectional overrides that reorder what is shown.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab, DEL, and the bidirectional embedding/override/isolate marks.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
