"""Briefings: the document built from a mission, Markdown (golden files), HTML and the command.

Golden files live in tests/golden/briefing/. After an intended change, regenerate them with
`.venv/bin/python -m pytest tests/test_briefing.py --update-golden` and review the
diff before committing it.
"""

# ruff: noqa: RUF001  # the Uzbek okina (U+02BB) and en dashes are text briefings must print

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import DST_EXAMPLE, FIXTURES, SEED, Golden, invoke

from missionplan.app.validate import check_paths
from missionplan.checks.bookings import TIGHT_CONNECTION
from missionplan.checks.finding import Diagnostic
from missionplan.checks.workdays import UNUSUAL_HOURS, WEEKEND
from missionplan.export.briefing import build, render
from missionplan.export.briefing.render import markdown_escape
from missionplan.plan.plan import Mission

GOLDEN = Path(__file__).resolve().parent / "golden" / "briefing"

HOSTILE_TITLE = (
    '<script>alert("x")</script> #set text(red) *bold* _u_ $x^2$ [link](http://example.org)'
    " `code` | pipe &amp; @ref // c \\ back"
)

# A mission whose text tries to be markup in every output format, in Tajik and Uzbek, over
# Tajikistan's Victory Day and Uzbekistan's transferred working Saturday of May 2022.
HOSTILE = """
[mission]
id = "hostile-2022-05"
title = '<script>alert("x")</script> #set text(red) *bold* _u_ $x^2$ [link](http://example.org) `code` | pipe &amp; @ref // c \\ back'
organization = "Ташкилот <b>bold</b>"
start = 2022-05-06
end = 2022-05-10
revision = 3
contact = "ops@example.org"

[people.rahimov]
name = "Фарҳод Раҳимов"
role = "Мутахассис [senior] *lead*, Кӯлоб ва Ғарм"
home = "dushanbe"

[people.usmonova]
name = "Gulnoza Usmonova"
role = "Oʻzbek expert"
home = "tashkent"

[places.dushanbe]
city = "Душанбе"
country = "TJ"

[places.tashkent]
city = "Toshkent"
country = "UZ"
timezone = "Asia/Tashkent"

[[travel]]
id = "out"
people = ["rahimov"]
mode = "flight"
from = "dushanbe"
to = "tashkent"
depart = 2022-05-06T07:40:00
arrive = 2022-05-06T08:55:00
carrier = "Somon Air"
number = "SZ 201"
reference = "A<B>C"

[[travel]]
id = "back"
people = ["rahimov"]
mode = "flight"
from = "tashkent"
to = "dushanbe"
depart = 2022-05-08T18:00:00
arrive = 2022-05-08T19:10:00

[[stays]]
id = "hotel"
people = ["rahimov"]
place = "tashkent"
name = "Mehmonxona «Oʻzbekiston» & Co"
address = "45 Mustaqillik *street*"
check_in = 2022-05-06
check_out = 2022-05-08

[[events]]
id = "working-saturday"
title = "Work on the transferred working Saturday"
place = "tashkent"
start = 2022-05-07T10:00:00
end = 2022-05-07T12:00:00
people = ["rahimov", "usmonova"]
counterparts = ["A | B", "<i>C</i>"]
notes = \"\"\"First line
# not a heading
- not a list\"\"\"

[[events]]
id = "holiday-meeting"
title = "Meeting on Victory Day"
place = "dushanbe"
start = 2022-05-09T10:00:00
end = 2022-05-09T11:00:00
people = ["rahimov"]

[[contacts]]
name = "Ordinary office"
place = "tashkent"
notes = "Алифбо: ӣ ҷ ӯ ғ қ ҳ Ӣ Ҷ Ӯ Ғ Қ Ҳ; Oʻzbek: Gʻ gʻ Oʻ oʻ"

[[contacts]]
name = '<img src=x onerror="alert(1)"> Duty officer'
phone = "+992 00 000 0000"
emergency = true
"""


