"""Briefing PDFs: text, glyphs, page header and footer, determinism and custom templates.

Each PDF is rendered once per module (typst takes about 0.1-0.5 s a document).
"""

# ruff: noqa: RUF001  # the Uzbek okina (U+02BB) and en dashes are text briefings must print

from __future__ import annotations

import io
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from conftest import SEED, invoke
from test_briefing import HOSTILE, HOSTILE_TITLE

from missionplan.export.briefing.render import TEMPLATES

EPOCH = 1652659200  # 2022-05-16T00:00:00Z
TAJIK = "ӣҷӯғқҳӢҶӮҒҚҲ"


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def mapped_characters(pdf: bytes) -> set[str]:
    """Every character some embedded font maps a real glyph to (a missing glyph maps to none)."""
    found: set[str] = set()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            text = cmap.get_object().get_data().decode("latin-1")
            for hex_text in re.findall(r"<[0-9A-Fa-f]{4}>\s*<([0-9A-Fa-f]+)>", text):
                found.update(bytes.fromhex(hex_text).decode("utf-16-be"))
    return found


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return invoke_pdf(SEED)


@pytest.fixture(scope="module")
def seed_pages(seed_pdf: bytes) -> list[str]:
    return pages_of(seed_pdf)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile-pdf") / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_pdf(hostile_file: Path) -> bytes:
    return invoke_pdf(hostile_file)


def invoke_pdf(path: Path, *args: str) -> bytes:
    """`missionplan brief PATH ARGS` as a user runs it, with SOURCE_DATE_EPOCH set."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.pdf"
        result = invoke("brief", path, *args, "-o", target, env={"SOURCE_DATE_EPOCH": str(EPOCH)})
        assert result.exit_code == 0, result.stderr
        return target.read_bytes()


def test_pdf_has_names_cyrillic_and_local_times(seed_pages: list[str]) -> None:
    text = " ".join(" ".join(seed_pages).split())  # lines wrap wherever typst breaks them
    for fact in (
        "Emergency health mission",
        "Salma Taher",
        "Jaime Calderon",
        "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ",
        "Амирзода Абдухолиқ Амир",
        "Oʻzbekiston Respublikasi Sogʻliqni saqlash vazirligi",
        "Monday 23 May 2022",
        "07:40 → 08:55",
        "21:25 Vienna → 05:55 Tashkent (+1)",
        "K7P2QX",
        "Dushanbe UTC+5",
        "EMERGENCY",
        "No open warnings.",
    ):
        assert fact in text, fact


def test_pdf_sections_come_in_order(seed_pages: list[str]) -> None:
    text = "\n".join(seed_pages)
    headings = [
        "In an emergency",
        "Where everyone sleeps",
        "Participants",
        "At a glance",
        "Day by day",
        "Accommodation",
        "Contacts",
        "Countries",
        "appendix: open warnings",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_every_page_has_the_header_and_page_x_of_y(seed_pages: list[str]) -> None:
    total = len(seed_pages)
    assert total >= 3
    for number, page in enumerate(seed_pages, start=1):
        assert "iom-tjk-uzb-2022-05 · Revision 1" in page
        assert f"Page {number} of {total}" in page


def test_glyphs_are_real_not_tofu(hostile_pdf: bytes) -> None:
    # A character without a glyph in any font is drawn as glyph 0 (tofu) and mapped to nothing.
    mapped = mapped_characters(hostile_pdf)
    for character in TAJIK + "ʻ«»→–":
        assert character in mapped, f"{character!r} (U+{ord(character):04X}) has no glyph"


def test_pdf_creation_date_and_bytes_are_reproducible(seed_pdf: bytes) -> None:
    again = invoke_pdf(SEED)
    assert again == seed_pdf
    info = pypdf.PdfReader(io.BytesIO(seed_pdf)).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.astimezone(UTC) == datetime.fromtimestamp(EPOCH, UTC)
    assert (
        info.title == "Emergency health mission: border health SOP and regional cross-border event"
    )


def test_personal_pdf(tmp_path: Path) -> None:
    target = tmp_path / "taher.pdf"
    result = invoke("brief", SEED, "--person", "taher", "-o", target)
    assert result.exit_code == 0, result.stderr
    pages = pages_of(target.read_bytes())
    assert "Briefing for Salma Taher" in pages[0]
    assert "Briefing for Salma Taher, 21 May – 1 June 2022" in " ".join(pages[0].split())
    assert "In an emergency" in pages[0] and "Where you sleep" in pages[0]
    text = "\n".join(pages)
    assert "Meeting with the Deputy Minister" in text
    assert "HY 232" not in text  # Jaime Calderon's flight


def test_hostile_text_prints_literally(hostile_pdf: bytes) -> None:
    text = " ".join(" ".join(pages_of(hostile_pdf)).split())
    # typst may break the long title over lines; compare without line breaks
    assert " ".join(HOSTILE_TITLE.split()) in text
    assert "Фарҳод Раҳимов" in text and "Мутахассис [senior] *lead*, Кӯлоб ва Ғарм" in text
    assert "Ташкилот <b>bold</b>" in text
    assert '<img src=x onerror="alert(1)"> Duty officer' in text
    assert "Victory Day" in text


def test_custom_template_prints_a_letterhead(tmp_path: Path) -> None:
    template = tmp_path / "letterhead.typ"
    original = (TEMPLATES / "briefing.typ").read_text(encoding="utf-8")
    template.write_text(
        original.replace("// -- cover --", "#align(right)[OFFICE OF THE EXAMPLE]\n// -- cover --"),
        encoding="utf-8",
    )
    target = tmp_path / "out.pdf"
    result = invoke("brief", SEED, "--template", template, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert "OFFICE OF THE EXAMPLE" in pages_of(target.read_bytes())[0]


def test_broken_custom_template_is_one_line(tmp_path: Path) -> None:
    template = tmp_path / "broken.typ"
    template.write_text('#let data = json(bytes(sys.inputs.at("briefing")))\n#data.nope\n')
    result = invoke("brief", SEED, "--template", template, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"missionplan: {template}: typst:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


DAY_TITLE = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d+ \w+ \d{4}"


def long_days_mission(folder: Path) -> Path:
    """Six days of eleven meetings with long notes: most days run over a page break."""
    events = []
    for day in range(23, 29):
        for hour in range(7, 18):
            events.append(
                f"""
