"""Outputs are replaced atomically: a failed or killed run never leaves a half-written file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from missionplan.deliver.files import write_atomic
from missionplan.errors import OutputError


def test_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.ics", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.ics").stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "out.ics", "does not exist"),
        (lambda d: d, "is a directory"),
    ],
)
def test_impossible_targets_are_one_clear_error(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OutputError, match=message):
        write_atomic(make(tmp_path), b"x")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def _big_mission(path: Path, events: int) -> None:
    lines = [
        "[mission]",
        'id = "big"',
        'title = "Big"',
        "start = 2023-01-02",
        "end = 2023-12-29",
        "[people.a]",
        'name = "A"',
        "[places.vienna]",
        'city = "Vienna"',
        'country = "AT"',
    ]
    for n in range(events):
        day = 2 + n % 27
        month = 1 + (n // 27) % 12
        hour = 7 + (n // 324) % 13
        lines += [
            "[[events]]",
            f'id = "e{n}"',
            f'title = "Meeting {n} ' + "x" * 60 + '"',
            'place = "vienna"',
            f"start = 2023-{month:02d}-{day:02d}T{hour:02d}:00:00",
            f"end = 2023-{month:02d}-{day:02d}T{hour:02d}:30:00",
        ]
    lines += ["[settings]", 'ignore = ["MP3", "MP4", "MP2"]']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _killed_when(command: list[str], ready: Callable[[], bool]) -> None:
    """Run `command` and SIGKILL it as soon as `ready()` holds (polled), or when it ends."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_killing_an_export_mid_write_leaves_the_previous_file(tmp_path: Path) -> None:
    mission = tmp_path / "big.toml"
    _big_mission(mission, 3000)
    target = tmp_path / "big.ics"
    command = [sys.executable, "-m", "missionplan", "ics", str(mission), "-o", str(target)]

    def writing() -> bool:  # the temporary file beside the target exists: the write began
        return any(tmp_path.glob(".big.ics.*.tmp"))

    outcomes = []
    for moment in (lambda: True, writing):  # before it starts, and while it writes
        target.write_bytes(b"previous calendar")
        _killed_when(command, moment)
        data = target.read_bytes()
        complete = data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
        assert data == b"previous calendar" or complete
        outcomes.append("old" if data == b"previous calendar" else "new")
        for leftover in tmp_path.glob(".big.ics.*.tmp"):
            leftover.unlink()  # what a killed process cannot clean up
    assert outcomes[0] == "old"
    finished = subprocess.run(command, capture_output=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert target.read_bytes().endswith(b"END:VCALENDAR\r\n")
    assert not any(tmp_path.glob(".big.ics.*.tmp"))


def test_devices_and_pipes_are_written_to_not_replaced(tmp_path: Path) -> None:
    write_atomic(Path("/dev/null"), b"discarded")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, b"through the pipe")
    out, _ = reader.communicate(timeout=10)
    assert out == b"through the pipe"
    assert fifo.is_fifo()
