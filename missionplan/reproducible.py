"""SOURCE_DATE_EPOCH: the one clock of reproducible outputs (reproducible-builds.org)."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime

from missionplan.errors import MissionplanError


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970-01-01 UTC; None when unset or empty.

    A malformed value is an error, not a silent fallback to the current time: whoever set it
    wants reproducible output.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{1,12}", value):
        raise MissionplanError(
            f'SOURCE_DATE_EPOCH="{value}" is not a whole number of seconds since 1970-01-01'
        )
    try:
        datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise MissionplanError(f"SOURCE_DATE_EPOCH={value} is out of range") from None
    return int(value)


def printed_date(epoch: int | None) -> date:
    """The date a briefing says it was printed: SOURCE_DATE_EPOCH's day (UTC), else today."""
    return datetime.fromtimestamp(epoch, UTC).date() if epoch is not None else date.today()
