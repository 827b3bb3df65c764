"""`missionplan diff`: each change named for the people it concerns, in text, Markdown and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import revisions
from conftest import invoke


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    new = revisions.write(tmp_path, "new.toml", revisions.revised())
    return old, new


def _changes(document: dict[str, object], person: str) -> list[dict[str, object]]:
    people = document["people"]
    assert isinstance(people, list)
    found = [p for p in people if p["id"] == person]
    assert len(found) == 1
    changes = found[0]["changes"]
    assert isinstance(changes, list)
    return changes


def test_json_names_each_change_for_the_right_people_only(pair: tuple[Path, Path]) -> None:
    result = invoke("diff", *pair, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["old_revision"], document["new_revision"], document["changed"]) == (1, 2, True)

    taher = {(c["kind"], c["id"]): c for c in _changes(document, "taher")}
    assert set(taher) == {
        ("moved", "who-tajikistan"),
        ("removed", "who-uzbekistan"),
        ("added", "taher-debrief"),
    }
    moved = taher["moved", "who-tajikistan"]
    # the literal times of both files, local in Dushanbe
    assert moved["old_when"] == "Mon 2022-05-23 16:30-17:30 (Dushanbe time)"
    assert moved["new_when"] == "Tue 2022-05-24 08:00-08:45 (Dushanbe time)"
    assert moved["fields"] == []
    assert (
        taher["removed", "who-uzbekistan"]["old_when"]
        == "Tue 2022-05-31 10:00-11:00 (Tashkent time)"
    )
    assert (
        taher["added", "taher-debrief"]["new_when"] == "Tue 2022-05-31 14:00-15:00 (Tashkent time)"
    )

    calderon = _changes(document, "calderon")
    assert [(c["kind"], c["id"]) for c in calderon] == [("changed", "calderon-tashkent-hotel")]
    assert calderon[0]["fields"] == [
        {"field": "hotel", "old": "Hotel in Tashkent (to be confirmed)", "new": "Hotel Uzbekistan"}
    ]


def test_text_and_markdown_say_the_same_in_words(pair: tuple[Path, Path]) -> None:
    text = invoke("diff", *pair)
    assert text.exit_code == 0, text.stderr
    taher, calderon = text.stdout.split("Jaime Calderon (calderon):")
    assert "revision 1 -> 2" in taher
    assert "moved: Meeting with the National Officer on Emergency Health, WHO Tajikistan" in taher
    assert "was: Mon 2022-05-23 16:30-17:30 (Dushanbe time)" in taher
    assert "now: Tue 2022-05-24 08:00-08:45 (Dushanbe time)" in taher
    assert "removed: Meeting with the WHO specialist, WHO Uzbekistan" in taher
    assert "added: Debrief with the IOM Uzbekistan chief of mission" in taher
    assert "Hotel" not in taher
    assert 'hotel: "Hotel in Tashkent (to be confirmed)" -> "Hotel Uzbekistan"' in calderon
    assert "WHO" not in calderon and "Debrief" not in calderon

    markdown = invoke("diff", *pair, "--format", "markdown")
    assert "## Salma Taher (taher)" in markdown.stdout
    assert "- **removed**: Meeting with the WHO specialist, WHO Uzbekistan" in markdown.stdout


def test_exit_code_flag_like_git_diff(pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert invoke("diff", old, new, "--exit-code").exit_code == 1
    same = invoke("diff", old, old, "--exit-code")
    assert same.exit_code == 0
    assert "Salma Taher (taher): no changes" in same.stdout


def test_person_filter_and_unknown_person(pair: tuple[Path, Path]) -> None:
    only = invoke("diff", *pair, "--person", "calderon")
    assert only.exit_code == 0
    assert "Salma Taher" not in only.stdout and "Hotel Uzbekistan" in only.stdout
    wrong = invoke("diff", *pair, "--person", "nobody")
    assert wrong.exit_code == 2
    assert 'no person "nobody"' in wrong.stderr


def test_since_a_git_revision(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed for diff --since")
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    path = revisions.write(repo / "plans", "mission.toml", revisions.original())

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "revision 1")
    path.write_text(revisions.revised(), encoding="utf-8")
    result = invoke("diff", "--since", "HEAD", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    kinds = sorted(c["kind"] for c in _changes(json.loads(result.stdout), "taher"))
    assert kinds == ["added", "moved", "removed"]

    missing = invoke("diff", "--since", "no-such-rev", path)
    assert missing.exit_code == 2
    assert "no-such-rev" in missing.stderr and "Traceback" not in missing.stderr


def test_items_without_ids_are_matched_by_content_never_paired_wrongly(tmp_path: Path) -> None:
    def unnamed(text: str) -> str:
        for ident in (
            "mohsp-sanitary-epidemiologic-control",
            "state-sanitary-epidemiology-control",
        ):
            text = text.replace(f'id = "{ident}"\n', "")
        return text

    old_text = unnamed(revisions.original())
    # the first id-less meeting is removed: the second now comes first, with the stand-in id
    # the first one had; it must not show as the first one "changed"
    first = old_text.index('title = "Meeting with the Head of the Department')
    start = old_text.rindex("[[events]]", 0, first)
    end = old_text.index("[[events]]", first)
    new_text = old_text[:start] + old_text[end:]
    new_text = new_text.replace("revision = 1\n", "revision = 2\n")
    old = revisions.write(tmp_path, "old.toml", old_text)
    new = revisions.write(tmp_path, "new.toml", new_text)
    result = invoke("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = _changes(json.loads(result.stdout), "taher")
    assert [(c["kind"], c["id"], c["title"]) for c in changes] == [
        (
            "removed",
            None,
            "Meeting with the Head of the Department on Sanitary-Epidemiologic Control and"
            " Emergency Health",
        )
    ]
    assert "matched by their content" in invoke("diff", old, new).stdout


def test_usage_and_errors(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    assert invoke("diff", old).exit_code == 2
    assert invoke("diff", "--since", "HEAD", old, new).exit_code == 2
    missing = invoke("diff", old, tmp_path / "nothing.toml")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    other = revisions.write(
        tmp_path,
        "other.toml",
        new.read_text().replace('id = "iom-tjk-uzb-2022-05"', 'id = "other"'),
    )
    mixed = invoke("diff", old, other)
    assert mixed.exit_code == 2 and "one mission" in mixed.stderr
    broken = revisions.write(tmp_path, "broken.toml", "[mission]\nid = 3\n")
    bad = invoke("diff", old, broken)
    assert bad.exit_code == 1 and "broken.toml:" in bad.stderr


def test_text_from_the_file_cannot_drive_the_terminal(tmp_path: Path) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    evil = revisions.revised().replace(
        'name = "Hotel Uzbekistan"', 'name = "Hotel \\u001b]0;owned\\u0007 Uzbekistan"'
    )
    new = revisions.write(tmp_path, "new.toml", evil)
    result = invoke("diff", old, new)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\x1b]0;owned\\x07" in result.stdout


def test_an_item_marked_cancelled_is_removed_for_its_people(tmp_path: Path) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    text = revisions.original().replace("revision = 1\n", "revision = 2\n")
    text = text.replace('id = "who-uzbekistan"\n', 'id = "who-uzbekistan"\nstatus = "cancelled"\n')
    new = revisions.write(tmp_path, "new.toml", text)
    result = invoke("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [(c["kind"], c["id"]) for c in _changes(document, "taher")] == [
        ("removed", "who-uzbekistan")
    ]
    assert _changes(document, "calderon") == []


def test_a_person_joining_an_item_gets_it_added_and_the_others_see_who_joined(
    tmp_path: Path,
) -> None:
    old = revisions.write(tmp_path, "old.toml", revisions.original())
    text = revisions.original().replace("revision = 1\n", "revision = 2\n")
    meeting = 'end = 2022-05-30T12:00:00\npeople = ["taher"]'
    assert text.count(meeting) == 1
    text = text.replace(meeting, 'end = 2022-05-30T12:00:00\npeople = ["taher", "calderon"]')
    new = revisions.write(tmp_path, "new.toml", text)
    result = invoke("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    (taher,) = _changes(document, "taher")
    assert (taher["kind"], taher["id"]) == ("changed", "iom-uzbekistan-project-team")
    assert taher["fields"] == [
        {"field": "people", "old": "Salma Taher", "new": "Salma Taher, Jaime Calderon"}
    ]
    calderon = _changes(document, "calderon")
    assert [(c["kind"], c["id"]) for c in calderon] == [("added", "iom-uzbekistan-project-team")]
