"""`publish`: validate missions, then bring every person's CalDAV collection up to date with them."""

from __future__ import annotations

import netrc
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from missionplan.app.validate import check_paths
from missionplan.checks.report import FileReport
from missionplan.deliver.caldav import Outcome, Server, Wanted, digest, synchronise
from missionplan.errors import MissionplanError
from missionplan.plan.plan import Mission

PASSWORD_VARIABLE = "MISSIONPLAN_CALDAV_PASSWORD"


@dataclass(frozen=True)
class Target:
    """Where and as whom to publish."""

    url: str
    user: str | None = None
    password: str | None = None
    verify: bool | str = True


@dataclass
class Published:
    """What `publish` found and did: the reports of the files, and one outcome per person."""

    reports: list[FileReport]
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files not published, with the reason

    @property
    def conflicts(self) -> list[str]:
        return [f"{o.person}: {c}" for o in self.outcomes for c in o.conflicts]


def credentials(url: str, user: str | None) -> tuple[str | None, str | None]:
    """The user and password: --user, then MISSIONPLAN_CALDAV_PASSWORD, else ~/.netrc (NETRC)."""
    password = os.environ.get(PASSWORD_VARIABLE) or None
    if password is not None:
        return user, password
    host = urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        entry = None
    if entry is None:
        return user, None
    login, _account, secret = entry
    if user is not None and login and login != user:
        return user, None
    return user or login or None, secret or None


def missions_of(
    paths: Sequence[Path], ignore: Sequence[str] = ()
) -> tuple[list[FileReport], list[tuple[Mission, Path]], list[str]]:
    """Validated missions with their files; files with errors or a repeated id are skipped."""
    from missionplan.source.discover import mission_files

    reports = check_paths(paths, ignore=ignore)
    files = {f.name: f.path for f in mission_files(paths)}
    found: list[tuple[Mission, Path]] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for report in reports:
        mission = report.mission
        if report.unreadable is not None:
            skipped.append(report.unreadable)
        elif not report.ok or mission is None:
            skipped.append(f"{report.source.name}: has errors")
        elif mission.id in seen:
            skipped.append(
                f'{report.source.name}: mission id "{mission.id}" is also used by {seen[mission.id]}'
            )
        else:
            seen[mission.id] = report.source.name
            found.append((mission, files.get(report.source.name, Path(report.source.name))))
    return reports, found, skipped


def stamp_of(mission: Mission, path: Path) -> datetime:
    """DTSTAMP / LAST-MODIFIED: SOURCE_DATE_EPOCH, else [mission] issued, else the file's mtime.

    The file's time, not the clock: a rerun on an unchanged file gives the same bytes.
    """
    from missionplan.export.ical.events import dtstamp
    from missionplan.reproducible import source_date_epoch

    try:
        modified = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    except OSError:
        modified = datetime.now(UTC)
    return dtstamp(mission, source_date_epoch(), modified)


def people_of(missions: Sequence[tuple[Mission, Path]]) -> dict[str, str]:
    """Person id -> name, over all missions (the first mission naming them wins)."""
    names: dict[str, str] = {}
    for mission, _path in missions:
        for key, person in mission.people.items():
            names.setdefault(key, person.name)
    return names


def wanted_events(missions: Sequence[tuple[Mission, Path]], person: str) -> list[Wanted]:
    """The person's events across missions, each as a CalDAV resource with its digest."""
    from missionplan.export.ical.calendar import resource
    from missionplan.export.ical.events import Options, components

    found = []
    for mission, path in missions:
        if person not in mission.people:
            continue
        # a published calendar drops cancelled items: publish removes the ones it put there
        options = Options(stamp_of(mission, path), cancelled=False)
        for event in components(mission, options, [person]):
            event.digest = digest(resource(event))
            found.append(
                Wanted(
                    uid=event.uid,
                    mission=mission.id,
                    summary=str(event.name),
                    body=resource(event),
                    digest=event.digest,
                )
            )
    return found


def publish(
    paths: Sequence[Path],
    target: Target,
    *,
    people: Sequence[str] = (),
    dry_run: bool = False,
    force: bool = False,
    ignore: Sequence[str] = (),
) -> Published:
    """Synchronise each person's collection at `target.url/<person-id>/` with the missions."""
    reports, missions, skipped = missions_of(paths, ignore)
    result = Published(reports, skipped=skipped)
    if not missions:
        return result
    names = people_of(missions)
    unknown = [p for p in people if p not in names]
    if unknown:
        raise MissionplanError(
            f"--person {unknown[0]}: nobody of that id in these missions ({', '.join(names)})"
        )
    server = Server(target.url, user=target.user, password=target.password, verify=target.verify)
    chosen = list(dict.fromkeys(people)) or list(names)
    if not people:
        # A person no longer in any mission still has a collection: empty it of our events.
        chosen += [p for p in server.persons() if p not in names]
    mission_ids = [m.id for m, _ in missions]
    for person in chosen:
        result.outcomes.append(
            synchronise(
                server,
                person,
                f"{names.get(person, person)} (missions)",
                wanted_events(missions, person),
                mission_ids,
                dry_run=dry_run,
                force=force,
            )
        )
    return result
