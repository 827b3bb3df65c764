"""What changed between two revisions of a mission, item by item and person by person.

Items are matched by their written `id` (the identity their calendar UID carries). An item
without an id has none to keep across revisions, so it is matched by its content instead: an
unchanged one pairs with its identical twin, an edited one shows as removed and added. Two
different items are never paired.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from missionplan import wording
from missionplan.plan.plan import Event, Item, Leg, Mission, Stay

ChangeKind = Literal["added", "removed", "moved", "changed"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its label and the old and new values as shown to people."""

    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Change:
    """One item's change as one person sees it.

    `moved` means its times changed (`old_when` -> `new_when`, local times); `fields` lists
    every other field that differs. An item a person joins is `added` for them, one they
    leave is `removed`.
    """

    kind: ChangeKind
    section: str
    key: str
    title: str
    old_when: str | None
    new_when: str | None
    fields: tuple[FieldChange, ...] = ()
    old: Item | None = None
    new: Item | None = None

    @property
    def item_id(self) -> str | None:
        """The written id, or None for an item matched by content."""
        return self.key.removeprefix("id:") if self.key.startswith("id:") else None


@dataclass(frozen=True)
class PersonChanges:
    """One person's changes, in the order of the new plan (removed items last)."""

    person: str
    name: str
    email: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class MissionDiff:
    """The changes between two revisions of one mission, for every person of either."""

    mission_id: str
    title: str
    old_revision: int | None
    new_revision: int
    people: tuple[PersonChanges, ...]
    #: Items that have no written id in either revision (matched by content).
    unnamed: int = 0

    @property
    def changed(self) -> bool:
        return any(p.changes for p in self.people)

    def person(self, key: str) -> PersonChanges:
        return next(p for p in self.people if p.person == key)


def diff(old: Mission | None, new: Mission) -> MissionDiff:
    """The changes from `old` to `new`; with no `old`, everything in `new` is added."""
    old_items = _keyed(old) if old is not None else {}
    new_items = _keyed(new)
    per_person: dict[str, list[Change]] = defaultdict(list)
    names = {key: p.name for m in (old, new) if m is not None for key, p in m.people.items()}
    for key, item in new_items.items():
        before = old_items.get(key)
        if before is not None and type(before) is not type(item):
            # an id given to another kind of item: the old one is gone, the new one added
            for person in before.people:
                per_person[person].append(_removed(key, before))
            before = None
        for person in item.people:
            change = _change(key, before if _has(before, person) else None, item, names)
            if change is not None:
                per_person[person].append(change)
        if before is not None:
            for person in before.people:
                if person not in item.people:
                    per_person[person].append(_removed(key, before))
    for key, item in old_items.items():
        if key not in new_items:
            for person in item.people:
                per_person[person].append(_removed(key, item))
    everyone = dict.fromkeys([*new.people, *(old.people if old is not None else {})])
    people = []
    for key in everyone:
        who = new.people.get(key) or (old.people[key] if old is not None else None)
        assert who is not None
        people.append(PersonChanges(key, who.name, who.email, tuple(per_person[key])))
    unnamed = sum(k.startswith("content:") for k in (*old_items, *new_items))
    return MissionDiff(
        new.id,
        new.title,
        old.revision if old is not None else None,
        new.revision,
        tuple(people),
        unnamed,
    )


def _has(item: Item | None, person: str) -> bool:
    return item is not None and person in item.people


def _change(key: str, old: Item | None, new: Item, names: Mapping[str, str]) -> Change | None:
    section, title = _section(new), _title(new)
    if old is None:
        return Change("added", section, key, title, None, when(new), new=new)
    fields = tuple(
        FieldChange(label, _named(label, a, names), _named(label, b, names))
        for (label, a), (_, b) in zip(_fields(old), _fields(new), strict=True)
        if a != b
    )
    moved = when(old) != when(new) or _instants(old) != _instants(new)
    if not moved and not fields:
        return None
    kind: ChangeKind = "moved" if moved else "changed"
    return Change(kind, section, key, title, when(old), when(new), fields, old, new)


def _named(label: str, value: str | None, names: Mapping[str, str]) -> str | None:
    """The people field shows names (it compares ids: two people may share a name)."""
    if label != "people" or value is None:
        return value
    return ", ".join(names.get(key, key) for key in value.split(", "))


def _removed(key: str, item: Item) -> Change:
    return Change("removed", _section(item), key, _title(item), when(item), None, old=item)


def _keyed(mission: Mission) -> dict[str, Item]:
    """Items by identity: `id:<id>` for written ids, `content:<stand-in>` for the others.

    The stand-in is the one calendars use for the item's UID (export/ical/identity): derived
    from the item's whole content, numbered among identical twins, which are indistinguishable.
    """
    from missionplan.export.ical.identity import Identities

    identities = Identities(mission)
    written = written_ids(mission)
    return {
        f"{'id' if item.id in written else 'content'}:{identities.of(item)}": item
        for item in mission.items
    }


def written_ids(mission: Mission) -> set[str]:
    """The ids written in the file (the resolver gives the other items a stand-in)."""
    return set(mission.written_ids)