def mission_of(path: Path) -> tuple[Mission, list[Diagnostic]]:
    report = check_paths([path])[0]
    assert report.ok and report.mission is not None, report.diagnostics
    return report.mission, report.diagnostics


@pytest.fixture(scope="module")
def seed() -> Mission:
    return mission_of(SEED)[0]


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(hostile_file: Path) -> tuple[Mission, list[Diagnostic]]:
    return mission_of(hostile_file)


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def day(document: dict[str, Any], iso: str) -> dict[str, Any]:
    return next(d for d in document["days"] if d["date"] == iso)


# -- the document ---------------------------------------------------------------------------


def test_document_is_plain_strings(seed: Mission) -> None:
    document = build(seed)
    assert all(isinstance(leaf, str) for leaf in leaves(document))
    assert list(document) == [
        "version",
        "header",
        "cover",
        "first",
        "glance",
        "days",
        "accommodation",
        "contacts",
        "countries",
        "sources",
        "calendar",
        "warnings",
    ]


def test_cover(seed: Mission) -> None:
    cover = build(seed)["cover"]
    assert cover["issue"] == "Revision 1, issued 16 May 2022"
    assert cover["dates"] == "21 May – 1 June 2022"
    assert cover["length"] == "12 days"
    assert cover["places"] == [
        {"country": "Tajikistan", "cities": "Dushanbe"},
        {"country": "Uzbekistan", "cities": "Tashkent"},
    ]
    assert [p["name"] for p in cover["participants"]] == ["Salma Taher", "Jaime Calderon"]
    assert cover["participants"][0]["role"] == "IOM Expert on Emergency Health, Headquarters"
    assert cover["contact"] == "Dushanbe@iom.int"


def test_glance_has_a_row_per_city_stay_without_transits(seed: Mission) -> None:
    rows = build(seed)["glance"]
    assert [(r["city"], r["dates"], r["nights"], r["zone"], r["people"]) for r in rows] == [
        ("Dushanbe", "21–25 May 2022", "4", "UTC+5", "Salma Taher"),
        ("Tashkent", "25 May – 1 June 2022", "7", "UTC+5", "Salma Taher"),
        ("Tashkent", "27–29 May 2022", "2", "UTC+5", "Jaime Calderon"),
    ]


def test_glance_shares_a_row_between_people_on_the_same_dates(tmp_path: Path) -> None:
    text = (FIXTURES / "rules" / "mp301_pass_airport.toml").read_text(encoding="utf-8")
    text = text.replace('people = ["calderon"]', 'people = ["calderon", "taher"]')
    text = text.replace(
        "[people.calderon]",
        '[people.taher]\nname = "Salma Taher"\nhome = "vienna"\n\n[people.calderon]',
    )
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    rows = build(mission_of(path)[0])["glance"]
    assert [(r["city"], r["people"]) for r in rows] == [("Tashkent", "Salma Taher, Jaime Calderon")]


def test_at_home_the_glance_starts_with_the_first_thing_done_there() -> None:
    # Calderon lives in Vienna: his row starts with his first meeting, not the mission's start
    mission, _found = mission_of(DST_EXAMPLE)
    rows = build(mission)["glance"]
    assert [(r["city"], r["dates"], r["people"]) for r in rows] == [
        ("Vienna", "26–28 March 2023", "Salma Taher"),
        ("Vienna", "27–28 March 2023", "Jaime Calderon"),
    ]


@pytest.mark.parametrize("example", [SEED, DST_EXAMPLE], ids=lambda p: p.stem)
def test_a_personal_glance_agrees_with_the_missions(example: Path) -> None:
    mission, _found = mission_of(example)
    whole = build(mission)["glance"]
    for key, person in mission.people.items():
        own = build(mission, person=key)["glance"]
        theirs = [(r["city"], r["dates"], r["nights"]) for r in whole if person.name in r["people"]]
        assert [(r["city"], r["dates"], r["nights"]) for r in own] == theirs