[[events]]
id = "m{day}-{hour}"
kind = "meeting"
title = "Coordination meeting {day}/{hour}"
place = "dushanbe"
start = 2022-05-{day}T{hour:02d}:00:00
end = 2022-05-{day}T{hour:02d}:50:00
people = ["taher"]
notes = "{"Agenda item, follow-up and minutes. " * 6}"
"""
            )
    text = f"""
[mission]
id = "long-days"
title = "Long days"
start = 2022-05-23
end = 2022-05-28
revision = 1

[people.taher]
name = "Salma Taher"

[places.dushanbe]
city = "Dushanbe"
country = "TJ"
{"".join(events)}
# missionplan: ignore[MP400]
"""
    path = folder / "long.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_day_that_runs_on_is_named_in_the_next_pages_header(tmp_path: Path) -> None:
    pages = pages_of(invoke_pdf(long_days_mission(tmp_path), "--person", "taher"))
    continued = 0
    begun: list[str] = []  # day titles in order, as the pages show them
    for page in pages:
        header, *body_lines = page.splitlines()
        body = "\n".join(body_lines)
        titles = re.findall(rf"^({DAY_TITLE})$", body, re.M)
        before_first_title = body[: body.index(titles[0])] if titles else body
        # what stands above the first day heading of the page, page number aside
        runs_on = re.sub(r"Page \d+ of \d+", "", before_first_title).strip()
        if "(continued)" in header:
            continued += 1
            day = header.split("Revision 1", 1)[1].replace("(continued)", "").strip()
            assert begun and day == begun[-1]  # the day actually continued
            assert runs_on and "Accommodation" not in runs_on.splitlines()[0]
        elif begun and "Day by day" in "\n".join(pages[: pages.index(page)]):
            # no continued header: the page must open with a new day or a new section
            assert not runs_on or not runs_on[0].isdigit(), page[:200]
        begun += titles
    assert continued >= 3


# One line of each script an organisation working in these places prints, and the Noto face
# (installed from PyPI with missionplan) that must draw it, not a fallback or a missing glyph.
SCRIPTS = {
    # (no ز beside ر: Noto draws both from one base glyph, and a PDF maps that glyph to one)
    "Arabic script (Persian)": ("بیمارستان ملی تهران", "NotoSansArabic"),
    "Devanagari": ("स्वास्थ्य तथा जनसंख्या मन्त्रालय", "NotoSansDevanagari"),
    "Bengali": ("স্বাস্থ্য ও পরিবার কল্যাণ মন্ত্রণালয়", "NotoSansBengali"),
    "Ethiopic": ("የጤና ሚኒስቴር", "NotoSansEthiopic"),
    "CJK": ("国家卫生健康委员会", "NotoSansCJK"),
}


def characters_by_font(pdf: bytes) -> dict[str, set[str]]:
    """For each embedded font (by its base name, subset tag dropped), the characters it draws."""
    found: dict[str, set[str]] = {}
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for reference in page["/Resources"].get("/Font", {}).values():
            font = reference.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            text = cmap.get_object().get_data().decode("latin-1")
            chars = found.setdefault(name, set())
            for hex_text in re.findall(r"<[0-9A-Fa-f]{4,}>\s*<([0-9A-Fa-f]+)>", text):
                chars.update(bytes.fromhex(hex_text).decode("utf-16-be"))
    return found


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("scripts")
    events = "".join(
        f"""
