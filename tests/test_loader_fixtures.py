"""Each loader/resolution code is reported at exactly the lines its fixture marks, and nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from expectations import expected

from missionplan.app.validate import check_paths
from missionplan.checks.finding import Severity
from missionplan.checks.registry import RULES

LOADER_FIXTURES = sorted((FIXTURES / "loader").glob("*.toml"))
LOADER_CODES = {code for code in RULES if code < "MP204"}


@pytest.mark.parametrize("fixture", LOADER_FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_marked_lines(fixture: Path) -> None:
    (report,) = check_paths([fixture])
    found = {(d.line, d.code) for d in report.diagnostics if d.code in LOADER_CODES}
    assert found == expected(fixture)


@pytest.mark.parametrize("code", sorted(LOADER_CODES))
def test_every_loader_code_has_a_failing_fixture(code: str) -> None:
    marked = {c for fixture in LOADER_FIXTURES for _line, c in expected(fixture)}
    assert code in marked


def test_diagnostics_name_the_file_and_carry_a_hint() -> None:
    fixture = FIXTURES / "loader" / "mp104_unknown_reference.toml"
    (report,) = check_paths([fixture])
    person = next(d for d in report.diagnostics if "tahir" in d.message)
    assert person.path == str(fixture)
    assert person.hint == 'did you mean "taher"?'
    assert (person.column, person.end_column) == (11, 18)  # the quoted "tahir" in the array


def test_time_without_seconds_is_explained_not_a_bare_parse_error() -> None:
    (report,) = check_paths([FIXTURES / "loader" / "mp100_time_without_seconds.toml"])
    (found,) = report.diagnostics
    assert "has no seconds" in found.message
    assert found.hint == "write 2023-05-23T10:00:00"
    assert found.column == 9


def test_a_bad_item_does_not_hide_problems_elsewhere() -> None:
    (report,) = check_paths([FIXTURES / "loader" / "mp102_invalid_value.toml"])
    codes = [d.code for d in report.diagnostics if d.code in LOADER_CODES]
    assert codes.count("MP102") == 10


def test_westbound_flight_landing_earlier_on_the_clock_is_fine() -> None:
    (report,) = check_paths([FIXTURES / "loader" / "mp203_end_before_start.toml"])
    assert report.mission is not None
    (westbound,) = [leg for leg in report.mission.legs if leg.id == "westbound"]
    assert westbound.arrive.replace(tzinfo=None) < westbound.depart.replace(tzinfo=None)
    assert westbound.duration.total_seconds() == 7 * 3600


def test_ambiguous_time_takes_the_first_occurrence_and_offsets_choose() -> None:
    (report,) = check_paths([FIXTURES / "loader" / "mp202_ambiguous_local_time.toml"])
    assert report.mission is not None
    first, explicit = report.mission.events
    assert first.start.utcoffset().total_seconds() == 2 * 3600  # summer time, the first 02:30
    assert explicit.start.utcoffset().total_seconds() == 3600
    assert (explicit.start - first.start).total_seconds() == 3600


def test_check_source_applies_the_files_own_suppressions() -> None:
    from conftest import SEED

    from missionplan.app.validate import check_source
    from missionplan.source.loader import read

    report = check_source(read(SEED))
    weekend = [d for d in report.diagnostics if d.code == "MP400"]
    assert weekend and all(d.suppressed for d in weekend)


def test_a_mission_of_thousands_of_days_is_refused_before_anything_runs(tmp_path: Path) -> None:
    text = (FIXTURES / "loader" / "mp106_missing_id.toml").read_text(encoding="utf-8")
    path = tmp_path / "long.toml"
    path.write_text(text.replace("end = 2023-11-05", "end = 2033-11-05"), encoding="utf-8")
    (report,) = check_paths([path])
    assert report.mission is None
    (found,) = [d for d in report.diagnostics if d.code == "MP102"]
    assert (
        found.message
        == "the mission lasts 3,884 days; missionplan plans missions of up to 1,000 days"
    )
    assert found.line == 5


def test_stand_in_ids_never_take_a_written_id(tmp_path: Path) -> None:
    path = tmp_path / "ids.toml"
    base = (FIXTURES / "loader" / "mp106_missing_id.toml").read_text(encoding="utf-8")
    path.write_text(
        base + '\n[[events]]\nid = "events-1"\ntitle = "Written id"\nplace = "dushanbe"\n'
        "start = 2023-05-24T10:00:00\nend = 2023-05-24T11:00:00\n",
        encoding="utf-8",
    )
    (report,) = check_paths([path])
    assert report.mission is not None
    ids = [event.id for event in report.mission.events]
    assert ids == ["events-1-unnamed", "events-1"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("depart = 2023-03-26T09:10:00", "depart = 2023-03-26T02:30:00"), "MP201"),
        (('to = "vienna"', 'to = "viena"'), "MP104"),
        (
            (
                'country = "AT"                   # one zone',
                'country = "AT"\ntimezone = "Europe/Viena"  #',
            ),
            "MP200",
        ),
    ],
)
def test_a_rejected_leg_brings_no_follow_on_errors(
    tmp_path: Path, change: tuple[str, str], code: str
) -> None:
    from conftest import DST_EXAMPLE

    text = DST_EXAMPLE.read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "mission.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    (report,) = check_paths([path])
    shown = [
        d.code for d in report.diagnostics if not d.suppressed and d.severity >= Severity.WARNING
    ]
    assert shown == [code]


def test_positions_stay_right_after_an_invalid_contact_is_left_out(tmp_path: Path) -> None:
    base = (FIXTURES / "loader" / "mp106_missing_id.toml").read_text(encoding="utf-8")
    path = tmp_path / "contacts.toml"
    path.write_text(
        base
        + '\n[[contacts]]\nplace = "dushanbe"\n\n[[contacts]]\nname = "Office"\nplace = "nowhere"\n',
        encoding="utf-8",
    )
    (report,) = check_paths([path])
    (unknown,) = [d for d in report.diagnostics if d.code == "MP104"]
    assert path.read_text(encoding="utf-8").splitlines()[unknown.line - 1] == 'place = "nowhere"'
