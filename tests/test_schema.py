"""The JSON Schema: generated from the models, committed beside the examples, and true to them."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from typing import Any

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT, Golden, invoke

from missionplan.source.schema import SCHEMA_FILE, schema_text


def test_committed_schema_is_current(golden: Golden) -> None:
    current = schema_text()
    committed = golden(ROOT / SCHEMA_FILE, current.encode("utf-8")).decode("utf-8")
    assert committed == current, "run: missionplan schema -o missionplan.schema.json"


def test_schema_command_prints_it() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(schema_text())


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_examples_validate_against_the_schema_and_point_at_it(example: Any) -> None:
    text = example.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../missionplan.schema.json\n")
    data = _as_json(tomllib.loads(text))
    jsonschema.validate(data, json.loads(schema_text()), format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_validate_rejects() -> None:
    schema = json.loads(schema_text())
    data = _as_json(tomllib.loads((EXAMPLES / "iom-tjk-uzb-2022-05.toml").read_text("utf-8")))
    data["travel"][0]["carier"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="carier"):
        jsonschema.validate(data, schema)
