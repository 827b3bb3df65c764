"""`new` and `ids`: the commands that write mission files for the planner."""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from missionplan.errors import EXIT_OK, EXIT_PROBLEMS, MissionplanError
from missionplan.source.patterns import ID_PATTERN

if TYPE_CHECKING:
    from missionplan.source.starter import StarterPlace

T = TypeVar("T")
_ID = re.compile(ID_PATTERN)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(given: str | None, prompt: str, default: str, parse: Callable[[str], T]) -> T:
    """An option's value, else an answer at a prompt (asked again until it parses), else the
    default when there is no terminal to ask at."""
    if given is not None:
        return parse(given)
    if _interactive():
        answer: T = click.prompt(prompt, default=default, value_proc=parse)
        return answer
    return parse(default)


def _mission_id(text: str) -> str:
    text = text.strip()
    if not _ID.match(text):
        raise click.BadParameter(f"{text!r}: letters, digits, - and _ only", param_hint="--id")
    return text


def _title(text: str) -> str:
    if not text.strip():
        raise click.BadParameter("the title is empty", param_hint="--title")
    return text.strip()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(f"{text!r}: write a date as YYYY-MM-DD") from None


def _split(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(";") if part.strip()]


def _pairs(values: list[str], what: str, example: str, hint: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        ident, sep, rest = value.partition("=")
        ident, rest = ident.strip(), rest.strip().strip('"')
        if not sep or not _ID.match(ident) or not rest:
            raise click.BadParameter(f"{value!r}: write {what} as {example}", param_hint=hint)
        pairs.append((ident, rest))
    if not pairs:
        raise click.BadParameter(f"name at least one: {example}", param_hint=hint)
    return pairs


def _people(answer: str | list[str]) -> list[tuple[str, str]]:
    values = _split(answer) if isinstance(answer, str) else answer
    return _pairs(values, "a person", 'taher="Salma Taher"', "--person")


def _places(answer: str | list[str]) -> list[StarterPlace]:
    from missionplan.app.starter import place_problem
    from missionplan.source.starter import StarterPlace

    values = _split(answer) if isinstance(answer, str) else answer
    places = []
    for place_id, rest in _pairs(values, "a city", "dushanbe=Dushanbe,TJ", "--city"):
        parts = [p.strip() for p in rest.split(",")]
        if len(parts) not in (2, 3) or not re.fullmatch(r"[A-Za-z]{2}", parts[1]):
            raise click.BadParameter(
                f"{rest!r}: write a city as CITY,CC[,ZONE]", param_hint="--city"
            )
        city, country = parts[0], parts[1].upper()
        zone = parts[2] if len(parts) == 3 else None
        place = StarterPlace(place_id, city, country, zone)
        problem = place_problem(place)
        if problem is not None:
            raise click.BadParameter(
                f"{problem} (write ID=CITY,CC,ZONE to give the zone)", param_hint="--city"
            )
        places.append(place)
    return places


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
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day (inclusive), YYYY-MM-DD.")
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
    start: str | None,
    end: str | None,
    people: tuple[str, ...],
    cities: tuple[str, ...],
    force: bool,
) -> int:
    """Write a starter mission file that validates, with commented examples of every section.

    Asks for what no option gave when run on a terminal; otherwise takes defaults.
    """
    from missionplan.deliver.files import write_atomic
    from missionplan.printable import printable_path
    from missionplan.source.schema import SCHEMA_FILE, schema_text
    from missionplan.source.starter import starter_text

    # Asked in the order a planner thinks of them: what, when, who, where.
    ident = _ask(mission_id, "Mission id", "new-mission", _mission_id)
    mission_title = _ask(title, "Title", "New mission", _title)
    first = _next_monday(date.today())
    start_day = _ask(start, "First day (YYYY-MM-DD)", first.isoformat(), _day)
    end_day = _ask(end, "Last day (YYYY-MM-DD)", (start_day + timedelta(days=4)).isoformat(), _day)
    if end_day < start_day:
        raise click.BadParameter("the last day is before the first day", param_hint="--end")
    person_list = (
        _people(list(people))
        if people
        else _ask(
            None, "People (id=Full Name; several separated by ;)", "expert=Expert Name", _people
        )
    )
    places = (
        _places(list(cities))
        if cities
        else _ask(
            None, "Cities (id=City,CC[,Zone]; several separated by ;)", "geneva=Geneva,CH", _places
        )
    )
    text = starter_text(
        mission_id=ident,
        title=mission_title,
        start=start_day,
        end=end_day,
        people=person_list,
        places=places,
    )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        # Click hands over bytes that are not UTF-8 as lone surrogates; TOML is UTF-8 only.
        raise click.BadParameter("options must be UTF-8 text") from None
    target = output or Path(f"{ident}.toml")
    name = printable_path(target)
    try:
        exists = target.exists()
    except OSError as error:
        raise MissionplanError(f"{name}: {error.strerror or error}") from None
    if exists and not force and target.is_file():
        raise MissionplanError(f"{name}: already exists (use --force to overwrite)")
    write_atomic(target, data)
    schema_path = target.parent / SCHEMA_FILE
    # Only beside a real file: `-o /dev/stdout` must not write /dev/missionplan.schema.json.
    if target.is_file() and not schema_path.exists():
        write_atomic(schema_path, schema_text().encode("utf-8"))
    click.echo(f"wrote {name}; check it with: missionplan validate {name}")
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
    from tomlkit.exceptions import TOMLKitError

    from missionplan.checks.format import TOML_SYNTAX
    from missionplan.checks.report import FileReport
    from missionplan.checks.suppress import position
    from missionplan.deliver.files import write_atomic
    from missionplan.errors import InputError
    from missionplan.export.findings import text as format_text
    from missionplan.printable import printable_path
    from missionplan.source.ids import add_missing_ids
    from missionplan.source.loader import MAX_FILE_BYTES, parse, read
    from missionplan.source.reading import read_limited

    name = printable_path(file)
    source = read(file)
    loaded = parse(source)
    syntax = [position(f, source) for f in loaded.findings if f.rule is TOML_SYNTAX]
    if syntax:
        click.echo(format_text([FileReport(loaded.source, None, syntax)]), err=True, nl=False)
        return EXIT_PROBLEMS
    try:
        updated, added = add_missing_ids(source.text)
    except (RecursionError, TOMLKitError):
        # tomlkit stops at a depth tomllib still reads (100 levels of inline tables).
        raise InputError(f"{name}: nested too deeply to edit; add the ids by hand") from None
    if not added:
        click.echo(f"{name}: every item has an id")
        return EXIT_OK
    for item in added:
        verb = "lacks an id" if check else f'gets id "{item.id}"'
        click.echo(f"{name}: {item.section}[{item.index + 1}] {verb}")
    if check:
        return EXIT_PROBLEMS
    now = read_limited(file, MAX_FILE_BYTES, what="mission file", display=name)
    bom = "\ufeff" if now.startswith(codecs.BOM_UTF8) else ""
    if now.decode("utf-8-sig", "replace") != source.text:
        # Saved in an editor while ids ran: writing now would throw that edit away.
        raise InputError(f"{name}: changed while ids was running; nothing written, run it again")
    write_atomic(file, (bom + updated).encode("utf-8"))
    click.echo(f"{name}: added {len(added)} id{'s' if len(added) != 1 else ''}")
    return EXIT_OK
