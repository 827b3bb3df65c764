"""Format 2 where a user looks for it: `show`, the HTML briefing and the PDF's text."""

from __future__ import annotations

import html
import io
import re
import tempfile
from pathlib import Path

import pypdf
import pytest
from conftest import FIXTURES, invoke

EVERY_FIELD = FIXTURES / "format2" / "every_field.toml"

#: What a traveller looks for, as the file writes it.
FACTS = (
    "QX7ILL",  # booking reference
    "235-0000000001",  # e-ticket
    "14C",  # seat
    "economy",  # class
    "1 x 23 kg",  # baggage
    "Rustam (+992 00 000 0000)",  # driver
    "White Land Cruiser, UN plate 01-234",  # vehicle
    "HT-ILLUS-0002",  # hotel confirmation
    "Free cancellation until 24 hours before arrival",
    "https://meet.example.org/hq",  # online link
    "Nadia Ahmed",  # joins by video
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_show_has_every_booking_detail_and_marks_status() -> None:
    result = invoke("show", EVERY_FIELD)
    assert result.exit_code == 0, result.stderr
    text = _flat(result.stdout)
    for fact in FACTS:
        assert fact in text, fact
    assert "Coach: 4" in text and "Berth: 12, 13" in text
    assert "terminal 1" in text and "arrival terminal 2" in text
    assert "Cancelled: Flight SZ 201" in text
    assert "Cancelled: Meeting: Lunch with the regional coordinator" in text
    assert "Tentative: Road: Dushanbe → Tashkent" in text


def test_show_strikes_cancelled_items_through_in_colour() -> None:
    result = invoke("show", EVERY_FIELD, "--color")
    line = next(x for x in result.stdout.splitlines() if "Lunch with the regional" in x)
    assert "\x1b[9m" in line or ";9m" in line or ";9;" in line  # SGR 9: crossed-out


def _brief(fmt: str, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"out.{suffix}"
        result = invoke(
            "brief", EVERY_FIELD, "--format", fmt, "-o", target, env={"SOURCE_DATE_EPOCH": "0"}
        )
        assert result.exit_code == 0, result.stderr
        return target.read_bytes()


def test_html_briefing_shows_every_detail_and_strikes_cancelled_items() -> None:
    page = _brief("html", "html").decode("utf-8")
    text = _flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for fact in FACTS:
        assert fact in text, fact
    struck = re.findall(r"<del>(.*?)</del>", page, re.S)
    assert any("Lunch with the regional coordinator" in s for s in struck)
    assert any("SZ 201" in s for s in struck)
    assert not any("Samarkand border health post" in s for s in struck)


@pytest.mark.parametrize("person", [None, "taher"])
def test_pdf_briefing_text_has_the_details(person: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.pdf"
        args = ["--person", person] if person else []
        result = invoke("brief", EVERY_FIELD, *args, "-o", target, env={"SOURCE_DATE_EPOCH": "0"})
        assert result.exit_code == 0, result.stderr
        reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = _flat(" ".join(page.extract_text() or "" for page in reader.pages))
    for fact in FACTS:
        if person == "taher" and fact == "Nadia Ahmed":
            continue
        assert fact.replace(" ", "") in text.replace(" ", ""), fact
    assert "Cancelled" in text and "Tentative" in text
