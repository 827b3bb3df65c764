"""Local time rules, MP200-MP203: zones and local times, found while the plan is resolved."""

from __future__ import annotations

from missionplan.checks.finding import ERROR, WARNING, Rule

UNKNOWN_TIMEZONE = Rule(
    code="MP200",
    name="unknown-timezone",
    severity=ERROR,
    summary="not an IANA zone, or a multi-zone country without `timezone`",
    description="""
A `timezone` that is not an IANA zone name, or a place in a country with several zones that
does not say which one (Uzbekistan has Asia/Tashkent and Asia/Samarkand).""",
    bad='''
[places.tashkent]
city = "Tashkent"
country = "UZ"''',
    good='''
[places.tashkent]
city = "Tashkent"
country = "UZ"
timezone = "Asia/Tashkent"''',
)

NONEXISTENT_LOCAL_TIME = Rule(
    code="MP201",
    name="nonexistent-local-time",
    severity=ERROR,
    summary="a local time skipped by a DST change",
    description="""
A local time that does not exist because the clocks jump forward that night (in Vienna,
02:30 on 26 March 2023 never happens).""",
    bad='depart = 2023-03-26T02:30:00   # from = "vienna"',
    good="depart = 2023-03-26T03:30:00",
)

AMBIGUOUS_LOCAL_TIME = Rule(
    code="MP202",
    name="ambiguous-local-time",
    severity=WARNING,
    summary="a local time that occurs twice at a DST change",
    description="""
A local time that happens twice because the clocks go back that night. missionplan takes the
first occurrence; write an offset to say which one is meant.""",
    bad='start = 2023-10-29T02:30:00   # place = "vienna"',
    good="start = 2023-10-29T02:30:00+01:00",
)

END_BEFORE_START = Rule(
    code="MP203",
    name="end-before-start",
    severity=ERROR,
    summary="an item ends (in absolute time) before it starts",
    description="""
An item ends before it starts, compared in absolute time: `arrive` is local at `to` and
`depart` local at `from`, so a westbound flight may land earlier on the clock than it left and
still be fine. Also a stay that checks out before it checks in, or a mission that ends before
it starts.""",
    bad="""
from = "dushanbe"
to = "tashkent"
depart = 2022-05-25T07:40:00
arrive = 2022-05-25T06:55:00""",
    good="""
depart = 2022-05-25T07:40:00
arrive = 2022-05-25T08:55:00""",
)

RULES = (UNKNOWN_TIMEZONE, NONEXISTENT_LOCAL_TIME, AMBIGUOUS_LOCAL_TIME, END_BEFORE_START)
