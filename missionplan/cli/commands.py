"""The commands of the `missionplan` CLI, one module per group of commands, imported when used."""

from __future__ import annotations

#: Command name -> "module:function", in the order `missionplan --help` lists them (the workflow,
#: build first). A command's module is imported only when that command runs or help is shown, so
#: `missionplan validate` does not load what `brief`, `publish` or `serve` need.
COMMANDS: dict[str, str] = {
    "build": "missionplan.cli.build:build",
    "validate": "missionplan.cli.check:validate",
    "show": "missionplan.cli.show:show",
    "where": "missionplan.cli.where:where",
    "trips": "missionplan.cli.where:trips",
    "checkins": "missionplan.cli.where:checkins",
    "new": "missionplan.cli.edit:new",
    "ids": "missionplan.cli.edit:ids",
    "ics": "missionplan.cli.calendar:ics",
    "diff": "missionplan.cli.changes:diff",
    "notify": "missionplan.cli.changes:notify",
    "publish": "missionplan.cli.publish:publish",
    "feeds": "missionplan.cli.feeds:feeds",
    "serve": "missionplan.cli.feeds:serve",
    "brief": "missionplan.cli.brief:brief",
    "schema": "missionplan.cli.check:schema",
    "rules": "missionplan.cli.check:rules",
}
