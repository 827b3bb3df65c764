"""iCalendar content lines: TEXT escaping, parameter quoting, time values, folding at 75 octets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from ics.grammar.parse import ContentLine
from ics.serializers.serializer import Serializer

# Control characters other than TAB are not allowed in TEXT (RFC 5545 3.3.11) nor in
# parameter values; newlines are escaped in TEXT, everything else becomes a space.
_TEXT_CONTROLS: dict[int, str | None] = dict.fromkeys((*range(0, 9), *range(11, 32), 127), " ")
# Bidirectional embeddings, overrides and isolates are dropped: a calendar shows them obeyed,
# and U+202E in a title turns "Meeting Dushanbe" into what reads as another place or time.
_TEXT_CONTROLS.update(dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), None))
_PARAM_CONTROLS = {**_TEXT_CONTROLS, 0x0A: " ", 0x22: "'"}


def text(value: str) -> str:
    """A TEXT value: CR and CRLF become LF, then backslash, `;`, `,` and LF are escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_CONTROLS)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def param(value: str) -> str:
    """A quoted parameter value. `^` is written `^^` (RFC 6868: `^n` and `^'` would be read as
    a newline and a quote); a DQUOTE cannot be escaped inside one, so it becomes `'`."""
    return '"' + value.replace("^", "^^").replace("\r\n", " ").translate(_PARAM_CONTROLS) + '"'


def mailto(address: str) -> str:
    # A CAL-ADDRESS is a URI, not TEXT: percent-encode what a URI may not hold unescaped.
    return "mailto:" + quote(address, safe="@.+-_~!$&'*=^`{|}/?")


def local(moment: datetime) -> str:
    """Wall-clock time as `YYYYMMDDTHHMMSS` (iCalendar has no fractions of a second)."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def date_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def utc(moment: datetime) -> str:
    return local(moment.astimezone(UTC)) + "Z"


def utc_offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return "-PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def line(name: str, value: str, params: dict[str, list[str]] | None = None) -> ContentLine:
    return ContentLine(name, params if params is not None else {}, value)


def uri(value: str) -> str:
    # URL is a URI value, not TEXT: keep it whole, but never let it carry a line break.
    return quote(value.strip(), safe="/:?#[]@!$&'()*+,;=%-._~")


class Cached(Serializer):  # type: ignore[misc]
    """ics.py lists a serializer's methods with dir() and sorts them on every call; do it once."""

    @classmethod
    def get_serializers(cls) -> list[Callable[..., None]]:
        found: list[Callable[..., None]] | None = cls.__dict__.get("_found")
        if found is None:
            found = super().get_serializers()
            cls._found = found
        return found


def folded(data: str) -> bytes:
    """A serialized calendar's bytes: UTF-8, every line folded at 75 octets and ended by CRLF."""
    encoded = data.encode("utf-8")
    return b"\r\n".join(_fold(line) for line in encoded.split(b"\r\n")) + b"\r\n"


def _fold(line: bytes) -> bytes:
    if len(line) <= 75:
        return line
    parts = []
    start, limit = 0, 75  # a continuation's leading space counts towards its 75 octets
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        parts.append(line[start:cut])
        start, limit = cut, 74
    parts.append(line[start:])
    return b"\r\n ".join(parts)
