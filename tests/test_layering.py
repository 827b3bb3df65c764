"""Imports go one way (docs/architecture.md): a lower package never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "missionplan"

#: The rule modules whose rules the loader and resolver raise: they declare rules only, so that
#: source/ and plan/ can use them without importing the checks that read a resolved plan.
DECLARATIONS = {"finding", "format", "references", "local_times"}

#: package -> packages it must never import (at run time, at any depth of the module).
FORBIDDEN = {
    "source": {"plan", "export", "app", "cli", "deliver", "wording"},
    "plan": {"export", "app", "cli"},
    "checks": {"export", "app", "cli", "deliver"},
    # exports word what app/ hands them (plan, whereabouts, reports): they never call back
    "export": {"app", "cli", "deliver"},
    # from export, deliver/caldav reads only the calendar identity of the items it created
    "deliver": {"source", "plan", "checks", "app", "cli"},
    "app": {"cli"},
}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every `missionplan...` module the file imports at run time (TYPE_CHECKING blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "missionplan":
                found += [(f"missionplan.{alias.name}", node.lineno) for alias in node.names]
            elif node.module.startswith("missionplan."):
                found += [(node.module, node.lineno)]
                found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (a.name, node.lineno) for a in node.names if a.name.startswith("missionplan.")
            ]
    return found


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_never_imports_a_higher_one(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules(package)
        for name, line in _imports(path)
        if name.split(".")[1] in FORBIDDEN[package]
    ]
    assert not wrong


def test_source_and_plan_use_only_the_rule_declarations_of_checks() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for package in ("source", "plan")
        for path in _modules(package)
        for name, line in _imports(path)
        if name.startswith("missionplan.checks.") and name.split(".")[2] not in DECLARATIONS
    ]
    assert not wrong


def test_rule_declarations_never_import_the_plan() -> None:
    # otherwise plan -> checks -> plan: the resolver could not import the rules it raises
    wrong = [
        f"checks/{module}.py:{line} imports {name}"
        for module in sorted(DECLARATIONS)
        for name, line in _imports(PACKAGE / "checks" / f"{module}.py")
        if name.split(".")[1] not in {"checks", "source"}
    ]
    assert not wrong


def test_only_the_entry_point_imports_the_cli() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.parent.name != "cli" and path.name != "__main__.py"
        for name, line in _imports(path)
        if name.split(".")[1] == "cli"
    ]
    assert not wrong


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from missionplan.export import terminal\n"
        "if TYPE_CHECKING:\n"
        "    from missionplan.app.validate import FileReport\n"
        "def f():\n"
        "    import missionplan.cli.main\n",
        encoding="utf-8",
    )
    names = {name for name, _line in _imports(module)}
    assert {"missionplan.export", "missionplan.cli.main"} <= names
    assert not any(name.startswith("missionplan.app") for name in names)
