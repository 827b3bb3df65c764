"""Delivery as part of `build`: the project file `missionplan.toml` says where calendars go.

    [publish]                      # CalDAV: each person's calendar at caldav/<person-id>/
    caldav = "https://dav.example.org/calendars/planner/"
    user = "planner"               # password: MISSIONPLAN_CALDAV_PASSWORD, else ~/.netrc

    [feeds]                        # subscription feeds, written for a web server to serve
    base_url = "https://plans.example.org/feeds"
    output = "public/feeds"        # default: <build output>/feeds
    secret_file = "feed-secret"    # default: ~/.config/missionplan/feed-secret

Paths in the file are relative to the file. Either section may be left out.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from missionplan.errors import InputError, MissionplanError

CONFIG_NAME = "missionplan.toml"
_KEYS = {"publish": {"caldav", "user"}, "feeds": {"base_url", "output", "secret_file"}}


@dataclass(frozen=True)
class Delivery:
    """Where `build` delivers calendars after writing its files."""

    caldav: str | None = None
    user: str | None = None
    base_url: str | None = None
    feeds_output: Path | None = None
    secret_file: Path | None = None


def load(path: Path | None) -> Delivery | None:
    """The delivery settings of `path`, or of ./missionplan.toml when it exists; else None."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML: {error}") from None
    for section, table in data.items():
        if section not in _KEYS or not isinstance(table, dict):
            raise InputError(f"{path}: unknown section [{section}] (known: publish, feeds)")
        for key, value in table.items():
            if key not in _KEYS[section]:
                known = ", ".join(sorted(_KEYS[section]))
                raise InputError(f"{path}: [{section}] has no key {key!r} (known: {known})")
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{path}: [{section}] {key} must be a non-empty string")
    publish, feeds = data.get("publish", {}), data.get("feeds", {})
    if publish and "caldav" not in publish:
        raise InputError(f'{path}: [publish] needs caldav = "https://..."')
    if feeds and "base_url" not in feeds:
        raise InputError(f'{path}: [feeds] needs base_url = "https://..."')
    here = path.parent
    return Delivery(
        caldav=publish.get("caldav"),
        user=publish.get("user"),
        base_url=feeds.get("base_url"),
        feeds_output=here / feeds["output"] if "output" in feeds else None,
        secret_file=here / feeds["secret_file"] if "secret_file" in feeds else None,
    )


def deliver(delivery: Delivery, paths: Sequence[Path], built: Path) -> list[str]:
    """Publish and write feeds as configured; lines to show. Conflicts are errors (exit 2)."""
    lines: list[str] = []
    if delivery.base_url is not None:
        from missionplan.app.feeds import write
        from missionplan.deliver.feeds import load_secret

        secret = load_secret(delivery.secret_file)
        directory = delivery.feeds_output or built / "feeds"
        result = write(paths, delivery.base_url, directory, secret)
        lines += [f"feed {a.person}: {a.url}" for a in result.addresses]
    if delivery.caldav is not None:
        from missionplan.app.publish import Target, credentials, publish

        user, password = credentials(delivery.caldav, delivery.user)
        published = publish(paths, Target(delivery.caldav, user, password))
        for outcome in published.outcomes:
            lines.append(
                f"published {outcome.person}: {len(outcome.added)} added,"
                f" {len(outcome.updated)} updated, {len(outcome.removed)} removed"
            )
        if published.conflicts:
            raise MissionplanError(
                f"publish: {len(published.conflicts)} conflict(s), first: {published.conflicts[0]};"
                " run `missionplan publish` to see them all"
            )
    return lines
