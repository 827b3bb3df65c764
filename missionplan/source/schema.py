"""The JSON Schema of the itinerary format, generated from the Pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from missionplan.source import model

SCHEMA_FILE = "missionplan.schema.json"


class _PublishedNames(GenerateJsonSchema):
    """Definitions named as the schema has always published them, whatever the class is called
    in the code: a model whose config gives a title is defined under that title."""

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(_TITLES.get(name, name))


#: class name -> published definition name, from the models' own titles
_TITLES = {
    table.__name__: title
    for table in vars(model).values()
    if isinstance(table, type)
    and issubclass(table, BaseModel)
    and (title := table.model_config.get("title")) is not None
}


def json_schema() -> dict[str, Any]:
    """The schema editors (Taplo / Even Better TOML) use to complete and check mission files."""
    schema = _without_null(
        model.Itinerary.model_json_schema(
            by_alias=True, mode="validation", schema_generator=_PublishedNames
        )
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "missionplan itinerary (format v1 and v2)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _without_null(node: Any) -> Any:
    """TOML has no null: an optional field is one that may be left out, not set to null."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {k: _without_null(v) for k, v in node.items() if not (k == "default" and v is None)}
    options = cleaned.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        remaining = [option for option in options if option != {"type": "null"}]
        del cleaned["anyOf"]
        if len(remaining) == 1:
            cleaned.update(remaining[0])
        else:
            cleaned["anyOf"] = remaining
    return cleaned


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
