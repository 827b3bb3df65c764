"""File format rules, MP100-MP103: found by the loader while it parses and validates the TOML."""

from __future__ import annotations

from missionplan.checks.finding import ERROR, Rule

TOML_SYNTAX = Rule(
    code="MP100",
    name="toml-syntax",
    severity=ERROR,
    summary="the file is not valid TOML",
    description="""
The file is not valid TOML 1.0, so nothing else can be checked. The most common cause is a
date-time without seconds: TOML 1.0 needs `10:00:00`, not `10:00`.""",
    bad="start = 2022-05-23T10:00",
    good="start = 2022-05-23T10:00:00",
)

UNKNOWN_FIELD = Rule(
    code="MP101",
    name="unknown-field",
    severity=ERROR,
    summary="a key the format does not have",
    description="""
A key the format does not have, often a misspelling. The hint suggests the closest field.
Unknown keys are errors so that a typo never silently drops information.""",
    bad='''
[[travel]]
carier = "Somon Air"''',
    good='''
[[travel]]
carrier = "Somon Air"''',
)

INVALID_VALUE = Rule(
    code="MP102",
    name="invalid-value",
    severity=ERROR,
    summary="wrong type, bad enum value, malformed id, code or duration",
    description="""
A value of the wrong type or shape: a quoted date, an unknown `mode` or `kind`, an id with
spaces, a country code that is not ISO 3166-1 alpha-2, a duration that is not like `90m`.""",
    bad='''
mode = "plane"
start = "2022-05-23T10:00:00"''',
    good="""
mode = "flight"
start = 2022-05-23T10:00:00""",
)

MISSING_FIELD = Rule(
    code="MP103",
    name="missing-field",
    severity=ERROR,
    summary="a required field is absent",
    description="""
A required field is absent, for example an event without `title` or `place`.""",
    bad='''
[[events]]
id = "moh-meeting"
place = "dushanbe"''',
    good='''
[[events]]
id = "moh-meeting"
title = "Meeting at the Ministry of Health"
place = "dushanbe"''',
)

RULES = (TOML_SYNTAX, UNKNOWN_FIELD, INVALID_VALUE, MISSING_FIELD)
