"""Hostile and unlucky inputs and outputs, driven through the command line as a user would.

Each test checks the message, the exit code, and that nothing outside the output folder changed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DST_EXAMPLE, SEED, invoke

from missionplan.source import reading

MISSIONPLAN = [sys.executable, "-m", "missionplan"]


def _run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | kwargs
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [*MISSIONPLAN, *map(str, args)], timeout=120, check=False, **streams
    )


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "internal error" not in stderr


# --- inputs -------------------------------------------------------------------------------


def test_a_device_that_never_ends_is_read_only_up_to_the_limit() -> None:
    result = invoke("validate", "/dev/zero")
    assert result.exit_code == 2
    assert "/dev/zero" in result.stderr
    assert "larger than the 20 MB" in result.stderr


def test_a_pipe_nobody_writes_to_is_given_up_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    monkeypatch.setattr(reading, "STREAM_TIMEOUT", 0.3)
    result = invoke("validate", fifo)
    assert result.exit_code == 2
    assert "nothing arrived within" in result.stderr


def test_a_pipe_with_a_mission_in_it_is_read(tmp_path: Path) -> None:
    # `missionplan validate <(git show HEAD:plan.toml)`: a pipe is a fine way to pass a file.
    with SEED.open("rb") as stream:
        result = _run("validate", "/dev/stdin", stdin=stream)
    assert result.returncode == 0, result.stderr


def test_a_symlink_loop_as_input(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop.name)
    for command in (("validate",), ("ics",), ("show",), ("brief", "--format", "md")):
        result = invoke(*command, loop)
        assert result.exit_code == 2, command
        assert "loop" in result.stderr
        _no_traceback(result.stderr)


def test_a_file_name_too_long(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / ("x" * 300 + ".toml"))
    assert result.exit_code == 2
    assert "file name too long" in result.stderr


def test_a_file_name_with_escapes_and_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"plan-\xff-\x1b[31mred.toml")
    (tmp_path / name).write_bytes(DST_EXAMPLE.read_bytes().replace(b"revision = 2", b"revision ="))
    text = _run("validate", tmp_path)
    assert text.returncode == 1
    assert b"\x1b" not in text.stdout + text.stderr
    assert b"plan-\\xff-\\x1b[31mred.toml" in text.stdout
    as_json = _run("validate", "--format", "json", tmp_path)
    document = json.loads(as_json.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON
    assert document["files"] == [f"{tmp_path}/plan-\\xff-\\x1b[31mred.toml"]


def test_a_directory_tree_a_thousand_levels_deep(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(1000):  # mkdir(parents=True) itself recurses too deep for this
        deep /= "d"
        deep.mkdir()
    (deep / "m.toml").write_bytes(SEED.read_bytes())
    try:
        result = _run("validate", tmp_path)
    finally:  # pytest's own clean-up recurses, and would fail on this tree
        subprocess.run(["rm", "-rf", str(tmp_path / "d")], check=True)
    _no_traceback(result.stderr.decode())
    assert result.returncode == 0
    assert result.stdout.startswith(b"1 file checked")


def test_an_unreadable_sub_directory_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.toml").write_bytes(SEED.read_bytes())
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str | Path | int) -> object:  # root reads every folder: refuse this one
        if not isinstance(path, int) and Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert f"{locked}: cannot list: permission denied" in result.stderr + result.stdout


def test_the_same_file_given_twice_is_checked_once(tmp_path: Path) -> None:
    result = invoke("validate", SEED, SEED, SEED.parent)
    assert "MP500" not in result.stdout
    assert result.stdout.count("iom-tjk-uzb-2022-05.toml") == 0
    assert result.stdout.startswith("4 files checked")


def test_a_number_with_thousands_of_digits(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(SEED.read_text(encoding="utf-8") + "\n[x]\nn = " + "9" * 4301 + "\n")
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "MP100" in result.stdout
    assert "thousands of digits" in result.stdout


@pytest.mark.parametrize("hours", ["09:00-24:30", "09:00-25:00", "24:00-24:00"])
def test_hours_past_midnight_are_a_finding(tmp_path: Path, hours: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert 'hours = "' in text
    start = text.index('hours = "') + len('hours = "')
    plan = tmp_path / "plan.toml"
    plan.write_text(text[:start] + hours + text[text.index('"', start) :], encoding="utf-8")
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "hours" in result.stdout
    _no_traceback(result.stderr)


# --- standard output ------------------------------------------------------------------------


def test_standard_output_on_a_full_disk() -> None:
    with Path("/dev/full").open("wb") as full:
        result = _run("ics", SEED, "-o", "-", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert b"standard output: cannot write" in result.stderr


def test_standard_output_cut_by_a_file_size_limit(tmp_path: Path) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    with (tmp_path / "cut.ics").open("wb") as out:
        result = subprocess.run(
            [*MISSIONPLAN, "ics", str(SEED), "-o", "-"],
            stdout=out,
            stderr=subprocess.PIPE,
            preexec_fn=limit,
            check=False,
            timeout=120,
        )
    assert result.returncode == 2
    assert b"File too large" in result.stderr


def test_standard_output_closed() -> None:
    result = subprocess.run(
        [*MISSIONPLAN, "validate", str(SEED)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        pass_fds=(),
        close_fds=True,
        preexec_fn=lambda: os.close(1),
        timeout=120,
    )
    assert result.returncode == 2
    assert b"standard output is closed" in result.stderr


def test_show_into_a_reader_that_leaves_early() -> None:
    process = subprocess.Popen(
        [*MISSIONPLAN, "show", str(SEED)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()  # `| head -1`
    process.stdout.close()
    with process.stderr:
        stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert stderr == b""


# --- outputs --------------------------------------------------------------------------------


def test_a_symlink_planted_in_the_output_folder_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.sh"
    outside.write_text("#!/bin/sh\necho safe\n")
    outside.chmod(0o755)
    out = tmp_path / "out"
    (out / "iom-tjk-uzb-2022-05").mkdir(parents=True)
    planted = out / "iom-tjk-uzb-2022-05" / "iom-tjk-uzb-2022-05.ics"
    planted.symlink_to(outside)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code != 0
    assert "leads out of" in result.stdout + result.stderr
    assert outside.read_text() == "#!/bin/sh\necho safe\n"
    assert planted.is_symlink()


def test_a_mission_folder_that_is_a_link_out_of_the_output_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "iom-tjk-uzb-2022-05").symlink_to(elsewhere)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code != 0
    assert list(elsewhere.iterdir()) == []


def test_a_symlink_loop_in_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "iom-tjk-uzb-2022-05").mkdir(parents=True)
    loop = out / "iom-tjk-uzb-2022-05" / "iom-tjk-uzb-2022-05.ics"
    loop.symlink_to(loop.name)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code != 0
    _no_traceback(result.stderr)
    assert "iom-tjk-uzb-2022-05" in result.stdout + result.stderr


def test_a_failed_build_leaves_the_mission_at_its_old_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert invoke("build", SEED, "-o", out).exit_code == 0
    folder = out / "iom-tjk-uzb-2022-05"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync_fails_on_the_third(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # every output would change
    monkeypatch.setattr(os, "fsync", fsync_fails_on_the_third)
    result = invoke("build", SEED, "-o", out)
    assert result.exit_code != 0
    assert "No space left on device" in result.stdout + result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temporaries either


def test_output_names_that_differ_only_in_case(tmp_path: Path) -> None:
    text = DST_EXAMPLE.read_text(encoding="utf-8")
    first = tmp_path / "a.toml"
    second = tmp_path / "b.toml"
    first.write_text(text, encoding="utf-8")
    second.write_text(
        text.replace('id = "vie-coordination-2023-03"', 'id = "VIE-coordination-2023-03"')
        .replace("aher", "ina")  # other people: no double booking across the two files
        .replace("alderon", "arl"),
        encoding="utf-8",
    )
    assert "VIE-coordination" in second.read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", first, second, "-o", out)
    assert result.exit_code != 0
    # validation says so (MP501, ids compared ignoring case) and builds neither
    assert "MP501" in result.stderr and "is also the id of" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []
    # told to go on, build still never lets one overwrite the other
    result = invoke("build", first, second, "-o", out, "--ignore", "MP501")
    assert result.exit_code != 0
    assert "also used by" in result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".missionplan-build.json",  # the build's record of what it wrote
        "vie-coordination-2023-03",
    ]


def test_split_calendars_to_standard_output_is_refused(tmp_path: Path) -> None:
    result = invoke("ics", SEED, "--split", "-o", "-", env={"PWD": str(tmp_path)})
    assert result.exit_code == 2
    assert "name a folder" in result.stderr
    assert not Path("-").exists()


# --- ids --------------------------------------------------------------------------------------


def _without_first_id(text: str) -> str:
    marker = 'id = "'
    start = text.index(marker, text.index("[[travel]]"))
    return text[:start] + text[text.index("\n", start) + 1 :]


def test_ids_keeps_a_byte_order_mark_and_each_lines_ending(tmp_path: Path) -> None:
    lines = _without_first_id(SEED.read_text(encoding="utf-8")).split("\n")
    # Every other line CRLF: a file edited on two systems.
    mixed = "".join(
        line + ("\r\n" if number % 2 else "\n") for number, line in enumerate(lines[:-1])
    )
    plan = tmp_path / "plan.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + mixed.encode("utf-8"))
    result = invoke("ids", plan)
    assert result.exit_code == 0, result.stderr
    after = plan.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    added = [line for line in after.split(b"\n") if line.startswith(b'id = "taher-')]
    assert added
    kept = after.replace(added[0] + b"\n", b"", 1)
    assert kept == b"\xef\xbb\xbf" + mixed.encode("utf-8")  # every other byte as it was


def test_ids_does_not_overwrite_an_edit_saved_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionplan.source import ids

    plan = tmp_path / "plan.toml"
    plan.write_text(_without_first_id(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    real = ids.add_missing_ids

    def an_editor_saves_meanwhile(text: str) -> object:
        plan.write_text(text + "\n# saved in the editor\n", encoding="utf-8")
        return real(text)

    monkeypatch.setattr(ids, "add_missing_ids", an_editor_saves_meanwhile)
    result = invoke("ids", plan)
    assert result.exit_code == 2
    assert "changed while ids was running" in result.stderr
    assert plan.read_text(encoding="utf-8").endswith("# saved in the editor\n")


def test_ids_on_a_deeply_nested_inline_table(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    nested = "x = " + "{a = " * 200 + "1" + "}" * 200 + "\n"
    plan.write_text(SEED.read_text(encoding="utf-8") + "\n[deep]\n" + nested, encoding="utf-8")
    result = invoke("ids", plan)
    assert result.exit_code in {0, 1, 2}
    _no_traceback(result.stderr)


def test_ids_for_many_items_with_one_title_is_linear() -> None:
    from missionplan.source.ids import add_missing_ids

    text = '[mission]\nid = "m"\n' + '[[events]]\ntitle = "Meeting"\n' * 3000
    _, added = add_missing_ids(text)
    names = [item.id for item in added]
    assert len(set(names)) == 3000
    assert names[:3] == ["meeting", "meeting-2", "meeting-3"]
    assert names[-1] == "meeting-3000"


# --- new ------------------------------------------------------------------------------------

_NEW = ("new", "--start", "2025-01-06", "--end", "2025-01-08", "--person", "a=Ana B")


def test_new_refuses_options_that_are_not_utf8(tmp_path: Path) -> None:
    title = os.fsdecode(b"Mission \xff")
    result = invoke(
        *_NEW, "--id", "m1", "--title", title, "--city", "g=Geneva,CH", "-o", tmp_path / "m.toml"
    )
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_to_standard_output_writes_no_schema_beside_it() -> None:
    result = _run(*_NEW, "--id", "m1", "--title", "T", "--city", "g=Geneva,CH", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert b'id = "m1"' in result.stdout
    assert not Path("/dev/missionplan.schema.json").exists()


# --- templates ------------------------------------------------------------------------------


def test_a_shared_html_template_cannot_reach_python(tmp_path: Path) -> None:
    template = tmp_path / "evil.html"
    template.write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ cycler.__init__.__globals__.os }}"
    )
    result = invoke("brief", SEED, "--format", "html", "--template", template, "-o", "-")
    assert result.exit_code == 2
    assert "not allowed in a template" in result.stderr
    assert "subclasses" not in result.stdout


def test_a_template_folder_with_a_link_out_of_it_is_refused(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("do not print")
    (kit / "logo.txt").symlink_to(secret)
    for name, fmt in (("letter.typ", "pdf"), ("letter.md", "md")):
        (kit / name).write_text('#read("logo.txt")' if fmt == "pdf" else "{% include 'logo.txt' %}")
        result = invoke("brief", SEED, "--format", fmt, "--template", kit / name, "-o", "-")
        assert result.exit_code == 2
        assert "symbolic link out of the template's folder" in result.stderr
        assert "do not print" not in result.stdout


# --- sizes: findings grouped, budgets enforced ----------------------------------------------


def _bench_inputs() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "hostile", Path(__file__).resolve().parent.parent / "bench" / "hostile.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_identical_meetings_give_one_finding_each_not_one_per_pair(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(_bench_inputs().identical_meetings(300), encoding="utf-8")  # type: ignore[attr-defined]
    result = invoke("validate", "--format", "json", plan)
    assert result.exit_code == 1
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "MP300"]
    assert len(found) == 299  # each meeting after the first, once (44,850 pairs before)
    assert "and 296 more items" in found[-1]["message"]
    assert len(result.stdout) < 300 * 1000


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda m: m.all_day_events(5001), "a file holds at most 5,000"),
        (lambda m: m.people_on_one_event(201), "201 people on one item; at most 200"),
        (lambda m: m.HEAD + "# x\n" * 250_001, "a mission file has at most 250,000"),
        (lambda m: m.HEAD + "x = {" + "a=1," * 200_001 + "}\n", "more than 200,000 keys"),
    ],
)
def test_budgets_refuse_what_no_mission_needs(
    tmp_path: Path, make: Callable[[object], str], expected: str
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(make(_bench_inputs()), encoding="utf-8")
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "MP102" in result.stdout
    assert expected in result.stdout


# --- values that would become links or controls ---------------------------------------------


def _seed_with(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//evil.example"],
)
def test_a_link_that_is_not_a_web_page_is_refused(tmp_path: Path, value: str) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        _seed_with("[[events]]\n", f"[[events]]\nurl = {json.dumps(value)}\n"), encoding="utf-8"
    )
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "MP102" in result.stdout
    assert "a web address" in result.stdout


def test_a_web_address_without_a_scheme_is_read_as_https(tmp_path: Path) -> None:
    import icalendar

    plan = tmp_path / "plan.toml"
    plan.write_text(_seed_with("[[events]]\n", '[[events]]\nurl = "www.who.int/tj"\n'))
    result = _run("ics", plan, "-o", "-")
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(result.stdout)
    urls = {str(e["URL"]) for e in calendar.walk("VEVENT") if "URL" in e}
    assert "https://www.who.int/tj" in urls


@pytest.mark.parametrize("address", ["ana@example.org?subject=x&body=y", "Ana <ana@example.org>"])
def test_an_email_must_be_a_plain_address(tmp_path: Path, address: str) -> None:
    plan = tmp_path / "plan.toml"
    text = SEED.read_text(encoding="utf-8")
    start = text.index('email = "')
    end = text.index("\n", start)
    plan.write_text(text[:start] + f"email = {json.dumps(address)}" + text[end:])
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "a plain address" in result.stdout


def test_bidi_overrides_never_reach_a_calendar(tmp_path: Path) -> None:
    import icalendar

    text = SEED.read_text(encoding="utf-8")
    start = text.index('title = "', text.index("[[events]]")) + len('title = "')
    plan = tmp_path / "plan.toml"
    plan.write_text(text[:start] + "\\u202eevil\\u2066 " + text[start:], encoding="utf-8")
    result = _run("ics", plan, "-o", "-")
    assert result.returncode == 0, result.stderr
    summaries = [
        str(e["SUMMARY"])
        for e in icalendar.Calendar.from_ical(result.stdout).walk()
        if "SUMMARY" in e
    ]
    assert any("evil" in s for s in summaries)
    assert not any(c in s for s in summaries for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2069")


@pytest.mark.parametrize("name", ["Jo^n", "Ana ^'Quoted^' ^^", 'Say "hi"\nthere'])
def test_parameter_values_round_trip_through_a_second_parser(name: str) -> None:
    import icalendar

    from missionplan.export.ical.lines import param

    raw = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
        f"ATTENDEE;CN={param(name)}:mailto:ana@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    expected = name.replace('"', "'").replace("\n", " ")  # what a parameter can hold
    assert event["ATTENDEE"].params["CN"] == expected


# --- plans that are wrong in ways no field type catches --------------------------------------


def _dst_with(old: str, new: str) -> str:
    text = DST_EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_zone_of_another_country_is_an_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        _dst_with('country = "AT"', 'country = "AT"\ntimezone = "America/New_York"'),
        encoding="utf-8",
    )
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert '"America/New_York" is not a time zone of Austria' in result.stdout


def test_an_old_name_of_the_countrys_zone_is_fine(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = SEED.read_text(encoding="utf-8")
    assert 'timezone = "Asia/Tashkent"' in text
    plan.write_text(text.replace('timezone = "Asia/Tashkent"', 'timezone = "Asia/Samarkand"', 1))
    assert invoke("validate", plan).exit_code == 0


def test_a_flight_within_one_city_is_an_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(_dst_with('from = "vienna"\nto = "geneva"', 'from = "vienna"\nto = "VIE"'))
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "is a flight from Vienna to Vienna, one city" in result.stdout


def test_a_person_with_nothing_to_do_is_told_and_gets_no_calendar(tmp_path: Path) -> None:
    import icalendar

    plan = tmp_path / "plan.toml"
    text = SEED.read_text(encoding="utf-8")
    first_place = text.index("[places.")
    plan.write_text(
        text[:first_place] + '[people.idle]\nname = "Ida Idle"\n\n' + text[first_place:],
        encoding="utf-8",
    )
    result = invoke("validate", plan)
    assert "MP109" in result.stdout
    assert "idle is on no travel leg, stay or event" in result.stdout
    out = tmp_path / "out"
    assert invoke("ics", plan, "--split", "-o", out).exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert "iom-tjk-uzb-2022-05-idle.ics" not in names
    for name in names:  # every calendar written has something in it
        assert icalendar.Calendar.from_ical((out / name).read_bytes()).walk("VEVENT")
    alone = invoke("ics", plan, "--person", "idle", "-o", tmp_path / "idle.ics")
    assert alone.exit_code == 1
    assert "nothing written" in alone.stderr
    assert not (tmp_path / "idle.ics").exists()


def test_a_mission_with_only_contacts_is_told(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = DST_EXAMPLE.read_text(encoding="utf-8")
    head = text[: text.index("[[travel]]")]
    contacts = text[text.index("[[contacts]]") :]
    plan.write_text(head + contacts, encoding="utf-8")
    result = invoke("validate", plan)
    assert "MP109" in result.stdout
    assert "has no travel, stays or events" in result.stdout


# --- suppressions are comments, never data ---------------------------------------------------


def _meeting_with_typo(notes: str, comment: str = "") -> str:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("[[events]]")
    event = (
        f"[[events]]{comment}\n"
        'id = "typo-meeting"\n'
        'title = "Meeting"\n'
        f'notes = """\n{notes}\n"""\n'  # before the finding's line: read upwards from it
        'people = ["tahir"]\n'  # MP104: an unknown person
        'place = "dushanbe"\n'
        "start = 2022-05-23T16:00:00\n"
        "end = 2022-05-23T16:30:00\n\n"
    )
    return text[:start] + event + text[start:]


def test_a_suppression_inside_a_string_silences_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(_meeting_with_typo("Agenda # missionplan: ignore[MP104]"), encoding="utf-8")
    result = invoke("validate", plan)
    assert result.exit_code == 1
    assert "MP104" in result.stdout


def test_a_notes_line_starting_with_a_bracket_keeps_the_headers_suppression(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.toml"
    text = _meeting_with_typo("[draft] agenda to follow", "  # missionplan: ignore[MP104]")
    plan.write_text(text, encoding="utf-8")
    result = invoke("validate", "--format", "json", plan)
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "MP104"]
    assert found
    assert all(d["suppressed"] for d in found)
