"""Country facts for the traveller: emergency numbers, plugs, driving side and currency.

Currencies come from CLDR (the Unicode Consortium's maintained locale data) through `babel`.
Emergency numbers, plug types and the driving side have no maintained package: they live in
`data/countries.toml`, where each kind of fact names its source.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from missionplan import wording
from missionplan.export.briefing.phones import phone
from missionplan.plan import geo

DATA = Path(__file__).resolve().parent / "data" / "countries.toml"

Row = dict[str, Any]

_SERVICES = (
    ("general", "All services"),
    ("police", "Police"),
    ("ambulance", "Ambulance"),
    ("fire", "Fire"),
)


@functools.cache
def _table() -> dict[str, Any]:
    with DATA.open("rb") as file:
        return tomllib.load(file)


def sources() -> list[Row]:
    """Where each kind of fact comes from, for the briefing's footnote."""
    named = _table()["sources"]
    return [
        {"fact": "Emergency numbers", "source": named["emergency"]},
        {"fact": "Plugs", "source": named["plugs"]},
        {"fact": "Driving", "source": named["drives"]},
        {"fact": "Currency", "source": "Unicode CLDR, through the babel library"},
    ]


def currency(country: str) -> str:
    """`Uzbekistani Som (UZS)`, or "" when CLDR knows no current tender for the country."""
    from babel.numbers import get_currency_name, get_territory_currencies

    try:
        codes = get_territory_currencies(country, tender=True, non_tender=False)
    except Exception:  # babel raises plain errors for territories it does not know
        return ""
    return ", ".join(f"{get_currency_name(code, locale='en')} ({code})" for code in codes)


def emergency_numbers(country: str) -> list[Row]:
    """The country's emergency numbers, `[{"label": "Police", "text", "link"}]`."""
    found = _table().get(country.upper(), {}).get("emergency", {})
    return [{"label": label, **phone(found[key])} for key, label in _SERVICES if key in found]


def no_emergency_numbers(country: str) -> str:
    """The sentence that stands in for a country's emergency numbers when none are known."""
    return "" if emergency_numbers(country) else wording.not_known(["the local emergency numbers"])


def country(country: str) -> Row:
    """Every fact known about one country; facts not known are empty strings, named in
    `unknown`, a sentence saying so."""
    known = _table().get(country.upper(), {})
    plugs = known.get("plugs", [])
    row: Row = {
        "country": geo.country_name(country),
        "emergency": emergency_numbers(country),
        "plugs": f"Type {', '.join(plugs)}" if plugs else "",
        "drives": f"on the {known['drives']}" if "drives" in known else "",
        "currency": currency(country),
    }
    missing = [
        words
        for key, words in (
            ("emergency", "the emergency numbers"),
            ("plugs", "the plug types"),
            ("drives", "the driving side"),
            ("currency", "the currency"),
        )
        if not row[key]
    ]
    row["unknown"] = wording.not_known(missing) if missing else ""
    return row
