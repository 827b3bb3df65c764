"""`feeds` and `serve`: subscription calendars, one per person, as files or live over HTTP."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from missionplan.cli.options import DEFAULT_DIR
from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, MissionplanError

if TYPE_CHECKING:
    from missionplan.checks.report import FileReport

_SECRET_HELP = (
    "File holding the feed secret (created with mode 0600 when missing; default"
    " ~/.config/missionplan/feed-secret). MISSIONPLAN_FEED_SECRET overrides it."
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--base-url",
    required=True,
    metavar="URL",
    help="Where DIR will be served from, e.g. https://plans.example.org/feeds.",
)
@click.option(
    "-o",
    "--output",
    "directory",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory to write DIR/<token>/<person-id>.ics into.",
)
@click.option("--secret-file", type=click.Path(path_type=Path, dir_okay=False), help=_SECRET_HELP)
@click.option(
    "--rotate-secret",
    is_flag=True,
    help="Make a new secret first: every address given out before stops working.",
)
def feeds(
    paths: tuple[Path, ...],
    base_url: str,
    directory: Path,
    secret_file: Path | None,
    rotate_secret: bool,
) -> int:
    """Write one subscription feed per person (default: itineraries/) and print their addresses.

    Each person's calendar across all missions goes to DIR/<token>/<person-id>.ics, where the
    token is derived from a secret and the person's id: unguessable, the same on every run,
    and revoked for everyone by --rotate-secret. Serve DIR over https and give each person
    their address; calendar apps that subscribe fetch it again on their own (Google every
    8-24 h, Outlook on the web every few hours), so moved items move and removed ones vanish.
    Exit status: 0 written, 1 a file has errors (the others are still written), 2 bad usage
    or I/O.
    """
    from missionplan.app.feeds import write
    from missionplan.deliver.feeds import load_secret

    secret = load_secret(secret_file, rotate=rotate_secret)
    result = write(list(paths) or [DEFAULT_DIR], base_url, directory, secret)
    _problems(result.reports, result.skipped, "not written")
    for address in result.addresses:
        click.echo(f"{address.person} ({address.name})\n  {address.url}\n  {address.webcal}")
    if any(r.unreadable is not None for r in result.reports):
        return EXIT_USAGE
    return EXIT_PROBLEMS if result.skipped else EXIT_OK


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The public address in front of this server, for the printed URLs.",
)
@click.option("--secret-file", type=click.Path(path_type=Path, dir_okay=False), help=_SECRET_HELP)
def serve(
    paths: tuple[Path, ...],
    host: str,
    port: int,
    base_url: str | None,
    secret_file: Path | None,
) -> int:
    """Serve every person's feed (default: itineraries/) live over HTTP until Ctrl-C.

    The addresses are those of `feeds` (same secret, same tokens): /<token>/<person-id>.ics.
    The files are read again when they change; while they have errors, the last good feeds
    stay online. Answers carry ETag and Last-Modified (304 when unchanged); any other path
    or a wrong token is 404. One line per request goes to standard error, with the token
    hidden. Put it behind an https proxy to give the addresses out.
    """
    from missionplan.app.feeds import address, check_base_url, live
    from missionplan.app.publish import missions_of, people_of
    from missionplan.deliver import serve as server
    from missionplan.deliver.feeds import load_secret

    sources = list(paths) or [DEFAULT_DIR]
    secret = load_secret(secret_file)
    reports, missions, skipped = missions_of(sources)
    _problems(reports, skipped, "not served")
    if not missions:
        raise MissionplanError("no mission without errors to serve")
    sock = server.listen(host, port)
    bound = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    base = base_url or f"http://{shown_host}:{bound}"
    if base_url:
        check_base_url(base_url)

    def log(line: str) -> None:
        click.echo(line, err=True)

    watch, build = live(sources, secret)
    store = server.FeedStore(watch, build, log)
    store.feeds()
    log(f"serving on http://{shown_host}:{bound} (Ctrl-C stops)")
    for person, name in people_of(missions).items():
        log(f"  {person} ({name}): {address(base, secret, person, name).url}")
    server.run(server.app(store, secret, log), sock)
    log("stopped")
    return EXIT_OK


def _problems(reports: Sequence[FileReport], skipped: Sequence[str], what: str) -> None:
    from missionplan.export.findings import text

    if any(not d.suppressed for r in reports for d in r.diagnostics):
        click.echo(text(reports), err=True, nl=False)
    for reason in skipped:
        click.echo(f"missionplan: {reason}: {what}", err=True)
