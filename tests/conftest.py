"""Shared test helpers: run the CLI in-process, find the example missions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from missionplan.cli.main import run

if TYPE_CHECKING:
    from missionplan.plan.plan import Mission

# The suite's own cache: it neither reads nor fills the developer's ~/.cache.
os.environ["MISSIONPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="missionplan-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "itineraries"
SEED = EXAMPLES / "iom-tjk-uzb-2022-05.toml"
DST_EXAMPLE = EXAMPLES / "vienna-dst-2023-03.toml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    """What a user sees from one command: exit code, standard output, standard error."""

    exit_code: int
    stdout: str
    stderr: str


def invoke(
    *args: str | Path, env: dict[str, str] | None = None, input: str | None = None
) -> Result:
    """Run `missionplan ARGS` in this process, as the entry point does, and capture its output."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        code = run([str(a) for a in args])
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own cache directory: no result another test computed (perhaps with
    something monkeypatched) is served to it, and none of the developer's."""
    monkeypatch.setenv("MISSIONPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def cli() -> Callable[..., Result]:
    return invoke


def resolve_text(text: str, name: str = "m.toml", *, errors: bool = False) -> Mission:
    """Parse and resolve mission text (the loader and the resolver, no rules).

    Fails on an error unless `errors`: then items the resolver refused are simply left out.
    """
    from missionplan.checks.finding import Severity
    from missionplan.plan.resolve import resolve
    from missionplan.source.loader import parse
    from missionplan.source.text import Source

    source = Source(name, text)
    loaded = parse(source)
    assert loaded.itinerary is not None, [f.message for f in loaded.findings]
    mission, found = resolve(loaded.itinerary, source)
    assert mission is not None, [f.message for f in found]
    wrong = [f.message for f in loaded.findings + found if f.rule.severity is Severity.ERROR]
    assert errors or not wrong, wrong
    return mission


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files (tests/golden/, docs/cli.md, the JSON schema) from the"
        " code instead of comparing with them; review the diff before committing it",
    )


Golden = Callable[[Path, bytes], bytes]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden(path, produced)` -> the committed bytes to compare `produced` with.

    With --update-golden it writes `produced` there instead and skips the comparison, which
    could only compare the file with itself.
    """

    def committed(path: Path, produced: bytes) -> bytes:
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(produced)
            pytest.skip(f"{path.relative_to(ROOT)} rewritten: review its diff")
        return path.read_bytes()

    return committed
