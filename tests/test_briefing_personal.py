"""Personal briefings as the traveller reads them: the rendered PDF, HTML and Markdown.

Every expectation here is read back from the output a user gets (`missionplan build`, then
pypdf on the PDF, an HTML parser on the page, the Markdown text), about a two-person mission
(tests/fixtures/briefing/road.toml) whose facts the test states itself.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
from conftest import FIXTURES, invoke
from test_briefing import Page, mission_of

from missionplan.export.briefing import build, render

ROAD = FIXTURES / "briefing" / "road.toml"
MISSION = "road-2024-10"

# What only one traveller may see
AMINA_ONLY = ["Only 35 minutes between landing in Nairobi at 07:05 and the 07:40 meeting"]
AMINA_ONLY += ["Nairobi duty officer", "Jacaranda Hotel", "No accommodation booked"]
BRUNO_ONLY = ["Kathmandu office", "Kathmandu security desk", "Hotel Shanker", "XX 100"]
SHARED = ["Security focal point"]  # a mission-wide emergency contact (no city)
PLANNER = ["MP302", "MP303", "road.toml:", "ignore[", "planner's appendix"]


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) as one space."""
    return " ".join(text.split())


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdf_links(pdf: bytes) -> set[str]:
    found = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("road")
    result = invoke("build", ROAD, "-o", out, env={"SOURCE_DATE_EPOCH": "1727000000"})
    assert result.exit_code == 0, result.stderr
    return {p.name: p.read_bytes() for p in (out / MISSION).iterdir()}


@pytest.fixture(scope="module")
def markdown() -> dict[str, str]:
    mission, found = mission_of(ROAD)
    return {
        person: render(build(mission, person=person, diagnostics=found), "md").decode()
        for person in ("amina", "bruno")
    }


def test_build_writes_one_briefing_per_person_and_the_missions(built: dict[str, bytes]) -> None:
    briefings = sorted(name for name in built if "briefing" in name)
    assert briefings == [
        f"{MISSION}-{name}.{ext}"
        for name in ("amina-briefing", "briefing", "bruno-briefing")
        for ext in ("html", "pdf")
    ]


@pytest.mark.parametrize(
    ("person", "mine", "theirs"),
    [
        ("amina", AMINA_ONLY, [*BRUNO_ONLY, "Bruno Keller", "Nepal"]),
        ("bruno", BRUNO_ONLY, [*AMINA_ONLY, "Amina Haile", "Kenya"]),
    ],
)
def test_a_personal_copy_holds_only_its_readers_items_warnings_and_contacts(
    built: dict[str, bytes],
    markdown: dict[str, str],
    person: str,
    mine: list[str],
    theirs: list[str],
) -> None:
    pdf = flat(" ".join(pdf_pages(built[f"{MISSION}-{person}-briefing.pdf"])))
    html = flat(Page(built[f"{MISSION}-{person}-briefing.html"].decode()).body)
    for text in (pdf, html, flat(markdown[person])):
        for fact in mine + SHARED:
            assert fact in text, fact
        for fact in theirs + PLANNER:
            assert fact not in text, fact


def test_the_missions_copy_has_the_planners_appendix(built: dict[str, bytes]) -> None:
    pdf = flat(" ".join(pdf_pages(built[f"{MISSION}-briefing.pdf"])))
    assert "Planner\N{RIGHT SINGLE QUOTATION MARK}s appendix" in pdf  # typst's smart quote
    assert re.search(r"MP302 tight-connection \(\S*road\.toml:\d+\)", pdf)
    # and tells each traveller's warning under their name on its day
    assert "Amina Haile: Only 35 minutes between landing in Nairobi" in pdf


