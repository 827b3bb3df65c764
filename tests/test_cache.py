"""The per-file result cache: a hit answers exactly as a miss, and nothing unsafe is ever used."""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT, SEED, Result, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionplan.app import cache, validate
from missionplan.app.validate import check_paths, check_source
from missionplan.source.text import Source

RULES = FIXTURES / "rules"
#: Outputs compared with and without the cache: findings with positions, suppressed ones
#: too (fixtures silence rules inline and in [settings]), and where's answer across files.
COMMANDS = [
    ("validate", EXAMPLES, RULES, "-v"),
    ("validate", EXAMPLES, RULES, "--format", "json"),
    ("validate", RULES, "--ignore", "MP301", "--select", "MP3,MP4"),
    ("where", EXAMPLES, "--at", "2022-05-27T10:00 Asia/Tashkent", "--format", "csv"),
    ("where", EXAMPLES, RULES, "--at", "2022-05-25T08:00 Asia/Dushanbe", "--format", "json"),
    ("show", SEED),
]


def _run(*args: str | Path, cache_dir: Path | str) -> Result:
    return invoke(*args, env={"MISSIONPLAN_CACHE_DIR": str(cache_dir)})


def _entries(cache_dir: Path) -> list[Path]:
    folder = cache_dir / cache.FOLDER
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """From here on, a file that is parsed or resolved fails the test: answers must come
    from the cache."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was read although its result is in the cache")

    monkeypatch.setattr(validate, "parse", refused)
    monkeypatch.setattr(validate, "resolve", refused)
    yield


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(str(x) for x in a[:1] + a[2:]))
def test_a_hit_answers_byte_for_byte_as_without_cache(
    args: tuple[str | Path, ...], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    uncached = _run(*args, cache_dir="")
    assert uncached.exit_code in (0, 1) and uncached.stdout
    cold = _run(*args, cache_dir=tmp_path)
    assert _entries(tmp_path)
    request.getfixturevalue("no_reading")
    warm = _run(*args, cache_dir=tmp_path)
    assert cold == uncached
    assert warm == uncached


def test_where_then_validate_then_where_share_entries(tmp_path: Path) -> None:
    # `where` keeps files without running the rules; `validate` adds them to the same entries
    where = ("where", EXAMPLES, "--at", "2022-05-27T10:00 Asia/Tashkent", "--format", "csv")
    check = ("validate", EXAMPLES, RULES, "--format", "json")
    expected = [_run(*where, cache_dir=""), _run(*check, cache_dir="")]
    assert _run(*where, cache_dir=tmp_path) == expected[0]
    assert _run(*check, cache_dir=tmp_path) == expected[1]
    assert _run(*where, cache_dir=tmp_path) == expected[0]
    assert _run(*check, cache_dir=tmp_path) == expected[1]


@pytest.mark.parametrize("path", sorted(RULES.glob("*.toml")), ids=lambda p: p.name)
def test_a_cached_report_equals_the_computed_one(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    computed = check_source(Source(path.name, text))
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # a miss that stores, then a hit
        with cache.opened() as store:
            assert store is not None
            kept = check_source(Source(path.name, text), store)
        assert kept.diagnostics == computed.diagnostics
        assert [(d.line, d.column, d.suppressed, d.rule) for d in kept.diagnostics] == [
            (d.line, d.column, d.suppressed, d.rule) for d in computed.diagnostics
        ]
        assert kept.mission == computed.mission
    assert len(_entries(tmp_path)) == 1


def test_an_edited_file_is_read_again_even_at_the_same_size_and_time(tmp_path: Path) -> None:
    mission = tmp_path / "m.toml"
    text = SEED.read_text(encoding="utf-8")
    mission.write_text(text, encoding="utf-8")
    stamp = mission.stat()
    before = _run("validate", mission, cache_dir=tmp_path / "cache")
    assert before.exit_code == 0
    # one digit changed: same length, and the time stamps put back as they were
    edited = text.replace("2022-05-27", "2022-05-37", 1)
    assert len(edited) == len(text) and edited != text
    mission.write_text(edited, encoding="utf-8")
    os.utime(mission, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert mission.stat().st_size == stamp.st_size
    after = _run("validate", mission, cache_dir=tmp_path / "cache")
    assert after == _run("validate", mission, cache_dir="")
    assert after.exit_code == 1 and "m.toml:" in after.stdout


def test_a_changed_program_does_not_use_the_old_entries(tmp_path: Path) -> None:
    # An editable checkout edited between two runs: the second must run the new code.
    package = tmp_path / "code" / "missionplan"
    shutil.copytree(ROOT / "missionplan", package, ignore=shutil.ignore_patterns("__pycache__"))
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(package.parent), "MISSIONPLAN_CACHE_DIR": str(cache_dir)}
    fixture = RULES / "mp300_fail.toml"

    def validate_fixture() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "missionplan", "validate", str(fixture), "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert done.returncode == 1, done.stderr
        return done.stdout

    first = validate_fixture()
    kept = _entries(cache_dir)
    assert len(kept) == 1
    assert validate_fixture() == first  # unchanged code: the same entry, nothing added
    assert _entries(cache_dir) == kept
    bookings = package / "checks" / "bookings.py"
    source = bookings.read_text(encoding="utf-8")
    code = source.replace('code="MP300"', 'code="MP399"')
    assert code != source
    bookings.write_text(code, encoding="utf-8")
    second = validate_fixture()
    assert '"MP399"' in second and '"MP300"' not in second
    assert len(_entries(cache_dir)) == 2


def test_damaged_entries_are_recomputed(tmp_path: Path) -> None:
    args = ("validate", EXAMPLES, RULES, "--format", "json")
    expected = _run(*args, cache_dir="")
    _run(*args, cache_dir=tmp_path)
    entries = _entries(tmp_path)
    assert len(entries) > 5
    first, second, third, fourth, fifth = entries[:5]
    first.write_bytes(first.read_bytes()[:-10])  # truncated
    damaged = bytearray(second.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one byte flipped
    second.write_bytes(bytes(damaged))
    shutil.copy(fifth, third)  # another file's entry in its place
    fourth.write_bytes(b"")  # emptied
    fifth.write_bytes(b"\x80\x05garbage")
    assert _run(*args, cache_dir=tmp_path) == expected
    assert _run(*args, cache_dir=tmp_path) == expected  # and written again, whole


#: Two quick commands that read the cache, for the cases where it must not be used.
QUICK = [
    ("validate", EXAMPLES, "--format", "json"),
    ("where", EXAMPLES, "--at", "2022-05-27T10:00 Asia/Tashkent", "--format", "csv"),
]


@functools.cache
def _uncached(args: tuple[str | Path, ...]) -> Result:
    return _run(*args, cache_dir="")


def _without_cache(cache_dir: Path | str) -> None:
    """Every command answers as with no cache at all, with the same exit status."""
    for args in QUICK:
        assert _run(*args, cache_dir=cache_dir) == _uncached(args)


def test_a_folder_others_may_write_to_is_not_used(tmp_path: Path) -> None:
    (tmp_path / cache.FOLDER).mkdir(mode=0o700)
    (tmp_path / cache.FOLDER).chmod(0o777)
    _without_cache(tmp_path)
    assert not _entries(tmp_path)
    (tmp_path / cache.FOLDER).chmod(0o700)
    tmp_path.chmod(0o770)  # the cache directory itself writable by the group
    _without_cache(tmp_path)
    assert not _entries(tmp_path)


def test_a_folder_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(*QUICK[0], cache_dir=tmp_path)
    assert _entries(tmp_path)
    # seen by another user, the folder (and its entries) belongs to someone else
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    parsed: list[Source] = []
    parse = validate.parse
    monkeypatch.setattr(validate, "parse", lambda source: parsed.append(source) or parse(source))
    _without_cache(tmp_path)
    assert parsed  # read again, not taken from the entries


def test_a_symbolic_link_to_elsewhere_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(elsewhere)
    _without_cache(tmp_path / "cache")
    assert not any(elsewhere.iterdir())
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (real / cache.FOLDER).symlink_to(elsewhere)
    _without_cache(real)
    assert not any(elsewhere.iterdir())


def test_a_cache_that_cannot_be_a_folder_or_written_means_no_cache(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    _without_cache(tmp_path / "file")
    _without_cache(tmp_path / "file" / "below")
    (tmp_path / "results-file").mkdir(mode=0o700)
    (tmp_path / "results-file" / cache.FOLDER).write_text("", encoding="utf-8")
    _without_cache(tmp_path / "results-file")
    _without_cache("/proc/self/no-cache-here")  # not writable, whoever runs the tests
    locked = tmp_path / "locked"
    (locked / cache.FOLDER).mkdir(mode=0o700, parents=True)
    (locked / cache.FOLDER).chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _without_cache(locked)
    finally:
        (locked / cache.FOLDER).chmod(0o700)


def test_concurrent_runs_share_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", "")
    expected = [r.diagnostics for r in check_paths([EXAMPLES, RULES])]
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    found: list[object] = []

    def run() -> None:
        found.append([r.diagnostics for r in check_paths([EXAMPLES, RULES])])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 4
    folder = tmp_path / cache.FOLDER
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_oldest_entries_go_when_the_cache_is_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    check_paths([RULES])
    entries = _entries(tmp_path)
    sizes = {p: p.stat().st_size for p in entries}
    for age, entry in enumerate(entries):  # the first entry is the oldest
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    left_over = tmp_path / cache.FOLDER / ".abc.123.tmp"  # a run died while writing
    left_over.write_bytes(b"partial")
    os.utime(left_over, (1_000_000, 1_000_000))
    os.utime(tmp_path / cache.FOLDER / cache.STAMP, (1_000_000, 1_000_000))  # pruned long ago
    limit = sum(sizes.values()) // 2
    monkeypatch.setattr(cache, "LIMIT", limit)
    check_paths([EXAMPLES])  # writes entries, and prunes (never pruned before)
    kept = _entries(tmp_path)
    assert sum(p.stat().st_size for p in kept) <= limit * 0.8
    assert entries[0] not in kept and entries[-1] in kept
    assert not left_over.exists()
    # pruned at most once an hour: the entries put back now all stay, above the limit
    check_paths([RULES])
    assert sum(p.stat().st_size for p in _entries(tmp_path)) > limit


def test_the_same_text_under_two_names_keeps_each_name(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        shutil.copy(RULES / "mp300_fail.toml", tmp_path / name)
    _run("validate", tmp_path / "a.toml", cache_dir=tmp_path / "cache")
    shown = _run("validate", tmp_path / "b.toml", cache_dir=tmp_path / "cache")
    assert shown == _run("validate", tmp_path / "b.toml", cache_dir="")
    assert "b.toml:" in shown.stdout and "a.toml" not in shown.stdout


_SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(_SEED_LINES) - 1),
            st.sampled_from(["  # missionplan: ignore", "  # missionplan: ignore[MP3]", "x", ""]),
        ),
        max_size=4,
    )
)
def test_any_edit_round_trips_through_the_cache(
    edits: list[tuple[int, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lines changed at random: suppressions appear, values break, keys vanish
    lines = list(_SEED_LINES)
    for index, change in edits:
        lines[index] = lines[index] + change if change.startswith(" ") else change
    source = Source("seed.toml", "\n".join(lines))
    computed = check_source(source)
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # stored, then taken from the cache
        with cache.opened() as store:
            kept = check_source(Source(source.name, source.text), store)
        assert kept.diagnostics == computed.diagnostics
        assert kept.mission == computed.mission


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISSIONPLAN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    with cache.opened() as store:
        assert store is None
