"""The notify job: work out each person's notices, write them to the outbox, optionally send.

Outbox layout (everything under the folder the user names):

    <outbox>/sent.json                                  what each person received (deliver/mail)
    <outbox>/<mission>/r<revision>/plan.toml            the plan as announced, for the next diff
    <outbox>/<mission>/r<revision>/<person>/NN-<method>-<item>.eml

Without `--since`, each person's notices start from the revision they last received in full
(its plan.toml); someone who never received one gets everything as REQUESTs.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from missionplan.app.notify import NoticeError, Notices, notices
from missionplan.app.notify_message import build, message_id
from missionplan.deliver.files import make_directory, write_atomic
from missionplan.deliver.mail import Outgoing, Sent, SentLog, Server, send
from missionplan.export.ical.events import Options, dtstamp
from missionplan.plan.plan import Mission
from missionplan.printable import printable
from missionplan.source.text import Source

PLAN_FILE = "plan.toml"


@dataclass(frozen=True)
class Outcome:
    """What a notify run wrote (and sent)."""

    notices: Notices
    folder: Path
    messages: tuple[Outgoing, ...]
    sent: Sent | None = None


def revision_folder(outbox: Path, mission: str, revision: int) -> Path:
    return outbox / mission / f"r{revision}"


def previous(new: Mission, outbox: Path, log: SentLog) -> dict[str, Mission | None]:
    """Each person's last fully received revision of the plan, from the outbox's snapshots."""
    from missionplan.app.validate import check_file

    olds: dict[str, Mission | None] = {}
    loaded: dict[int, Mission] = {}
    people = set(new.people) | set(log.data["missions"].get(new.id, {}).get("people", {}))
    for person in sorted(people):
        revision = log.received(new.id, person)
        if revision is None:
            olds[person] = None
            continue
        if revision not in loaded:
            snapshot = revision_folder(outbox, new.id, revision) / PLAN_FILE
            report = check_file(snapshot)
            if report.mission is None or report.mission.id != new.id:
                raise NoticeError(
                    f"{snapshot}: the plan {person} last received cannot be read back;"
                    " give --since OLD"
                )
            loaded[revision] = report.mission
        olds[person] = loaded[revision]
    return olds


def write(
    new: Mission,
    source: Source,
    olds: Mapping[str, Mission | None],
    outbox: Path,
    source_date_epoch: int | None,
) -> Outcome:
    """Write every notice as an .eml file and the plan as announced (`source`, the text `new`
    was read from); nothing is sent."""
    now = datetime.now(UTC).replace(microsecond=0)
    when = datetime.fromtimestamp(source_date_epoch, UTC) if source_date_epoch is not None else now
    found = notices(new, source, olds, Options(dtstamp(new, source_date_epoch, now)))
    folder = revision_folder(outbox, new.id, new.revision)
    make_directory(folder)
    write_atomic(folder / PLAN_FILE, source.text.encode("utf-8"), within=outbox)
    messages: list[Outgoing] = []
    by_person: dict[str, list[Path]] = {}
    for notice in found.notices:
        mine = found.changes[notice.person]
        message = build(notice, mine, new.title, new.revision, found.organizer, when)
        local = notice.invitation.uid.rpartition("@")[0].removeprefix(f"{new.id}.")
        name = f"{notice.number:02d}-{notice.invitation.method.lower()}-{local}.eml"
        path = folder / notice.person / name
        make_directory(path.parent)
        write_atomic(path, message.as_bytes(), within=outbox)
        by_person.setdefault(notice.person, []).append(path)
        messages.append(
            Outgoing(
                notice.person,
                found.organizer.email,
                notice.recipient.email,
                message_id(notice, found.organizer),
                path,
                new.revision,
                notice.invitation.uid,
                notice.invitation.method,
            )
        )
    _remove_stale(folder, by_person, outbox)
    return Outcome(found, folder, tuple(messages))


def deliver(outcome: Outcome, outbox: Path, server: Server, log: SentLog) -> Outcome:
    """Send what the outbox holds and was not sent before; record who now has the revision."""
    mission = outcome.notices.mission
    result = send(mission.id, outcome.messages, server, log)
    unsent = {m.person for m in result.unsent}
    for person in outcome.notices.since:
        email = outcome.notices.changes[person].email
        if person in unsent or email is None:
            continue
        if log.received(mission.id, person) != mission.revision:
            log.record_received(mission.id, person, email, mission.revision)
    return Outcome(outcome.notices, outcome.folder, outcome.messages, result)


def _remove_stale(folder: Path, written: Mapping[str, list[Path]], outbox: Path) -> None:
    """Message files of this revision that an earlier run wrote and this one did not."""
    root = Path(os.path.realpath(outbox))
    for person_folder in folder.iterdir():
        if not person_folder.is_dir() or root not in Path(os.path.realpath(person_folder)).parents:
            continue
        keep = set(written.get(person_folder.name, []))
        for old in person_folder.glob("[0-9][0-9]-*.eml"):
            if old not in keep:
                with contextlib.suppress(OSError):
                    old.unlink()


def report(outcome: Outcome) -> str:
    """Who gets what, who is not notified and why, and what was sent."""
    found = outcome.notices
    mission = found.mission
    lines = [f"Mission {mission.id}, revision {mission.revision}: {outcome.folder}"]
    sent = outcome.sent
    done = {m.message_id for m in sent.sent} if sent else set()
    before = {m.message_id for m in sent.already} if sent else set()
    for person in dict.fromkeys(n.person for n in found.notices):
        mine = [m for m in outcome.messages if m.person == person]
        notice = next(n for n in found.notices if n.person == person)
        methods = Counter(m.method for m in mine)
        since = "everything" if notice.since is None else f"since revision {notice.since}"
        counts = ", ".join(f"{n} {method}" for method, n in sorted(methods.items()))
        line = (
            f"  {printable(notice.recipient.name)} <{notice.recipient.email}>:"
            f" {len(mine)} message{'s' if len(mine) != 1 else ''} ({counts}; {since})"
        )
        if sent is not None:
            now = sum(m.message_id in done for m in mine)
            earlier = sum(m.message_id in before for m in mine)
            line += f", sent {now}" + (f", {earlier} sent before" if earlier else "")
            if now + earlier < len(mine):
                line += f", NOT SENT {len(mine) - now - earlier}"
        lines.append(line)
    if found.not_notified:
        lines.append("Not notified:")
        lines += [f"  {printable(p.name)} ({p.person}): {p.reason}" for p in found.not_notified]
    return "\n".join(lines) + "\n"
