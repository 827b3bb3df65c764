"""The rule catalogue as people read it: `missionplan rules` and `missionplan rules CODE`."""

from __future__ import annotations

from missionplan.checks.registry import RULES


def listing() -> str:
    lines = [f"{'code':<6} {'name':<26} {'default':<8} what it catches"]
    for rule in RULES.values():
        lines.append(f"{rule.code:<6} {rule.name:<26} {rule.severity!s:<8} {rule.summary}")
    lines.append("")
    lines.append("`missionplan rules CODE` explains one rule, with examples.")
    return "\n".join(lines) + "\n"


def explain(code: str) -> str | None:
    """What `missionplan rules CODE` prints for a code (any case) or a rule name."""
    wanted = code.strip()
    by_name = {rule.name: rule for rule in RULES.values()}
    rule = RULES.get(wanted.upper()) or by_name.get(wanted.lower())
    if rule is None:
        return None
    parts = [
        f"{rule.code} {rule.name} (default: {rule.severity})",
        "",
        rule.description.strip(),
        "",
        "Reported for:",
        "",
        _indent(rule.bad),
        "",
        "Fixed:",
        "",
        _indent(rule.good),
        "",
        f'Switch it off for a file with [settings] ignore = ["{rule.code}"], for one item with a'
        f" `# missionplan: ignore[{rule.code}]` comment on its line, or on the command line with"
        f" --ignore {rule.code}.",
    ]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.strip("\n").splitlines())
