"""Every command and option has help text, and the documentation shows every one of them."""

from __future__ import annotations

import click
import pytest
from conftest import ROOT, Golden

from missionplan.cli.main import cli

CLI_REFERENCE = ROOT / "docs" / "cli.md"
_ROOT = click.Context(cli, info_name="missionplan", **cli.context_settings)
COMMANDS = sorted(cli.list_commands(_ROOT))


def _command(name: str) -> click.Command:
    command = cli.get_command(_ROOT, name)
    assert command is not None, name
    return command


def _help(command: click.Command, name: str) -> str:
    # As the real command line builds them: the group's settings (-h) reach every command.
    root = click.Context(cli, info_name="missionplan", **cli.context_settings)
    if command is cli:
        return cli.get_help(root)
    return command.get_help(
        click.Context(command, info_name=name.rsplit(maxsplit=1)[-1], parent=root)
    )


def reference() -> str:
    """docs/cli.md: the --help of every command, as generated from the code."""
    parts = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help; `python -m pytest tests/test_docs.py"
        " --update-golden` rewrites it.",
        "",
        "```text",
        _help(cli, "missionplan"),
        "```",
    ]
    for name in COMMANDS:
        parts += [
            "",
            f"## missionplan {name}",
            "",
            "```text",
            _help(_command(name), f"missionplan {name}"),
            "```",
        ]
    return "\n".join(parts) + "\n"


def test_cli_reference_is_current(golden: Golden) -> None:
    current = reference()
    assert golden(CLI_REFERENCE, current.encode("utf-8")).decode("utf-8") == current, (
        "run: python -m pytest tests/test_docs.py --update-golden"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name: str) -> None:
    command = _command(name)
    assert command.name == name
    assert command.help and command.help.strip()
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help and parameter.help.strip(), f"{name} {parameter.opts}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = CLI_REFERENCE.read_text(encoding="utf-8")
    assert f"missionplan {name}" in readme
    assert f"## missionplan {name}" in text
    for parameter in _command(name).params:
        if isinstance(parameter, click.Option):
            for flag in parameter.opts + parameter.secondary_opts:
                assert flag in text, f"{name} {flag}"


def test_every_command_the_readme_shows_exists() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"(?:`|bin/)missionplan ([a-z]+)", readme))
    assert shown >= {"build", "validate", "new", "ids", "show"}
    assert shown <= set(COMMANDS)


def test_the_readme_rule_table_lists_every_rule_as_declared() -> None:
    import re

    from missionplan.checks.registry import RULES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (MP\d{3}) \| ([a-z-]+) \| (error|warning|info) \|", readme, re.M)
    assert rows == [(rule.code, rule.name, str(rule.severity)) for rule in RULES.values()]