def test_days_cover_the_mission_in_local_time_order(seed: Mission) -> None:
    document = build(seed)
    assert [d["date"] for d in document["days"]][0::11] == ["2022-05-21", "2022-06-01"]
    first = day(document, "2022-05-21")
    assert first["title"] == "Saturday 21 May 2022"
    assert "Weekend in Tajikistan" in first["marks"]
    # three zones on one day: every time names the city it is read in
    assert [(e["time"], e["kind"]) for e in first["entries"]] == [
        ("06:05 Geneva → 10:20 Istanbul", "Flight TK 1918"),
        ("13:30 Istanbul → 20:15 Dushanbe", "Flight TK 258"),
        ("", "Check-in"),  # a check-in given as a date comes after the arrival
    ]
    # one line per flight: carrier, duration (3 h 15 min across a 1 h zone change), booking
    flight = first["entries"][0]
    assert (
        flight["summary"]
        == "Turkish Airlines · 3 h 15 min · terminal 1 · seat 7C · booking ILLUSTR"
    )
    assert flight["title"] == "Geneva → Istanbul"
    move = day(document, "2022-05-25")
    assert move["cities"] == "Dushanbe → Tashkent"
    assert [e["kind"] for e in move["entries"]] == ["Check-out", "Flight SZ 201", "Check-in"]


def test_meeting_entries_carry_venue_counterparts_notes_and_people(seed: Mission) -> None:
    entries = day(build(seed), "2022-05-23")["entries"]
    assert [e["time"] for e in entries] == [
        "10:00–11:00",
        "11:30–12:30",
        "14:30–15:30",
        "16:30–17:30",
    ]
    details = {d["label"]: d["value"] for d in entries[0]["details"]}
    assert "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ" in entries[0]["summary"]
    assert "Амирзода Абдухолиқ Амир" in details["With"]
    # "Meeting: Meeting with..." would say it twice
    assert entries[0]["kind"] == ""
    assert entries[0]["title"].startswith("Meeting with the Deputy Minister")
    assert details["Notes"].startswith("Border health SOP")
    assert entries[0]["people"] == "Salma Taher"


def test_overnight_leg_shows_on_both_days(seed: Mission) -> None:
    document = build(seed)
    departure = day(document, "2022-05-26")["entries"][0]
    # Vienna (UTC+2) and Tashkent (UTC+5) on one line: each time names its city
    assert departure["time"] == "21:25 Vienna → 05:55 Tashkent (+1)"
    arrival = day(document, "2022-05-27")["entries"][0]
    assert (arrival["time"], arrival["kind"]) == ("05:55", "Arrival")
    assert arrival["summary"] == "left Thu 26 May, 21:25 Vienna"


def test_multi_day_event_appears_each_day_with_its_hours(seed: Mission) -> None:
    document = build(seed)
    for iso in ("2022-05-27", "2022-05-28"):
        (event,) = [e for e in day(document, iso)["entries"] if e["kind"] == "Regional event"]
        assert event["time"] == "09:00–17:30"
        assert event["people"] == "Salma Taher, Jaime Calderon"


def test_personal_briefing_keeps_only_that_persons_day(seed: Mission) -> None:
    document = build(seed, person="calderon")
    assert document["header"]["person"] == "Jaime Calderon"
    assert document["cover"]["person_dates"] == "26–29 May 2022"
    assert [d["date"] for d in document["days"]] == [
        "2022-05-26",
        "2022-05-27",
        "2022-05-28",
        "2022-05-29",
    ]
    entries = [e for d in document["days"] for e in d["entries"]]
    # the "Who" never names the reader, only whom else they meet
    assert all("Jaime Calderon" not in e["people"] for e in entries)
    regional = next(e for e in entries if e["kind"] == "Regional event")
    assert regional["people"] == "Salma Taher"
    assert not any("Meeting" in e["kind"] for e in entries)
    assert [r["city"] for r in document["glance"]] == ["Tashkent"]
    assert [(a["person"], a["total"]) for a in document["accommodation"]] == [("", "2 nights")]
    assert document["first"]["home"] == [
        {
            "person": "",
            "home": "Vienna",
            "stays": [
                {"city": "Tashkent", "dates": "27–29 May", "difference": "+3 h", "changes": ""}
            ],
        }
    ]


