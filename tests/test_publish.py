"""`publish` against a real Radicale: collections hold exactly each person's current items.

The expected instants come from the TOML's literal local times and zoneinfo (a zone per place
written out here), never from missionplan's own resolution.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from caldav.collection import Calendar, CalendarSet
from caldav.davclient import DAVClient
from caldav.elements import dav
from conftest import SEED, invoke
from servers import Radicale, radicale

ZONES = {
    "geneva": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "dushanbe": "Asia/Dushanbe",
    "tashkent": "Asia/Tashkent",
    "IST": "Europe/Istanbul",
}

ID_LESS = """
[[events]]
kind = "meeting"
title = "Courtesy call, IOM Tajikistan"
place = "dushanbe"
start = 2022-05-22T10:00:00
end = 2022-05-22T10:30:00
people = ["taher"]

[[events]]
kind = "meeting"
title = "Security briefing, UNDSS Dushanbe"
place = "dushanbe"
start = 2022-05-22T15:00:00
end = 2022-05-22T15:45:00
people = ["taher"]
"""

ADDED = """
[[events]]
id = "unicef-uzbekistan"
kind = "meeting"
title = "Meeting with UNICEF Uzbekistan"
place = "tashkent"
start = 2022-05-31T14:00:00
end = 2022-05-31T15:00:00
people = ["taher"]
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


def revisions() -> list[str]:
    """The example with two id-less meetings, then three re-issues of it."""
    first = SEED.read_text(encoding="utf-8").replace("[[contacts]]", ID_LESS + "\n[[contacts]]", 1)
    moved = first.replace("revision = 1", "revision = 2").replace(
        "start = 2022-05-23T10:00:00 ", "start = 2022-05-23T09:00:00 "
    )
    moved = moved.replace("end = 2022-05-23T11:00:00\n", "end = 2022-05-23T10:00:00\n", 1)
    assert moved.count("2022-05-23T09:00:00") == 1
    removed = moved.replace("revision = 2", "revision = 3")
    removed = _drop_event(removed, 'id = "who-uzbekistan"')
    removed = _drop_event(removed, 'title = "Courtesy call, IOM Tajikistan"')
    removed = removed.replace("[[contacts]]", ADDED + "\n[[contacts]]", 1)
    fewer = removed.replace("revision = 3", "revision = 4").replace(
        'people = ["taher", "calderon"]', 'people = ["taher"]'
    )
    return [first, moved, removed, fewer]


def _drop_event(text: str, marker: str) -> str:
    blocks = text.split("\n[[")
    kept = [b for b in blocks if marker not in b]
    assert len(kept) == len(blocks) - 1, marker
    return "\n[[".join(kept)


def expected(text: str, person: str) -> list[tuple[Any, Any, str]]:
    """(start, end, title) of the person's items, from the literal TOML and zoneinfo."""
    data = tomllib.loads(text)
    found: list[tuple[Any, Any, str]] = []

    def at(moment: datetime, place: str) -> datetime:
        return moment.replace(tzinfo=ZoneInfo(ZONES[place]))

    for leg in data.get("travel", []):
        if person in leg["people"]:
            found.append((at(leg["depart"], leg["from"]), at(leg["arrive"], leg["to"]), ""))
    for stay in data.get("stays", []):
        if person in stay["people"]:
            found.append((stay["check_in"], stay["check_out"], stay["name"]))
    for event in data.get("events", []):
        if person not in event.get("people", list(data["people"])):
            continue
        start, end = event["start"], event["end"]
        if isinstance(start, datetime):
            found.append((at(start, event["place"]), at(end, event["place"]), event["title"]))
        elif "hours" in event:
            first, last = event["hours"].split("-")
            day = start
            while day <= end:
                local = datetime.combine(day, datetime.strptime(first, "%H:%M").time())
                until = datetime.combine(day, datetime.strptime(last, "%H:%M").time())
                found.append((at(local, event["place"]), at(until, event["place"]), event["title"]))
                day += timedelta(days=1)
        else:
            found.append((start, end + timedelta(days=1), event["title"]))
    return sorted(found, key=_key)


def _key(item: tuple[Any, Any, str]) -> tuple[str, str]:
    start, end, _ = item
    return (_instant(start), _instant(end))


def _instant(moment: Any) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo("UTC")).isoformat()
    assert isinstance(moment, date)
    return moment.isoformat()


