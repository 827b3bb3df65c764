"""`missionplan notify`: per-person iMIP messages, sent through a real SMTP server on loopback.

What arrives is read back with the standard library's email parser and with icalendar, a
second iCalendar implementation; the server is aiosmtpd, started and stopped by each test.
"""

from __future__ import annotations

import email
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
import revisions
from aiosmtpd.controller import Controller
from conftest import invoke
from hypothesis import given, settings
from hypothesis import strategies as st

MISSION = "iom-tjk-uzb-2022-05"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
HEADERS = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Type",
]


def uid(item: str) -> str:
    return f"{MISSION}.{item}@missionplan"


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it accepts; it can refuse or hang up after `limit`."""

    limit: int | None = None
    failure: str = "451"
    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd names it)
        if self.limit is not None and len(self.received) >= self.limit:
            if self.failure == "drop":
                server.transport.close()
                return "421 closing"
            return "451 4.3.0 mailbox busy, try again later"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for _sender, _to, data in self.received:
            message = email.message_from_bytes(data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, Controller]]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks readiness by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, controller
    finally:
        controller.stop()


def address(controller: Controller) -> str:
    return f"{controller.hostname}:{controller.port}"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    new = revisions.write(tmp_path, "new.toml", revisions.revised())
    return old, new


def _eml(folder: Path) -> dict[str, list[EmailMessage]]:
    """The outbox's messages by person folder."""
    found: dict[str, list[EmailMessage]] = {}
    for path in sorted(folder.glob(f"{MISSION}/r*/*/*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        found.setdefault(path.parent.name, []).append(message)
    return found


def _calendar(message: EmailMessage) -> tuple[str, icalendar.Calendar]:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one calendar part per message"
    method = parts[0].get_param("method")
    assert isinstance(method, str)
    data = parts[0].get_payload(decode=True)
    assert isinstance(data, bytes)
    return method, icalendar.Calendar.from_ical(data)


def _summary(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _invitation(message: EmailMessage) -> tuple[str, str, int, icalendar.Event]:
    method, calendar = _calendar(message)
    assert str(calendar["METHOD"]) == method
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1, "one UID per iTIP message"
    event = events[0]
    return method, str(event["UID"]), int(event["SEQUENCE"]), event


def test_notify_writes_one_invitation_per_changed_item_for_the_right_people(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = files
    outbox = tmp_path / "outbox"
    result = invoke("notify", new, "--since", old, "-o", outbox, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    found = _eml(outbox)
    assert set(found) == {"taher", "calderon"}

    taher = {_invitation(m)[:3]: m for m in found["taher"]}
    assert set(taher) == {
        ("REQUEST", uid("who-tajikistan"), 2),
        ("REQUEST", uid("taher-debrief"), 2),
        ("CANCEL", uid("who-uzbekistan"), 2),
    }
    for message in found["taher"]:
        assert message["To"].addresses[0].addr_spec == revisions.TAHER
        assert message["From"].addresses[0].addr_spec == "missions@iom.example"
        method, _uid, _seq, event = _invitation(message)
        assert str(event["ORGANIZER"]) == "mailto:missions@iom.example"
        attendees = event["ATTENDEE"]
        assert not isinstance(attendees, list), "the person is the one attendee"
        assert str(attendees) == f"mailto:{revisions.TAHER}"
        assert attendees.params["RSVP"] == "FALSE"
        summary = _summary(message)
        assert "Hotel Uzbekistan" not in summary  # Calderon's change
        assert "removed: Meeting with the WHO specialist, WHO Uzbekistan" in summary
        assert "Debrief with the IOM Uzbekistan chief of mission" in summary
        html = message.get_body(("html",))
        assert html is not None and "Hotel Uzbekistan" not in str(html.get_content())
        if method == "CANCEL":
            assert str(event["STATUS"]) == "CANCELLED"

    moved = taher["REQUEST", uid("who-tajikistan"), 2]
    event = _invitation(moved)[3]
    # the new literal times, local in Dushanbe
    assert event.decoded("DTSTART").isoformat() == "2022-05-24T08:00:00+05:00"
    assert event.decoded("DTEND").isoformat() == "2022-05-24T08:45:00+05:00"
    assert "was: Mon 2022-05-23 16:30-17:30 (Dushanbe time)" in _summary(moved)
    cancel = _invitation(taher["CANCEL", uid("who-uzbekistan"), 2])[3]
    assert cancel.decoded("DTSTART").isoformat() == "2022-05-31T10:00:00+05:00"

    (calderon,) = found["calderon"]
    assert _invitation(calderon)[:3] == ("REQUEST", uid("calderon-tashkent-hotel"), 2)
    assert str(_invitation(calderon)[3]["LOCATION"]).startswith("Hotel Uzbekistan")
    summary = _summary(calderon)
    assert 'hotel: "Hotel in Tashkent (to be confirmed)" -> "Hotel Uzbekistan"' in summary
    assert "WHO" not in summary and "Debrief" not in summary
    assert "Jaime Calderon <jaime.calderon@iom.example>: 1 message" in result.stdout


def test_a_person_without_changes_or_email_gets_no_message(tmp_path: Path) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    new = revisions.write(tmp_path, "new.toml", revisions.revised(hotel=False))
    outbox = tmp_path / "outbox"
    result = invoke("notify", new, "--since", old, "-o", outbox, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert set(_eml(outbox)) == {"taher"}
    assert "Jaime Calderon (calderon): no changes" in result.stdout

    no_mail = new.read_text().replace(f'email = "{revisions.TAHER}"\n', "")
    new.write_text(no_mail)
    result = invoke("notify", new, "--since", old, "-o", tmp_path / "other", env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert _eml(tmp_path / "other") == {}
    assert "Salma Taher (taher): no email address" in result.stdout


def test_output_is_deterministic_under_source_date_epoch(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = files
    for name in ("one", "two"):
        assert (
            invoke("notify", new, "--since", old, "-o", tmp_path / name, env=EPOCH).exit_code == 0
        )
    one = sorted((tmp_path / "one").rglob("*.eml"))
    two = sorted((tmp_path / "two").rglob("*.eml"))
    assert [p.relative_to(tmp_path / "one") for p in one] == [
        p.relative_to(tmp_path / "two") for p in two
    ]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))
    message = email.message_from_bytes(one[0].read_bytes(), policy=policy.default)
    assert message["Date"].datetime.timestamp() == 1700000000


def test_organizer_is_required(tmp_path: Path) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original(organizer=False))
    new = revisions.write(tmp_path, "new.toml", revisions.revised(organizer=False))
    result = invoke("notify", new, "--since", old, "-o", tmp_path / "outbox")
    assert result.exit_code == 1
    assert "new.toml:" in result.stderr and 'organizer = "Name <email>"' in result.stderr
    assert not list((tmp_path / "outbox").rglob("*.eml"))


def test_send_delivers_exactly_the_outbox_and_a_rerun_sends_nothing(
    files: tuple[Path, Path], tmp_path: Path, smtp: tuple[Mailbox, Controller]
) -> None:
    mailbox, controller = smtp
    old, new = files
    outbox = tmp_path / "outbox"
    args = ("notify", new, "--since", old, "-o", outbox, "--send", "--smtp", address(controller))
    result = invoke(*args, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    written = {p.read_bytes() for p in outbox.rglob("*.eml")}
    assert len(written) == 4
    assert sorted(to[0] for _, to, _ in mailbox.received) == sorted(
        [revisions.TAHER] * 3 + [revisions.CALDERON]
    )
    assert {sender for sender, _, _ in mailbox.received} == {"missions@iom.example"}
    arrived = {m["Message-ID"] for m in mailbox.messages()}
    in_outbox = {
        email.message_from_bytes(data, policy=policy.default)["Message-ID"] for data in written
    }
    assert arrived == in_outbox and len(arrived) == 4
    for message in mailbox.messages():
        method, _uid, sequence, _event = _invitation(message)
        assert sequence == 2 and method in {"REQUEST", "CANCEL"}

    again = invoke(*args, env=EPOCH)
    assert again.exit_code == 0, again.stderr
    assert len(mailbox.received) == 4
    assert "sent 0, 3 sent before" in again.stdout


@pytest.mark.parametrize("failure", ["451", "drop"])
def test_a_failure_halfway_is_recorded_and_a_rerun_sends_each_message_once(
    failure: str, files: tuple[Path, Path], tmp_path: Path, smtp: tuple[Mailbox, Controller]
) -> None:
    mailbox, controller = smtp
    mailbox.limit, mailbox.failure = 1, failure
    old, new = files
    outbox = tmp_path / "outbox"
    args = ("notify", new, "--since", old, "-o", outbox, "--send", "--smtp", address(controller))
    first = invoke(*args, env=EPOCH)
    assert first.exit_code == 2
    assert "sending stopped" in first.stderr and "sent.json" in first.stderr
    assert len(mailbox.received) == 1
    record = json.loads((outbox / "sent.json").read_text())
    people = record["missions"][MISSION]["people"]
    assert sum(len(p["sent"]) for p in people.values()) == 1
    failed = [p["failed"] for p in people.values() if p.get("failed")]
    assert len(failed) == 1 and failed[0]["file"].endswith(".eml")
    if failure == "451":
        assert "451" in failed[0]["error"]

    mailbox.limit = None
    second = invoke(*args, env=EPOCH)
    assert second.exit_code == 0, second.stderr
    ids = [m["Message-ID"] for m in mailbox.messages()]
    assert len(ids) == 4 and len(set(ids)) == 4, "each message exactly once"
    record = json.loads((outbox / "sent.json").read_text())
    people = record["missions"][MISSION]["people"]
    assert {k: p["received"] for k, p in people.items()} == {"taher": 2, "calderon": 2}


def test_first_notify_sends_everything_then_each_person_gets_only_what_is_new(
    files: tuple[Path, Path], tmp_path: Path, smtp: tuple[Mailbox, Controller]
) -> None:
    mailbox, controller = smtp
    old, new = files
    outbox = tmp_path / "outbox"
    server = ("--send", "--smtp", address(controller))
    first = invoke("notify", old, "-o", outbox, *server, env=EPOCH)
    assert first.exit_code == 0, first.stderr
    methods = {_invitation(m)[0] for m in mailbox.messages()}
    assert methods == {"REQUEST"}
    # Calderon: 2 flights, 1 hotel, the regional event's 2 days
    to_calderon = [m for m in mailbox.messages() if revisions.CALDERON in str(m["To"])]
    assert {_invitation(m)[1] for m in to_calderon} == {
        uid("calderon-vie-tas"),
        uid("calderon-tas-vie"),
        uid("calderon-tashkent-hotel"),
        uid("regional-event.day1"),
        uid("regional-event.day2"),
    }
    count = len(mailbox.received)

    # no --since: from what each person last received (revision 1, kept in the outbox)
    second = invoke("notify", new, "-o", outbox, *server, env=EPOCH)
    assert second.exit_code == 0, second.stderr
    later = mailbox.messages()[count:]
    assert sorted((str(m["To"].addresses[0].addr_spec), _invitation(m)[0]) for m in later) == [
        (revisions.CALDERON, "REQUEST"),
        (revisions.TAHER, "CANCEL"),
        (revisions.TAHER, "REQUEST"),
        (revisions.TAHER, "REQUEST"),
    ]
    assert "since revision 1" in second.stdout


def test_header_injection_is_impossible(tmp_path: Path) -> None:
    long_title = "Ministry of Health " * 30
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    evil = (
        revisions.revised()
        .replace(
            'name = "Salma Taher"', 'name = "Salma\\r\\nBcc: victim@example.org\\r\\nX: Ţăher"'
        )
        .replace(
            'title = "Debrief with the IOM Uzbekistan chief of mission"',
            f'title = "Debrief\\nBcc: victim@example.org\\n\\n<b>body</b> {long_title}"',
        )
    )
    new = revisions.write(tmp_path, "new.toml", evil)
    outbox = tmp_path / "outbox"
    result = invoke("notify", new, "--since", old, "-o", outbox, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    for path in outbox.rglob("*.eml"):
        data = path.read_bytes()
        message = email.message_from_bytes(data, policy=policy.default)
        assert sorted(message.keys()) == sorted(HEADERS)
        assert "Bcc" not in message and "X" not in message
        assert all(len(line) <= 998 for line in data.split(b"\r\n"))
        assert data.isascii()
        if "taher" in path.parent.name:
            (to,) = message["To"].addresses
            assert to.addr_spec == revisions.TAHER
            assert to.display_name == "Salma Bcc: victim@example.org X: Ţăher"
        if "debrief" in path.name:
            subject = str(message["Subject"])
            assert subject.startswith("New: Debrief Bcc: victim@example.org <b>body</b> Ministry")
            assert "\n" not in subject
            html = message.get_body(("html",))
            assert html is not None
            assert "&lt;b&gt;body&lt;/b&gt;" in str(html.get_content())
            assert "<b>body</b>" not in str(html.get_content())


def test_notify_usage_errors(files: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = files
    outbox = tmp_path / "outbox"
    assert invoke("notify", new, "-o", outbox, "--send").exit_code == 2
    assert invoke("notify", new, "-o", outbox, "--smtp", "h:25").exit_code == 2
    bad = invoke("notify", new, "-o", outbox, "--send", "--smtp", "nohost")
    assert bad.exit_code == 2 and "HOST:PORT" in bad.stderr
    login = invoke("notify", new, "-o", outbox, "--send", "--smtp", "h:25", "--user", "u")
    assert login.exit_code == 2 and "MISSIONPLAN_SMTP_PASSWORD" in login.stderr
    same = invoke("notify", new, "--since", new, "-o", outbox)
    assert same.exit_code == 0 and not list(outbox.rglob("*.eml"))
    unbumped = revisions.write(
        tmp_path, "unbumped.toml", revisions.revised().replace("revision = 2", "revision = 1")
    )
    stale = invoke("notify", unbumped, "--since", old, "-o", outbox)
    assert stale.exit_code == 1 and "bump [mission] revision" in stale.stderr


def test_an_edited_item_without_id_is_cancelled_and_sent_anew(tmp_path: Path) -> None:
    def unnamed(text: str) -> str:
        return text.replace('id = "who-tajikistan"\n', "")

    old = revisions.write(tmp_path, "old.toml", unnamed(revisions.original()))
    new = revisions.write(tmp_path, "new.toml", unnamed(revisions.revised(hotel=False)))
    outbox = tmp_path / "outbox"
    result = invoke("notify", new, "--since", old, "-o", outbox, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    found = [_invitation(m) for m in _eml(outbox)["taher"]]
    moved = [
        (method, event.decoded("DTSTART").isoformat(), uid_)
        for method, uid_, _seq, event in found
        if "WHO Tajikistan" in str(event["SUMMARY"])
    ]
    assert sorted(m[:2] for m in moved) == [
        ("CANCEL", "2022-05-23T16:30:00+05:00"),
        ("REQUEST", "2022-05-24T08:00:00+05:00"),
    ]
    cancel_uid, request_uid = (u for _m, _d, u in sorted(moved))
    assert cancel_uid != request_uid, "a new content, a new identity"
    written_ids = {uid(i) for i in ("taher-debrief", "who-uzbekistan")}
    assert {cancel_uid, request_uid}.isdisjoint(written_ids)


def test_message_ids_are_stable_without_a_clock(tmp_path: Path) -> None:
    def undated(text: str) -> str:
        return text.replace("issued = 2022-05-16\n", "")

    old = revisions.write(tmp_path, "old.toml", undated(revisions.original()))
    new = revisions.write(tmp_path, "new.toml", undated(revisions.revised()))
    ids = []
    for name in ("one", "two"):
        result = invoke("notify", new, "--since", old, "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
        ids.append({m["Message-ID"] for ms in _eml(tmp_path / name).values() for m in ms})
    assert len(ids[0]) == 4 and ids[0] == ids[1]


def _unspaced(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=200), title=st.text(min_size=1, max_size=600))
def test_any_name_or_title_stays_inside_its_header(name: str, title: str) -> None:
    from missionplan.app.diff import Change, PersonChanges
    from missionplan.app.notify import Notice
    from missionplan.app.notify_message import build, header_text
    from missionplan.export.ical.imip import Invitation, Party

    change = Change("added", "events", "id:x", title, None, "Mon 2022-05-23")
    calendar = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    notice = Notice(
        "p",
        Party(name, "p@example.org"),
        None,
        change,
        Invitation("REQUEST", "x@missionplan", title, calendar),
        1,
        1,
    )
    mine = PersonChanges("p", name, "p@example.org", (change,))
    sender = Party(name, "desk@example.org")
    data = build(notice, mine, title, 2, sender, datetime(2022, 5, 16, tzinfo=UTC)).as_bytes()
    assert data.isascii()
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    message = email.message_from_bytes(data, policy=policy.default)
    assert sorted(message.keys()) == sorted(HEADERS)
    (to,) = message["To"].addresses
    assert to.addr_spec == "p@example.org"
    # The standard library's folding of long encoded words may add a space where it splits a
    # run of characters outside the BMP: the words arrive whole, spacing aside.
    assert _unspaced(to.display_name) == _unspaced(header_text(name))
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    subject = header_text(f"New: {title} ({title}, revision 2)")
    assert _unspaced(str(message["Subject"])) == _unspaced(subject)
    assert _calendar(message)[0] == "REQUEST"


def test_a_person_taken_off_an_item_gets_its_cancellation_the_others_an_update(
    tmp_path: Path,
) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    text = revisions.original().replace("revision = 1\n", "revision = 2\n")
    both = 'people = ["taher", "calderon"]'
    assert text.count(both) == 1
    new = revisions.write(tmp_path, "new.toml", text.replace(both, 'people = ["taher"]'))
    outbox = tmp_path / "outbox"
    result = invoke("notify", new, "--since", old, "-o", outbox, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    found = _eml(outbox)
    calderon = sorted(_invitation(m)[:3] for m in found["calderon"])
    assert calderon == [
        ("CANCEL", uid("regional-event.day1"), 2),
        ("CANCEL", uid("regional-event.day2"), 2),
    ]
    for message in found["calderon"]:
        attendee = _invitation(message)[3]["ATTENDEE"]
        assert str(attendee) == f"mailto:{revisions.CALDERON}"
    taher = sorted(_invitation(m)[:3] for m in found["taher"])
    assert taher == [
        ("REQUEST", uid("regional-event.day1"), 2),
        ("REQUEST", uid("regional-event.day2"), 2),
    ]
    assert 'people: "Salma Taher, Jaime Calderon" -> "Salma Taher"' in _summary(found["taher"][0])
