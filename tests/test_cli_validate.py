"""`missionplan validate`, `schema` and `rules` as a user runs them: output, formats, exit codes."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT, SEED, invoke

BAD = FIXTURES / "loader" / "mp104_unknown_reference.toml"


def test_clean_examples_print_one_summary_line_and_exit_0() -> None:
    result = invoke("validate", EXAMPLES)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("4 files checked: no problems")


def test_default_path_is_the_itineraries_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("validate")
    assert result.exit_code == 0
    assert "4 files checked" in result.stdout


def test_errors_print_like_a_compiler_and_exit_1() -> None:
    result = invoke("validate", BAD, "--no-color")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    head = f'{BAD}:24:11: MP104 error: event "meeting" names unknown person "tahir"'
    index = lines.index(head)
    assert lines[index + 1] == '   24 | people = ["tahir"]  # expect: MP104'
    assert lines[index + 2] == '      |           ^^^^^^^ did you mean "taher"?'
    assert lines[-1].startswith("1 file checked: 2 errors")


def test_json_output_is_documented_and_stable() -> None:
    result = invoke("validate", BAD, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["files"] == [str(BAD)]
    first = document["diagnostics"][0]
    assert list(first) == [
        "code",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "hint",
        "suppressed",
    ]
    assert (first["code"], first["name"], first["severity"]) == (
        "MP104",
        "unknown-reference",
        "error",
    )
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (
        24,
        11,
        24,
        18,
    )
    assert document["summary"]["error"] == 2


def test_github_annotations() -> None:
    result = invoke("validate", BAD, "--format", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={BAD},line=24,col=11,endLine=24,endColumn=18,")
    assert "title=MP104 unknown-reference::" in first
    assert first.endswith('names unknown person "tahir" (did you mean "taher"?)')


def test_github_escapes_newlines_and_percent(tmp_path: Path) -> None:
    path = tmp_path / "x%y.toml"
    path.write_text("[mission]\nid = 1\n", encoding="utf-8")
    result = invoke("validate", path, "--format", "github")
    assert "file=" + str(tmp_path).replace(":", "%3A") + "/x%25y.toml" in result.stdout
    for line in result.stdout.splitlines():
        assert line.startswith("::")


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        ((), {"MP104", "MP303"}),
        (("--ignore", "MP104"), {"MP303"}),
        (("--ignore", "MP1"), {"MP303"}),
        (("--select", "MP2"), set()),
        (("--select", "MP1,MP2"), {"MP104"}),
        (("--ignore", "MP1", "--select", "MP104"), {"MP104"}),
        (("--select", "MP3", "--ignore", "mp303"), set()),
    ],
)
def test_select_and_ignore_by_prefix(options: tuple[str, ...], codes: set[str]) -> None:
    result = invoke("validate", BAD, "--format", "json", *options)
    shown = {d["code"] for d in json.loads(result.stdout)["diagnostics"] if not d["suppressed"]}
    assert shown == codes
    assert result.exit_code == (1 if "MP104" in codes else 0)


def test_warnings_do_not_fail_unless_strict() -> None:
    fixture = FIXTURES / "loader" / "mp202_ambiguous_local_time.toml"
    assert invoke("validate", fixture, "--select", "MP2").exit_code == 0
    assert invoke("validate", fixture, "--select", "MP2", "--strict").exit_code == 1


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    plain = invoke("validate", BAD)  # not a terminal
    assert "\x1b[" not in plain.stdout
    coloured = invoke("validate", BAD, "--color")
    assert "\x1b[1;31mMP104 error\x1b[0m" in coloured.stdout


def test_no_color_environment_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    from missionplan.cli.options import use_color

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(None) is False
    monkeypatch.delenv("NO_COLOR")
    assert use_color(None) is True


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.toml", "no such file or directory"),
        (lambda d: d, "no .toml mission files in this directory"),
    ],
)
def test_missing_input_is_one_line_and_exit_2(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke("validate", make(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_binary_and_non_utf8_files_are_refused_with_the_line(tmp_path: Path) -> None:
    binary = tmp_path / "a.toml"
    binary.write_bytes(b"\x00\x01\x02 not toml")
    latin = tmp_path / "b.toml"
    latin.write_bytes(b'[mission]\ntitle = "Gen\xe8ve"\n')
    first = invoke("validate", binary)
    assert first.exit_code == 2
    assert "not a UTF-8 text file" in first.stderr or "binary data" in first.stderr
    second = invoke("validate", latin)
    assert second.exit_code == 2
    assert f"{latin}:2: not a UTF-8 text file" in second.stderr


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        directory = tmp_path / "dir.toml"
        directory.mkdir()
        (directory / "inner.txt").write_text("x")
        result = invoke("validate", tmp_path / "dir.toml" / "inner.txt" / "x.toml")
        assert result.exit_code == 2
        return
    path = tmp_path / "secret.toml"
    path.write_text("x = 1")
    path.chmod(0)
    result = invoke("validate", path)
    assert result.exit_code == 2
    assert "permission denied" in result.stderr


def test_bad_usage_exits_2() -> None:
    result = invoke("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_rules_lists_every_code_and_explains_one() -> None:
    from missionplan.checks.registry import RULES

    listing = invoke("rules")
    assert listing.exit_code == 0
    for code, rule in RULES.items():
        assert f"{code:<6} {rule.name}" in listing.stdout
    explained = invoke("rules", "mp104")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("MP104 unknown-reference (default: error)")
    assert 'people = ["tahir"]' in explained.stdout
    assert 'people = ["taher"]' in explained.stdout
    by_name = invoke("rules", "unknown-reference")
    assert by_name.stdout == explained.stdout


def test_unknown_rule_code_is_bad_usage() -> None:
    result = invoke("rules", "MP999")
    assert result.exit_code == 2
    assert 'unknown rule code "MP999"' in result.stderr


@pytest.mark.parametrize(
    "code", sorted(importlib.import_module("missionplan.checks.registry").RULES)
)
def test_every_code_is_documented_with_examples(code: str) -> None:
    from missionplan.checks.registry import RULES

    rule = RULES[code]
    assert rule.description.strip() and rule.summary.strip()
    assert rule.bad.strip() and rule.good.strip()
    assert rule.bad.strip() != rule.good.strip()


#: The codes and names as published: files and CI lines name them, so they never change, and a
#: retired code is never given to another rule.
PUBLISHED = {
    "MP100": "toml-syntax",
    "MP101": "unknown-field",
    "MP102": "invalid-value",
    "MP103": "missing-field",
    "MP104": "unknown-reference",
    "MP105": "duplicate-id",
    "MP106": "missing-id",
    "MP107": "unlocated-place",
    "MP108": "former-airport-code",
    "MP200": "unknown-timezone",
    "MP201": "nonexistent-local-time",
    "MP202": "ambiguous-local-time",
    "MP203": "end-before-start",
    "MP204": "implausible-travel-time",
    "MP205": "outside-mission-window",
    "MP300": "double-booked",
    "MP301": "wrong-place",
    "MP302": "tight-connection",
    "MP303": "missing-accommodation",
    "MP304": "overlapping-stays",
    "MP400": "weekend",
    "MP401": "public-holiday",
    "MP402": "unusual-hours",
    "MP500": "portfolio-double-booked",
}


def test_published_codes_keep_their_names_and_are_never_reused() -> None:
    from missionplan.checks.registry import FAMILIES, RETIRED, RULES

    declared = [rule for family in FAMILIES for rule in family.RULES]
    assert len({rule.code for rule in declared}) == len(declared), "a code declared twice"
    assert len({rule.name for rule in declared}) == len(declared), "a name declared twice"
    for code, name in PUBLISHED.items():
        assert code in RETIRED or RULES[code].name == name
    assert not set(RETIRED) & set(RULES)


def test_version_and_python_dash_m() -> None:
    from missionplan import __version__

    assert invoke("--version").stdout.strip() == f"missionplan, version {__version__}"
    completed = subprocess.run(
        [sys.executable, "-m", "missionplan", "validate", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("1 file checked")


def test_quiet_prints_only_problems_and_verbose_shows_what_was_suppressed() -> None:
    quiet = invoke("validate", EXAMPLES, "-q")
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    verbose = invoke("validate", EXAMPLES, "--verbose")
    assert "MP400 warning: regional event" in verbose.stdout
    assert verbose.stdout.splitlines()[0].endswith("(suppressed)")
    assert verbose.stdout.splitlines()[-1] == "4 files checked: no problems (1 suppressed)"
    bad = invoke("validate", BAD, "-q")
    assert bad.exit_code == 1
    assert "checked" not in bad.stdout and "MP104 error" in bad.stdout


def test_shell_completion_script() -> None:
    import os

    completed = subprocess.run(
        [sys.executable, "-m", "missionplan"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "_MISSIONPLAN_COMPLETE": "bash_source"},
    )
    assert "_missionplan_completion" in completed.stdout


def test_control_characters_in_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "escape.toml"
    path.write_bytes(b'[mission]\nid = "x\x1b]0;pwned\x07"  # \xe2\x80\xae\n')
    for output_format in ("text", "github"):
        result = invoke("validate", path, "--format", output_format)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\u202e" not in result.stdout
    text = invoke("validate", path).stdout
    assert '    2 | id = "x\\x1b]0;pwned\\x07"  # \\u202e' in text
    assert "      |        ^^^^" in text  # the caret stays under the escaped character


def test_a_very_long_line_is_cut_around_the_mistake(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text('[mission]\ntitle = "' + "x" * 200_000 + '" bad\n', encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert len(result.stdout) < 600
    source, caret = result.stdout.splitlines()[1:3]
    assert source.startswith("    2 | ...") and source.endswith('" bad')
    assert caret.index("^") == source.index('" bad') + 2  # under the "b" of bad


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["MP3Z", "400", "MP41", "MP9", "E501"])
def test_a_code_that_matches_no_rule_is_bad_usage(option: str, value: str) -> None:
    result = invoke("validate", BAD, option, value)
    assert result.exit_code == 2
    assert f"'{value}' matches no rule code" in result.stderr


def test_start_up_imports_nothing_heavy() -> None:
    # Each command imports what it needs when it runs: `--help`, `rules` or `validate` must not
    # pay for typst, Jinja2, ics.py, holidays, rich, tomlkit or pydantic's models up front.
    heavy = {"typst", "jinja2", "ics", "holidays", "rich", "tomlkit", "slugify", "pydantic"}
    code = f"import sys, missionplan.cli.main; print(sorted(set({sorted(heavy)!r}) & set(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