def on_server(server: Radicale, user: str, person: str) -> list[dict[str, Any]]:
    """Every VEVENT in the person's collection, read with caldav and icalendar."""
    client = DAVClient(
        url=server.home(user), username=user, password=server.password, enable_rfc6764=False
    )
    collection = Calendar(client, url=f"{server.home(user)}{person}/")
    events = []
    for item in collection.search(event=True):
        for event in icalendar.Calendar.from_ical(item.data).walk("VEVENT"):
            events.append(
                {
                    "uid": str(event["UID"]),
                    "summary": str(event["SUMMARY"]),
                    "start": event.decoded("DTSTART"),
                    "end": event.decoded("DTEND"),
                    "etag": item.props.get(dav.GetEtag.tag),
                    "raw": item.data,
                }
            )
    return events


def publish(server: Radicale, user: str, path: Path, *extra: str) -> Any:
    env = {"MISSIONPLAN_CALDAV_PASSWORD": server.password}
    return invoke("publish", path, "--caldav", server.home(user), "--user", user, *extra, env=env)


def add_by_hand(server: Radicale, user: str, person: str) -> None:
    client = DAVClient(
        url=server.home(user), username=user, password=server.password, enable_rfc6764=False
    )
    collection = Calendar(client, url=f"{server.home(user)}{person}/")
    collection.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hand//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist-42@example.org\r\nDTSTAMP:20220501T000000Z\r\n"
        "DTSTART:20220526T070000Z\r\nDTEND:20220526T080000Z\r\nSUMMARY:Dentist\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_four_revisions_keep_every_calendar_exact(server: Radicale, tmp_path: Path) -> None:
    user = "planner1"
    path = tmp_path / "mission.toml"
    for number, text in enumerate(revisions(), start=1):
        path.write_text(text, encoding="utf-8")
        result = publish(server, user, path)
        assert result.exit_code == 0, result.stderr
        if number == 1:
            assert f"taher: {len(expected(text, 'taher'))} added" in result.stdout
            add_by_hand(server, user, "calderon")
        for person in ("taher", "calderon"):
            events = on_server(server, user, person)
            ours = [e for e in events if e["uid"].endswith("@missionplan")]
            assert len({e["uid"] for e in events}) == len(events)  # no duplicates
            assert not [e for e in events if e["summary"].startswith("Cancelled")]
            want = expected(text, person)
            got = sorted(((e["start"], e["end"], e["summary"]) for e in ours), key=_key)
            assert [_key(g) for g in got] == [_key(w) for w in want], (number, person)
            for (_, _, title), (_, _, summary) in zip(want, got, strict=True):
                assert title in summary
            for event in ours:
                assert "ORGANIZER" not in event["raw"] and "ATTENDEE" not in event["raw"]
                assert "METHOD" not in event["raw"]
        hand = [e for e in on_server(server, user, "calderon") if e["summary"] == "Dentist"]
        assert len(hand) == 1
        # a rerun changes nothing: same ETags, and it says so
        before = {e["uid"]: e["etag"] for e in on_server(server, user, "taher")}
        again = publish(server, user, path)
        assert again.exit_code == 0
        assert "nothing to change" in again.stderr
        assert {e["uid"]: e["etag"] for e in on_server(server, user, "taher")} == before
    # revision 4 took calderon off the regional event: his calendar no longer has it
    assert not [e for e in on_server(server, user, "calderon") if "cross-border" in e["summary"]]


def test_collections_are_created_with_the_persons_name(server: Radicale, tmp_path: Path) -> None:
    user = "planner2"
    result = publish(server, user, SEED, "--dry-run")
    assert result.exit_code == 0
    assert "taher: would create the calendar" in result.stdout
    client = DAVClient(
        url=server.home(user), username=user, password=server.password, enable_rfc6764=False
    )
    assert not CalendarSet(client, url=server.home(user)).calendars()  # a dry run writes nothing
    assert publish(server, user, SEED, "--person", "calderon").exit_code == 0
    (made,) = CalendarSet(client, url=server.home(user)).calendars()
    assert str(made.url).rstrip("/").endswith("/calderon")
    assert made.get_display_name() == "Jaime Calderon (missions)"


