"""CalDAV delivery: one collection per person, synchronised by UID with ETags; others' events untouched.

Every event missionplan stores carries its mission (`X-MISSIONPLAN-MISSION`) and a digest of
what it wrote (`X-MISSIONPLAN-DIGEST`). An event on the server is ours when its UID has
missionplan's domain and it names a mission; only ours, and only of the missions being
published, are ever replaced or deleted. The digest tells whether someone changed the event on
the server since: then it is a conflict, reported and left alone unless `force`.

Writes are conditional: a new event with `If-None-Match: *`, a replacement or deletion with
`If-Match` on the ETag just read, so a change made in between is a 412 conflict, not lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import icalendar
from caldav.collection import Calendar, CalendarSet
from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as dav_error

from missionplan.errors import MissionplanError
from missionplan.export.ical.identity import DIGEST_PROPERTY, MISSION_PROPERTY, is_ours

#: Properties a calendar client may change without changing the event (alarms acknowledged,
#: its own bookkeeping), and our stamps; left out of the digest.
_NOT_CONTENT = {"DTSTAMP", "LAST-MODIFIED", "ACKNOWLEDGED", "CREATED", DIGEST_PROPERTY}
#: X- properties that count as content. A client's own do not, and neither does KDE's
#: reservation JSON: its unescaped commas are cut off by some servers (Radicale keeps the
#: value up to the first comma); the booking it holds is in the description too.
_OUR_X = {MISSION_PROPERTY}
_TIMEOUT = 30


class CalDAVError(MissionplanError):
    """The server cannot be reached, refuses the credentials, or answers unexpectedly."""


@dataclass(frozen=True)
class Wanted:
    """One event to store: its UID, mission, summary and resource bytes (with the digest)."""

    uid: str
    mission: str
    summary: str
    body: bytes
    digest: str


@dataclass
class Outcome:
    """What one collection's synchronisation did (or, in a dry run, would do), by summary."""

    person: str
    created: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.added or self.updated or self.removed)


def digest(resource: bytes | str) -> str:
    """A digest of a resource's event as a parser reads it: property order, folding and the
    client's own X- properties and stamps do not count."""
    event = _event(resource)
    return _digest_of(event) if event is not None else ""


def _event(resource: bytes | str) -> Any:
    """The first VEVENT of a resource, parsed without the VTIMEZONEs around it (which are most
    of its text and none of its content)."""
    text = resource.decode("utf-8") if isinstance(resource, bytes) else resource
    start, end = text.find("BEGIN:VEVENT"), text.rfind("END:VEVENT")
    if start < 0 or end < start:
        return None
    body = "BEGIN:VCALENDAR\r\n" + text[start : end + len("END:VEVENT")] + "\r\nEND:VCALENDAR\r\n"
    events = list(icalendar.Calendar.from_ical(body).walk("VEVENT"))
    return events[0] if events else None


def _digest_of(component: Any) -> str:
    lines: list[str] = []

    def walk(node: Any, depth: int) -> None:
        for name, value in node.property_items(recursive=False):
            upper = name.upper()
            if upper in {"BEGIN", "END"} or upper in _NOT_CONTENT:
                continue
            if upper.startswith("X-") and upper not in _OUR_X:
                continue
            params = ";".join(f"{k.upper()}={v}" for k, v in sorted(value.params.items()))
            # TEXT as its decoded value: servers may escape it differently when they store it
            shown = str(value) if isinstance(value, icalendar.vText) else value.to_ical()
            if isinstance(shown, bytes):
                shown = shown.decode("utf-8")
            lines.append(f"{depth}:{upper};{params}:{shown}")
        for child in node.subcomponents:
            lines.append(f"{depth}:BEGIN:{child.name}")
            walk(child, depth + 1)

    walk(component, 0)
    # Order inside a component does not count; children keep their place by depth markers.
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()[:32]