def test_unknown_person_is_a_one_line_error(seed: Mission) -> None:
    with pytest.raises(Exception, match=r'no person "nobody".*people: taher, calderon'):
        build(seed, person="nobody")


def test_accommodation_and_contacts(seed: Mission) -> None:
    document = build(seed)
    taher = document["accommodation"][0]
    assert taher["total"] == "11 nights"
    assert [(s["hotel"], s["check_in"], s["nights"]) for s in taher["stays"]] == [
        ("Hotel in Dushanbe (to be confirmed)", "Sat 21 May 2022", "4"),
        ("Hotel in Tashkent (to be confirmed)", "Wed 25 May 2022", "7"),
    ]
    assert [c["emergency"] for c in document["contacts"]] == ["Emergency", ""]


def test_emergency_contacts_come_first(hostile: tuple[Mission, list[Diagnostic]]) -> None:
    contacts = build(hostile[0])["contacts"]
    assert contacts[0]["emergency"] == "Emergency"
    assert contacts[0]["name"].endswith("Duty officer")
    assert contacts[1]["name"] == "Ordinary office"


def test_local_calendar_holidays_weekends_and_working_saturdays(
    hostile: tuple[Mission, list[Diagnostic]],
) -> None:
    document = build(hostile[0])
    countries = {c["country"]: c for c in document["calendar"]["countries"]}
    assert countries["Tajikistan"]["holidays"] == [
        {"date": "Mon 9 May 2022", "name": "Victory Day"}
    ]
    # nobody is in Tajikistan on Saturday 7 May: only Sunday, when Rahimov is back home
    assert countries["Tajikistan"]["weekend_dates"] == "Sun 8 May"
    # Uzbekistan worked on Saturday 7 May 2022 (a transferred day off), so it is no weekend
    assert countries["Uzbekistan"]["weekend_dates"] == "Sun 8 May"
    assert countries["Uzbekistan"]["working_days"] == "Sat 7 May"
    assert day(document, "2022-05-07")["marks"] == [
        "Working day in Uzbekistan (transferred weekend day)"
    ]
    assert "Public holiday in Tajikistan: Victory Day" in day(document, "2022-05-09")["marks"]


def test_seed_calendar_and_time_differences(seed: Mission) -> None:
    calendar = build(seed)["calendar"]
    assert [c["country"] for c in calendar["countries"]] == ["Tajikistan", "Uzbekistan"]
    assert calendar["countries"][0]["weekend"] == "Saturday and Sunday"
    assert calendar["countries"][0]["holidays"] == []
    home = build(seed)["first"]["home"][0]
    assert (home["person"], home["home"]) == ("Salma Taher", "Geneva")
    assert [(s["city"], s["difference"]) for s in home["stays"]] == [
        ("Dushanbe", "+3 h"),
        ("Tashkent", "+3 h"),
    ]


def test_open_warnings_exclude_suppressed_ones(hostile: tuple[Mission, list[Diagnostic]]) -> None:
    mission, _found = hostile
    open_one = Diagnostic("f.toml", 12, 3, TIGHT_CONNECTION, "tight connection", "leave earlier")
    silenced = Diagnostic("f.toml", 20, 3, WEEKEND, "weekend").suppress()
    info = Diagnostic("f.toml", 30, 3, UNUSUAL_HOURS, "early meeting")
    document = build(mission, diagnostics=[open_one, silenced, info])
    assert document["warnings"] == [
        {
            "code": "MP302",
            "name": "tight-connection",
            "where": "f.toml:12",
            "message": "tight connection",
            "hint": "leave earlier",
        }
    ]
    assert document["cover"]["warnings"] == "1 open warning: see the planner's appendix"
    # a traveller's copy has no appendix, and no cover line pointing at one
    personal = build(mission, person="rahimov", diagnostics=[open_one, silenced, info])
    assert personal["warnings"] == [] and personal["cover"]["warnings"] == ""


