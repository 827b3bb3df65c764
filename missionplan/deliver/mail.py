"""Sending an outbox over SMTP, with a record of what each person received.

The record (`sent.json` in the outbox) is rewritten atomically after every message, so a
failure halfway leaves exactly what was sent, what failed and why; sending again skips every
message whose Message-ID is recorded as sent, so each message is delivered once.
"""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from missionplan.deliver.files import write_atomic
from missionplan.errors import InputError, OutputError

STATE_FILE = "sent.json"
_FORMAT = 1


@dataclass(frozen=True)
class Outgoing:
    """One message file of the outbox, with its envelope."""

    person: str
    sender: str
    recipient: str
    message_id: str
    file: Path
    revision: int
    uid: str
    method: str


@dataclass(frozen=True)
class Server:
    """Where to send: `host:port`, STARTTLS or not, and a login if one is needed."""

    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Sent:
    """What one sending run did: messages sent now, sent before, and the failure that stopped it."""

    sent: tuple[Outgoing, ...]
    already: tuple[Outgoing, ...]
    unsent: tuple[Outgoing, ...]
    error: str | None = None


class SentLog:
    """The outbox's record: per mission and person, the messages sent and the last revision
    they received in full."""

    def __init__(self, outbox: Path) -> None:
        self.outbox = outbox
        self.path = outbox / STATE_FILE
        self.data: dict[str, Any] = {"format": _FORMAT, "missions": {}}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise InputError(f"{self.path}: cannot read the sending record: {error}") from None
            if not isinstance(loaded, dict) or loaded.get("format") != _FORMAT:
                raise InputError(f"{self.path}: not a missionplan sending record (format 1)")
            self.data = loaded

    def _person(self, mission: str, person: str) -> dict[str, Any]:
        people = self.data["missions"].setdefault(mission, {"people": {}})["people"]
        found: dict[str, Any] = people.setdefault(
            person, {"email": None, "received": None, "sent": {}, "failed": None}
        )
        return found

    def received(self, mission: str, person: str) -> int | None:
        """The last revision the person received in full, if any."""
        people = self.data["missions"].get(mission, {}).get("people", {})
        value = people.get(person, {}).get("received")
        return value if isinstance(value, int) else None

    def was_sent(self, mission: str, message: Outgoing) -> bool:
        return message.message_id in self._person(mission, message.person)["sent"]

    def record_sent(self, mission: str, message: Outgoing, at: datetime) -> None:
        entry = self._person(mission, message.person)
        entry["email"] = message.recipient
        entry["sent"][message.message_id] = {
            "file": message.file.as_posix(),
            "uid": message.uid,
            "method": message.method,
            "revision": message.revision,
            "at": at.isoformat(timespec="seconds"),
        }
        entry["failed"] = None
        self._save()

    def record_failure(self, mission: str, message: Outgoing, error: str, at: datetime) -> None:
        entry = self._person(mission, message.person)
        entry["failed"] = {
            "file": message.file.as_posix(),
            "message_id": message.message_id,
            "error": error,
            "at": at.isoformat(timespec="seconds"),
        }
        self._save()

    def record_received(self, mission: str, person: str, email: str, revision: int) -> None:
        entry = self._person(mission, person)
        entry["email"] = email
        entry["received"] = revision
        self._save()

    def _save(self) -> None:
        text = json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(self.path, text.encode("utf-8"), within=self.outbox)


def send(mission: str, messages: Sequence[Outgoing], server: Server, log: SentLog) -> Sent:
    """Send each message not recorded as sent, in order, stopping at the first failure."""
    already = tuple(m for m in messages if log.was_sent(mission, m))
    pending = [m for m in messages if not log.was_sent(mission, m)]
    if not pending:
        return Sent((), already, ())
    sent: list[Outgoing] = []
    current: Outgoing | None = None
    try:
        with _connect(server) as smtp:
            for message in pending:
                current = message
                data = message.file.read_bytes()
                smtp.sendmail(message.sender, [message.recipient], data)
                log.record_sent(mission, message, _now())
                sent.append(message)
                current = None
    except (smtplib.SMTPException, OSError) as error:
        reason = _reason(error)
        failed = current if current is not None else pending[len(sent)]
        log.record_failure(mission, failed, reason, _now())
        return Sent(tuple(sent), already, tuple(pending[len(sent) :]), reason)
    return Sent(tuple(sent), already, ())


def _connect(server: Server) -> smtplib.SMTP:
    try:
        smtp = smtplib.SMTP(server.host, server.port, timeout=30)
    except OSError as error:
        raise OutputError(
            f"cannot connect to {server.host}:{server.port}: {error.strerror or error}"
        ) from None
    try:
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if server.user is not None:
            smtp.login(server.user, server.password or "")
    except (smtplib.SMTPException, OSError) as error:
        smtp.close()
        raise OutputError(f"{server.host}:{server.port}: {_reason(error)}") from None
    return smtp


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        return f"server answered {error.smtp_code} {text}".strip()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + "; ".join(
            f"{who}: {code} {msg.decode('utf-8', 'replace')}"
            for who, (code, msg) in error.recipients.items()
        )
    if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
        return f"connection failed: {error.strerror or error}"
    return str(error) or type(error).__name__


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