def test_every_day_says_where_the_reader_sleeps(built: dict[str, bytes]) -> None:
    expected = {
        "amina": {
            "Saturday 5 October 2024": "Jacaranda Hotel, Nairobi",
            "Sunday 6 October 2024": "Jacaranda Hotel, Nairobi",
            "Monday 7 October 2024": "No accommodation booked in Nairobi",
            "Tuesday 8 October 2024": "Home (Addis Ababa)",
        },
        "bruno": {
            "Friday 4 October 2024": "Hotel Shanker, Kathmandu",
            "Saturday 5 October 2024": "Hotel Shanker, Kathmandu",
            "Sunday 6 October 2024": "Hotel Shanker, Kathmandu",
            "Monday 7 October 2024": "Hotel Shanker, Kathmandu",
            "Tuesday 8 October 2024": "On the flight XX 101 to Sydney (overnight)",
            "Wednesday 9 October 2024": "Home (Sydney)",
        },
    }
    for person, nights in expected.items():
        # each page without its running header (which may name a day continued there)
        pages = pdf_pages(built[f"{MISSION}-{person}-briefing.pdf"])
        pdf = "\n".join(page.split("\n", 1)[1] for page in pages)
        body = flat(pdf[pdf.index("Day by day") :])
        titles = list(nights)
        found = re.findall(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d+ October 2024", body)
        assert found == titles  # every day, in order, and no other
        for title, following in zip(titles, [*titles[1:], None], strict=True):
            section = body[body.index(title) : body.index(following) if following else None]
            assert f"Night: {nights[title]}" in section, title


def test_phone_numbers_are_formatted_unbroken_and_linked(built: dict[str, bytes]) -> None:
    pdf = built[f"{MISSION}-amina-briefing.pdf"]
    lines = [line for page in pdf_pages(pdf) for line in page.splitlines()]
    # formatted by the number's own country rules: +41 22 917 1234 reads +41 22 917 12 34
    for number in ("+254 20 2712000", "+41 22 917 12 34"):
        assert any(number in " ".join(line.split()) for line in lines), number
    assert {"tel:+254202712000", "tel:+41229171234", "mailto:security@example.org"} <= pdf_links(
        pdf
    )
    page = Page(built[f"{MISSION}-amina-briefing.html"].decode())
    links = {a.get("href") for tag, a in page.tags if tag == "a"}
    assert {"tel:+254202712000", "tel:+41229171234", "tel:999"} <= links


def test_emergency_contact_without_a_phone_is_flagged(built: dict[str, bytes]) -> None:
    pdf = flat(" ".join(pdf_pages(built[f"{MISSION}-bruno-briefing.pdf"])))
    first_page = flat(pdf_pages(built[f"{MISSION}-bruno-briefing.pdf"])[0])
    assert "In an emergency" in first_page
    assert "Kathmandu security desk" in first_page and "No phone number listed" in first_page
    assert "Security focal point" in first_page and "+41 22 917 12 34" in first_page
    # Nepal's own numbers, from the sourced country data
    assert "Police 100" in pdf and "Ambulance 102" in pdf


def test_time_difference_to_home_follows_a_clock_change_at_home() -> None:
    mission, found = mission_of(ROAD)
    (home,) = build(mission, person="bruno", diagnostics=found)["first"]["home"]
    (stay,) = home["stays"]

    def hours(day: int) -> str:
        noon = datetime(2024, 10, day, 12)
        there = noon.replace(tzinfo=ZoneInfo("Asia/Kathmandu")).utcoffset()
        at_home = noon.replace(tzinfo=ZoneInfo("Australia/Sydney")).utcoffset()
        assert there is not None and at_home is not None
        minutes = int((there - at_home).total_seconds() // 60)
        return f"-{abs(minutes) // 60} h {abs(minutes) % 60} min"

    assert (stay["city"], stay["difference"]) == ("Kathmandu", hours(4))
    assert stay["changes"] == f"{hours(6)} from Sun 6 Oct"  # Sydney's clocks went forward


def test_a_clock_change_is_announced_on_its_day() -> None:
    from conftest import DST_EXAMPLE

    mission, found = mission_of(DST_EXAMPLE)
    days = {d["date"]: d for d in build(mission, diagnostics=found)["days"]}
    assert days["2023-03-26"]["clocks"] == [
        "Clocks in Geneva go forward 1 h at 02:00 (UTC+2 from then)",
        "Clocks in Vienna go forward 1 h at 02:00 (UTC+2 from then)",
    ]
    assert all(not d["clocks"] for iso, d in days.items() if iso != "2023-03-26")


def test_markdown_reads_as_plain_text(markdown: dict[str, str]) -> None:
    text = markdown["amina"]
    assert "+254 20 2712000" in flat(text) and "\\+" not in text
    assert "Addis Ababa" in text
    assert not re.search(r"\\[_+\-.#]", text)  # no escapes that plain text would show


def test_booking_details_status_and_links_show_where_the_traveller_looks(
    built: dict[str, bytes], markdown: dict[str, str]
) -> None:
    pdf = flat(" ".join(pdf_pages(built[f"{MISSION}-amina-briefing.pdf"])))
    flight = "Flight ET 308: Addis Ababa → Nairobi · Ethiopian Airlines · 2 h 05 min"
    assert f"{flight} · terminal 2 → 1A · seat 14C · booking QX7P2L" in pdf
    assert "Tentative: Meeting: Partners' round table" in pdf.replace(
        "\N{RIGHT SINGLE QUOTATION MARK}", "'"
    )
    assert "Cancelled: Site visit: Visit to the border health post" in pdf
    assert "https://meet.example.org/round-table" in pdf_links(
        built[f"{MISSION}-amina-briefing.pdf"]
    )
    page = Page(built[f"{MISSION}-amina-briefing.html"].decode())
    assert ("del", {}) in page.tags  # the cancelled visit is struck through
    assert any(
        tag == "a" and attrs.get("href") == "https://meet.example.org/round-table"
        for tag, attrs in page.tags
    )
    assert "CANCELLED: ~~Site visit: Visit to the border health post" in markdown["amina"]
