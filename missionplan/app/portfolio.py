"""A portfolio read for answers (where, check-ins, trips): every file loaded and resolved, no rules run.

The answers need the resolved plans, not the rule findings: `validate` reports those. Files
that cannot be read, or whose errors leave items out, are reported with positions, and the
answers are given from what could be read.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from missionplan.app import cache
from missionplan.app.validate import _collector_paused, check_source
from missionplan.checks.report import FileReport
from missionplan.errors import InputError
from missionplan.plan.identity import normal_name
from missionplan.plan.plan import Mission
from missionplan.plan.whereabouts import Whereabouts, of_run
from missionplan.source.discover import mission_files
from missionplan.source.loader import read
from missionplan.source.text import Source


@dataclass
class Portfolio:
    """The missions that could be read, the reports of files with errors, and everyone's one
    timeline across the files (people matched by email, else by name)."""

    missions: list[Mission]
    problems: list[FileReport] = field(default_factory=list)
    #: The text of each mission's file, by id() of the mission: the answers quote lines of it.
    sources: dict[int, Source] = field(default_factory=dict)

    def source(self, mission: Mission) -> Source:
        """The text of the file `mission` was read from."""
        return self.sources[id(mission)]

    @functools.cached_property
    def whereabouts(self) -> Whereabouts:
        return of_run(self.missions)

    @functools.cached_property
    def identity(self) -> dict[tuple[int, str], str]:
        """(mission index, person id) -> the identity the timeline knows them by."""
        name = self.whereabouts.identity
        return {(i, key): name(i, key) for i, m in enumerate(self.missions) for key in m.people}

    @property
    def unreadable(self) -> bool:
        return any(report.unreadable is not None for report in self.problems)

    def person_identity(self, wanted: str) -> str | None:
        """The identity of a person given by id (in any file), email or name; None if unknown."""
        folded = wanted.casefold()
        for (index, key), identity in self.identity.items():
            person = self.missions[index].people[key]
            if (
                key == wanted
                or (person.email is not None and person.email.casefold() == folded)
                or normal_name(person.name) == normal_name(wanted)
            ):
                return identity
        return None


def load(paths: Sequence[Path]) -> Portfolio:
    """Read and resolve every mission file under `paths` (files and directories)."""
    missions: list[Mission] = []
    problems: list[FileReport] = []
    sources: dict[int, Source] = {}
    # as validate does: many small objects, no cycles worth a scan; through the result cache
    with _collector_paused(), cache.opened() as store:
        for found in mission_files(paths):
            try:
                if found.problem is not None:
                    raise InputError(found.problem)
                source = read(found.path, found.name)
            except InputError as error:
                problems.append(FileReport(Source(found.name, ""), None, unreadable=str(error)))
                continue
            report = check_source(source, store, rules=False)
            errors = report.errors
            if errors:
                problems.append(FileReport(source, report.mission, errors))
            if report.mission is not None:
                missions.append(report.mission)
                sources[id(report.mission)] = source
    return Portfolio(missions, problems, sources)
