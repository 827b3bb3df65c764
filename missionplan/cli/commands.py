"""The commands of the `missionplan` CLI, one module per group of commands."""

from __future__ import annotations

import click

from missionplan.cli.brief import brief
from missionplan.cli.build import build
from missionplan.cli.calendar import ics
from missionplan.cli.changes import diff, notify
from missionplan.cli.check import rules, schema, validate
from missionplan.cli.edit import ids, new
from missionplan.cli.feeds import feeds, serve
from missionplan.cli.publish import publish
from missionplan.cli.show import show
from missionplan.cli.where import checkins, trips, where

COMMANDS: list[click.Command] = [
    build,
    validate,
    show,
    where,
    trips,
    checkins,
    new,
    ids,
    ics,
    diff,
    notify,
    publish,
    feeds,
    serve,
    brief,
    schema,
    rules,
]
