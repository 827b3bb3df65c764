"""Output files: written atomically, and only inside the folder the user named.

Every file goes to a temporary file beside its target and is renamed into place, so a reader
sees the old file or the new one, never half of it. Where the user named a folder (`build -o`,
`ics --split -o`, `feeds -o`), nothing is ever written through a symbolic link that leads out
of it: a link committed into `out/` must not let a build overwrite a file elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from missionplan.errors import OutputError, os_reason
from missionplan.printable import printable_path


def write_atomic(path: Path, data: bytes, *, within: Path | None = None) -> None:
    """Replace `path` with `data` in one step; on any failure the old file stays as it was.

    A symbolic link is followed: the file it points to is replaced and the link kept, provided
    the file is inside `within` when a folder is given. A device or pipe (`/dev/null`,
    `/dev/stdout`, a FIFO) is written to as it is, never replaced.
    """
    try:
        target = _target(path, within)
        if target is None:
            _write_special(path, data)
            return
        temporary = _stage(target, data)
        _commit(temporary, target)
    except OSError as error:
        raise OutputError(f"{printable_path(path)}: cannot write: {os_reason(error)}") from None


def write_files(
    directory: Path, files: Mapping[str, bytes], *, within: Path | None = None
) -> list[Path]:
    """Write `files` (name -> bytes) into `directory`, all of them or none.

    Each is staged beside its target first; only when every one is staged are they renamed into
    place, so a full disk or a refused name leaves the folder as it was. Names that differ only
    in case are refused: on macOS and Windows they are one file. Nothing is written outside
    `within` (the folder the user named; `directory` itself by default).
    """
    _check_names(directory, files)
    make_directory(directory)
    root = within if within is not None else directory
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            path = directory / name
            target = _target(path, root)
            if target is None:
                raise OutputError(f"{printable_path(path)}: not a regular file; remove it")
            staged.append((_stage(target, data), target))
        for temporary, target in staged:
            _commit(temporary, target)
    except OSError as error:
        raise OutputError(
            f"{printable_path(directory)}: cannot write: {os_reason(error)}"
        ) from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return [directory / name for name in files]


def make_directory(path: Path) -> None:
    """Create `path` (and its parents) unless it is already a directory."""
    name = printable_path(path)
    try:
        if path.is_symlink() and not path.is_dir():
            raise OutputError(f"{name}: a symbolic link to nowhere, not a directory")
        if path.exists() and not path.is_dir():
            raise OutputError(f"{name}: exists and is not a directory")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{name}: cannot create: {os_reason(error)}") from None


def _check_names(directory: Path, files: Mapping[str, bytes]) -> None:
    folded: dict[str, str] = {}
    for name in files:
        if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
            raise OutputError(f"{printable_path(directory)}: {name!r} is not a file name")
        other = folded.setdefault(name.casefold(), name)
        if other != name:
            raise OutputError(
                f"{printable_path(directory)}: {other} and {name} differ only in case and would"
                " overwrite each other on macOS and Windows; rename one of the ids"
            )


def _target(path: Path, within: Path | None) -> Path | None:
    """The regular file to replace for `path` (a link resolved), None for a device or pipe."""
    name = printable_path(path)
    if _named_device(path):
        return None
    # A file named on its own (`-o plan.ics`) is confined to its folder: a link planted there
    # must not carry the output anywhere else either.
    folder = within if within is not None else (path.parent if str(path.parent) else Path())
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    if real != root and root not in real.parents:
        raise OutputError(
            f"{name}: a symbolic link leads out of {printable_path(folder)} (to"
            f" {printable_path(real)}); missionplan writes only inside the folder you name."
            " Remove the link, or name the real file or folder as the output"
        )
    try:
        info = path.stat()  # through links: /dev/stdout is a link to a pipe or a terminal
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{name}: is a directory")
        return None
    if path.is_symlink():
        try:
            path = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            if error.errno == errno.ENOENT:
                path = Path(os.path.realpath(path))  # a link to a file not yet there
            else:
                raise OutputError(f"{name}: {os_reason(error)}") from None
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise OutputError(f"{name}: directory {printable_path(directory)} does not exist")
    return path


def _named_device(path: Path) -> bool:
    """A device or pipe the user named as such (`/dev/null`, `/dev/stdout`, a FIFO), written
    to as it is; one reached through a link planted elsewhere is not."""
    if str(path).startswith("/dev/"):
        return True
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        not stat.S_ISREG(info.st_mode)
        and not stat.S_ISDIR(info.st_mode)
        and not stat.S_ISLNK(info.st_mode)
    )


def _stage(target: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `target`, with the mode `target` has or will have."""
    directory = target.parent if str(target.parent) else Path()
    handle, name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=directory)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        temporary.chmod(mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def _commit(temporary: Path, target: Path) -> None:
    try:
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_stdout(data: bytes) -> None:
    """Bytes to standard output as they are (CRLF line ends and PDFs must not be re-encoded).

    A reader that left (`| head`) raises BrokenPipeError, which the CLI treats as done; any other
    failure (a full disk, a file-size limit, a closed descriptor) is an OutputError, never a
    silent short file.
    """
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed; redirect it to a file or /dev/null")
    try:
        stream.flush()
        _write_all(stream, data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"standard output: cannot write: {os_reason(error)}") from None


def _write_all(stream: TextIO, data: bytes) -> None:
    """Every byte written, or OSError: a file-size limit makes a write stop short silently."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a stand-in stream (tests): no descriptor
        stream.buffer.write(data)
        stream.buffer.flush()
        return
    stream.buffer.flush()
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        if written <= 0:
            raise OSError(errno.EIO, "the output accepted no more bytes")
        view = view[written:]


def _write_special(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{printable_path(path)}: cannot write: {os_reason(error)}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
