"""The `missionplan` command line: parse arguments, call the library, print, return an exit code."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Sequence

import click

from missionplan import __version__
from missionplan.cli.commands import COMMANDS
from missionplan.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, MissionplanError


class _Commands(click.Group):
    """The commands, listed as the workflow goes (build first), each imported when it is used
    (Click's lazy group): `missionplan validate` loads only what validating needs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, _, name = where.partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command), where
        return command


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", "-V", prog_name="missionplan")
def cli() -> None:
    """Plan multi-country expert missions: validate itineraries, export calendars, print briefings."""


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the command and map every outcome to an exit code in one place."""
    sys.exit(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:
        # Started with a descriptor closed (`missionplan validate >&-`): what it says would be
        # lost without a trace, so nothing is done.
        if sys.stderr is not None:
            click.echo("missionplan: standard output is closed; redirect it instead", err=True)
        return EXIT_USAGE
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="missionplan",
            standalone_mode=False,
        )
        sys.stdout.flush()  # a write that fails at the end must fail here, not silently at exit
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
        return _reader_left()
    except OSError as error:
        if error.errno not in _OUTPUT_ERRNOS:
            return _bug(error)
        # Standard output failed: a full disk, a file-size limit (`ulimit -f`), an I/O error.
        _discard_stdout()
        click.echo(f"missionplan: cannot write the output: {error.strerror or error}", err=True)
        return EXIT_USAGE
    except Exception as error:  # a bug in missionplan: say so plainly, once
        return _bug(error)
    return result if isinstance(result, int) else EXIT_OK


#: errno values of a failed write to standard output: no space, quota, file-size limit, I/O.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _reader_left() -> int:
    # `missionplan ... | head`: the reader left; not an error of ours, and nothing more to say.
    _discard_stdout()
    return EXIT_OK


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _bug(error: BaseException) -> int:
    import traceback

    if os.environ.get("MISSIONPLAN_DEBUG"):
        traceback.print_exception(error)
    click.echo(
        f"missionplan: internal error ({type(error).__name__}: {error}); this is a bug,"
        " please report it with the file that caused it (MISSIONPLAN_DEBUG=1 shows details)",
        err=True,
    )
    return EXIT_BUG
