"""The shapes of ids, durations and hours in the format, shared by the models and the CLI.

Kept apart from model.py so that commands can check an id, and rules read a duration, without
importing pydantic.
"""

import re

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
DURATION_PATTERN = r"^(?:\d{1,4}h(?:\d{1,4}m)?|\d{1,5}m)$"
HOURS_PATTERN = r"^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$"
_RANGE = r"(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)"
#: One range of hours or several separated by commas: "09:00-12:30, 13:30-16:00".
SPLIT_HOURS_PATTERN = rf"^{_RANGE}(?:\s*,\s*{_RANGE})*$"
URL_PATTERN = r"^https?://[^\s]+$"
#: A web page: an http(s) URL, or an address without a scheme ("www.who.int/tj"), which is
#: read as https. Any other scheme (javascript:, data:, file:, mailto:) is refused.
WEB_ADDRESS_PATTERN = r"^(?:https?://\S+|[^\s/:]+(?:[/?#]\S*)?)$"
#: A plain address: no display name, no `?subject=`, no quotes or brackets (it ends up in
#: mailto: links and mail headers).
EMAIL_PATTERN = r"^[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+$"


def duration_minutes(text: str) -> int:
    """Minutes in a duration such as `90m`, `1h30m` or `3h` (already validated)."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", text)
    if match is None or not text:
        raise ValueError(f"not a duration: {text!r}")
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)