def test_an_event_changed_on_the_server_is_a_conflict_not_overwritten(
    server: Radicale, tmp_path: Path
) -> None:
    user = "planner3"
    assert publish(server, user, SEED, "--person", "calderon").exit_code == 0
    client = DAVClient(
        url=server.home(user), username=user, password=server.password, enable_rfc6764=False
    )
    collection = Calendar(client, url=f"{server.home(user)}calderon/")
    (stay,) = [o for o in collection.search(event=True) if "Hotel" in o.data]
    stay.data = stay.data.replace("SUMMARY:Stay:", "SUMMARY:Moved by hand:")
    stay.save()
    moved = SEED.read_text(encoding="utf-8").replace(
        "check_in = 2022-05-27\n", 'check_in = 2022-05-27\naddress = "Amir Temur 1"\n'
    )
    path = tmp_path / "m.toml"
    path.write_text(moved.replace("revision = 1", "revision = 2"), encoding="utf-8")
    result = publish(server, user, path, "--person", "calderon")
    assert result.exit_code == 2
    assert "conflict" in result.stderr and "changed on the server" in result.stderr
    assert [e for e in on_server(server, user, "calderon") if "Moved by hand" in e["summary"]]
    forced = publish(server, user, path, "--person", "calderon", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "calderon: 0 added, 1 updated, 0 removed" in forced.stdout
    assert not [e for e in on_server(server, user, "calderon") if "Moved by hand" in e["summary"]]


def test_wrong_password_and_no_server_are_one_line_errors(server: Radicale) -> None:
    env = {"MISSIONPLAN_CALDAV_PASSWORD": "wrong-password"}
    home = server.home("planner4")
    result = invoke("publish", SEED, "--caldav", home, "--user", "planner4", env=env)
    assert result.exit_code == 2
    assert re.fullmatch(r"missionplan: .*login refused \(401\).*\n", result.stderr)
    assert "wrong-password" not in result.stderr + result.stdout
    gone = invoke("publish", SEED, "--caldav", "http://127.0.0.1:9/dav/", env=env)
    assert gone.exit_code == 2
    assert re.fullmatch(r"missionplan: .*cannot reach the server.*\n", gone.stderr)
    inline = invoke("publish", SEED, "--caldav", "http://u:pw@127.0.0.1:9/dav/")
    assert inline.exit_code == 2 and "pw" not in inline.stderr.replace("password", "")


def test_credentials_come_from_netrc(server: Radicale, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login planner5 password {server.password}\n")
    netrc.chmod(0o600)
    result = invoke(
        "publish",
        SEED,
        "--caldav",
        server.home("planner5"),
        "--dry-run",
        env={"NETRC": str(netrc), "MISSIONPLAN_CALDAV_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.stderr
    assert "dry run: nothing written" in result.stderr


def test_build_publishes_and_writes_feeds_when_configured(server: Radicale, tmp_path: Path) -> None:
    config = tmp_path / "missionplan.toml"
    config.write_text(
        f'[publish]\ncaldav = "{server.home("planner6")}"\nuser = "planner6"\n\n'
        '[feeds]\nbase_url = "https://plans.example.org/f"\noutput = "public/feeds"\n',
        encoding="utf-8",
    )
    env = {
        "MISSIONPLAN_CALDAV_PASSWORD": server.password,
        "MISSIONPLAN_FEED_SECRET": "a-feed-secret-long-enough",
    }
    result = invoke("build", SEED, "-o", tmp_path / "out", "--config", config, env=env)
    assert result.exit_code == 0, result.stderr
    assert "published calderon: 5 added, 0 updated, 0 removed" in result.stdout
    assert len(on_server(server, "planner6", "calderon")) == 5
    (feed,) = (tmp_path / "public" / "feeds").glob("*/calderon.ics")
    assert f"https://plans.example.org/f/{feed.parent.name}/calderon.ics" in result.stdout
    assert (tmp_path / "out" / "iom-tjk-uzb-2022-05" / "iom-tjk-uzb-2022-05.ics").exists()
    again = invoke("build", SEED, "-o", tmp_path / "out", "--config", config, env=env)
    assert "published calderon: 0 added, 0 updated, 0 removed" in again.stdout
    config.write_text("[publish]\nurl = 'x'\n", encoding="utf-8")
    bad = invoke("build", SEED, "-o", tmp_path / "out", "--config", config, env=env)
    assert bad.exit_code == 2
    assert (
        bad.stderr == f"missionplan: {config}: [publish] has no key 'url' (known: caldav, user)\n"
    )
