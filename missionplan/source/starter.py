"""The starter mission file that `missionplan new` writes: valid, with every section shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from missionplan.source.schema import SCHEMA_FILE


@dataclass(frozen=True)
class StarterPlace:
    """A city the planner named: id, city, ISO country code, optional IANA zone."""

    id: str
    city: str
    country: str
    timezone: str | None = None


def _first_zone(country: str) -> str:
    """A time zone of the country, for the commented example of a place's `timezone`."""
    import pytz

    try:
        return str(pytz.country_timezones[country.upper()][0])
    except (KeyError, IndexError):
        return "Asia/Tashkent"


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escaping, plus DEL, which TOML also wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def starter_text(
    *,
    mission_id: str,
    title: str,
    start: date,
    end: date,
    people: list[tuple[str, str]],
    places: list[StarterPlace],
) -> str:
    """A mission file that validates as it is and shows, commented, how to fill in the rest."""
    first_person = people[0][0]
    first_place = places[0]
    out = [
        f"#:schema ./{SCHEMA_FILE}",
        "# Written by `missionplan new`. Times are local wall-clock times at the item's place.",
        "# `missionplan validate` checks this file; `missionplan rules` lists what it checks.",
        "",
        "[mission]",
        "format = 2                       # the format version this file is written in",
        f"id = {toml_string(mission_id)}",
        f"title = {toml_string(title)}",
        '# organization = "IOM"',
        '# project = "..."',
        f"start = {start.isoformat()}",
        f"end = {end.isoformat()}",
        "revision = 1                     # bump when re-issuing: calendars then update",
        '# contact = "office@example.org"',
        "",
    ]
    for ident, name in people:
        out += [
            f"[people.{ident}]",
            f"name = {toml_string(name)}",
            '# role = "Expert on ..."',
            '# email = "name@example.org"',
            '# home = "geneva"               # a place id or IATA code: where the trip starts',
            '# notes = "..."',
            "# Travel documents per country (ISO code): visa and security clearance.",
            f"# [people.{ident}.documents.{first_place.country}]",
            '# clearance = { status = "requested", requested = '
            f"{(start - timedelta(days=14)).isoformat()} }}  # not-needed | to-request | requested"
            " | granted | refused",
            '# visa = { status = "granted", granted = '
            f'{(start - timedelta(days=7)).isoformat()}, number = "..." }}',
            "",
        ]
    for place in places:
        out += [
            f"[places.{place.id}]",
            f"city = {toml_string(place.city)}",
            f"country = {toml_string(place.country)}",
        ]
        if place.timezone:
            out.append(f"timezone = {toml_string(place.timezone)}")
        else:
            example = toml_string(_first_zone(place.country))
            out.append(f"# timezone = {example}   # needed where the country has several zones")
        out += [
            '# airport = "..."               # its IATA code: coordinates for travel checks',
            "",
        ]
    day = start.isoformat()
    # the example leg goes between the first two cities, or flies into the only one
    origin, destination = (
        (places[0].id, places[1].id) if len(places) > 1 else ("IST", first_place.id)
    )
    out += [
        "# [[travel]]",
        '# id = "expert-gva-dyu"',
        f'# people = ["{first_person}"]',
        '# mode = "flight"                # flight | train | road | other',
        f'# from = "{origin}"{" " * max(1, 24 - len(origin))}# a place id or an IATA airport code',
        f'# to = "{destination}"',
        f"# depart = {day}T07:40:00      # local at `from`",
        f"# arrive = {day}T15:55:00      # local at `to`",
        '# carrier = "..."',
        '# number = "XX 123"',
        '# booking = "ABC123"            # booking reference; legs sharing one are one journey',
        '# ticket = "000-0000000000"     # e-ticket number',
        '# seat = "14C"',
        '# class = "economy"',
        '# terminal = { depart = "1", arrive = "2" }',
        '# baggage = "1 x 23 kg"',
        "# leaves_airport = true         # at a connection: the traveller enters the country",
        '# status = "tentative"          # confirmed (default) | tentative | cancelled',
        '# notes = "..."',
        "",
        "# A train leg has coach and berth; a road leg driver and vehicle.",
        "# [[travel]]",
        '# id = "expert-transfer"',
        '# mode = "road"',
        f'# from = "{destination}"',
        f'# to = "{origin}"',
        f"# depart = {end.isoformat()}T08:00:00",
        f"# arrive = {end.isoformat()}T09:30:00",
        '# driver = "Name (+000 000 0000)"',
        '# vehicle = "White SUV, plate ..."',
        '# coach = "4"                   # train legs: coach and berth',
        '# berth = "12"',
        '# journey = "return"            # groups legs without a shared booking',
        "",
        "# [[stays]]",
        '# id = "expert-hotel"',
        f'# people = ["{first_person}"]',
        f'# place = "{first_place.id}"',
        '# name = "Hotel ..."',
        f"# check_in = {day}",
        f"# check_out = {end.isoformat()}",
        '# phone = "+000 000 0000"',
        '# confirmation = "..."          # the hotel\'s confirmation number',
        f"# cancellation = {(start - timedelta(days=2)).isoformat()}T18:00:00  # deadline, or terms as"
        " text",
        "",
        "[[events]]",
        'id = "kick-off"',
        'kind = "meeting"                 # meeting | workshop | exercise | regional-event | site-visit | other',
        'title = "Kick-off meeting"',
        f'place = "{first_place.id}"',
        '# venue = "..."',
        f"start = {day}T10:00:00",
        f"end = {day}T11:00:00",
        "# people = [...]                # without people: everyone in the mission",
        '# counterparts = ["..."]',
        '# notes = "..."',
        '# online = "https://..."        # a link to join; without place, give timezone',
        "# remote = [...]                # people who join by video from where they are",
        '# status = "tentative"          # confirmed (default) | tentative | cancelled',
        "",
        "# A multi-day event: dates are inclusive; hours repeat each day.",
        "# [[events]]",
        '# id = "regional-event"',
        '# kind = "regional-event"',
        '# title = "..."',
        f'# place = "{first_place.id}"',
        f"# start = {day}",
        f"# end = {end.isoformat()}",
        '# hours = "09:00-12:30, 13:30-17:30"  # the same local hours each day',
        "",
        "# [[contacts]]",
        '# name = "Country office"',
        '# email = "office@example.org"',
        f'# place = "{first_place.id}"',
        "# emergency = true",
        "",
        "# [settings]",
        '# min_connection = "60m"        # between legs of one journey',
        '# meeting_buffer = "90m"        # between an arrival and a meeting',
        '# ignore = ["MP400"]            # rule codes or prefixes switched off for this file',
        '# documents = ["clearance"]     # needed by everyone for each country entered',
        "# document_lead_days = 7        # request them at least this many days before entry",
        "",
    ]
    return "\n".join(out)
