"""Generated hostile paths and file kinds, across every command that reads or writes files.

Whatever the input and output are (a symbolic link out of the output folder, a link loop, a
dangling link, a pipe, a device, a directory, an unreadable name), every command ends with a
message and exit 0, 1 or 2, never a traceback, and nothing outside the output folder changes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SEED, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionplan.source import reading

INPUT_KINDS = ["file", "link-out", "loop", "dangling", "fifo", "directory", "device", "missing"]
OUTPUT_KINDS = ["new", "link-out", "loop", "dangling", "directory", "device", "file"]
COMMANDS = [
    ("validate", False),
    ("show", False),
    ("ics", True),
    ("brief --format md", True),
    ("build", True),
    ("ids --check", False),
]


def _make(kind: str, path: Path, outside: Path) -> Path:
    if kind == "file":
        path.write_bytes(SEED.read_bytes())
    elif kind == "link-out":
        path.symlink_to(outside)
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere" / "x.toml")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "device":
        return Path("/dev/null")
    return path


def _run(here: Path, command: tuple[str, bool], input_kind: str, output_kind: str) -> None:
    outside = here / "outside.txt"
    outside.write_text("keep me\n")
    folder = here / "out"
    folder.mkdir()
    source = _make(input_kind, here / "plan.toml", outside)
    name, writes = command
    args: list[str | Path] = [*name.split(), source]
    if writes:
        if name == "build":
            _make(output_kind, folder / "iom-tjk-uzb-2022-05", outside)
            target = folder
        else:
            target = _make(output_kind, folder / "plan.out", outside)
        args += ["-o", target]
    result = invoke(*args)
    assert result.exit_code in {0, 1, 2}, (args, result)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert outside.read_text() == "keep me\n"  # nothing written through a link out


@pytest.mark.parametrize("output_kind", OUTPUT_KINDS)
@pytest.mark.parametrize("command", [c for c in COMMANDS if c[1]], ids=lambda c: c[0])
def test_every_output_kind_for_a_good_mission(
    tmp_path: Path, command: tuple[str, bool], output_kind: str
) -> None:
    _run(tmp_path, command, "file", output_kind)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    input_kind=st.sampled_from(INPUT_KINDS),
    output_kind=st.sampled_from(OUTPUT_KINDS),
)
def test_hostile_paths_end_in_a_message(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, bool],
    input_kind: str,
    output_kind: str,
) -> None:
    monkeypatch.setattr(reading, "STREAM_TIMEOUT", 0.2)
    _run(tmp_path_factory.mktemp("hostile"), command, input_kind, output_kind)
