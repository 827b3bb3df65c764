"""`new` and `ids`: the commands that write mission files for the planner."""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, MissionplanError

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: str | None, prompt: str, default: str) -> str:
    if value is not None:
        return value
    if _interactive():
        return str(click.prompt(prompt, default=default))
    return default


def _pairs(values: list[str], what: str, example: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        ident, sep, rest = value.partition("=")
        ident, rest = ident.strip(), rest.strip()
        if not sep or not _ID.match(ident) or not rest:
            raise click.BadParameter(f"{value!r}: write {what} as {example}")
        pairs.append((ident, rest))
    return pairs


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(";") if part.strip()]


def _next_monday(today: date) -> date:
    start = today + timedelta(days=14)
    return start + timedelta(days=(7 - start.weekday()) % 7)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: <mission id>.toml in the current directory).",
)
@click.option("--id", "mission_id", help="Mission id, e.g. iom-tjk-2022-05.")
@click.option("--title", help="Mission title.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (inclusive), YYYY-MM-DD.")
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="ID=NAME",
    help='A participant, e.g. taher="Salma Taher" (repeatable).',
)
@click.option(
    "--city",
    "cities",
    multiple=True,
    metavar="ID=CITY,CC[,ZONE]",
    help="A city visited, e.g. dushanbe=Dushanbe,TJ or tashkent=Tashkent,UZ,Asia/Tashkent"
    " (repeatable).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new(
    output: Path | None,
    mission_id: str | None,
    title: str | None,
    start: object,
    end: object,
    people: tuple[str, ...],
    cities: tuple[str, ...],
    force: bool,
) -> int:
    """Write a starter mission file that validates, with commented examples of every section.

    Asks for what no option gave when run on a terminal; otherwise takes defaults.
    """
    from datetime import datetime

    from missionplan.output import write_atomic
    from missionplan.schema import SCHEMA_FILE, schema_text
    from missionplan.starter import StarterPlace, starter_text

    ident = _ask(mission_id, "Mission id", "new-mission")
    if not _ID.match(ident):
        raise click.BadParameter(f"{ident!r}: letters, digits, - and _ only", param_hint="--id")
    first = _next_monday(date.today())
    start_day = (
        start.date()
        if isinstance(start, datetime)
        else date.fromisoformat(_ask(None, "First day (YYYY-MM-DD)", first.isoformat()))
    )
    end_day = (
        end.date()
        if isinstance(end, datetime)
        else date.fromisoformat(
            _ask(None, "Last day (YYYY-MM-DD)", (start_day + timedelta(days=4)).isoformat())
        )
    )
    if end_day < start_day:
        raise click.BadParameter("the last day is before the first day", param_hint="--end")
    person_list = list(people) or _split(
        _ask(None, "People (id=Full Name; separate several with ;)", "expert=Expert Name")
    )
    city_list = list(cities) or _split(
        _ask(None, "Cities (id=City,CC[,Zone]; separate several with ;)", "geneva=Geneva,CH")
    )
    places = []
    for place_id, rest in _pairs(city_list, "a city", "dushanbe=Dushanbe,TJ"):
        parts = [p.strip() for p in rest.split(",")]
        if len(parts) not in (2, 3) or not re.fullmatch(r"[A-Za-z]{2}", parts[1]):
            raise click.BadParameter(
                f"{rest!r}: write a city as CITY,CC[,ZONE]", param_hint="--city"
            )
        zone = parts[2] if len(parts) == 3 else None
        places.append(StarterPlace(place_id, parts[0], parts[1].upper(), zone))
    text = starter_text(
        mission_id=ident,
        title=_ask(title, "Title", "New mission"),
        start=start_day,
        end=end_day,
        people=_pairs(person_list, "a person", 'taher="Salma Taher"'),
        places=places,
    )
    target = output or Path(f"{ident}.toml")
    if target.exists() and not force:
        raise MissionplanError(f"{target}: already exists (use --force to overwrite)")
    write_atomic(target, text.encode("utf-8"))
    schema_path = target.parent / SCHEMA_FILE
    if not schema_path.exists():
        write_atomic(schema_path, schema_text().encode("utf-8"))
    click.echo(f"wrote {target}; check it with: missionplan validate {target}")
    return EXIT_OK


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--check", is_flag=True, help="Only report items without ids (exit 1 if any); change nothing."
)
def ids(files: tuple[Path, ...], check: bool) -> int:
    """Add an id to every travel leg, stay and event that lacks one, in FILES, in place.

    Comments and formatting are kept. Ids make calendars update instead of duplicating.
    """
    outcomes = [_add_ids(file, check) for file in files]
    return max(outcomes)


def _add_ids(file: Path, check: bool) -> int:
    from missionplan.check import FileReport
    from missionplan.formatters import text as format_text
    from missionplan.ids import add_missing_ids
    from missionplan.loader import load
    from missionplan.output import write_atomic

    loaded = load(file)
    syntax = [d for d in loaded.diagnostics if d.code == "MP100"]
    if syntax:
        click.echo(format_text([FileReport(loaded.source, None, syntax)]), err=True, nl=False)
        return EXIT_PROBLEMS
    updated, added = add_missing_ids(loaded.source.text)
    if not added:
        click.echo(f"{file}: every item has an id")
        return EXIT_OK
    for item in added:
        verb = "lacks an id" if check else f'gets id "{item.id}"'
        click.echo(f"{file}: {item.section}[{item.index + 1}] {verb}")
    if check:
        return EXIT_PROBLEMS
    write_atomic(file, updated.encode("utf-8"))
    click.echo(f"{file}: added {len(added)} id{'s' if len(added) != 1 else ''}")
    return EXIT_OK
