"""`missionplan ics` as a user runs it: exit codes, files, filters, refusals, cancellations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, SEED, invoke
from test_ics_parsers import check_calendar, expected_times, load

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


def test_stdout_is_the_whole_mission() -> None:
    result = invoke("ics", SEED, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = result.stdout.encode("utf-8")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTAMP:20231114T221320Z\r\n" in data
    mission = load(SEED)
    check_calendar(data, expected_times(mission))


def test_output_file_has_the_same_bytes_as_stdout(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = invoke("ics", DST_EXAMPLE, "-o", target, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == invoke("ics", DST_EXAMPLE, env=EPOCH).stdout.encode()
    check_calendar(target.read_bytes(), expected_times(load(DST_EXAMPLE)))
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_person_filter_and_repeated_person(tmp_path: Path) -> None:
    mission = load(SEED)
    only = invoke("ics", SEED, "--person", "calderon")
    assert only.exit_code == 0
    check_calendar(only.stdout.encode(), expected_times(mission, ["calderon"]))
    both = invoke("ics", SEED, "--person", "calderon", "--person", "taher")
    check_calendar(both.stdout.encode(), expected_times(mission))


def test_unknown_person_is_one_clear_line() -> None:
    result = invoke("ics", SEED, "--person", "tahir")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert 'no person "tahir"' in _one_line(result.stderr)
    assert "taher" in result.stderr


def test_split_writes_one_file_per_person_and_the_mission(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    result = invoke("ics", SEED, "--split", "-o", out, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "iom-tjk-uzb-2022-05-calderon.ics",
        "iom-tjk-uzb-2022-05-taher.ics",
        "iom-tjk-uzb-2022-05.ics",
    ]
    mission = load(SEED)
    check_calendar((out / "iom-tjk-uzb-2022-05.ics").read_bytes(), expected_times(mission))
    for person in ("calderon", "taher"):
        data = (out / f"iom-tjk-uzb-2022-05-{person}.ics").read_bytes()
        check_calendar(data, expected_times(mission, [person]))
    whole = invoke("ics", SEED, env=EPOCH).stdout.encode()
    assert (out / "iom-tjk-uzb-2022-05.ics").read_bytes() == whole


@pytest.mark.parametrize(
    "args",
    [
        ["--split"],
        ["--split", "-o", "x", "--person", "taher"],
        ["--split", "-o", "x", "--cancel-from", "y"],
    ],
    ids=["no-dir", "with-person", "with-cancel"],
)
def test_split_misuse_is_a_usage_error(args: list[str]) -> None:
    result = invoke("ics", SEED, *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "--split" in result.stderr


def test_file_with_errors_is_refused_with_its_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(DST_EXAMPLE.read_text().replace('people = ["taher"]', 'people = ["tahr"]', 1))
    target = tmp_path / "out.ics"
    result = invoke("ics", broken, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{broken}:" in result.stderr and "MP104 error:" in result.stderr
    assert 'did you mean "taher"?' in result.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.toml"]


def test_warnings_do_not_block(tmp_path: Path) -> None:
    late = tmp_path / "late.toml"
    # the last day's items fall outside the mission window: MP205 is a warning
    late.write_text(DST_EXAMPLE.read_text().replace("end = 2023-03-28", "end = 2023-03-27", 1))
    result = invoke("ics", late)
    assert result.exit_code == 0
    assert "MP205 warning" in result.stderr
    check_calendar(result.stdout.encode(), expected_times(load(late)))


@pytest.mark.parametrize("kind", ["missing-directory", "parent-is-a-file", "is-a-directory"])
def test_unwritable_output_is_one_line_exit_2_no_temp_file(tmp_path: Path, kind: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = {
        "missing-directory": tmp_path / "nowhere" / "plan.ics",
        "parent-is-a-file": tmp_path / "file.txt" / "plan.ics",
        "is-a-directory": tmp_path,
    }[kind]
    result = invoke("ics", DST_EXAMPLE, "-o", target)
    assert result.exit_code == 2
    assert _one_line(result.stderr).startswith("missionplan: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_missing_input_and_bad_source_date_epoch_are_one_line(tmp_path: Path) -> None:
    missing = invoke("ics", "no-such-mission.toml")
    assert missing.exit_code == 2
    _one_line(missing.stderr)
    directory = invoke("ics", SEED.parent)
    assert directory.exit_code == 2
    assert "is a directory" in _one_line(directory.stderr)
    bad = invoke("ics", DST_EXAMPLE, env={"SOURCE_DATE_EPOCH": "last tuesday"})
    assert bad.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in _one_line(bad.stderr)


def test_no_alarms() -> None:
    result = invoke("ics", SEED, "--no-alarms")
    assert result.exit_code == 0
    assert "BEGIN:VALARM" not in result.stdout
    check_calendar(result.stdout.encode(), expected_times(load(SEED)))


def _reissued(tmp_path: Path, revision: int, drop_day_2: bool = True) -> Path:
    text = DST_EXAMPLE.read_text().replace("revision = 2", f"revision = {revision}")
    if drop_day_2:
        start = text.index('[[events]]\nid = "coordination-day-2"')
        end = text.index("[[contacts]]")
        text = text[:start] + text[end:]
    text = text.replace("2023-03-27T09:00:00", "2023-03-27T10:00:00")
    path = tmp_path / "reissued.toml"
    path.write_text(text)
    return path


def test_reissue_updates_same_uids_with_higher_sequence(tmp_path: Path) -> None:
    old = invoke("ics", DST_EXAMPLE).stdout
    reissued = _reissued(tmp_path, 3, drop_day_2=False)
    new = invoke("ics", reissued).stdout
    check_calendar(old.encode(), expected_times(load(DST_EXAMPLE)))
    check_calendar(new.encode(), expected_times(load(reissued)))
    uids = [line for line in old.split("\r\n") if line.startswith("UID:")]
    assert uids == [line for line in new.split("\r\n") if line.startswith("UID:")]
    assert "SEQUENCE:2\r\n" in old and "SEQUENCE:2\r\n" not in new
    assert new.count("SEQUENCE:3\r\n") == len(uids)
    assert "DTSTART;TZID=Europe/Vienna:20230327T100000\r\n" in new


def test_cancel_from_writes_method_cancel_for_removed_items(tmp_path: Path) -> None:
    target = tmp_path / "cancel.ics"
    new = _reissued(tmp_path, 3)
    result = invoke("ics", new, "--cancel-from", DST_EXAMPLE, "-o", target)
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    text = data.decode()
    assert "METHOD:CANCEL\r\n" in text
    assert text.count("BEGIN:VEVENT") == 1
    assert "UID:vie-coordination-2023-03.coordination-day-2@missionplan\r\n" in text
    assert "STATUS:CANCELLED\r\n" in text and "SEQUENCE:3\r\n" in text
    old = expected_times(load(DST_EXAMPLE))
    uid = "vie-coordination-2023-03.coordination-day-2@missionplan"
    check_calendar(data, {uid: old[uid]})


def test_cancel_from_needs_a_higher_revision_and_the_same_mission(tmp_path: Path) -> None:
    same = invoke("ics", _reissued(tmp_path, 2), "--cancel-from", DST_EXAMPLE)
    assert same.exit_code == 2
    assert "revision" in _one_line(same.stderr)
    other = invoke("ics", SEED, "--cancel-from", DST_EXAMPLE)
    assert other.exit_code == 2
    assert "mission" in _one_line(other.stderr)


def test_help_documents_every_option() -> None:
    result = invoke("ics", "--help")
    assert result.exit_code == 0
    for option in ("--person", "--output", "--split", "--cancel-from", "--no-alarms"):
        assert option in result.stdout


def test_an_item_without_id_never_takes_another_items_uid(tmp_path: Path) -> None:
    # an item without id gets a UID from its content; a written id keeps its own
    clash = tmp_path / "clash.toml"
    clash.write_text(
        '[mission]\nid = "c"\ntitle = "t"\nstart = 2023-01-01\nend = 2023-01-31\n'
        '[people.a]\nname = "A"\n[places.v]\ncity = "Vienna"\ncountry = "AT"\n'
        '[[events]]\ntitle = "no id"\nplace = "v"\nstart = 2023-01-10\nend = 2023-01-10\n'
        '[[events]]\nid = "events-1"\ntitle = "x"\nplace = "v"\n'
        "start = 2023-01-11\nend = 2023-01-11\n"
    )
    result = invoke("ics", clash)
    assert result.exit_code == 0
    uids = [line for line in result.stdout.splitlines() if line.startswith("UID:")]
    assert "UID:c.events-1@missionplan" in uids
    assert len(set(uids)) == 2
    assert re.fullmatch(r"UID:c\.event-[0-9a-f]{16}@missionplan", min(uids))


def test_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("ics", SEED, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert not (tmp_path / "-").exists()
