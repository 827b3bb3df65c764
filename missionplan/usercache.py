"""The user's cache of looked-up reference data (holidays, cities, airports): JSON tables on disk.

The folder is `$MISSIONPLAN_CACHE_DIR` (set but empty: no cache), else
`$XDG_CACHE_HOME/missionplan`, else `~/.cache/missionplan`. Each table is one JSON object in a
file named after the data it was computed from (the package and its version), so an upgrade
starts a new file. The cache is only an optimisation: a folder or file owned by someone else or
writable by others is not trusted, a damaged file is ignored, and a folder that cannot be created
or written keeps nothing, without a word. The folder is created readable by its owner only.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import stat
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from missionplan.deliver.files import write_atomic
from missionplan.errors import OutputError


def directory() -> Path | None:
    """Where the cache lives, None when the user asked for none or has no home folder."""
    configured = os.environ.get("MISSIONPLAN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no password entry to find it in
            return None
    return Path(base) / "missionplan"


def package_version(name: str) -> str:
    """The installed version of a package, read from its distribution's folder name.

    Cheaper than importing the package (what the cache saves) or `importlib.metadata`; where no
    `*.dist-info` sits beside the package, the time its `__init__.py` was installed stands in.
    """
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return "unknown"
    package = Path(spec.origin).parent
    for info in sorted(package.parent.glob(f"{name}-*.dist-info")):
        return info.name.removeprefix(f"{name}-").removesuffix(".dist-info")
    with contextlib.suppress(OSError):
        return str(package.joinpath("__init__.py").stat().st_mtime_ns)
    return "unknown"


class Table:
    """One JSON object of the cache: read on first use, written back at exit when it changed.

    Several processes may fill the same table: each merges what is on disk before writing,
    and the file is replaced in one step, so a reader never sees half of it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, Any] | None = None
        self._added: dict[str, Any] = {}
        self._saved_at_exit = False

    def get(self, key: str, default: Any = None) -> Any:
        return self._loaded().get(key, default)

    def put(self, key: str, value: Any) -> None:
        if not self._saved_at_exit:
            atexit.register(self.save)
            self._saved_at_exit = True
        self._loaded()[key] = value
        self._added[key] = value

    def save(self) -> None:
        """Write the entries added since the last save (no cache folder, no failure)."""
        folder = directory()
        if folder is None or not self._added:
            return
        with contextlib.suppress(OSError, OutputError):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not trusted(folder.stat()):
                return
            entries = _read(folder / self.name) | self._added
            text = json.dumps(dict(sorted(entries.items())), ensure_ascii=False)
            write_atomic(folder / self.name, text.encode("utf-8"))
            self._added = {}

    def _loaded(self) -> dict[str, Any]:
        if self._entries is None:
            folder = directory()
            self._entries = {} if folder is None else _read(folder / self.name)
        return self._entries


def _read(path: Path) -> dict[str, Any]:
    """The table at `path`, empty when it is missing, damaged or not to be trusted."""
    with contextlib.suppress(OSError, ValueError):
        if not trusted(path.parent.stat()):
            return {}
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or not trusted(status):
                return {}
            loaded = json.loads(stream.read().decode("utf-8"))
        if isinstance(loaded, dict):
            return loaded
    return {}


def trusted(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (what anyone else could have planted)."""
    if not hasattr(os, "geteuid"):
        return True  # no owners to compare (Windows): the user's profile folder is private
    return status.st_uid == os.geteuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
