"""Every command meets a bad path with one clear line naming it, and exit 2; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED, invoke

READERS = [
    ("validate",),
    ("show",),
    ("ics",),
    ("brief", "--format", "md"),
    ("build", "-o", "OUT"),
    ("ids",),
]


def _args(command: tuple[str, ...], path: Path, out: Path) -> list[str | Path]:
    return [str(out) if part == "OUT" else part for part in command] + [path]


def _one_clean_line(result_stderr: str, needle: str) -> None:
    assert "Traceback" not in result_stderr
    lines = [line for line in result_stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result_stderr
    assert needle in lines[0]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_missing_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "nope.toml"
    result = invoke(*_args(command, missing, tmp_path / "out"))
    assert result.exit_code == 2
    _one_clean_line(result.stderr, str(missing))


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_binary_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    binary = tmp_path / "photo.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke(*_args(command, binary, tmp_path / "out"))
    assert result.exit_code == 2
    _one_clean_line(result.stderr, str(binary))


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_file_that_is_not_toml(tmp_path: Path, command: tuple[str, ...]) -> None:
    text = tmp_path / "notes.toml"
    text.write_text('{"mission": "this is JSON"}\n', encoding="utf-8")
    result = invoke(*_args(command, text, tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{text}:1:1: MP100 error" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    result = invoke("validate", big)
    assert result.exit_code == 2
    _one_clean_line(result.stderr, "larger than the 20 MB a mission file may have")


@pytest.mark.parametrize(
    "command",
    [
        ("ics", SEED, "-o"),
        ("brief", SEED, "--format", "html", "-o"),
        ("schema", "-o"),
        ("new", "--id", "x", "-o"),
    ],
    ids=lambda c: c[0],
)
def test_an_output_in_a_missing_directory(tmp_path: Path, command: tuple[str | Path, ...]) -> None:
    target = tmp_path / "missing" / "out.file"
    result = invoke(*command, target, input="")
    assert result.exit_code == 2
    _one_clean_line(result.stderr, str(target))
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command", [("ics", SEED, "-o"), ("schema", "-o")], ids=lambda c: c[0])
def test_an_output_where_a_file_blocks_the_directory(
    tmp_path: Path, command: tuple[str | Path, ...]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    result = invoke(*command, blocker / "out.file")
    assert result.exit_code == 2
    _one_clean_line(result.stderr, str(blocker / "out.file"))
    assert blocker.read_text() == "in the way"


def test_a_directory_without_missions_for_build(tmp_path: Path) -> None:
    result = invoke("build", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    _one_clean_line(result.stderr, "no .toml mission files in this directory")


def test_one_unreadable_file_does_not_hide_the_others(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\x01\x02")
    broken = tmp_path / "broken.toml"
    broken.write_text('{"mission": 1}\n', encoding="utf-8")
    import json

    result = invoke("validate", broken, binary, "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["unreadable"] == [
        {
            "path": str(binary),
            "message": f"{binary}: binary data (NUL bytes), not a TOML mission file",
        }
    ]
    assert [d["code"] for d in document["diagnostics"]] == ["MP100"]
    assert document["summary"]["unreadable"] == 1
    _one_clean_line(result.stderr, f"{binary}: binary data")
    text = invoke("validate", broken, binary)
    assert text.stdout.splitlines()[-1] == "2 files checked: 1 error, 1 unreadable"
    github = invoke("validate", broken, binary, "--format", "github")
    assert f"::error file={binary},title=unreadable::" in github.stdout


def test_build_goes_on_past_an_unreadable_file(tmp_path: Path) -> None:
    missions = tmp_path / "missions"
    missions.mkdir()
    (missions / "binary.toml").write_bytes(b"\x00\x01")
    (missions / "seed.toml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("build", missions, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "binary.toml: not built: binary data" in result.stderr
    assert (tmp_path / "out" / "iom-tjk-uzb-2022-05" / "iom-tjk-uzb-2022-05.ics").is_file()
