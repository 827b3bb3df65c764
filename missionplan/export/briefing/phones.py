"""Phone numbers and mail addresses as a briefing shows them: formatted, unbreakable, linked."""

from __future__ import annotations

import re
from typing import Any

#: A no-break space: a number must never be split across two lines of a page or a mail.
NBSP = "\N{NO-BREAK SPACE}"

Row = dict[str, Any]


def phone(text: str, country: str | None = None) -> Row:
    """`{"text": "+998 71 123 45 67", "link": "tel:+998711234567"}`, spaces unbreakable.

    `phonenumbers` (Google's libphonenumber data) parses and formats the number; a national
    number is read in `country` (ISO 3166 code). What it cannot parse is shown as written, and
    linked when it is a plausible dial string (a short emergency number such as 112).
    """
    import phonenumbers

    written = " ".join(text.split())
    try:
        number = phonenumbers.parse(written, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        dial = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    else:
        shown = written
        digits = re.sub(r"[^\d+]", "", written)
        dial = digits if re.fullmatch(r"\+?\d{2,15}", digits) else ""
    return {"text": shown.replace(" ", NBSP), "link": f"tel:{dial}" if dial else ""}


def mail(address: str | None) -> Row:
    """`{"text": address, "link": "mailto:address"}`, or empty strings."""
    if not address:
        return {"text": "", "link": ""}
    return {"text": address, "link": f"mailto:{address}"}
