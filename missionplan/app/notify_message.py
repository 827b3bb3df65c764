"""One change notice as an RFC 5322 message: summary in text and HTML, and the iMIP part.

The message is built with the standard library's EmailMessage under the SMTP policy: every
header value from the mission file is encoded (RFC 2047) and folded, never split into
headers, and control characters are replaced before they get there. The calendar part is
`text/calendar; method=...` with the METHOD inside, in base64 so its CRLF lines arrive intact.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from missionplan.app.diff import Change, PersonChanges
from missionplan.app.diff_format import change_lines
from missionplan.app.notify import Notice
from missionplan.export.ical.imip import Party

_VERBS = {"added": "New", "moved": "Moved", "changed": "Updated", "removed": "Cancelled"}
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(value: str) -> str:
    """A header value from the file: line breaks and other controls become one space."""
    return " ".join(_CONTROLS.sub(" ", value).split())


def message_id(notice: Notice, sender: Party) -> str:
    """`<digest@organizer-domain>`, from who gets which invitation (its time stamps left out).

    The same notice written again has the same Message-ID, which is how sending knows what a
    person already received.
    """
    calendar = b"\r\n".join(
        line
        for line in notice.invitation.data.split(b"\r\n")
        if not line.startswith((b"DTSTAMP", b"LAST-MODIFIED"))
    )
    identity = "\x00".join(
        [notice.person, notice.recipient.email, str(notice.since), notice.invitation.method]
    )
    digest = hashlib.sha256(identity.encode() + b"\x00" + calendar).hexdigest()[:32]
    return f"<{digest}@{sender.email.rpartition('@')[2]}>"


def subject(notice: Notice, title: str, revision: int) -> str:
    verb = "Cancelled" if notice.invitation.method == "CANCEL" else _VERBS[notice.change.kind]
    return header_text(f"{verb}: {notice.invitation.summary} ({title}, revision {revision})")


def build(
    notice: Notice, mine: PersonChanges, title: str, revision: int, sender: Party, when: datetime
) -> EmailMessage:
    """The message for one notice; `mine` is everything that changed for that person."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(header_text(sender.name), addr_spec=sender.email)
    message["To"] = Address(header_text(notice.recipient.name), addr_spec=notice.recipient.email)
    message["Subject"] = subject(notice, title, revision)
    message["Date"] = format_datetime(when)
    identity = message_id(notice, sender)
    message["Message-ID"] = identity
    message["Auto-Submitted"] = "auto-generated"
    paragraphs = _paragraphs(notice, mine, title, revision, sender)
    message.set_content(_text(paragraphs), cte="quoted-printable")
    message.add_alternative(_html(paragraphs), subtype="html", cte="quoted-printable")
    message.add_alternative(
        notice.invitation.data,
        maintype="text",
        subtype="calendar",
        cte="base64",
        params={"method": notice.invitation.method, "charset": "UTF-8"},
    )
    # the same message, byte for byte, on every run (the generator would pick one at random)
    message.set_boundary(f"=_missionplan_{identity.strip('<>').partition('@')[0]}")
    return message


# A paragraph is a plain line of prose, or a list of changes (each a list of lines).
_Paragraph = str | list[list[str]]


def _paragraphs(
    notice: Notice, mine: PersonChanges, title: str, revision: int, sender: Party
) -> list[_Paragraph]:
    cancelled = notice.invitation.method == "CANCEL"
    action = (
        "The cancellation in this message removes it from your calendar."
        if cancelled
        else "The invitation in this message puts it in your calendar, or updates it there."
    )
    found: list[_Paragraph] = [
        f"Dear {mine.name},",
        f'Revision {revision} of the mission plan "{title}" changes your calendar:',
        [_this(notice.change, notice.invitation.summary, cancelled)],
        action,
    ]
    if notice.count > 1:
        found += [
            f"All your changes in revision {revision} (message {notice.number} of"
            f" {notice.count}, one per calendar item):",
            [change_lines(change) for change in mine.changes],
        ]
    found.append(f"Sent for {sender.name} <{sender.email}> by missionplan.")
    return found


def _this(change: Change, summary: str, cancelled: bool) -> list[str]:
    lines = change_lines(change)
    if cancelled and change.kind != "removed":
        # one day of an item that moved or shrank: that day is cancelled
        return [f"cancelled: {summary}", *lines[1:]]
    return lines


def _text(paragraphs: list[_Paragraph]) -> str:
    blocks = []
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            blocks.append(paragraph)
        else:
            blocks.append("\n".join(f"  {line}" for change in paragraph for line in change))
    return "\n\n".join(blocks) + "\n"


def _html(paragraphs: list[_Paragraph]) -> str:
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>']
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            out.append(f"<p>{html.escape(paragraph)}</p>")
            continue
        out.append("<ul>")
        for first, *rest in paragraph:
            details = "".join(f"<br>{html.escape(line.strip())}" for line in rest)
            out.append(f"<li><strong>{html.escape(first)}</strong>{details}</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
