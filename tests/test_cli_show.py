"""`missionplan show`: the itinerary in the terminal, local times, findings under their items."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, SEED, invoke


def test_show_prints_every_day_in_local_time() -> None:
    result = invoke("show", SEED)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Emergency health mission" in out.splitlines()[0]
    assert "Wednesday 25 May 2022  Dushanbe → Tashkent" in out
    assert "07:40 → 08:55" in out and "Flight SZ 201: Dushanbe → Tashkent" in out
    assert "Somon Air · 1 h 15 min · booking K7P2QX" in out
    # an overnight leg shows its arrival day offset, in the destination's local time; the day
    # spans two zones, so each time names its city
    assert "21:25 Vienna → 05:55 Tashkent (+1)" in out
    assert "Weekend in Uzbekistan" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_show_one_person_and_brief_layout() -> None:
    result = invoke("show", SEED, "--person", "calderon", "--brief")
    assert result.exit_code == 0
    assert "Jaime Calderon" in result.stdout.splitlines()[1]
    assert "Meeting with the Deputy Minister" not in result.stdout
    assert "Regional event: Extending cross-border cooperation" in result.stdout
    assert "booking" not in result.stdout


def test_findings_appear_under_the_item_they_concern() -> None:
    result = invoke("show", FIXTURES / "loader" / "mp104_unknown_reference.toml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    meeting = next(i for i, line in enumerate(lines) if "10:00\N{EN DASH}11:00" in line)
    assert lines[meeting].endswith("Meeting · Dushanbe")  # the title, where the meeting is
    assert (
        'MP104 error: event "meeting" names unknown person "tahir" (line 24)' in lines[meeting + 1]
    )
    # a finding on an item that could not be resolved is listed at the top
    assert 'unknown place "viena"' in lines[2]
    assert "Monday 20 March 2023 - Monday 22 May 2023: nothing scheduled" in result.stdout


def test_show_colours_when_asked() -> None:
    result = invoke("show", SEED, "--color")
    assert "\x1b[" in result.stdout


def test_show_refuses_unknown_person_and_directories(tmp_path: Path) -> None:
    unknown = invoke("show", SEED, "--person", "nobody")
    assert unknown.exit_code == 2
    assert 'no person "nobody"' in unknown.stderr
    directory = invoke("show", tmp_path)
    assert directory.exit_code == 2
    assert "is a directory" in directory.stderr


def test_show_a_file_that_does_not_load() -> None:
    result = invoke("show", FIXTURES / "loader" / "mp100_toml_syntax.toml")
    assert result.exit_code == 1
    assert "MP100 error" in result.stdout


def test_text_from_the_file_is_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "escape.toml"
    path.write_text(
        '[mission]\nid = "m"\ntitle = "T \\u001b[31mRED"\nstart = 2023-01-02\nend = 2023-01-03\n'
        '[people.a]\nname = "A\\u001b]0;pwned\\u0007"\n[places.v]\ncity = "Vienna"\ncountry = "AT"\n'
        '[[events]]\nid = "e"\ntitle = "[bold]x[/bold] \\u202eevil"\nplace = "v"\n'
        "start = 2023-01-02T10:00:00\nend = 2023-01-02T11:00:00\n",
        encoding="utf-8",
    )
    result = invoke("show", path, "--color")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x07" not in out and "\u202e" not in out and "]0;" not in out.replace("\\x1b]0;", "")
    assert "T \\x1b[31mRED" in out
    assert "[bold]x[/bold] \\u202eevil" in out  # rich markup in data stays text


def test_an_online_event_names_whose_clock_its_time_is(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("[[events]]")
    call = (
        "[[events]]\n"
        'id = "hq-call"\n'
        'title = "Call with HQ"\n'
        'people = ["taher"]\n'
        'online = "https://meet.example.org/hq"\n'
        'timezone = "Europe/Rome"\n'
        "start = 2022-05-23T09:00:00\n"
        "end = 2022-05-23T09:30:00\n\n"
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(text[:start] + call + text[start:], encoding="utf-8")
    result = invoke("show", plan, "--person", "taher")
    line = next(line for line in result.stdout.splitlines() if "Call with HQ" in line)
    assert "09:00" in line  # the time as written, in Rome: Dushanbe's would be 12:00
    assert "Rome time" in line
