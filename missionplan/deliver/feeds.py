"""Subscription feeds: the secret, each person's unguessable token, and the feed files on disk.

A feed's address is `<base>/<token>/<person-id>.ics`. The token is an HMAC of the person's id
under a secret that only the planner has: stable across runs, different for every person (one
leaked address reveals no other), and revoked all at once by a new secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from missionplan.deliver.files import write_atomic
from missionplan.errors import InputError, OutputError

SECRET_VARIABLE = "MISSIONPLAN_FEED_SECRET"
TOKEN_LENGTH = 32  # hex digits: 128 bits
_TOKEN = re.compile(rf"[0-9a-f]{{{TOKEN_LENGTH}}}")
_MIN_SECRET = 16


def default_secret_file() -> Path:
    """`$XDG_CONFIG_HOME/missionplan/feed-secret` (~/.config/missionplan/feed-secret)."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "missionplan" / "feed-secret"


def load_secret(path: Path | None, *, rotate: bool = False) -> bytes:
    """The feed secret: MISSIONPLAN_FEED_SECRET, else the file (created, mode 0600, when absent).

    `rotate` writes a new secret into the file, which revokes every address made before.
    """
    given = os.environ.get(SECRET_VARIABLE)
    if given and not rotate:
        if len(given) < _MIN_SECRET:
            raise InputError(f"{SECRET_VARIABLE}: too short; use at least {_MIN_SECRET} characters")
        return given.encode("utf-8")
    if given and rotate:
        raise InputError(
            f"--rotate-secret: the secret comes from {SECRET_VARIABLE}; change it there"
        )
    path = path or default_secret_file()
    if rotate or not path.exists():
        _create(path, secrets.token_hex(32))
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the feed secret: {error}") from None
    if len(text) < _MIN_SECRET:
        raise InputError(f"{path}: the feed secret is too short; delete the file for a new one")
    return text.encode("utf-8")


def _create(path: Path, value: str) -> None:
    """Write the secret readable by its owner only, replacing any old one atomically."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        temporary.replace(path)
    except OSError as error:
        raise OutputError(
            f"{path}: cannot write the feed secret: {error.strerror or error}"
        ) from None


def token(secret: bytes, person: str) -> str:
    """The person's feed token: HMAC-SHA256 of their id, the first 128 bits in hex."""
    digest = hmac.new(secret, b"missionplan-feed:" + person.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:TOKEN_LENGTH]


def matches(secret: bytes, person: str, given: str) -> bool:
    """Whether `given` is the person's token, compared in constant time."""
    return hmac.compare_digest(
        token(secret, person).encode("ascii"), given.encode("utf-8", "replace")
    )


def write_feeds(directory: Path, feeds: Mapping[tuple[str, str], bytes]) -> list[Path]:
    """Write `(token, person) -> bytes` as DIR/<token>/<person>.ics; remove revoked ones.

    A token folder that is not current any more (a rotated secret, a person gone) loses its
    `.ics` files, so its old addresses stop working when DIR is what a web server serves.
    """
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: exists and is not a directory")
    written = []
    for (tok, person), data in sorted(feeds.items()):
        path = directory / tok / f"{person}.ics"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{path.parent}: cannot create: {error.strerror or error}") from None
        write_atomic(path, data)
        written.append(path)
    current = {path.resolve() for path in written}
    for folder in directory.iterdir() if directory.is_dir() else ():
        if not (folder.is_dir() and _TOKEN.fullmatch(folder.name)):
            continue
        for old in folder.glob("*.ics"):
            if old.resolve() not in current:
                old.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
    return written
