"""Errors that end a command with a one-line message, and the exit codes they map to."""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class MissionplanError(Exception):
    """A failure the user can fix, reported as one line; exit code 2 (bad usage or I/O)."""

    exit_code = EXIT_USAGE


class InputError(MissionplanError):
    """A file that cannot be read: missing, unreadable, a directory, not UTF-8, too large."""


class OutputError(MissionplanError):
    """A file that cannot be written: missing or read-only directory, disk full."""


_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link that loops (or too many levels of links)",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.EISDIR: "is a directory",
}


def os_reason(error: OSError, otherwise: str = "") -> str:
    """An OSError in the words a user reads (no such file, permission denied, a link loop...);
    any other as the system words it, after `otherwise` ("cannot read: ")."""
    return _OS_REASONS.get(error.errno or 0) or f"{otherwise}{error.strerror or error}"
