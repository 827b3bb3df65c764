"""One timeline per person: `show`, the briefing and the place rules tell the same story."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytz
from conftest import EXAMPLES, FIXTURES, invoke

from missionplan.app.validate import check_source
from missionplan.export.briefing.document import build
from missionplan.plan import whereabouts
from missionplan.source.text import Source

CHAIN = FIXTURES / "rules" / "mp301_fail_chain.toml"


def _route(show_output: str, day: str) -> list[str]:
    heading = next(line for line in show_output.splitlines() if line.startswith(day))
    return heading[len(day) :].strip().split(" → ")


def test_show_briefing_and_mp301_agree_on_legs_that_do_not_chain() -> None:
    # The file: calderon lives in Vienna (VIE), has breakfast in Dushanbe (DYU) at 07:00 and
    # flies DYU -> TAS at 07:40 and TAS -> VIE at 15:00; the leg to Dushanbe is missing.
    validate = invoke("validate", CHAIN)
    mp301 = re.search(
        r'MP301 error: .*"calderon-dyu-tas" leaves (\w+) .*calderon is in (\w+)', validate.stdout
    )
    assert mp301 is not None, validate.stdout
    leaves, is_in = mp301.groups()
    assert (leaves, is_in) == ("Dushanbe", "Vienna")
    shown = invoke("show", CHAIN)
    route = _route(shown.stdout, "Wednesday 25 May 2022")
    # the day's route names where MP301 puts calderon, then the city the leg leaves, then
    # where it lands: never "Vienna → Tashkent" as if the flight left Vienna
    assert route[route.index(leaves) + 1] == "Tashkent"
    assert route.index(is_in) < route.index(leaves)
    assert "Flight: Dushanbe → Tashkent" in shown.stdout
    report = check_source(Source(str(CHAIN), CHAIN.read_text(encoding="utf-8")))
    assert report.mission is not None
    document = build(report.mission)
    assert document["days"][0]["cities"] == " → ".join(route)
    # breakfast in Dushanbe makes it a city stay of the briefing too
    assert "Dushanbe" in [row["city"] for row in document["glance"]]


def test_every_leg_of_the_examples_starts_and_ends_in_its_days_route() -> None:
    for path in sorted(EXAMPLES.glob("*.toml")):
        report = check_source(Source(str(path), path.read_text(encoding="utf-8")))
        assert report.mission is not None
        mission = report.mission
        for person in mission.people:
            days = {d["date"]: d["cities"] for d in build(mission, person=person)["days"]}
            for leg in mission.legs:
                if person not in leg.people:
                    continue
                assert leg.origin.city in days[leg.depart.date().isoformat()], (person, leg.id)
                assert leg.destination.city in days[leg.arrive.date().isoformat()], (person, leg.id)


_FIRST = """
[mission]
id = "first"
title = "First"
start = 2022-05-02
end = 2022-05-06

[people.jc]
name = "Jaime Calderon"
email = "jaime@example.org"
home = "VIE"

[[travel]]
id = "vie-dyu"
people = ["jc"]
mode = "flight"
from = "VIE"
to = "DYU"
depart = 2022-05-02T10:00:00
arrive = 2022-05-02T18:00:00
"""

_SECOND = """
[mission]
id = "second"
title = "Second"
start = 2022-05-06
end = 2022-05-10

[people.calderon]
name = "J. Calderon"
email = "Jaime@example.org"
home = "VIE"

[[travel]]
id = "dyu-tas"
people = ["calderon"]
mode = "flight"
from = "DYU"
to = "TAS"
depart = 2022-05-06T07:40:00
arrive = 2022-05-06T08:55:00

[[travel]]
id = "tas-vie"
people = ["calderon"]
mode = "flight"
from = "TAS"
to = "VIE"
depart = 2022-05-10T15:00:00
arrive = 2022-05-10T17:55:00
"""


def test_a_timeline_spans_the_missions_of_a_run() -> None:
    missions = []
    for name, text in (("first.toml", _FIRST), ("second.toml", _SECOND)):
        mission = check_source(Source(name, text)).mission
        assert mission is not None
        missions.append(mission)
    # alone, the second file cannot know how calderon got to Dushanbe
    assert [b.leg.id for b in whereabouts.of(missions[1]).breaks] == ["dyu-tas"]
    run = whereabouts.of_run(missions)
    person = run.identity(0, "jc")
    assert run.identity(1, "calderon") == person  # same email, another key and spelling
    assert run.breaks == []
    # between the files, 4 May at noon in Dushanbe (UTC+5): there, where the first file left him
    noon = pytz.timezone("Asia/Dushanbe").localize(datetime(2022, 5, 4, 12))
    stint = run.where(person, noon)
    assert stint is not None and stint.place is not None and stint.place.city == "Dushanbe"
    assert [s.place.city if s.place else "->" for s in run.timeline(person)] == [
        "Vienna",
        "->",
        "Dushanbe",
        "->",
        "Tashkent",
        "->",
        "Vienna",
    ]
    stays = [
        (v.place.city, v.first, v.last)
        for v in run.visits(person, (date(2022, 5, 2), date(2022, 5, 10)))
    ]
    assert ("Dushanbe", date(2022, 5, 2), date(2022, 5, 6)) in stays