def test_dst_example_prints_summer_time() -> None:
    mission, _found = mission_of(DST_EXAMPLE)
    document = build(mission)
    sunday = day(document, "2023-03-26")
    flight = next(e for e in sunday["entries"] if e["kind"].startswith("Flight"))
    assert flight["time"] == "09:10 → 10:45"
    assert sunday["zones"] == "UTC+2"  # Geneva and Vienna, both on summer time from 02:00


# -- Markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", [None, "taher"])
def test_markdown_matches_golden_file(seed: Mission, person: str | None, golden: Golden) -> None:
    # No diagnostics: the golden files test the layout, not the rules of the day.
    text = render(build(seed, person=person), "md").decode("utf-8")
    path = GOLDEN / f"{seed.id}{'-' + person if person else ''}.md"
    committed = golden(path, text.encode("utf-8")).decode("utf-8")
    assert text.splitlines() == committed.splitlines()


def test_markdown_escapes_metacharacters() -> None:
    assert markdown_escape("<script>*a*_b_[c](d)`e`|f#g$h\\") == (
        "\\<script\\>\\*a\\*\\_b\\_\\[c\\](d)\\`e\\`\\|f#g$h\\\\"
    )
    assert markdown_escape("$x$ costs") == "\\$x\\$ costs"  # GitHub's math needs a pair
    assert markdown_escape("# heading") == "\\# heading"
    # plain text stays plain: nothing here is markup where it stands
    assert markdown_escape("+998 71 123 45 67, Addis_Ababa, #3") == (
        "+998 71 123 45 67, Addis_Ababa, #3"
    )
    assert markdown_escape("1. not a list") == "1\\. not a list"
    assert markdown_escape("- nor this") == "\\- nor this"
    assert markdown_escape("&amp; stays") == "\\&amp; stays"
    assert markdown_escape("R&D, Oʻzbekiston") == "R&D, Oʻzbekiston"
    assert markdown_escape("two\nlines") == "two lines"


def test_markdown_of_a_hostile_mission_is_text(hostile: tuple[Mission, list[Diagnostic]]) -> None:
    text = render(build(hostile[0]), "md").decode("utf-8")
    assert text.splitlines()[0] == "# " + markdown_escape(HOSTILE_TITLE)
    # the template itself writes none of these, so any unescaped one would come from the data
    assert re.findall(r"(?<!\\)[<>\[\]`]", text) == []
    assert "With: A \\| B" in text
    assert "Фарҳод Раҳимов" in text and "Oʻzbekiston" in text


# -- HTML -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """The elements and the visible text of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self._where: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"br", "meta", "link", "img", "hr", "input"}:
            self._where.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._where:
            while self._where.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "style" in self._where:
            return
        if "title" in self._where:
            self.title += data
        elif data.strip():
            self.text.append(data.strip())

    @property
    def body(self) -> str:
        return "\n".join(self.text)


@pytest.fixture(scope="module")
def seed_page(seed: Mission) -> Page:
    return Page(render(build(seed), "html").decode("utf-8"))


def test_html_has_the_facts(seed_page: Page) -> None:
    body = seed_page.body
    for fact in (
        "Emergency health mission: border health SOP and regional cross-border event",
        "Revision 1, issued 16 May 2022",
        "Salma Taher",
        "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ",
        "Oʻzbekiston Respublikasi Sogʻliqni saqlash vazirligi",
        "Monday 23 May 2022",
        "07:40 → 08:55",
        "K7P2QX",
        "At a glance",
        "In an emergency",
        "Countries",
        "No open warnings.",
    ):
        assert fact in body, fact
    assert seed_page.title.startswith("Emergency health mission")


def test_html_is_self_contained_with_a_print_stylesheet(seed: Mission) -> None:
    html = render(build(seed), "html").decode("utf-8")
    page = Page(html)
    assert not [t for t, a in page.tags if t in {"script", "link", "img", "iframe"}]
    assert not [a for _t, a in page.tags if "src" in a or (a.get("href") or "").startswith("http")]
    assert "@import" not in html and "url(" not in html
    assert "@media print" in html and 'counter(page) " of " counter(pages)' in html


