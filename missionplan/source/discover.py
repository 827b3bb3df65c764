"""Which mission files the paths on a command line name: files as given, directories walked.

The walk is iterative (a tree thousands of levels deep does not exhaust the stack), never follows
a link to a directory (no loops), skips hidden entries, reports a sub-directory it cannot read
instead of passing over it in silence, and names every file once however often it is given.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from missionplan.errors import os_reason
from missionplan.printable import printable_path

SUFFIX = ".toml"


@dataclass(frozen=True)
class Found:
    """A file to check: its path, the name messages use, and why it cannot be read if known."""

    path: Path
    name: str
    problem: str | None = None


def mission_files(paths: Sequence[Path]) -> list[Found]:
    """Each file to check, in the order given (a directory's files sorted by path)."""
    found: list[Found] = []
    seen: set[tuple[int, int]] = set()
    for path in paths:
        for item in _expand(path):
            identity = _identity(item.path) if item.problem is None else None
            if identity is not None:
                if identity in seen:
                    continue
                seen.add(identity)
            found.append(item)
    return found


def _expand(path: Path) -> list[Found]:
    name = printable_path(path)
    try:
        info = path.stat()
    except OSError as error:
        if _is_link(path):
            return [Found(path, name)]  # a dangling or looping link: the reader says which
        return [Found(path, name, f"{name}: {os_reason(error)}")]
    if not stat.S_ISDIR(info.st_mode):
        return [Found(path, name)]
    files, problems = _walk(path)
    if not files and not problems:
        return [Found(path, name, f"{name}: no {SUFFIX} mission files in this directory")]
    return [Found(p, printable_path(p)) for p in sorted(files)] + problems


def _walk(top: Path) -> tuple[list[Path], list[Found]]:
    files: list[Path] = []
    problems: list[Found] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(Path(entry.path))
                        elif entry.name.endswith(SUFFIX) and (
                            entry.is_file() or entry.is_symlink()
                        ):
                            files.append(Path(entry.path))
                    except OSError:
                        files.append(Path(entry.path))  # the reader reports why
        except OSError as error:
            name = printable_path(directory)
            problems.append(Found(directory, name, f"{name}: cannot list: {os_reason(error)}"))
    return files, problems


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None
