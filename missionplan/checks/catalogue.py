"""The rule catalogue as people read it: `missionplan rules` and `missionplan rules CODE`."""

from __future__ import annotations

import functools
import tomllib
from importlib.resources import files
from typing import Any

from missionplan.checks.finding import RULES


@functools.cache
def documentation() -> dict[str, Any]:
    """Per code: `description`, `bad` and `good` examples, from rule_docs.toml in the package."""
    text = files("missionplan.checks").joinpath("rule_docs.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def listing() -> str:
    lines = [f"{'code':<6} {'name':<26} {'default':<8} what it catches"]
    for rule in RULES.values():
        lines.append(f"{rule.code:<6} {rule.name:<26} {rule.severity!s:<8} {rule.summary}")
    lines.append("")
    lines.append("`missionplan rules CODE` explains one rule, with examples.")
    return "\n".join(lines) + "\n"


def explain(code: str) -> str | None:
    rule = RULES.get(code.strip().upper())
    if rule is None:
        by_name = {r.name: r for r in RULES.values()}
        rule = by_name.get(code.strip().lower())
    if rule is None:
        return None
    doc = documentation().get(rule.code, {})
    parts = [
        f"{rule.code} {rule.name} (default: {rule.severity})",
        "",
        doc.get("description", rule.summary).strip(),
    ]
    if "bad" in doc:
        parts += ["", "Reported for:", "", _indent(doc["bad"])]
    if "good" in doc:
        parts += ["", "Fixed:", "", _indent(doc["good"])]
    parts += [
        "",
        f'Switch it off for a file with [settings] ignore = ["{rule.code}"], for one item with a'
        f" `# missionplan: ignore[{rule.code}]` comment on its line, or on the command line with"
        f" --ignore {rule.code}.",
    ]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.strip("\n").splitlines())
