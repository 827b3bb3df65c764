"""The JSON Schema of the itinerary format, generated from the Pydantic models."""

from __future__ import annotations

import json
from typing import Any

from missionplan import model

SCHEMA_FILE = "missionplan.schema.json"


def json_schema() -> dict[str, Any]:
    """The schema editors (Taplo / Even Better TOML) use to complete and check mission files."""
    schema = model.Itinerary.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "missionplan itinerary (format v1)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
