"""People and ids: unknown people (MP104), homes, missing (MP106) and duplicate (MP105) ids."""

from __future__ import annotations

from missionplan.checks.references import DUPLICATE_ID, MISSING_ID, UNKNOWN_REFERENCE
from missionplan.plan.plan import Location
from missionplan.plan.resolve.places import location
from missionplan.plan.resolve.state import Resolution, did_you_mean
from missionplan.source.sourcemap import KeyPath


def people(
    r: Resolution, path: KeyPath, names: list[str] | None, what: str, key: str = "people"
) -> tuple[str, ...]:
    """The declared ids among `names` (MP104 for the others); None means everyone."""
    if names is None:
        return tuple(r.raw.people)
    known = []
    for index, person in enumerate(names):
        if person in r.raw.people:
            known.append(person)
        elif person not in r.broken_people:
            r.report(
                UNKNOWN_REFERENCE,
                (*path, key, index),
                f'{what} names unknown person "{person}"',
                did_you_mean(person, r.raw.people) or f"declared people: {', '.join(r.raw.people)}",
            )
    return tuple(dict.fromkeys(known))


def homes(r: Resolution) -> dict[str, Location]:
    found = {}
    for key, person in r.raw.people.items():
        if person.home is not None:
            home = location(r, person.home, ("people", key, "home"), f"people.{key}.home")
            if home is not None:
                found[key] = home
            else:
                r.incomplete.add(key)
    return found


def item_id(r: Resolution, path: KeyPath, given: str | None, label: str, index: int) -> str:
    if given is None:
        r.report(
            MISSING_ID,
            path,
            f"{label} #{index + 1} has no id, so calendars cannot update it in place",
            f'run `missionplan ids {r.source.name}` to add ids, or add id = "..."',
            on="key",
        )
        # A stand-in that no written id takes, so that calendar UIDs stay unique.
        stand_in = f"{path[0]}-{index + 1}"
        while stand_in in r.taken:
            stand_in += "-unnamed"
        r.taken.add(stand_in)
        return stand_in
    r.ids.setdefault(given, []).append(path)
    return given


def duplicate_ids(r: Resolution) -> None:
    """MP105 on every use of an id but the first in the file (by line, across sections)."""
    for ident, paths in r.ids.items():
        if len(paths) < 2:
            continue
        spans = sorted((r.source.span((*p, "id")).line, p) for p in paths)
        first_line = spans[0][0]
        for _line, path in spans[1:]:
            r.report(
                DUPLICATE_ID,
                (*path, "id"),
                f'id "{ident}" is used twice',
                f"first used on line {first_line}; ids must be unique across travel,"
                " stays and events",
            )
