"""Portfolio rule: MP500, one person in overlapping items of two different mission files."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from missionplan.diagnostics import Diagnostic
from missionplan.mission import Mission
from missionplan.rules.common import Slot, label, schedule, span_text


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


@dataclass(frozen=True)
class _Booked:
    slot: Slot
    mission: int
    person: str


def _cross_file_overlaps(booked: list[_Booked]) -> Iterator[tuple[_Booked, _Booked]]:
    """Pairs from different files that overlap, in one sweep over entries sorted by start.

    Keeps the entry reaching furthest and the one reaching furthest from another file than
    that one, so each entry overlapping some other file's entry is paired at least once.
    """
    best: _Booked | None = None
    other: _Booked | None = None  # reaches furthest among files other than best's
    for entry in booked:
        for candidate in (best, other):
            if (
                candidate is not None
                and candidate.mission != entry.mission
                and entry.slot.start < candidate.slot.end
            ):
                yield candidate, entry
                break
        if best is None or entry.slot.end > best.slot.end:
            # the old best reaches furthest of all before: it is the new `other` unless it is
            # from the same file, and then the old `other` still is
            if best is not None and best.mission != entry.mission:
                other = best
            best = entry
        elif entry.mission != best.mission and (other is None or entry.slot.end > other.slot.end):
            other = entry


def portfolio_double_booked(missions: Sequence[Mission]) -> Iterator[Diagnostic]:
    """MP500: reported in both files, each pointing at its own item and naming the other."""
    who = identities(missions)
    by_identity: dict[str, list[_Booked]] = {}
    for index, mission in enumerate(missions):
        for person, slots in schedule(mission).items():
            entries = by_identity.setdefault(who[(index, person)], [])
            entries.extend(_Booked(slot, index, person) for slot in slots)
    seen: set[tuple[int, int]] = set()
    for entries in by_identity.values():
        if len({e.mission for e in entries}) < 2:
            continue
        entries.sort(key=lambda e: (e.slot.start, e.slot.end))
        for first, second in _cross_file_overlaps(entries):
            key = (id(first.slot), id(second.slot))
            if key in seen:
                continue
            seen.add(key)
            yield _report(missions, first, second)
            yield _report(missions, second, first)


def _report(missions: Sequence[Mission], here: _Booked, there: _Booked) -> Diagnostic:
    mission, other = missions[here.mission], missions[there.mission]
    line = other.source.span(there.slot.path).line
    return mission.source.diagnostic(
        "MP500",
        here.slot.path,
        f"{here.person} is double-booked across missions: {label(here.slot.item)}"
        f" ({span_text(here.slot.begin, here.slot.finish)}) overlaps"
        f" {label(there.slot.item)} ({span_text(there.slot.begin, there.slot.finish)}) of"
        f' mission {other.id} ({other.source.name}:{line}, as "{there.person}")',
        f"agree with the planner of {other.id} which mission {here.person} attends, and"
        " change one of the two files; times are local to each item's place",
    )
