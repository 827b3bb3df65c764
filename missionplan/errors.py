"""Errors that end a command with a one-line message, and the exit codes they map to."""

from __future__ import annotations

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
