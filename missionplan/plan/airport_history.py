"""IATA codes that airports had before a rename or a replacement, with dates and sources.

airportsdata describes airports as they are today: a ticket written before a change names a
code it no longer knows (a May 2024 flight to Bishkek says FRU). A leg dated before the change
keeps its code and is told today's (MP108); after it, the old code is an unknown place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FormerCode:
    """A code valid until `until` (exclusive), then replaced by `today`.

    `renamed`: the same airport under a new code (it keeps today's record: name, point, zone).
    Otherwise a new airport replaced it, and the old one's own name, point and zone are here.
    """

    code: str
    today: str
    until: date
    renamed: bool
    source: str
    name: str = ""
    city: str = ""
    country: str = ""
    lat: float = 0.0
    lon: float = 0.0
    tz: str = ""


FORMER_CODES: dict[str, FormerCode] = {
    former.code: former
    for former in (
        # Bishkek Manas: IATA moved FRU (from Frunze, Bishkek's Soviet name) to BSZ on
        # 9 August 2025, 90 days after IATA's notice of 9 May 2025 (Resolution 763).
        # https://24-kg.com/obschestvo/329592_pochemu_mejdunarodnyiy_aeroport_manas_nepoluchil_kod_BSH/
        # https://en.wikipedia.org/wiki/Manas_International_Airport
        FormerCode("FRU", "BSZ", date(2025, 8, 9), True, "24.kg, 19 May 2025; Wikipedia"),
        # Astana: TSE became NQZ on 8 June 2020, after IATA's notice of 6 April 2020.
        # https://en.wikipedia.org/wiki/Nursultan_Nazarbayev_International_Airport
        # https://github.com/mwgg/Airports/pull/49
        FormerCode("TSE", "NQZ", date(2020, 6, 8), True, "Wikipedia; mwgg/Airports#49"),
        # Berlin: Schönefeld (SXF) became Terminal 5 of Berlin Brandenburg (BER), which opened
        # on 31 October 2020; SXF flights carried BER from 25 October 2020.
        # https://en.wikipedia.org/wiki/Berlin_Sch%C3%B6nefeld_Airport
        FormerCode("SXF", "BER", date(2020, 10, 25), True, "Wikipedia"),
        # Phnom Penh: Techo International (KTI), 20 km south, replaced Phnom Penh International
        # (PNH), which closed to scheduled flights when KTI opened on 9 September 2025.
        # https://en.wikipedia.org/wiki/Phnom_Penh_International_Airport
        # https://www.kuna.net.kw/ArticlePrintPage.aspx?id=3253893&language=en
        FormerCode(
            "PNH",
            "KTI",
            date(2025, 9, 9),
            False,
            "Wikipedia; KUNA, 21 Oct 2025",
            name="Phnom Penh International Airport",
            city="Phnom Penh",
            country="KH",
            lat=11.5466,
            lon=104.8441,
            tz="Asia/Phnom_Penh",
        ),
    )
}
