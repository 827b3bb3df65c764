"""The two revisions a diff compares: mission files, or a file as a git revision had it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from missionplan.app.validate import check_file, check_source
from missionplan.checks.report import FileReport
from missionplan.errors import InputError, MissionplanError
from missionplan.source.text import Source


def from_file(path: Path) -> FileReport:
    """The report of a mission file (InputError when it cannot be read)."""
    return check_file(path)


def from_git(path: Path, revision: str) -> FileReport:
    """The report of `path` as it was at git `revision` (`git show REV:./path`)."""
    if revision.startswith("-") or not revision.strip():
        raise MissionplanError(f"--since {revision!r}: not a git revision")
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise InputError(f"{path}: directory {directory} does not exist")
    try:
        shown = subprocess.run(
            ["git", "-C", str(directory), "show", f"{revision}:./{path.name}"],
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise InputError(f"--since needs git: {error.strerror or error}") from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else f"git exited with {shown.returncode}"
        raise InputError(f"{path} at {revision}: {detail.removeprefix('fatal: ')} (git show)")
    try:
        text = shown.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} at {revision}: not a UTF-8 text file") from None
    return check_source(Source(f"{path}@{revision}", text))


def old_and_new(old: Path | None, new: Path, since: str | None) -> tuple[FileReport, FileReport]:
    """OLD and NEW as the command line names them: two files, or NEW and `--since REV`."""
    if since is not None:
        return from_git(new, since), from_file(new)
    assert old is not None
    return from_file(old), from_file(new)


def comparable(old: FileReport, new: FileReport) -> None:
    """Both are the same mission (MissionplanError otherwise)."""
    assert old.mission is not None and new.mission is not None
    if old.mission.id != new.mission.id:
        raise MissionplanError(
            f'{old.source.name} is mission "{old.mission.id}", {new.source.name} is'
            f' "{new.mission.id}": only two revisions of one mission can be compared'
        )
