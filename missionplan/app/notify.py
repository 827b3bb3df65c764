"""Change notices: for each person, one iMIP message per calendar item that changed for them.

Grouping: one message per UID. Outlook and Exchange turn the one text/calendar part of a
message into the meeting (MS-OXCICAL 2.1.3.3 reads "the" text/calendar part; Outlook handles
one UID per iTIP message), Gmail and Thunderbird show one invitation per message, and further
calendar parts end up as plain attachments that import as duplicates. So a person whose plan
changed in three items gets three messages, each with the summary of all their changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from missionplan.app.diff import Change, PersonChanges, diff
from missionplan.errors import EXIT_PROBLEMS, MissionplanError
from missionplan.export.ical.events import Options
from missionplan.export.ical.imip import Invitation, Party, cancel, request
from missionplan.plan.plan import Mission
from missionplan.source.text import Source


class NoticeError(MissionplanError):
    """A mission file that cannot be announced as it is: exit 1, like a finding."""

    exit_code = EXIT_PROBLEMS


@dataclass(frozen=True)
class Notice:
    """One message: to whom, about which change, with which invitation, and its place in line."""

    person: str
    recipient: Party
    since: int | None
    change: Change
    invitation: Invitation
    number: int
    count: int


@dataclass(frozen=True)
class NotNotified:
    """A person who gets no message, and why."""

    person: str
    name: str
    reason: str


@dataclass(frozen=True)
class Notices:
    """Everything one `notify` run would send, and whom it leaves out."""

    mission: Mission
    organizer: Party
    notices: tuple[Notice, ...]
    not_notified: tuple[NotNotified, ...]
    changes: Mapping[str, PersonChanges]
    #: Each person with an email, by the revision their notices start from (None: first).
    since: Mapping[str, int | None]


def organizer(mission: Mission, source: Source) -> Party:
    """`[mission] organizer` as a Party; NoticeError, at the line of `[mission]` in `source`,
    when it is missing."""
    from email.headerregistry import Address
    from email.utils import parseaddr

    given = mission.organizer
    if given is None:
        line = source.span(("mission",), on="key").line
        raise NoticeError(
            f'{source.name}:{line}: [mission] needs organizer = "Name <email>" to send'
            " change notices: it is the sender of every message and the ORGANIZER of every"
            " invitation, and must be a real mailbox"
        )
    name, email = parseaddr(given)
    Address(addr_spec=email)  # the model's pattern already vouches for it
    return Party(name, email)


def notices(
    new: Mission, source: Source, olds: Mapping[str, Mission | None], options: Options
) -> Notices:
    """The notices from each person's last revision (`olds`, by person; None: first notice).

    People in neither mapping start from nothing: the first notice sends everything.
    """
    sender = organizer(new, source)
    everyone = dict.fromkeys([*new.people, *(p for p, old in olds.items() if old is not None)])
    found: list[Notice] = []
    skipped: list[NotNotified] = []
    changes: dict[str, PersonChanges] = {}
    since: dict[str, int | None] = {}
    for person in everyone:
        old = olds.get(person)
        mine = diff(old, new).person(person)
        if old is not None and mine.changes and old.revision >= new.revision:
            raise NoticeError(
                f"{new.origin}: revision {new.revision} changes {mine.name}'s items but is"
                f" not above revision {old.revision} they received; bump [mission] revision"
            )
        changes[person] = mine
        if mine.email is None:
            reason = "no email address" if mine.changes else "no changes, no email address"
            skipped.append(NotNotified(person, mine.name, reason))
            continue
        if not mine.email.isascii():
            skipped.append(NotNotified(person, mine.name, "email address is not ASCII"))
            continue
        since[person] = old.revision if old is not None else None
        if not mine.changes:
            skipped.append(NotNotified(person, mine.name, "no changes"))
            continue
        invitations = _invitations(new, old, mine, sender, options)
        for number, (change, invitation) in enumerate(invitations, start=1):
            recipient = Party(mine.name, mine.email)
            found.append(
                Notice(
                    person,
                    recipient,
                    since[person],
                    change,
                    invitation,
                    number,
                    len(invitations),
                )
            )
    return Notices(new, sender, tuple(found), tuple(skipped), changes, since)


def _invitations(
    new: Mission, old: Mission | None, mine: PersonChanges, sender: Party, options: Options
) -> list[tuple[Change, Invitation]]:
    """REQUESTs for what was added or changed, then CANCELs for UIDs the person no longer has."""
    assert mine.email is not None
    attendee = Party(mine.name, mine.email)
    found = [
        (change, invitation)
        for change in mine.changes
        if change.new is not None and change.kind != "removed"
        for invitation in request(new, change.new, options, sender, attendee)
    ]
    requested = frozenset(invitation.uid for _, invitation in found)
    for change in mine.changes:
        if change.old is not None:
            assert old is not None
            found += [
                (change, invitation)
                for invitation in cancel(
                    old, change.old, new.revision, options, sender, attendee, requested
                )
            ]
    return found
