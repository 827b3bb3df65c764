"""Event identity: UIDs that stay with their item, and how a published event is known as ours.

An item's UID is `<mission-id>.<item-id>@missionplan`. The days of an event given with
`hours` are `<mission-id>.<item-id>.day<N>@missionplan` (day 1, 2, ...), so moving the event
to other dates keeps every UID.

An item without an `id` has no name of its own. Its position in the file is no identity:
removing the first of three meetings would hand its UID to the second, and a calendar would
move or cancel a meeting that still happens. Such an item's UID is therefore derived from its
whole content (`<mission-id>.<section>-<hash>@missionplan`): an unchanged item keeps its UID,
a changed one gets a new UID (the old event is removed and the new one added, never another
item's event updated), and identical items are told apart by how many identical ones precede
them, which matters to no one since they show the same thing. `missionplan ids` gives items
real ids, which is what lets a changed item update in place.

Every event also carries `X-MISSIONPLAN-MISSION` with its mission's id: together with the UID
domain it tells `publish` which events on a server it wrote, and which mission they belong to.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from missionplan.plan.plan import Item, Mission

UID_DOMAIN = "missionplan"
MISSION_PROPERTY = "X-MISSIONPLAN-MISSION"
DIGEST_PROPERTY = "X-MISSIONPLAN-DIGEST"

_SECTIONS = {"travel": "travel", "stays": "stay", "events": "event"}


def uid(mission_id: str, item_id: str, day: int | None = None, part: int = 0) -> str:
    """The UID of an item, or of day `day` (from 1) of an event given with hours; `part`
    (from 0) tells apart the sessions of a split day: `.day1`, `.day1-2`."""
    suffix = f".day{day}" if day is not None else ""
    suffix += f"-{part + 1}" if part else ""
    return f"{mission_id}.{item_id}{suffix}@{UID_DOMAIN}"


def is_ours(uid_value: str) -> bool:
    """Whether a UID has the form missionplan writes (the domain alone; see `MISSION_PROPERTY`)."""
    return uid_value.endswith(f"@{UID_DOMAIN}")


class Identities:
    """The identifier of every item of one mission: its written id, else a content stand-in."""

    def __init__(self, mission: Mission) -> None:
        self._given: dict[tuple[str, int], str] = {}
        seen: Counter[str] = Counter()
        items: list[Item] = [*mission.legs, *mission.stays, *mission.events, *mission.cancelled]
        written = {i.id for i in items}
        for item in sorted(items, key=lambda i: (str(i.path[0]), int(i.path[1]))):
            section, index = str(item.path[0]), int(item.path[1])
            if item.unnamed is None:
                continue
            digest = _digest(item.unnamed)
            seen[digest] += 1
            stand_in = f"{_SECTIONS.get(section, section)}-{digest[:16]}"
            if seen[digest] > 1:
                stand_in += f"-{seen[digest]}"
            while stand_in in written:  # a written id wins, always
                stand_in += "-unnamed"
            self._given[section, index] = stand_in

    def of(self, item: Item) -> str:
        """The item's id if the file gives one, else a stand-in derived from its content."""
        return self._given.get((str(item.path[0]), int(item.path[1])), item.id)


def _digest(content: Any) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
