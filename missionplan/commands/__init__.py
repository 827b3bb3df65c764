"""The commands of the `missionplan` CLI, one module per group of commands."""

from __future__ import annotations

import click

from missionplan.commands.brief import brief
from missionplan.commands.build_commands import build
from missionplan.commands.calendar import ics
from missionplan.commands.check_commands import rules, schema, validate
from missionplan.commands.edit_commands import ids, new
from missionplan.commands.show_command import show

COMMANDS: list[click.Command] = [build, validate, show, new, ids, ics, brief, schema, rules]
