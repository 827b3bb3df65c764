"""The build manifest: which files `build` wrote for each mission, and from which inputs.

It lives in the output folder as `.missionplan-build.json`, is written atomically after the
files it lists, and lists only files that are there as written. A manifest that cannot be read
(damaged, edited into a wrong shape, from a newer missionplan) is treated as absent: everything
is rebuilt and nothing it lists is deleted. A file is deleted only when it is a regular file
(never a link) whose content still hashes to what was written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from missionplan.deliver.files import write_atomic
from missionplan.errors import os_reason
from missionplan.printable import printable_path
from missionplan.source.patterns import ID_PATTERN

NAME = ".missionplan-build.json"
VERSION = 1

_FileName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,250}$")]
_MissionId = Annotated[str, Field(pattern=ID_PATTERN)]


class Written(BaseModel):
    """One file as missionplan wrote it."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    size: Annotated[int, Field(ge=0)]
    mtime_ns: int
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Entry(BaseModel):
    """One mission's outputs: the hash of what they were made from, and the files."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    source: str
    inputs: str
    files: dict[_FileName, Written]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: Literal["missionplan-build"]
    version: Literal[1]
    missions: dict[_MissionId, Entry]


@dataclass
class Manifest:
    """The manifest of one output folder: what it said when read, and saving it again."""

    directory: Path
    missions: dict[str, Entry] = field(default_factory=dict)
    #: Why the manifest found there was not used, if one was found and not used.
    warning: str | None = None
    _saved: bytes | None = None

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """The manifest in `directory`; an empty one (with a warning) when it cannot be used."""
        path = directory / NAME
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return cls(directory, warning=_unused(path, "it is not a regular file"))
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(directory)
        except OSError as error:
            return cls(directory, warning=_unused(path, os_reason(error)))
        try:
            data = json.loads(raw)
        except ValueError:
            return cls(directory, warning=_unused(path, "it is not JSON"))
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, int) and version > VERSION:
            return cls(directory, warning=_unused(path, "a newer missionplan wrote it"))
        try:
            document = _Document.model_validate(data)
        except ValidationError:
            return cls(directory, warning=_unused(path, "it is damaged or was edited"))
        return cls(directory, dict(document.missions), _saved=raw)

    def save(self, missions: Mapping[str, Entry]) -> None:
        """Write `missions` as the manifest, atomically; nothing when the file says it already,
        nor when there is nothing to record and was no manifest."""
        if not missions and self._saved is None and not os.path.lexists(self.directory / NAME):
            return
        document = {
            "format": "missionplan-build",
            "version": VERSION,
            "missions": {key: missions[key].model_dump() for key in sorted(missions)},
        }
        data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()
        if data != self._saved:
            write_atomic(self.directory / NAME, data, within=self.directory)
            self._saved = data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def written(path: Path, digest: str) -> Written:
    """The record of the file just written to `path`, whose content hashes to `digest`."""
    info = os.lstat(path)
    return Written(size=info.st_size, mtime_ns=info.st_mtime_ns, sha256=digest)


def verify(folder: Path, entry: Entry) -> Entry:
    """`entry` with only the files still in `folder` as they were written (times refreshed)."""
    if not _real_folder(folder):
        return entry.model_copy(update={"files": {}})
    files = {}
    for name, record in entry.files.items():
        found = _intact(folder / name, record, trust_time=True)
        if found is not None:
            files[name] = found
    return entry.model_copy(update={"files": files})


def remove(folder: Path, entry: Entry, names: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """Delete the files `names` of `entry` that are still as written; (removed, left in place).

    A file that was edited, replaced by a link, or is not a file is left, and so is everything
    in a folder that is itself a link. The folder goes when nothing else is left in it.
    """
    removed: list[Path] = []
    left: list[Path] = []
    real = _real_folder(folder)
    for name in sorted(names):
        path = folder / name
        if not real:
            if os.path.lexists(path):
                left.append(path)
            continue
        if _intact(path, entry.files[name], trust_time=False) is None:
            if os.path.lexists(path):
                left.append(path)
            continue
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError:
            left.append(path)
    if real and removed:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a file someone put there keeps the folder
    return removed, left


def _intact(path: Path, record: Written, *, trust_time: bool) -> Written | None:
    """`record` (its time refreshed) if `path` is a regular file with the recorded content."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != record.size:
            return None
        if trust_time and info.st_mtime_ns == record.mtime_ns:
            return record
        if sha256(path.read_bytes()) != record.sha256:
            return None
    except OSError:
        return None
    return record.model_copy(update={"mtime_ns": info.st_mtime_ns})


def _real_folder(folder: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        return False


def _unused(path: Path, reason: str) -> str:
    return (
        f"{printable_path(path)}: not used ({reason}): every mission is built again"
        " and no file it lists is deleted"
    )