def test_html_of_a_hostile_mission_is_text(hostile: tuple[Mission, list[Diagnostic]]) -> None:
    page = Page(render(build(hostile[0], diagnostics=hostile[1]), "html").decode("utf-8"))
    tags = {tag for tag, _attrs in page.tags}
    assert "script" not in tags and "img" not in tags and "i" not in tags and "b" not in tags
    assert HOSTILE_TITLE in page.body
    assert page.title.startswith(HOSTILE_TITLE)
    assert 'img src=x onerror="alert(1)"' in page.body
    assert "Ташкилот <b>bold</b>" in page.body


# -- the command ----------------------------------------------------------------------------


def test_brief_writes_the_mission_pdf_here_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_file: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("brief", hostile_file, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "hostile-2022-05.md").is_file()
    result = invoke("brief", hostile_file, "--format", "html", "--person", "rahimov")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "hostile-2022-05-rahimov.html").is_file()


def test_brief_to_stdout_and_output_file(tmp_path: Path) -> None:
    result = invoke("brief", SEED, "--format", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Emergency health mission")
    target = tmp_path / "out.html"
    result = invoke("brief", SEED, "--format", "html", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_brief_lists_open_warnings_from_validate(hostile_file: Path) -> None:
    found = check_paths([hostile_file])[0].diagnostics
    warnings = [d for d in found if not d.suppressed and str(d.severity) == "warning"]
    result = invoke("brief", hostile_file, "--format", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    for warning in warnings:
        assert f"- {warning.code} {warning.name}" in result.stdout
    if not warnings:
        assert "No open warnings." in result.stdout


def test_brief_refuses_a_file_with_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(HOSTILE.replace('to = "tashkent"', 'to = "tashkentt"'), encoding="utf-8")
    result = invoke("brief", broken, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "MP104" in result.stderr and 'did you mean "tashkent"' in result.stderr
    assert "no briefing written" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "nobody"], 'no person "nobody" in this mission'),
        (["--template", "missing.typ"], "missing.typ: no such template file"),
    ],
)
def test_brief_user_mistakes_are_one_line(args: list[str], message: str) -> None:
    result = invoke("brief", SEED, *args, "-o", "-", "--format", "md")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_brief_of_a_missing_file_or_a_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.toml", tmp_path):
        result = invoke("brief", path)
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1


