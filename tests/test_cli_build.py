"""`missionplan build`: the whole job, from mission files to a directory of calendars and briefings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, EXAMPLES, FIXTURES, ROOT, SEED, invoke

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _tree(directory: Path) -> dict[str, bytes]:
    """The outputs, without the build's own record (it holds the files' times)."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".missionplan-build.json"
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("build") / "out"
    result = invoke("build", EXAMPLES, "-o", out, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    return out, result.stdout, result.stderr


def test_build_writes_calendars_and_briefings_for_every_mission(
    built: tuple[Path, str, str],
) -> None:
    out, stdout, stderr = built
    expected = []
    for mission, people in (
        ("iom-tjk-uzb-2022-05", ("calderon", "taher")),
        ("vie-coordination-2023-03", ("calderon", "taher")),
        ("wb-npl-bgd-ind-2024-03", ("haque", "rao")),
        ("who-syd-akl-scl-2024-04", ("tipene",)),
    ):
        expected += [f"{mission}/{mission}.ics", f"{mission}/{mission}-briefing.html"]
        expected += [f"{mission}/{mission}-briefing.pdf"]
        for person in people:
            expected += [f"{mission}/{mission}-{person}.ics"]
            # each person gets a briefing of their own, beside the mission's overview
            expected += [f"{mission}/{mission}-{person}-briefing.{ext}" for ext in ("html", "pdf")]
    assert sorted(_tree(out)) == sorted(expected)
    assert stdout.count("wrote ") == len(expected)
    assert f"wrote {out}/iom-tjk-uzb-2022-05/iom-tjk-uzb-2022-05.ics" in stdout
    assert "built 4 of 4 missions" in stderr
    tree = _tree(out)
    assert tree["iom-tjk-uzb-2022-05/iom-tjk-uzb-2022-05-briefing.pdf"].startswith(b"%PDF-")
    assert b"BEGIN:VCALENDAR\r\n" in tree["iom-tjk-uzb-2022-05/iom-tjk-uzb-2022-05-taher.ics"]
    assert "Salma Taher" in tree["iom-tjk-uzb-2022-05/iom-tjk-uzb-2022-05-briefing.html"].decode()
    own = tree["iom-tjk-uzb-2022-05/iom-tjk-uzb-2022-05-calderon-briefing.html"].decode()
    assert "Briefing for Jaime Calderon" in own
    assert "Meeting with the Deputy Minister" not in own  # Salma Taher's meeting


def test_build_is_byte_for_byte_reproducible(built: tuple[Path, str, str], tmp_path: Path) -> None:
    out, _, _ = built
    again = tmp_path / "again"
    assert invoke("build", EXAMPLES, "-o", again, env=EPOCH).exit_code == 0
    assert _tree(again) == _tree(out)


def test_build_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Two processes with different string hashing (set and dict orders of str keys) write
    the same bytes: one process alone would always agree with itself."""
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, **EPOCH, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-m", "missionplan", "build", str(SEED), "-o", str(out), "-q"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        trees.append(_tree(out))
    assert trees[0] and trees[0] == trees[1]


def test_default_input_is_itineraries_and_default_output_is_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "itineraries")
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "-q", env=EPOCH)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "out" / "iom-tjk-uzb-2022-05" / "iom-tjk-uzb-2022-05.ics").is_file()


def test_a_mission_with_errors_is_skipped_and_the_others_built(tmp_path: Path) -> None:
    portfolio = tmp_path / "missions"
    portfolio.mkdir()
    shutil.copy(EXAMPLES / "vienna-dst-2023-03.toml", portfolio)
    shutil.copy(FIXTURES / "loader" / "mp104_unknown_reference.toml", portfolio)
    out = tmp_path / "out"
    result = invoke("build", portfolio, "-o", out, env=EPOCH)
    assert result.exit_code == 1
    assert "mp104_unknown_reference.toml: not built: has errors" in result.stderr
    assert 'names unknown person "tahir"' in result.stderr
    assert "built 1 of 2 missions" in result.stderr
    assert (out / "vie-coordination-2023-03" / "vie-coordination-2023-03.ics").is_file()
    assert not (out / "fixture").exists()


def test_two_files_with_one_mission_id_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        shutil.copy(EXAMPLES / "vienna-dst-2023-03.toml", tmp_path / name)
    result = invoke(
        "build",
        tmp_path / "a.toml",
        tmp_path / "b.toml",
        "-o",
        tmp_path / "out",
        "--ignore",
        "MP5",  # MP501 says so at validation; build still never lets one overwrite the other
    )
    assert result.exit_code == 1
    assert (
        f'b.toml: not built: mission id "vie-coordination-2023-03" is also used by {tmp_path}/a.toml'
        in result.stderr
    )


def test_output_that_cannot_be_a_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("build", EXAMPLES, "-o", blocker / "out")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(blocker / "out") in result.stderr


def test_readme_first_command_names_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert "missionplan build" in first_block


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionplan.app import build

    monkeypatch.setattr(build, "MISSIONS_PER_WORKER", 1)  # processes even for two missions
    portfolio = tmp_path / "missions"
    portfolio.mkdir()
    shutil.copy(SEED, portfolio / "a.toml")
    shutil.copy(FIXTURES / "loader" / "mp104_unknown_reference.toml", portfolio / "b.toml")
    shutil.copy(DST_EXAMPLE, portfolio / "c.toml")
    runs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"j{jobs}"
        result = invoke("build", portfolio, "-o", out, "-j", jobs, env=EPOCH)
        assert result.exit_code == 1  # b.toml has errors; the others are still built
        runs.append((_tree(out), result.stdout, result.stderr.replace(str(out), "OUT")))
    (serial, serial_out, serial_err), (parallel, parallel_out, parallel_err) = runs
    assert {name.split("/")[0] for name in serial} == {
        "iom-tjk-uzb-2022-05",
        "vie-coordination-2023-03",
    }
    assert parallel == serial
    assert "b.toml: not built: has errors" in parallel_err
    assert parallel_err == serial_err
    assert parallel_out.replace("/j3/", "/j1/") == serial_out
