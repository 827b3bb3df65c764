"""Incremental `build`: only what changed is rendered and written, gone missions' files go.

The oracles are the file system (inode and st_mtime_ns of every file, the folder listing) and
hashlib on the files; a build from scratch into another folder says what the bytes should be.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, EXAMPLES, SEED, invoke

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
MANIFEST = ".missionplan-build.json"
VIENNA = "vie-coordination-2023-03"
IOM = "iom-tjk-uzb-2022-05"


def _stamps(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under `directory` (the manifest too): (inode, mtime in ns). A file replaced
    gets a new inode; one rewritten in place a new mtime."""
    found = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = Path(root) / name
            info = path.lstat()
            found[str(path.relative_to(directory))] = (info.st_ino, info.st_mtime_ns)
    return found


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "missions"
    folder.mkdir()
    shutil.copy(SEED, folder)
    shutil.copy(DST_EXAMPLE, folder)
    return folder


def _build(portfolio: Path, out: Path, *args: str, code: int = 0) -> tuple[str, str]:
    result = invoke("build", portfolio, "-o", out, *args, env=EPOCH)
    assert result.exit_code == code, result.stderr
    return result.stdout, result.stderr


def test_a_rebuild_with_nothing_changed_touches_no_file(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    assert MANIFEST in before and len(before) > 10
    stdout, stderr = _build(portfolio, out)
    assert _stamps(out) == before
    assert stdout == ""
    assert f"built 0 of 2 missions into {out}, 2 up to date" in stderr


def test_a_changed_mission_rebuilds_only_its_files(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    vienna = portfolio / DST_EXAMPLE.name
    vienna.write_text(
        vienna.read_text().replace("Regional coordination meeting, day 2", "Closing plenary")
    )
    stdout, stderr = _build(portfolio, out)
    after = _stamps(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed - {MANIFEST}, "nothing was rewritten"
    assert all(name.startswith(f"{VIENNA}/") for name in changed - {MANIFEST})
    assert f"{VIENNA}/{VIENNA}-briefing.html" in changed
    assert "Closing plenary" in (out / VIENNA / f"{VIENNA}-briefing.html").read_text()
    assert "built 1 of 2 missions" in stderr and "1 up to date" in stderr
    assert sorted(stdout.splitlines()) == sorted(
        f"wrote {out}/{name}" for name in changed - {MANIFEST}
    )
    # the bytes are those of a build from scratch
    fresh = tmp_path / "fresh"
    _build(portfolio, fresh)
    assert _tree(out) == _tree(fresh)


def test_a_finding_from_another_file_counts_as_a_change_of_the_mission(
    portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    # another mission with the same people at the same times: a double booking across files
    twin = portfolio / "twin.toml"
    twin.write_text(DST_EXAMPLE.read_text().replace(VIENNA, "vie-twin-2023-03"))
    _, stderr = _build(portfolio, out, code=1)
    vienna = portfolio / DST_EXAMPLE.name
    assert f"{vienna}:42:10: MP500 error: taher is double-booked" in stderr
    assert f"{vienna}: not built: has errors; the files of its last build are kept" in stderr
    assert "built 0 of 3 missions" in stderr and "1 up to date" in stderr
    assert _stamps(out) == before  # the planner's last good files stay until it is settled
    # with the finding suppressed on the command line, the mission's findings still changed:
    # it is rendered again (its files' bytes are the same, so none is rewritten)
    _, stderr = _build(portfolio, out, "--ignore", "MP500")
    assert "built 2 of 3 missions" in stderr and "1 up to date" in stderr
    assert all(_stamps(out)[name] == before[name] for name in before if name != MANIFEST)
    twin.unlink()
    stdout, stderr = _build(portfolio, out)
    assert "built 1 of 2 missions" in stderr and "1 up to date" in stderr
    assert stdout.splitlines() == sorted(stdout.splitlines())
    assert all(line.startswith(f"removed {out}/vie-twin-2023-03/") for line in stdout.splitlines())
    assert not (out / "vie-twin-2023-03").exists()


def test_a_removed_mission_loses_exactly_the_files_built_for_it(
    portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    folder = out / VIENNA
    built = sorted(p.name for p in folder.iterdir())
    notes = folder / "notes.txt"
    notes.write_text("my own notes\n")
    edited = folder / f"{VIENNA}-taher.ics"
    edited.write_bytes(edited.read_bytes() + b"\r\n")
    iom_before = {k: v for k, v in _stamps(out).items() if k.startswith(IOM)}
    (portfolio / DST_EXAMPLE.name).unlink()
    stdout, stderr = _build(portfolio, out)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", f"{VIENNA}-taher.ics"]
    assert notes.read_text() == "my own notes\n"
    removed = sorted(line.removeprefix("removed ") for line in stdout.splitlines())
    expected = [n for n in built if n != f"{VIENNA}-taher.ics"]
    assert removed == [f"{folder}/{name}" for name in expected]
    assert f"{edited}: left in place" in stderr
    assert {k: v for k, v in _stamps(out).items() if k.startswith(IOM)} == iom_before
    # the edited file is no longer claimed: a later build leaves it and says nothing of it
    stdout, stderr = _build(portfolio, out)
    assert stdout == "" and "left in place" not in stderr
    assert edited.exists()


def test_a_mission_folder_emptied_by_removal_goes(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    (portfolio / DST_EXAMPLE.name).unlink()
    _build(portfolio, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, IOM])


def test_a_deleted_or_edited_output_is_written_again(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    fresh = _tree(out)
    before = _stamps(out)
    deleted = out / IOM / f"{IOM}.ics"
    deleted.unlink()
    edited = out / VIENNA / f"{VIENNA}-briefing.html"
    edited.write_text("scribbled over")
    stdout, _ = _build(portfolio, out)
    assert _tree(out) == fresh
    assert f"wrote {deleted}" in stdout and f"wrote {edited}" in stdout
    after = _stamps(out)
    untouched = set(before) - {
        MANIFEST,
        str(deleted.relative_to(out)),
        str(edited.relative_to(out)),
    }
    assert all(after[name] == before[name] for name in untouched)


def test_a_copied_output_folder_is_still_up_to_date(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, copy_function=shutil.copyfile)  # new times, same bytes
    before = {k: v for k, v in _stamps(copy).items() if k != MANIFEST}
    stdout, stderr = _build(portfolio, copy)
    assert stdout == "" and "2 up to date" in stderr
    assert {k: v for k, v in _stamps(copy).items() if k != MANIFEST} == before


def test_force_rewrites_every_file(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    fresh = _tree(out)
    before = _stamps(out)
    stdout, stderr = _build(portfolio, out, "--force")
    after = _stamps(out)
    assert all(after[name] != before[name] for name in before if name != MANIFEST)
    assert stdout.count("wrote ") == len(fresh)
    assert "built 2 of 2 missions" in stderr
    assert _tree(out) == fresh


def test_another_epoch_rebuilds_everything(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    result = invoke("build", portfolio, "-o", out, env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert "built 2 of 2 missions" in result.stderr
    assert b"DTSTAMP:20270115T080000Z" in (out / IOM / f"{IOM}.ics").read_bytes()


@pytest.mark.parametrize(
    "content",
    [
        b"{ not json",
        b'{"format": "missionplan-build", "version": 99, "missions": {}}',
        b'{"format": "missionplan-build", "version": 1, "missions": {"../x": {}}}',
        b"[]",
    ],
)
def test_an_unusable_manifest_means_a_full_build_and_no_deletion(
    portfolio: Path, tmp_path: Path, content: bytes
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    fresh = _tree(out)
    (out / MANIFEST).write_bytes(content)
    (portfolio / DST_EXAMPLE.name).unlink()
    stdout, stderr = _build(portfolio, out)
    assert f"{out / MANIFEST}: not used" in stderr
    assert "removed" not in stdout
    assert _tree(out) == fresh  # the removed mission's files stay: nothing trusted to delete
    assert "built 1 of 1 mission" in stderr
    _, stderr = _build(portfolio, out)
    assert "1 up to date" in stderr  # a good manifest was written again


def test_a_hand_edited_manifest_deletes_nothing_it_did_not_write(
    portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    mine = out / "mine"
    mine.mkdir()
    (mine / "plan.txt").write_text("mine\n")
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["missions"]["mine"] = {
        "source": "gone.toml",
        "inputs": "0" * 64,
        "files": {"plan.txt": {"size": 5, "mtime_ns": 0, "sha256": "0" * 64}},
    }
    (out / MANIFEST).write_text(json.dumps(manifest))
    _, stderr = _build(portfolio, out)
    assert (mine / "plan.txt").read_text() == "mine\n"
    assert f"{mine / 'plan.txt'}: left in place" in stderr


def test_a_mission_with_errors_keeps_the_files_of_its_last_build(
    portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    vienna = portfolio / DST_EXAMPLE.name
    vienna.write_text(vienna.read_text().replace('people = ["taher"]', 'people = ["tahir"]', 1))
    _, stderr = _build(portfolio, out, code=1)
    assert "not built: has errors; the files of its last build are kept" in stderr
    assert _stamps(out) == before
    shutil.copy(DST_EXAMPLE, vienna)
    stdout, stderr = _build(portfolio, out)
    assert stdout == "" and "2 up to date" in stderr  # back as it was: its files are current
    assert _stamps(out) == before


def _break(mission: Path) -> None:
    """A TOML syntax error in the first line: the file's mission id cannot be known."""
    mission.write_text("[mission\n" + mission.read_text(encoding="utf-8"), encoding="utf-8")


def test_an_unreadable_mission_keeps_its_files_whatever_its_path_is_called(
    portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    _break(portfolio / SEED.name)
    spelled = portfolio.parent / "elsewhere" / ".." / portfolio.name
    (portfolio.parent / "elsewhere").mkdir()
    result = invoke("build", spelled, "-o", out, env=EPOCH)
    assert result.exit_code == 1, result.stderr
    assert "the files of its last build are kept" in result.stderr
    # the other mission, found under its new spelling, is recorded so; no output changes
    assert {n: s for n, s in _stamps(out).items() if n != MANIFEST} == {
        n: s for n, s in before.items() if n != MANIFEST
    }


def test_a_renamed_unreadable_mission_deletes_nothing(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(portfolio, out)
    before = _stamps(out)
    renamed = portfolio / "renamed.toml"
    (portfolio / SEED.name).rename(renamed)
    _break(renamed)
    _, stderr = _build(portfolio, out, code=1)
    assert f"{out / IOM}: kept: no mission file builds it now" in stderr
    assert _stamps(out) == before
    renamed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")  # readable again
    _build(portfolio, out)
    assert sorted(_tree(out)) == sorted(n for n in before if n != MANIFEST)


def _start(portfolio: Path, out: Path, *args: str) -> subprocess.Popen[bytes]:
    """`missionplan build` in its own session, saving its manifest after every mission, using
    processes even for a few missions, and (rendering here, -j 1) taking a second longer for
    each, so that the test sees it between two missions however loaded the machine is."""
    code = (
        "import sys, time; from missionplan.app import build;"
        " build.CHECKPOINT_SECONDS = 0; build.MISSIONS_PER_WORKER = 1;"
        " made = build.outputs;"
        " build.outputs = lambda *task: (time.sleep(1), made(*task))[1];"
        " from missionplan.cli.main import main; main(sys.argv[1:])"
    )
    command = [sys.executable, "-c", code, "build", str(portfolio), "-o", str(out), *args]
    env = {**os.environ, **EPOCH}
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def _wait_for_files(out: Path, folders: int, process: subprocess.Popen[bytes]) -> None:
    """Until `folders` mission folders have files in them; fails if the build ends first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (
            out.is_dir()
            and sum(1 for d in out.iterdir() if d.is_dir() and any(d.iterdir())) >= folders
        ):
            return
        assert process.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.01)
    raise AssertionError("no output appeared")


def _claims_are_true(out: Path) -> int:
    """Every file the manifest lists is there with the bytes it says; how many it lists."""
    path = out / MANIFEST
    if not path.exists():
        return 0
    claims = json.loads(path.read_text())["missions"]
    for mission, entry in claims.items():
        for name, record in entry["files"].items():
            data = (out / mission / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == record["sha256"], name
            assert len(data) == record["size"]
    return len(claims)


def _retitle(portfolio: Path) -> None:
    for path in portfolio.glob("*.toml"):
        text = path.read_text()
        path.write_text(text.replace('title = "', 'title = "Revised: ', 1))


def _recorded(out: Path) -> dict[str, str]:
    """The inputs hash of each mission in the manifest, as it is at this moment."""
    try:
        return {
            k: v["inputs"] for k, v in json.loads((out / MANIFEST).read_text())["missions"].items()
        }
    except (OSError, ValueError):
        return {}


def test_a_killed_build_leaves_a_manifest_that_claims_only_what_is_there(
    tmp_path: Path,
) -> None:
    portfolio = tmp_path / "missions"
    shutil.copytree(EXAMPLES, portfolio, ignore=shutil.ignore_patterns("wb-*"))  # 3 missions
    out = tmp_path / "out"
    _build(portfolio, out)
    old = set(_recorded(out).values())
    _retitle(portfolio)  # every file is to be rewritten
    process = _start(portfolio, out, "-j", "1")
    # kill as soon as the first mission rebuilt is recorded, while the others are under way
    deadline = time.monotonic() + 120
    while not set(_recorded(out).values()) - old:
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "no mission was recorded"
        time.sleep(0.005)
    process.kill()
    process.communicate()
    finished = _claims_are_true(out)
    assert 1 <= finished < 3
    assert not set(_recorded(out).values()) & old  # nothing claimed of the files replaced
    _, stderr = _build(portfolio, out)
    assert f"built {3 - finished} of 3 missions" in stderr and f"{finished} up to date" in stderr
    fresh = tmp_path / "fresh"
    _build(portfolio, fresh)
    assert _tree(out) == _tree(fresh)
    assert _claims_are_true(out) == 3


def test_ctrl_c_stops_a_parallel_build_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    portfolio = tmp_path / "missions"
    shutil.copytree(EXAMPLES, portfolio)
    out = tmp_path / "out"
    process = _start(portfolio, out, "-j", "2")
    _wait_for_files(out, 1, process)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the build and its workers
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert b"build interrupted" in stderr
    assert _claims_are_true(out) < 4