def test_brief_with_a_custom_jinja_template(tmp_path: Path) -> None:
    template = tmp_path / "mine.md"
    template.write_text("OFFICE OF {{ cover.id }}: {{ cover.title }}\n", encoding="utf-8")
    result = invoke("brief", SEED, "--format", "md", "--template", template, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OFFICE OF iom-tjk-uzb-2022-05: Emergency health")
    template.write_bytes(b"\xff\xfe not UTF-8 {{ x }}\n")
    result = invoke("brief", SEED, "--format", "md", "--template", template, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"missionplan: {template}: not a UTF-8 text file"
    result = invoke("brief", SEED, "--format", "md", "--template", tmp_path, "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"missionplan: {tmp_path}: is not a file"
    template.write_text("{% for x in %}\n", encoding="utf-8")
    result = invoke("brief", SEED, "--format", "md", "--template", template, "-o", "-")
    assert result.exit_code == 2
    assert f"{template}:1:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_markdown_and_html_are_deterministic(tmp_path: Path) -> None:
    for output_format in ("md", "html"):
        runs = [
            invoke(
                "brief", SEED, "--format", output_format, "-o", "-", env={"SOURCE_DATE_EPOCH": "0"}
            )
            for _ in range(2)
        ]
        assert runs[0].stdout == runs[1].stdout


def test_brief_into_a_missing_directory_or_with_a_bad_epoch(tmp_path: Path) -> None:
    result = invoke("brief", SEED, "--format", "md", "-o", tmp_path / "no" / "such" / "x.md")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = invoke("brief", SEED, "-o", tmp_path / "x.pdf", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_brief_has_help_for_every_option() -> None:
    result = invoke("brief", "--help")
    assert result.exit_code == 0
    for option in ("--person", "--format", "--output", "--template"):
        assert option in result.stdout


def test_brief_keeps_start_up_light() -> None:
    # typst, Jinja2 and holidays load only when a briefing is made, not for every command.
    code = "import sys, missionplan.cli.main; print(sorted({'typst', 'jinja2', 'holidays'} & set(sys.modules)))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_a_mistyped_year_adds_one_day_not_years_of_pages(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(
        HOSTILE.replace("start = 2022-05-09T10:00:00", "start = 2032-05-09T10:00:00").replace(
            "end = 2022-05-09T11:00:00", "end = 2032-05-09T11:00:00"
        ),
        encoding="utf-8",
    )
    mission, found = mission_of(path)
    assert "MP205" in {d.code for d in found}
    for person in (None, "rahimov"):
        dates = [d["date"] for d in build(mission, person=person)["days"]]
        assert dates[-1] == "2032-05-09"
        assert len(dates) <= 6


def test_a_night_connection_is_not_a_city_stay(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    for old, new in [
        ("depart = 2022-05-21T06:05:00", "depart = 2022-05-21T18:00:00"),
        ("arrive = 2022-05-21T10:20:00", "arrive = 2022-05-21T22:10:00"),
        ("depart = 2022-05-21T13:30:00", "depart = 2022-05-22T01:20:00"),
        ("arrive = 2022-05-21T20:15:00", "arrive = 2022-05-22T08:05:00"),
        ("check_in = 2022-05-21\n", "check_in = 2022-05-22\n"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "night-connection.toml"
    path.write_text(text, encoding="utf-8")
    document = build(mission_of(path)[0])
    assert "Istanbul" not in [r["city"] for r in document["glance"]]
    assert {"Turkey", "Türkiye"}.isdisjoint(c["country"] for c in document["calendar"]["countries"])


def test_control_characters_are_shown_escaped_in_every_format(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        'title = "Meeting with the Deputy Minister',
        'title = "Bell\\u0007 and \\u001b[2J and \\u202eevil: Meeting with the Deputy Minister',
    )
    path = tmp_path / "controls.toml"
    path.write_text(text, encoding="utf-8")
    for output_format in ("html", "md"):
        result = invoke("brief", path, "--format", output_format, "-o", "-")
        assert result.exit_code == 0, result.stderr
        assert "\x07" not in result.stdout and "\x1b" not in result.stdout
        assert "\u202e" not in result.stdout
        shown = result.stdout.replace("\\\\", "\\").replace("\\[", "[")  # Markdown's escapes
        assert "\\x07 and \\x1b[2J and \\u202eevil" in shown


def test_emergency_contacts_follow_the_readers_cities(seed: Mission) -> None:
    # the example's only emergency contact is the Dushanbe office, which Calderon never visits
    theirs = build(seed, person="calderon")["first"]["emergency"]
    assert theirs["contacts"] == []
    assert theirs["missing"].startswith("No emergency contact of this mission is for the cities")
    own = build(seed, person="taher")["first"]["emergency"]
    assert [c["name"] for c in own["contacts"]] == ["IOM Tajikistan, Dushanbe office"]
    # it has no phone: said on the first page, not left to be found out
    assert own["missing"] == "No emergency contact of this mission has a phone number: ask for one."


def test_a_name_in_the_print_header_stays_text(tmp_path: Path) -> None:
    # the printed page header repeats the reader's name inside the style sheet
    name = 'Ana " </style><script>alert(1)</script>'
    path = tmp_path / "name.toml"
    path.write_text(HOSTILE.replace('name = "Фарҳод Раҳимов"', f"name = '{name}'"), "utf-8")
    html = render(build(mission_of(path)[0], person="rahimov"), "html").decode("utf-8")
    page = Page(html)
    assert "script" not in {tag for tag, _attrs in page.tags}
    assert html.count("</style>") == 1
    assert r"Ana\000020\000022\000020\00003c\00002fstyle\00003e" in html  # CSS escapes
