"""`feeds`: one subscription calendar per person across missions, written into a folder to serve."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from missionplan.app.publish import missions_of, people_of, stamp_of
from missionplan.checks.report import FileReport
from missionplan.deliver.feeds import token, write_feeds
from missionplan.deliver.serve import Feed
from missionplan.deliver.serve import feed as make_feed
from missionplan.errors import MissionplanError
from missionplan.plan.plan import Mission

#: How often subscribers should fetch again (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = "PT1H"


@dataclass(frozen=True)
class Address:
    """One person's feed address, over https (or http) and as webcal."""

    person: str
    name: str
    url: str

    @property
    def webcal(self) -> str:
        return "webcal" + self.url[self.url.index(":") :]


@dataclass
class Feeds:
    """What `feeds` found and wrote."""

    reports: list[FileReport]
    skipped: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def feed(missions: Sequence[tuple[Mission, Path]], person: str, name: str) -> bytes:
    """The person's items of every mission as one PUBLISH calendar with a refresh interval."""
    from missionplan.export.ical.calendar import MissionCalendar, serialize
    from missionplan.export.ical.events import Options, components

    events = []
    for mission, path in missions:
        if person in mission.people:
            # a subscribed calendar drops cancelled items (the files keep them, marked)
            options = Options(stamp_of(mission, path), cancelled=False)
            events += components(mission, options, [person])
    calendar = MissionCalendar(events, title=f"{name}: missions", method="PUBLISH", refresh=REFRESH)
    return serialize(calendar)


def all_feeds(
    missions: Sequence[tuple[Mission, Path]], secret: bytes
) -> dict[tuple[str, str], bytes]:
    """(token, person) -> the person's feed, for everyone in the missions."""
    return {
        (token(secret, person), person): feed(missions, person, name)
        for person, name in people_of(missions).items()
    }


def address(base_url: str, secret: bytes, person: str, name: str) -> Address:
    base = base_url.rstrip("/")
    return Address(person, name, f"{base}/{token(secret, person)}/{quote(person, safe='')}.ics")


def check_base_url(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise MissionplanError(f"--base-url {base_url}: not an http(s) URL")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise MissionplanError(f"--base-url {base_url}: no user, query or fragment, please")


def write(paths: Sequence[Path], base_url: str, directory: Path, secret: bytes) -> Feeds:
    """Write DIR/<token>/<person-id>.ics for every person of the valid missions."""
    check_base_url(base_url)
    reports, missions, skipped = missions_of(paths)
    result = Feeds(reports, skipped=skipped)
    if not missions:
        return result
    result.written = write_feeds(directory, all_feeds(missions, secret))
    result.addresses = [
        address(base_url, secret, person, name) for person, name in people_of(missions).items()
    ]
    return result


def live(
    paths: Sequence[Path], secret: bytes
) -> tuple[Callable[[], tuple[Any, ...]], Callable[[], tuple[dict[str, Feed], list[str]]]]:
    """For `serve`: what to watch (the files and their times) and how to build the feeds."""
    from missionplan.source.discover import mission_files

    def watch() -> tuple[Any, ...]:
        found = []
        for item in mission_files(paths):
            try:
                stat = item.path.stat()
            except OSError:
                continue
            found.append((str(item.path), stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def build() -> tuple[dict[str, Feed], list[str]]:
        reports, missions, skipped = missions_of(paths)
        problems = [f"{r.source.name}: {d.message}" for r in reports for d in r.errors][:20]
        problems += [f"{reason}: not served" for reason in skipped]
        feeds = {}
        for person, name in people_of(missions).items():
            times = [_mtime(path) for mission, path in missions if person in mission.people]
            feeds[person] = make_feed(feed(missions, person, name), max(times, default=0.0))
        return feeds, problems

    return watch, build


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
