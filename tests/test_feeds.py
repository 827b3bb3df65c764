"""`feeds` and `serve`: per-person subscription calendars, as files and live over real HTTP."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import icalendar
import pytest
from conftest import DST_EXAMPLE, SEED, invoke
from servers import free_port, wait_for
from test_ics_parsers import check_calendar, expected_times, load

SECRET = "0123456789abcdef-feed-secret-for-tests"


def feeds(tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = invoke(
        "feeds",
        SEED,
        DST_EXAMPLE,
        "--base-url",
        "https://plans.example.org/feeds/",
        "-o",
        tmp_path / "out",
        *extra,
        env=env or {"MISSIONPLAN_FEED_SECRET": SECRET},
    )
    return result.exit_code, result.stdout, result.stderr


def urls(stdout: str) -> dict[str, str]:
    found = re.findall(r"https://plans\.example\.org/feeds/([0-9a-f]{32})/([a-z]+)\.ics", stdout)
    return {person: token for token, person in found}


def test_one_feed_per_person_with_every_mission_and_refresh_hints(tmp_path: Path) -> None:
    code, stdout, _ = feeds(tmp_path)
    assert code == 0
    tokens = urls(stdout)
    assert sorted(tokens) == ["calderon", "taher"]
    assert tokens["calderon"] != tokens["taher"]
    assert f"webcal://plans.example.org/feeds/{tokens['taher']}/taher.ics" in stdout
    for person, token in tokens.items():
        data = (tmp_path / "out" / token / f"{person}.ics").read_bytes()
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data
        assert b"X-PUBLISHED-TTL:PT1H" in data
        assert b"ORGANIZER" not in data and b"ATTENDEE" not in data
        # the person's items of both missions, each at the instant the model has
        wanted = expected_times(load(SEED), [person]) | expected_times(load(DST_EXAMPLE), [person])
        check_calendar(data, wanted)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(tokens.values())


def test_tokens_are_stable_and_rotating_the_secret_revokes_them(tmp_path: Path) -> None:
    secret_file = tmp_path / "config" / "secret"
    args = ("--secret-file", str(secret_file))
    code, first, _ = feeds(tmp_path, *args, env={"MISSIONPLAN_FEED_SECRET": ""})
    assert code == 0
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    _, again, _ = feeds(tmp_path, *args, env={"MISSIONPLAN_FEED_SECRET": ""})
    assert urls(again) == urls(first)
    _, rotated, _ = feeds(tmp_path, *args, "--rotate-secret", env={"MISSIONPLAN_FEED_SECRET": ""})
    assert set(urls(rotated).values()).isdisjoint(urls(first).values())
    # the old addresses are gone from the folder: a web server serving it answers 404
    for person, token in urls(first).items():
        assert not (tmp_path / "out" / token / f"{person}.ics").exists()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_a_short_secret_and_a_bad_base_url_are_refused(tmp_path: Path) -> None:
    code, _, stderr = feeds(tmp_path, env={"MISSIONPLAN_FEED_SECRET": "short"})
    assert code == 2 and "too short" in stderr
    bad = invoke(
        "feeds",
        SEED,
        "--base-url",
        "ftp://x",
        "-o",
        tmp_path / "o",
        env={"MISSIONPLAN_FEED_SECRET": SECRET},
    )
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.stderr


# -- serve -------------------------------------------------------------------------------------


@dataclass
class Served:
    base: str
    mission: Path
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    folder = tmp_path / "missions"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "MISSIONPLAN_FEED_SECRET": SECRET}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "missionplan", "serve", str(folder), "--port", str(port)],
            stdout=sink,
            stderr=sink,
            env=env,
        )
        try:
            wait_for(port, process)
            yield Served(f"http://127.0.0.1:{port}", folder / SEED.name, process, log)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def token_of(person: str, tmp_path: Path) -> str:
    _, stdout, _ = feeds(tmp_path)
    return urls(stdout)[person]


def test_serve_answers_feeds_conditionally_and_404s_the_rest(
    served: Served, tmp_path: Path
) -> None:
    token = token_of("taher", tmp_path)
    url = f"{served.base}/{token}/taher.ics"
    with httpx.Client(timeout=30) as client:
        first = client.get(url)
        assert first.status_code == 200
        assert first.headers["content-type"].startswith("text/calendar")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        check_calendar(first.content, expected_times(load(SEED), ["taher"]))
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        head = client.head(url)
        assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag
        wrong = "0" * 32 if token != "0" * 32 else "1" * 32
        for path in (
            f"/{wrong}/taher.ics",
            f"/{token}/calderon.ics",  # another person's feed with this token
            f"/{token}/nobody.ics",
            f"/{token[:-1]}/taher.ics",
            "/taher.ics",
            "/",
            f"/{token}/",
            "/" + "a" * 5000,
        ):
            answer = client.get(served.base + path)
            assert answer.status_code == 404, path
            assert b"taher" not in answer.content and b"BEGIN" not in answer.content
        assert client.post(url, content=b"x" * 1000).status_code == 404
        huge = client.get(url, headers={"X-Filler": "y" * 20000})
        assert huge.status_code == 431

        # an edit to the TOML shows in the next answer: the meeting moved by an hour
        text = served.mission.read_text(encoding="utf-8")
        served.mission.write_text(
            text.replace("start = 2022-05-23T10:00:00", "start = 2022-05-23T09:00:00").replace(
                "end = 2022-05-23T11:00:00", "end = 2022-05-23T10:00:00"
            ),
            encoding="utf-8",
        )
        os.utime(served.mission, (1700000000, 1700000000))
        changed = client.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        events = icalendar.Calendar.from_ical(changed.content).walk("VEVENT")
        (meeting,) = [e for e in events if "Deputy Minister" in str(e["SUMMARY"])]
        assert meeting.decoded("DTSTART").isoformat() == "2022-05-23T09:00:00+05:00"
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(20) == 0
    lines = served.log.read_text(encoding="utf-8").splitlines()
    requests = [line for line in lines if line.startswith("127.0.0.1 ")]
    assert len(requests) >= 15
    assert not [line for line in requests if token in line]  # the token never reaches the log
    assert any('"GET /<token>/taher.ics" 304' in line for line in requests)
    assert lines[-1] == "stopped"