[[events]]
id = "e{number}"
title = "{line}"
place = "dushanbe"
start = 2022-05-{23 + number}T10:00:00
end = 2022-05-{23 + number}T11:00:00
"""
        for number, (line, _face) in enumerate(SCRIPTS.values())
    )
    path = folder / "scripts.toml"
    path.write_text(
        """
[mission]
id = "scripts"
title = "Scripts"
start = 2022-05-23
end = 2022-05-27
revision = 1

[people.taher]
name = "Salma Taher"

[places.dushanbe]
city = "Dushanbe"
country = "TJ"
"""
        + events,
        encoding="utf-8",
    )
    return invoke_pdf(path)


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_each_script_is_drawn_by_its_noto_font(scripts_pdf: bytes, script: str) -> None:
    line, face = SCRIPTS[script]
    fonts = characters_by_font(scripts_pdf)
    letters = {c for c in line if not c.isspace()}
    drawn_by = {name for name, chars in fonts.items() if letters & chars}
    assert drawn_by and all(name.startswith(face) for name in drawn_by), (script, drawn_by)
    # every letter has a glyph in that face: nothing fell back to another font or to tofu
    assert letters <= set().union(*(fonts[name] for name in drawn_by)), script


def test_tables_print_only_columns_that_have_something(tmp_path: Path) -> None:
    pages = pages_of(invoke_pdf(SEED, "--person", "taher"))
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    # the example's hotels have no address, phone or booking: no empty columns for them
    assert "Hotel City Check-in Check-out Nights" in lines
    # its contacts have no phone and no role, only e-mail and notes
    contacts = next(line for line in lines if line.startswith("Name City"))
    assert contacts == "Name City Phone Email Notes"  # the phone column says what is missing
    assert "no phone number listed" in " ".join(lines)


def test_a_table_split_over_pages_repeats_its_label_and_header(tmp_path: Path) -> None:
    stays = "".join(
        f"""
[[stays]]
id = "s{n}"
people = ["taher", "calderon"]
place = "dushanbe"
name = "Guest house {n}"
address = "{n} Rudaki Avenue, Dushanbe"
notes = "Breakfast from 07:00; ask for a room on the courtyard side, away from the street."
check_in = 2022-{5 + n // 28:02d}-{1 + n % 28:02d}
check_out = 2022-{5 + (n + 1) // 28:02d}-{1 + (n + 1) % 28:02d}
"""
        for n in range(27)
    )
    path = tmp_path / "stays.toml"
    path.write_text(
        """
[mission]
id = "stays"
title = "Stays"
start = 2022-05-01
end = 2022-05-28
revision = 1

[people.taher]
name = "Salma Taher"

[people.calderon]
name = "Jaime Calderon"

[places.dushanbe]
city = "Dushanbe"
country = "TJ"
"""
        + stays,
        encoding="utf-8",
    )
    pages = pages_of(invoke_pdf(path))
    labelled = 0
    for page in pages:
        lines = [" ".join(line.split()) for line in page.splitlines()[1:]]
        for index, line in enumerate(lines):
            if line.startswith("Guest house"):
                # the rows of a page are under their person's label and the column titles
                above = lines[:index]
                assert above[-1].startswith("Hotel City Check-in Check-out Nights"), page[:300]
                assert above[-2] in ("Salma Taher (27 nights)", "Jaime Calderon (27 nights)")
                labelled += 1
                break
    assert labelled >= 3  # two tables, at least one of them over two pages