def _section(item: Item) -> str:
    return {Leg: "travel", Stay: "stays", Event: "events"}[type(item)]


def _title(item: Item) -> str:
    if isinstance(item, Leg):
        return wording.leg_title(item)
    if isinstance(item, Stay):
        return f"Stay: {item.name}"
    assert isinstance(item, Event)
    return item.title


# -- what is compared ---------------------------------------------------------------------------

_Field = tuple[str, Callable[[Item], str | None]]


def _names(item: Item) -> str | None:
    return ", ".join(item.people) or None


def _joined(values: Sequence[str]) -> str | None:
    return "; ".join(values) or None


_LEG_FIELDS: list[tuple[str, Callable[[Leg], str | None]]] = [
    ("mode", lambda leg: leg.mode),
    ("from", lambda leg: leg.origin.label),
    ("to", lambda leg: leg.destination.label),
    ("carrier", lambda leg: leg.carrier),
    ("flight number", lambda leg: leg.number),
    ("booking reference", lambda leg: leg.reference),
    ("ticket", lambda leg: leg.ticket),
    ("seat", lambda leg: leg.seat),
    ("class", lambda leg: leg.travel_class),
    ("departure terminal", lambda leg: leg.depart_terminal),
    ("arrival terminal", lambda leg: leg.arrive_terminal),
    ("status", lambda leg: leg.status),
    ("notes", lambda leg: leg.notes),
]
_STAY_FIELDS: list[tuple[str, Callable[[Stay], str | None]]] = [
    ("hotel", lambda stay: stay.name),
    ("place", lambda stay: stay.place.label),
    ("address", lambda stay: stay.address),
    ("phone", lambda stay: stay.phone),
    ("booking reference", lambda stay: stay.reference),
    ("status", lambda stay: stay.status),
    ("notes", lambda stay: stay.notes),
]
_EVENT_FIELDS: list[tuple[str, Callable[[Event], str | None]]] = [
    ("title", lambda event: event.title),
    ("kind", lambda event: event.kind),
    ("place", lambda event: event.place.label),
    ("venue", lambda event: event.venue),
    ("address", lambda event: event.address),
    ("counterparts", lambda event: _joined(event.counterparts)),
    ("notes", lambda event: event.notes),
    ("link", lambda event: event.url),
    ("online link", lambda event: event.online),
    ("joining remotely", lambda event: ", ".join(event.remote) or None),
    ("status", lambda event: event.status),
]


def _fields(item: Item) -> list[tuple[str, str | None]]:
    """(label, shown value) of every field compared, the same labels for the same kind."""
    if isinstance(item, Leg):
        shown = [(label, get(item)) for label, get in _LEG_FIELDS]
        if item.mode != "flight":
            shown = [("number" if label == "flight number" else label, v) for label, v in shown]
    elif isinstance(item, Stay):
        shown = [(label, get(item)) for label, get in _STAY_FIELDS]
    else:
        assert isinstance(item, Event)
        shown = [(label, get(item)) for label, get in _EVENT_FIELDS]
    return [*shown, ("people", _names(item))]


def _instants(item: Item) -> tuple[float, ...]:
    if isinstance(item, Leg):
        return (item.depart_ts, item.arrive_ts)
    if isinstance(item, Event):
        return tuple(t for s in item.sessions for t in (s.start_ts, s.end_ts))
    return ()


# -- when, in local times -------------------------------------------------------------------------


def when(item: Item) -> str:
    """When an item happens, in the local times of its places, e.g.
    `Mon 2022-05-23 10:00-11:00 (Dushanbe time)`."""
    if isinstance(item, Leg):
        return (
            f"{_moment(item.depart)} {item.origin.city} -> "
            f"{_moment(item.arrive, item.depart)} {item.destination.city} (local times)"
        )
    if isinstance(item, Stay):
        nights = len(item.nights)
        return (
            f"check-in {_moment(item.check_in)}, check-out {_moment(item.check_out)}"
            f" ({nights} night{'s' if nights != 1 else ''})"
        )
    assert isinstance(item, Event)
    days = _day(item.first_day)
    if item.last_day != item.first_day:
        days += f" to {_day(item.last_day)}"
    if item.all_day:
        return f"{days} (all day)"
    zone = f"({item.place.city} time)"
    if item.hours is not None:
        start, end = item.hours
        return f"{days}, {start:%H:%M}-{end:%H:%M} each day {zone}"
    return f"{_moment(item.start)}-{_moment(item.end, item.start)} {zone}"


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _moment(moment: date | datetime, after: date | datetime | None = None) -> str:
    """A date, or a local date and time; the date left out when it is that of `after`."""
    if not isinstance(moment, datetime):
        return _day(moment)
    if isinstance(after, datetime) and after.date() == moment.date():
        return f"{moment:%H:%M}"
    return f"{_day(moment.date())} {moment:%H:%M}"


def affected(found: MissionDiff) -> Iterable[PersonChanges]:
    """The people with at least one change."""
    return (p for p in found.people if p.changes)
