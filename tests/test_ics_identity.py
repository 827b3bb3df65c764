"""UIDs stay with their item: id-less items added, removed or reordered, events moved by days."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import icalendar
from conftest import resolve_text
from hypothesis import given, settings
from hypothesis import strategies as st

from missionplan.export.ical import calendar
from missionplan.export.ical.events import Options
from missionplan.plan.plan import Mission

HEAD = """
[mission]
id = "m"
title = "t"
start = 2023-01-01
end = 2023-12-31
revision = {revision}

[people.ana]
name = "Ana"

[people.bo]
name = "Bo"

[places.vienna]
city = "Vienna"
country = "AT"
"""

MEETING = """
[[events]]
title = "{title}"
place = "vienna"
people = {people}
start = 2023-05-{day:02d}T{hour:02d}:00:00
end = 2023-05-{day:02d}T{hour:02d}:30:00
"""


def load(text: str) -> Mission:
    return resolve_text(text)


def shown(mission: Mission, person: str | None = None) -> dict[str, tuple[str, str, str]]:
    """UID -> (summary, start, description) as icalendar reads the exported calendar."""
    options = Options(datetime(2024, 1, 1, tzinfo=UTC))
    data = calendar.export(mission, options, [person] if person else None)
    found = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        start = event.decoded("DTSTART").isoformat()
        found[str(event["UID"])] = (str(event["SUMMARY"]), start, str(event["DESCRIPTION"]))
    return found


Meeting = tuple[str, int, int, tuple[str, ...]]

meetings = st.lists(
    st.tuples(
        st.sampled_from(["Briefing", "Debrief", "Lunch"]),
        st.integers(2, 4),
        st.integers(9, 11),
        st.sampled_from([("ana",), ("bo",), ("ana", "bo")]),
    ),
    max_size=6,
)


def file(items: list[Meeting], revision: int = 1) -> str:
    body = "".join(
        MEETING.format(
            title=title, day=day, hour=hour, people="[" + ", ".join(f'"{p}"' for p in who) + "]"
        )
        for title, day, hour, who in items
    )
    return HEAD.format(revision=revision) + body


@settings(max_examples=25, deadline=None)
@given(meetings, meetings, st.randoms(use_true_random=False))
def test_an_id_less_item_never_takes_over_another_items_uid(
    before: list[Meeting], added: list[Meeting], shuffle: random.Random
) -> None:
    # Revision 2 drops some meetings, adds others and reorders the file.
    after = [m for i, m in enumerate(before) if i % 2 == 0] + added
    shuffle.shuffle(after)
    for person in (None, "ana", "bo"):
        old = shown(load(file(before)), person)
        new = shown(load(file(after, revision=2)), person)
        for uid in old.keys() & new.keys():
            # the same UID shows the same meeting (title, instant, people), never another one
            assert old[uid][:2] == new[uid][:2]
            assert old[uid][2].split("\n")[0] == new[uid][2].split("\n")[0]
        assert len(new) == len(after if person is None else [m for m in after if person in m[3]])


def test_removing_the_first_of_three_meetings_keeps_the_others_uids() -> None:
    three: list[Meeting] = [
        ("Briefing", 2, 9, ("ana",)),
        ("Briefing", 3, 9, ("ana",)),
        ("Debrief", 4, 10, ("ana",)),
    ]
    old = shown(load(file(three)))
    new = shown(load(file(three[1:], revision=2)))
    assert len(old) == 3 and len(new) == 2
    assert new.keys() < old.keys()
    for uid, event in new.items():
        assert old[uid][:2] == event[:2]


def test_a_multi_day_event_keeps_its_uids_when_moved_by_a_day() -> None:
    event = """
[[events]]
id = "forum"
title = "Forum"
place = "vienna"
start = 2023-05-{first:02d}
end = 2023-05-{last:02d}
hours = "09:00-17:00"
"""
    before = shown(load(HEAD.format(revision=1) + event.format(first=2, last=3)))
    after = shown(load(HEAD.format(revision=2) + event.format(first=3, last=4)))
    assert (
        sorted(before) == sorted(after) == ["m.forum.day1@missionplan", "m.forum.day2@missionplan"]
    )
    assert after["m.forum.day1@missionplan"][1] == "2023-05-03T09:00:00+02:00"
    assert before["m.forum.day1@missionplan"][1] == "2023-05-02T09:00:00+02:00"


def test_last_modified_and_dtstamp_follow_the_stamp_and_name_the_mission() -> None:
    mission = load(file([("Briefing", 2, 9, ("ana",))]))
    for stamp in (datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, 8, tzinfo=UTC)):
        data = calendar.export(mission, Options(stamp))
        (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert event.decoded("DTSTAMP") == stamp
        assert event.decoded("LAST-MODIFIED") == stamp
        assert str(event["X-MISSIONPLAN-MISSION"]) == "m"
