"""`diff` and `notify`: what changed between two revisions of a mission, told to each person."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

if TYPE_CHECKING:
    from missionplan.checks.report import FileReport
    from missionplan.deliver.mail import Server
    from missionplan.plan.plan import Mission


@click.command("diff")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--since",
    metavar="GIT-REV",
    help="Compare FILE with itself at this git revision (git show REV:FILE); give one FILE.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--person", "people", multiple=True, metavar="ID", help="Only these people (repeatable)."
)
@click.option(
    "--exit-code",
    "exit_code",
    is_flag=True,
    help="Exit 1 when there are changes, 0 when there are none (like git diff --exit-code).",
)
def diff(
    files: tuple[Path, ...],
    since: str | None,
    output_format: str,
    people: tuple[str, ...],
    exit_code: bool,
) -> int:
    """Show what changed between OLD and NEW (or FILE and --since GIT-REV), for each person.

    Usage: missionplan diff OLD NEW, or missionplan diff --since GIT-REV FILE. Each change is
    named for the people it concerns: added, removed, moved (old and new local times) or
    changed (which fields, old and new values). Items are matched by their id; items without
    one are matched by content, so an edited one shows as removed and added.

    Exit status: 0 (with or without changes; with --exit-code: 0 no changes, 1 changes),
    1 a file cannot be resolved (its errors are listed), 2 bad usage or I/O.
    """
    from missionplan.app import diff_format, diff_sources
    from missionplan.app.diff import MissionDiff
    from missionplan.app.diff import diff as compare

    if since is not None and len(files) != 1:
        raise click.UsageError("with --since, give one FILE")
    if since is None and len(files) != 2:
        raise click.UsageError("give OLD and NEW, or --since GIT-REV and one FILE")
    old, new = diff_sources.old_and_new(files[0] if since is None else None, files[-1], since)
    if not (_resolved(old) and _resolved(new)):
        return EXIT_PROBLEMS
    diff_sources.comparable(old, new)
    assert old.mission is not None and new.mission is not None
    found = compare(old.mission, new.mission)
    if people:
        _known(people, found, new)
        found = MissionDiff(
            found.mission_id,
            found.title,
            found.old_revision,
            found.new_revision,
            tuple(p for p in found.people if p.person in people),
            found.unnamed,
        )
    click.echo(diff_format.FORMATS[output_format](found), nl=False)
    return EXIT_PROBLEMS if exit_code and found.changed else EXIT_OK


def _resolved(report: FileReport) -> bool:
    """Whether the file resolved; if not, its diagnostics are printed."""
    if report.mission is not None:
        return True
    from missionplan.export.findings import text

    click.echo(text([report]), err=True, nl=False)
    return False


def _known(people: tuple[str, ...], found: object, new: FileReport) -> None:
    from missionplan.app.diff import MissionDiff

    assert isinstance(found, MissionDiff)
    known = {p.person for p in found.people}
    for person in people:
        if person not in known:
            raise click.BadParameter(
                f'no person "{person}" in {new.source.name} ({", ".join(sorted(known))})',
                param_hint="--person",
            )


PASSWORD_VARIABLE = "MISSIONPLAN_SMTP_PASSWORD"


@click.command("notify")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outbox",
    required=True,
    type=click.Path(path_type=Path),
    metavar="OUTBOX",
    help="The outbox folder: messages, the plan as announced, and the record of what was sent.",
)
@click.option(
    "--since",
    type=click.Path(path_type=Path),
    metavar="OLD",
    help="Announce the changes since this revision of the file, for everyone (default: since"
    " what each person last received from this outbox; nothing: everything).",
)
@click.option("--send", is_flag=True, help="Send the messages not sent before (needs --smtp).")
@click.option("--smtp", metavar="HOST:PORT", help="The SMTP server to send through.")
@click.option("--starttls", is_flag=True, help="Switch to TLS (STARTTLS) before logging in.")
@click.option(
    "--user",
    metavar="NAME",
    help=f"Log in to the SMTP server as NAME; the password is read from {PASSWORD_VARIABLE}.",
)
def notify(
    file: Path,
    outbox: Path,
    since: Path | None,
    send: bool,
    smtp: str | None,
    starttls: bool,
    user: str | None,
) -> int:
    """Write change notices for FILE: for each person with an email whose items changed, one
    message per calendar item, with a summary of their changes and an invitation.

    Each message (OUTBOX/<mission>/r<revision>/<person>/*.eml) holds the summary as text and
    HTML and one iMIP part: METHOD:REQUEST for an added or changed item, METHOD:CANCEL for a
    removed one, so Outlook, Gmail, Apple Calendar and Thunderbird update in place. One item
    per message, because Outlook and Exchange process one calendar part (one UID) per message.
    [mission] organizer = "Name <email>" is the sender and the ORGANIZER. Date and Message-ID
    come from SOURCE_DATE_EPOCH (else now) and the content.

    With --send, messages not sent before go out through --smtp, and OUTBOX/sent.json records
    after each one what each person received: a failure leaves a record of what was and was not
    sent, and running again sends only what is missing.

    Exit status: 0 written (and sent), 1 the file has errors, 2 bad usage, I/O or a sending
    failure.
    """
    from missionplan.app import notify_outbox
    from missionplan.deliver.files import make_directory
    from missionplan.deliver.mail import SentLog
    from missionplan.reproducible import source_date_epoch

    if send and smtp is None:
        raise click.UsageError("--send needs --smtp HOST:PORT")
    if not send and (smtp is not None or starttls or user is not None):
        raise click.UsageError("--smtp, --starttls and --user are for --send")
    server = _server(smtp, starttls, user) if send else None
    if outbox.exists() and not outbox.is_dir():
        raise click.BadParameter(f"{outbox} is not a directory", param_hint="-o")
    report = _checked(file)
    if report is None:
        return EXIT_PROBLEMS
    new = report.mission
    assert new is not None
    epoch = source_date_epoch()
    make_directory(outbox)
    log = SentLog(outbox)
    if since is not None:
        from missionplan.app import diff_sources

        old = diff_sources.from_file(since)
        if not _resolved(old):
            return EXIT_PROBLEMS
        diff_sources.comparable(old, report)
        assert old.mission is not None
        olds: dict[str, Mission | None] = dict.fromkeys(
            [*new.people, *old.mission.people], old.mission
        )
    else:
        olds = notify_outbox.previous(new, outbox, log)
    outcome = notify_outbox.write(new, report.source, olds, outbox, epoch)
    if server is not None:
        outcome = notify_outbox.deliver(outcome, outbox, server, log)
    click.echo(notify_outbox.report(outcome), nl=False)
    if outcome.sent is not None and outcome.sent.error is not None:
        click.echo(
            f"missionplan: sending stopped: {outcome.sent.error}; {outbox / 'sent.json'} records"
            " what was sent, and running the same command again sends the rest",
            err=True,
        )
        return EXIT_USAGE
    return EXIT_OK


def _checked(file: Path) -> FileReport | None:
    """The report of NEW when it has no errors (its warnings are shown); None otherwise."""
    from missionplan.app.validate import check_file
    from missionplan.checks.finding import Severity
    from missionplan.export.findings import text

    report = check_file(file)
    shown = any(d.severity >= Severity.WARNING for d in report.diagnostics if not d.suppressed)
    if not report.ok or shown:
        click.echo(text([report]), err=True, nl=False)
    return report if report.ok and report.mission is not None else None


def _server(smtp: str | None, starttls: bool, user: str | None) -> Server:
    from missionplan.deliver.mail import Server

    assert smtp is not None
    host, _, port = smtp.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{smtp!r} is not HOST:PORT", param_hint="--smtp")
    password = os.environ.get(PASSWORD_VARIABLE)
    if user is not None and password is None:
        raise click.UsageError(f"--user {user} needs the password in {PASSWORD_VARIABLE}")
    return Server(host.strip("[]"), int(port), starttls, user, password)
