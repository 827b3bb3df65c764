"""Real servers on 127.0.0.1 for tests and benchmarks: a Radicale CalDAV server, started and stopped."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "s3cret-Пароль"
#: One account per test, so that tests sharing a server never see each other's calendars.
USERS = tuple(f"planner{n}" for n in range(12))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@dataclass(frozen=True)
class Radicale:
    """A running Radicale: its root URL; every user of USERS has the password PASSWORD."""

    root: str
    password: str = PASSWORD

    def home(self, user: str) -> str:
        """The user's calendar home (Radicale's principal collection)."""
        return f"{self.root}{user}/"


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[Radicale]:
    """Radicale on a free loopback port, storing in `folder`, htpasswd users; stopped after."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text("".join(f"{user}:{PASSWORD}\n" for user in USERS), encoding="utf-8")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "radicale",
        "--server-hosts",
        f"127.0.0.1:{port}",
        "--storage-filesystem-folder",
        str(folder / "storage"),
        "--auth-type",
        "htpasswd",
        "--auth-htpasswd-filename",
        str(users),
        "--auth-htpasswd-encryption",
        "plain",
        "--rights-type",
        "owner_only",
        "--logging-level",
        "error",
    ]
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, process)
        yield Radicale(f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
