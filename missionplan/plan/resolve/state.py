"""What a resolution carries from step to step: the model, the source, findings, seen ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Literal, TypeVar

from missionplan.checks.finding import Finding, Rule
from missionplan.plan.plan import Location
from missionplan.source import model
from missionplan.source.sourcemap import KeyPath
from missionplan.source.text import Source

_T = TypeVar("_T")


class Resolution:
    """The state shared by the resolve steps (places, people, times, items) of one file."""

    def __init__(
        self,
        itinerary: model.Itinerary,
        source: Source,
        declared: dict[str, frozenset[str]],
        origins: dict[str, list[int]],
    ) -> None:
        self.raw = itinerary
        self.source = source
        # ids whose tables were invalid: reported already, so references to them are not
        self.broken_people = declared.get("people", frozenset()) - set(itinerary.people)
        self.broken_places = declared.get("places", frozenset()) - set(itinerary.places)
        self.origins = origins
        self.findings: list[Finding] = []
        self.places: dict[str, Location] = {}
        self.ids: dict[str, list[KeyPath]] = {}
        self.incomplete: set[str] = set()
        #: former airport codes already explained in this file (MP108 once per code)
        self.former_seen: set[str] = set()
        #: ids the file writes; `taken` adds the stand-ins given to items without one
        self.written_ids = frozenset(
            ident
            for items in (itinerary.travel, itinerary.stays, itinerary.events)
            for ident in (item.id for item in items)
            if ident is not None
        )
        self.taken: set[str] = set(self.written_ids)

    def report(
        self,
        rule: Rule,
        path: KeyPath,
        message: str,
        hint: str | None = None,
        on: Literal["key", "value"] = "value",
    ) -> None:
        self.findings.append(rule.finding(path, message, hint, on=on))

    def numbered(self, section: str, items: list[_T]) -> list[tuple[int, _T]]:
        """Items with their index in the file (some may have been left out as invalid)."""
        indices = self.origins.get(section, range(len(items)))
        return list(zip(indices, items, strict=True))


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None
