"""Two revisions of the example mission for the change-notice tests, made by editing its text."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

ORGANIZER = "IOM Mission Desk <missions@iom.example>"
TAHER = "salma.taher@iom.example"
CALDERON = "jaime.calderon@iom.example"

ADDED_EVENT = """
[[events]]
id = "taher-debrief"
kind = "meeting"
title = "Debrief with the IOM Uzbekistan chief of mission"
place = "tashkent"
venue = "IOM Uzbekistan office"
start = 2022-05-31T14:00:00
end = 2022-05-31T15:00:00
people = ["taher"]
"""

WHO_UZBEKISTAN = """[[events]]
id = "who-uzbekistan"
kind = "meeting"
title = "Meeting with the WHO specialist, WHO Uzbekistan"
place = "tashkent"
venue = "WHO Country Office in Uzbekistan"
start = 2022-05-31T10:00:00      # illustrative
end = 2022-05-31T11:00:00
people = ["taher"]
"""


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_mail(text: str, *, organizer: bool = True) -> str:
    """The example with both people's email addresses and (by default) an organizer."""
    if organizer:
        text = _replace(
            text,
            'contact = "Dushanbe@iom.int"\n',
            f'contact = "Dushanbe@iom.int"\norganizer = "{ORGANIZER}"\n',
        )
    text = _replace(text, 'name = "Salma Taher"\n', f'name = "Salma Taher"\nemail = "{TAHER}"\n')
    return _replace(
        text, 'name = "Jaime Calderon"\n', f'name = "Jaime Calderon"\nemail = "{CALDERON}"\n'
    )


def original(*, organizer: bool = True) -> str:
    return with_mail(SEED.read_text(encoding="utf-8"), organizer=organizer)


def revised(*, hotel: bool = True, organizer: bool = True) -> str:
    """Revision 2: Taher's WHO Tajikistan meeting moved to the morning, his WHO Uzbekistan
    meeting removed, a debrief added for him; Calderon's Tashkent hotel named (`hotel`)."""
    text = original(organizer=organizer)
    text = _replace(text, "revision = 1\n", "revision = 2\n")
    text = _replace(
        text,
        "start = 2022-05-23T16:30:00      # illustrative\nend = 2022-05-23T17:30:00",
        "start = 2022-05-24T08:00:00\nend = 2022-05-24T08:45:00",
    )
    text = _replace(text, WHO_UZBEKISTAN, "")
    text = _replace(text, "# --- Contacts", ADDED_EVENT + "\n# --- Contacts")
    if hotel:
        text = _replace(
            text,
            'id = "calderon-tashkent-hotel"\npeople = ["calderon"]\nplace = "tashkent"\n'
            'name = "Hotel in Tashkent (to be confirmed)"',
            'id = "calderon-tashkent-hotel"\npeople = ["calderon"]\nplace = "tashkent"\n'
            'name = "Hotel Uzbekistan"',
        )
    return text


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
