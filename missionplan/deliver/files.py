"""Atomic file output: write to a temporary file beside the target, then rename it into place."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from missionplan.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file stays as it was.

    A symbolic link is followed: the file it points to is replaced and the link kept. A device
    or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written to as it is, never replaced.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_special(path, data)
        return
    if path.is_symlink():
        path = path.resolve()
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {directory}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def write_stdout(data: bytes) -> None:
    """Bytes to standard output as they are (CRLF line ends and PDFs must not be re-encoded)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _write_special(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
