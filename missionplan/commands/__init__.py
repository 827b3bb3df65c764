"""The commands of the `missionplan` CLI, one module per group of commands."""

from __future__ import annotations

import click

from missionplan.commands.check_commands import rules, schema, validate

COMMANDS: list[click.Command] = [validate, schema, rules]
