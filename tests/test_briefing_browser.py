"""The HTML briefing in a real browser: headless Chromium (the system's), driven by Playwright.

A phone is 360-430 px wide: nothing may run off the screen sideways, phone numbers must be
links that dial and must not wrap, and the page must print with its running header.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import FIXTURES, SEED
from test_briefing import mission_of

from missionplan.export.briefing import build, render

CHROMIUM = "/usr/bin/chromium"
ROAD = FIXTURES / "briefing" / "road.toml"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for name, path, person in (
        ("mission", SEED, None),
        ("amina", FIXTURES / "briefing" / "road.toml", "amina"),
        ("bruno", FIXTURES / "briefing" / "road.toml", "bruno"),
        ("road", FIXTURES / "briefing" / "road.toml", None),
    ):
        mission, found = mission_of(path)
        target = folder / f"{name}.html"
        target.write_bytes(render(build(mission, person=person, diagnostics=found), "html"))
        out[name] = target
    return out


@pytest.mark.parametrize("name", ["mission", "amina", "bruno", "road"])
def test_no_sideways_scrolling_on_a_phone(browser: Any, pages: dict[str, Path], name: str) -> None:
    page = browser.new_page(viewport={"width": 430, "height": 800})
    page.goto(pages[name].as_uri())
    for width in (430, 390, 360):
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))""",
            width,
        )
        assert scroll <= width, (width, wide[:5])
    page.close()


def test_phone_numbers_are_links_on_one_line(browser: Any, pages: dict[str, Path]) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(pages["amina"].as_uri())
    links = page.evaluate(
        """[...document.querySelectorAll('a[href^="tel:"]')].map(a => ({
            href: a.getAttribute('href'), text: a.textContent,
            lines: a.getClientRects().length,
            emergency: !!a.closest('#emergency')}))"""
    )
    page.close()
    hrefs = {link["href"] for link in links}
    assert {"tel:+254202712000", "tel:+41229171234", "tel:999"} <= hrefs
    assert all(link["lines"] == 1 for link in links), links  # never broken over two lines
    emergency = {link["href"] for link in links if link["emergency"]}
    assert {"tel:+254202712000", "tel:+41229171234"} <= emergency  # on the first screen


def test_emergency_box_is_on_the_first_screen(browser: Any, pages: dict[str, Path]) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(pages["amina"].as_uri())
    top = page.evaluate("document.querySelector('#emergency').getBoundingClientRect().top")
    mail = page.evaluate(
        "[...document.querySelectorAll('#emergency a[href^=\"mailto:\"]')].map(a => a.href)"
    )
    page.close()
    assert top < 844
    assert mail == ["mailto:security@example.org"]


def test_printed_like_the_pdf_with_a_header_on_every_page(
    browser: Any, pages: dict[str, Path]
) -> None:
    page = browser.new_page()
    page.goto(pages["amina"].as_uri())
    page.emulate_media(media="print")
    runhead = page.evaluate("getComputedStyle(document.querySelector('.runhead')).display")
    thead = page.evaluate("getComputedStyle(document.querySelector('thead')).display")
    printed = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    assert runhead == "none" and thead == "table-header-group"
    texts = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(printed)).pages]
    for number, text in enumerate(texts, start=1):
        header = " ".join(text.split())
        assert "road-2024-10 · Revision 2" in header and "Briefing for Amina Haile" in header
        assert f"Page {number} of {len(texts)}" in header
    # about as many pages as the PDF briefing of the same person
    mission, found = mission_of(ROAD)
    typeset = render(build(mission, person="amina", diagnostics=found), "pdf")
    assert abs(len(texts) - len(pypdf.PdfReader(io.BytesIO(typeset)).pages)) <= 1
