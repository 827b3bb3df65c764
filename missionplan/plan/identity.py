"""Who is who across mission files: one identity per person, by email or by normalised name."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from missionplan.plan.plan import Mission


def normal_name(name: str) -> str:
    """`  Jaime  Calderón` -> `jaime calderon`: case, accents and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def identities(missions: Sequence[Mission]) -> dict[tuple[int, str], str]:
    """(mission index, person id) -> identity shared by the same person across files.

    The same email is the same person. Without an email, the same normalised name is; a
    person without email joins the one person with an email who has that name, if only one
    does (two different emails under one name are two people).
    """
    emails_by_name: dict[str, set[str]] = {}
    for mission in missions:
        for person in mission.people.values():
            if person.email:
                emails_by_name.setdefault(normal_name(person.name), set()).add(
                    person.email.casefold()
                )
    out: dict[tuple[int, str], str] = {}
    for index, mission in enumerate(missions):
        for key, person in mission.people.items():
            if person.email:
                out[(index, key)] = "email:" + person.email.casefold()
                continue
            name = normal_name(person.name)
            emails = emails_by_name.get(name, set())
            out[(index, key)] = (
                "email:" + next(iter(emails)) if len(emails) == 1 else "name:" + name
            )
    return out