@dataclass
class _Found:
    href: str
    etag: str | None
    uid: str
    mission: str | None
    stored: str | None  # the digest written with it
    current: str  # the digest of what is there now
    summary: str


class Server:
    """A CalDAV account at `url`: person collections live at `url/<person-id>/`."""

    def __init__(
        self, url: str, *, user: str | None, password: str | None, verify: bool | str = True
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CalDAVError(f"--caldav {_safe(url)}: not an http(s) URL")
        if parts.username or parts.password:
            raise CalDAVError(
                "--caldav: put the user in --user and the password in"
                " MISSIONPLAN_CALDAV_PASSWORD or ~/.netrc, not in the URL"
            )
        self.url = url if url.endswith("/") else url + "/"
        self.client = DAVClient(
            url=self.url,
            username=user,
            password=password,
            ssl_verify_cert=verify,
            timeout=_TIMEOUT,
            enable_rfc6764=False,
        )

    def collection_url(self, person: str) -> str:
        return self.url + quote(person, safe="") + "/"

    def collection(self, person: str) -> Calendar | None:
        """The person's collection, or None when the server has none yet."""
        found = Calendar(self.client, url=self.collection_url(person))
        try:
            _guarded(lambda: found.get_properties([dav.DisplayName()]), self.url)
        except dav_error.NotFoundError:
            return None
        return found

    def create(self, person: str, display_name: str) -> Calendar:
        """MKCALENDAR `url/<person>/` with a display name."""
        home = CalendarSet(self.client, url=self.url)
        made: Calendar = _guarded(
            lambda: home.make_calendar(name=display_name, cal_id=person), self.url
        )
        return made

    def persons(self) -> list[str]:
        """The names of the collections directly under the URL (to find people removed)."""
        home = CalendarSet(self.client, url=self.url)
        found = _guarded(home.calendars, self.url)
        names = []
        for calendar in found:
            path = str(calendar.url).rstrip("/")
            names.append(path.rsplit("/", 1)[-1])
        return names

    def read(self, collection: Calendar) -> list[_Found]:
        """Every VEVENT resource of the collection, with its ETag and who wrote it."""
        objects = _guarded(lambda: collection.search(event=True), self.url)
        found = []
        for item in objects:
            event = _event(item.data)
            if event is None:
                continue
            mission = event.get(MISSION_PROPERTY)
            stored = event.get(DIGEST_PROPERTY)
            found.append(
                _Found(
                    href=str(item.url),
                    etag=item.props.get(dav.GetEtag.tag),
                    uid=str(event.get("UID", "")),
                    mission=str(mission) if mission is not None else None,
                    stored=str(stored) if stored is not None else None,
                    current=_digest_of(event),
                    summary=str(event.get("SUMMARY", "")),
                )
            )
        return found

    def write(self, href: str, body: bytes, headers: Mapping[str, str]) -> int:
        response = _guarded(
            lambda: self.client.request(
                href,
                "PUT",
                body.decode("utf-8"),
                {"Content-Type": "text/calendar; charset=utf-8", **headers},
            ),
            self.url,
        )
        return int(response.status)

    def delete(self, href: str, etag: str | None) -> int:
        headers = {"If-Match": etag} if etag else {}
        response = _guarded(
            lambda: self.client.request(href, "DELETE", "", headers), self.url, allowed={404}
        )
        return int(response.status)


def synchronise(
    server: Server,
    person: str,
    display_name: str,
    wanted: Iterable[Wanted],
    missions: Iterable[str],
    *,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Make the person's collection hold exactly `wanted` among our events of `missions`."""
    run = _Run(server, Outcome(person), {w.uid: w for w in wanted}, set(missions), dry_run, force)
    collection = server.collection(person)
    if collection is None:
        run.outcome.created = True
        if not dry_run:
            server.create(person, display_name)
    else:
        for found in server.read(collection):
            run.settle(found)
    base = server.collection_url(person)
    for uid, target in run.wanted.items():
        if uid in run.seen:
            continue
        href = base + quote(uid, safe="@") + ".ics"
        if not dry_run and server.write(href, target.body, {"If-None-Match": "*"}) == 412:
            run.outcome.conflicts.append(f"{target.summary}: created on the server meanwhile")
            continue
        run.outcome.added.append(target.summary)
    return run.outcome


@dataclass
class _Run:
    server: Server
    outcome: Outcome
    wanted: dict[str, Wanted]
    missions: set[str]
    dry_run: bool
    force: bool
    seen: set[str] = field(default_factory=set)

    def settle(self, found: _Found) -> None:
        """Keep, replace or delete one event found on the server, or report a conflict."""
        target = self.wanted.get(found.uid)
        if not (is_ours(found.uid) and found.mission is not None):
            if target is not None:  # someone else's event holds our UID
                self.seen.add(found.uid)
                if self.force:
                    self.replace(found, target)
                else:
                    self.conflict(
                        found,
                        f"an event with UID {found.uid} exists that missionplan did not write",
                    )
            return
        if found.mission not in self.missions:
            return  # another mission's event: not ours to judge now
        edited = found.stored != found.current
        if target is None or found.uid in self.seen:  # gone from the plan, or a duplicate
            if edited and not self.force:
                self.conflict(found, "changed on the server; not removed (--force removes it)")
            elif self.dry_run or self.server.delete(found.href, found.etag) != 412:
                self.outcome.removed.append(found.summary)
            else:
                self.conflict(found, "changed on the server meanwhile")
            return
        self.seen.add(found.uid)
        if edited and not self.force:
            self.conflict(found, "changed on the server; not overwritten (--force overwrites)")
        elif edited or found.stored != target.digest:
            self.replace(found, target)

    def replace(self, found: _Found, target: Wanted) -> None:
        headers = {"If-Match": found.etag} if found.etag else {}
        if not self.dry_run and self.server.write(found.href, target.body, headers) == 412:
            self.conflict(found, "changed on the server meanwhile")
        else:
            self.outcome.updated.append(target.summary)

    def conflict(self, found: _Found, why: str) -> None:
        self.outcome.conflicts.append(f"{found.summary or found.uid}: {why}")


def _guarded(call: Any, url: str, allowed: frozenset[int] | set[int] = frozenset()) -> Any:
    """Run one request; turn transport and HTTP failures into one-line errors."""
    try:
        response = call()
    except dav_error.NotFoundError:
        raise
    except dav_error.AuthorizationError as failure:
        reason = "access denied (403)" if "403" in str(failure) else "login refused (401)"
        raise CalDAVError(f"{_safe(url)}: {reason}; check --user and the password") from None
    except dav_error.DAVError as failure:
        raise CalDAVError(f"{_safe(url)}: the server refused: {_first_line(failure)}") from None
    except OSError as failure:  # connection refused, DNS, TLS (niquests' errors are OSErrors)
        raise CalDAVError(f"{_safe(url)}: cannot reach the server: {_reason(failure)}") from None
    status = getattr(response, "status", None)
    if isinstance(status, int) and status >= 400 and status != 412 and status not in allowed:
        if status in (401, 403):
            raise CalDAVError(
                f"{_safe(url)}: access denied ({status}); check --user and the password"
            )
        raise CalDAVError(
            f"{_safe(url)}: the server answered {status} {getattr(response, 'reason', '')}".rstrip()
        )
    return response


def _first_line(failure: BaseException) -> str:
    text = str(failure).strip().splitlines()
    return text[0] if text else type(failure).__name__


def _reason(failure: BaseException) -> str:
    text = str(failure)
    for marker in ("Connection refused", "Name or service not known", "timed out", "CERTIFICATE"):
        if marker.lower() in text.lower():
            return marker.lower() if marker != "CERTIFICATE" else "TLS certificate not trusted"
    return _first_line(failure)[:120]


def _safe(url: str) -> str:
    """The URL without any user or password in it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
