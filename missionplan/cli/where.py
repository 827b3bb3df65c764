"""`where`: who is where across the portfolio, at an instant or in a window, near a point."""

from __future__ import annotations

from pathlib import Path

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--at",
    "at_text",
    metavar="TIME",
    help="The instant: '2022-05-27T10:00 Asia/Tashkent', an ISO offset (+05:00) or Z for UTC;"
    " default now.",
)
@click.option(
    "--during",
    "during_text",
    metavar="START..END",
    help="Everyone who is or will be somewhere in this window, a row per stretch; a zone at the"
    " end applies to both sides; dates are whole days.",
)
@click.option(
    "--near",
    "near_text",
    metavar="PLACE|LAT,LON",
    help="Only people within --radius of a place id, city, IATA code or LAT,LON (in transit: of"
    " either end of the leg).",
)
@click.option(
    "--radius",
    type=float,
    default=50.0,
    show_default=True,
    metavar="KM",
    help="Distance for --near, in km (great circle).",
)
@click.option("--person", metavar="ID", help="Only this person: id in any file, email or name.")
@click.option("--away", is_flag=True, help="Leave out people at home (listed by default).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="A table for people, CSV for spreadsheets, JSON for programs.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file (default: stdout)."
)
def where(
    paths: tuple[Path, ...],
    at_text: str | None,
    during_text: str | None,
    near_text: str | None,
    radius: float,
    person: str | None,
    away: bool,
    output_format: str,
    output: Path | None,
) -> int:
    """Where each person of the missions in PATHS is (default itineraries/): the city, the
    place or hotel, or the leg they are travelling on; since and until when; what they are
    at; their phone, the mission's emergency contact, their next move, and the file that
    says so.

    Before, between and after their missions people are where their files leave them: at
    home, listed as "at home" (--away leaves them out). One person in several files has one
    timeline; where their legs do not chain (two files booking them at once) the row is
    marked "conflict". Exit status: 0 answered, 1 a file has errors (listed on
    stderr; the others still answer), 2 bad usage or an unreadable file.
    """
    from missionplan.app.where_ask import ask
    from missionplan.app.where_query import QueryError
    from missionplan.cli.options import DEFAULT_DIR, report_problems
    from missionplan.export import where as out

    try:
        asked = ask(
            list(paths) or [DEFAULT_DIR],
            at=at_text,
            during=during_text,
            near_text=near_text,
            radius=radius,
            person=person,
            away=away,
        )
    except QueryError as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    report_problems(asked.portfolio)
    if output_format == "json":
        data = out.as_json(asked.answers, asked.query)
    elif output_format == "csv":
        data = out.as_csv(asked.answers)
    else:
        data = out.as_text(asked.answers, asked.heading)
    _write(data, output)
    if asked.portfolio.unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if asked.portfolio.problems else EXIT_OK


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file (default: stdout)."
)
def trips(paths: tuple[Path, ...], output: Path | None) -> int:
    """Write the trips of the missions in PATHS (default itineraries/) as CSV, one row per
    segment (travel leg or stay) of each traveller, for manual trip registration in a
    duty-of-care platform. The columns are documented in docs/duty-of-care.md.

    Exit status: 0 written, 1 a file has errors (listed on stderr; the others are written),
    2 bad usage or an unreadable file.
    """
    from missionplan.app.portfolio import load
    from missionplan.cli.options import DEFAULT_DIR, report_problems
    from missionplan.export.trips import as_csv

    portfolio = load(list(paths) or [DEFAULT_DIR])
    report_problems(portfolio)
    _write(as_csv(portfolio.missions), output)
    if portfolio.unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if portfolio.problems else EXIT_OK


def _write(text: str, output: Path | None) -> None:
    _write_bytes(text.encode("utf-8"), output)


def _write_bytes(data: bytes, output: Path | None) -> None:
    from missionplan.deliver.files import write_atomic, write_stdout

    if output is None or str(output) == "-":
        write_stdout(data)
    else:
        write_atomic(output, data)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--during",
    "during_text",
    required=True,
    metavar="START..END",
    help="The window, as for `where --during`: '2022-05-27..2022-05-31 Asia/Tashkent'.",
)
@click.option("--person", metavar="ID", help="Only this person: id in any file, email or name.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json", "ics"]),
    default="text",
    show_default=True,
    help="A table for people, CSV for spreadsheets, JSON for programs, ics for a calendar"
    " (the focal point's; with --person, the person's own).",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file (default: stdout)."
)
def checkins(
    paths: tuple[Path, ...],
    during_text: str,
    person: str | None,
    output_format: str,
    output: Path | None,
) -> int:
    """List who checks in when, from where, in a window: on arrival in a city, then daily,
    twice daily or weekly by the risk level there ([settings.checkin] and the places' `risk`
    or `checkin`; see docs/duty-of-care.md). Nobody checks in at home or in transit.

    Exit status: 0 listed, 1 a file has errors (listed on stderr), 2 bad usage or an
    unreadable file.
    """
    from missionplan.app.checkins import roster
    from missionplan.app.portfolio import load
    from missionplan.app.where_query import QueryError, parse_window
    from missionplan.cli.options import DEFAULT_DIR, report_problems
    from missionplan.export import checkins as out

    try:
        window = parse_window(during_text)
    except QueryError as error:
        raise click.BadParameter(str(error), param_hint="--during") from None
    portfolio = load(list(paths) or [DEFAULT_DIR])
    identity = None
    if person is not None:
        identity = portfolio.person_identity(person)
        if identity is None:
            raise click.BadParameter(
                f'no person "{person}" in these missions', param_hint="--person"
            )
    report_problems(portfolio)
    slots = roster(portfolio, window, person=identity)
    query = {"during": [window.start.isoformat(), window.end.isoformat()]}
    heading = f"Check-ins from {window.start.isoformat()} to {window.end.isoformat()}"
    if output_format == "ics":
        from datetime import UTC, datetime

        from missionplan.export.checkins_ical import calendar

        title = "Check-ins" + (f" of {slots[0].name}" if person and slots else "")
        _write_bytes(calendar(slots, title=title, now=datetime.now(UTC)), output)
        return (
            EXIT_USAGE if portfolio.unreadable else EXIT_PROBLEMS if portfolio.problems else EXIT_OK
        )
    if output_format == "json":
        data = out.as_json(slots, query)
    elif output_format == "csv":
        data = out.as_csv(slots)
    else:
        data = out.as_text(slots, heading)
    _write(data, output)
    if portfolio.unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if portfolio.problems else EXIT_OK
