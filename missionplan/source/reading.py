"""The one guarded way to read an input file: a size limit, a timeout, and one-line errors.

A regular file is refused before it is read when it is too large. Devices and pipes report no
useful size (`/dev/zero` says 0 and never ends; a FIFO may never be written to), so they are read
in chunks up to the same limit, and given up on after a timeout.
"""

from __future__ import annotations

import os
import select
import stat
import time
from pathlib import Path

from missionplan.errors import InputError, os_reason
from missionplan.printable import printable_path

#: Seconds to wait for a pipe or device to deliver its data.
STREAM_TIMEOUT = 10.0
_CHUNK = 1 << 16


def read_limited(
    path: Path, limit: int, *, what: str = "file", display: str | None = None
) -> bytes:
    """The bytes of `path`, at most `limit` of them, or InputError with a one-line reason."""
    name = display or printable_path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"{name}: {os_reason(error, 'cannot read: ')}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory, not a {what}")
        if stat.S_ISREG(info.st_mode):
            if info.st_size > limit:
                raise InputError(_too_large(name, what, limit, info.st_size))
            os.set_blocking(descriptor, True)
            data: bytes | None = _read_all(descriptor, limit, deadline=None)
        else:
            data = _read_all(descriptor, limit, deadline=time.monotonic() + STREAM_TIMEOUT)
        if data is None:
            raise InputError(
                f"{name}: nothing arrived within {STREAM_TIMEOUT:.0f} seconds"
                f" (a pipe or device, not a {what})"
            )
        if len(data) > limit:
            raise InputError(_too_large(name, what, limit, None))
        return data
    except OSError as error:
        raise InputError(f"{name}: {os_reason(error, 'cannot read: ')}") from None
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, limit: int, deadline: float | None) -> bytes | None:
    """Read until end of file or one byte past `limit`; None when a stream timed out."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if not ready:
                return None
        try:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:
            continue
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _too_large(name: str, what: str, limit: int, size: int | None) -> str:
    measured = f"{size:,} bytes is" if size is not None else "it is"
    return f"{name}: {measured} larger than the {limit // 2**20} MB a {what} may have"
