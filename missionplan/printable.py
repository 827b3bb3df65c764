"""Text from mission files made safe for a terminal: control characters shown, never obeyed.

A title may carry ESC sequences (`"\\u001b]0;..."` is valid TOML) that would recolour, clear or
retitle the reader's terminal, and bidirectional overrides that reorder what is shown.
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls except tab, DEL, and the bidirectional embedding/override/isolate marks.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable_path(path: os.PathLike[str] | str) -> str:
    """A path as a message shows it: bytes that are not UTF-8 as `\\xNN`, controls escaped.

    A file name is the user's data like a title: it may hold an ESC or a bidi override, and on
    POSIX any bytes at all (Python keeps undecodable ones as lone surrogates, which cannot be
    printed or put in JSON).
    """
    text = os.fspath(path)
    if any("\udc80" <= character <= "\udcff" for character in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return printable(text)
