"""The `missionplan` command line: parse arguments, call the library, print, return an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from missionplan import __version__
from missionplan.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, MissionplanError


class _InOrder(click.Group):
    """Commands listed as the workflow goes (build first), not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_InOrder,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", "-V", prog_name="missionplan")
def cli() -> None:
    """Plan multi-country expert missions: validate itineraries, export calendars, print briefings."""


def _register() -> None:
    # Each command lives in its own module under missionplan/commands/ and imports its heavy
    # dependencies (ics, typst, holidays) only when it runs, so start-up stays fast.
    from missionplan.cli.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the command and map every outcome to an exit code in one place."""
    sys.exit(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="missionplan",
            standalone_mode=False,
        )
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except MissionplanError as error:
        click.echo(f"missionplan: {error}", err=True)
        return error.exit_code
    except BrokenPipeError:
        # `missionplan ... | head`: the reader left; not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug in missionplan: say so plainly, once
        import traceback

        if os.environ.get("MISSIONPLAN_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"missionplan: internal error ({type(error).__name__}: {error}); this is a bug,"
            " please report it with the file that caused it (MISSIONPLAN_DEBUG=1 shows details)",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else EXIT_OK
