"""Going on past a bad item: wrong fields read as meant or left out, else failed items dropped."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import pydantic

from missionplan.source import model

#: A did-you-mean needs at least this similarity (difflib's ratio): "carier" -> "carrier" is
#: 0.92, "tahir" -> "taher" 0.8, but "seat" -> "depart" (0.6) is no suggestion.
SIMILAR = 0.8

_ITEM_SECTIONS = ("people", "places", "travel", "stays", "events", "contacts")
#: What a wrong value of a required field is read as, so that its item stays in the plan: a
#: quoted date or date-time as that date; an unknown choice as the closest one, else "other".
_MOMENT_ERRORS = {"datetime_type", "date_type", "datetime_parsing", "date_parsing"}


def repair(data: dict[str, Any], error: pydantic.ValidationError) -> dict[str, Any]:
    """`data` with the wrong fields of items left out (optional ones and unknown keys) or
    read as meant (a quoted date, a misspelt mode); `data` itself when some item cannot be
    kept that way (a missing required field, say), so that items are dropped as before."""
    fixes: list[tuple[str, str | int, str | int, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) < 3 or loc[0] not in _ITEM_SECTIONS or not isinstance(loc[2], str):
            return data
        if len(loc) == 4 and isinstance(loc[3], str):
            loc = loc[:3]  # a union's member (date or date-time): the field itself
        if loc in seen:
            continue
        seen.add(loc)
        section, key, name = str(loc[0]), loc[1], loc[2]
        table = _item_model(section)
        info = _field_by_name(table, str(name)) if table is not None else None
        if name == "people":
            # one bad id out of the list; never the whole list (that would mean everyone)
            if len(loc) != 4 or not isinstance(loc[3], int):
                return data
            fixes.append((section, key, name, loc[3]))
        elif item["type"] == "extra_forbidden" or (info is not None and not info.is_required()):
            fixes.append((section, key, name, DROP))
        else:
            value = read_as_meant(item)
            if info is None or len(loc) > 3 or value is DROP:
                return data
            fixes.append((section, key, name, _Value(value)))
    if not fixes:
        return data
    repaired = dict(data)
    for section, key, name, fix in fixes:
        items = repaired[section] = _copy(repaired[section])
        entry = items[key] = dict(items[key])
        if fix is DROP:
            entry.pop(name, None)
        elif isinstance(fix, _Value):
            entry[name] = fix.value
        else:
            entry[name] = [p for i, p in enumerate(entry[name]) if i != fix]
            if not entry[name]:
                return data
    return repaired


@dataclass(frozen=True)
class _Value:
    """The value a wrong field is read as."""

    value: Any


#: What `read_as_meant` returns for a value it cannot read: the field is left out or its item dropped.
DROP = object()


def read_as_meant(error: Any) -> Any:
    """The value a Pydantic error's input was meant as (a quoted date, a misspelt choice), or DROP."""
    import datetime as dt

    value = error.get("input")
    if error["type"] in _MOMENT_ERRORS and isinstance(value, str):
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return DROP
        # a date where a date-time is wanted stays wrong: the item is dropped
        return moment if len(text) > 10 else moment.date()
    if error["type"] == "literal_error" and isinstance(value, str):
        options = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        close = difflib.get_close_matches(value, options, n=1, cutoff=SIMILAR)
        return close[0] if close else ("other" if "other" in options else DROP)
    return DROP


def _copy(container: Any) -> Any:
    return dict(container) if isinstance(container, dict) else list(container)


def _item_model(section: str) -> type[pydantic.BaseModel] | None:
    info = model.Itinerary.model_fields.get(section)
    return None if info is None else model_in(info.annotation)


def _field_by_name(table: type[pydantic.BaseModel], name: str) -> Any:
    for field_name, info in table.model_fields.items():
        if (info.alias or field_name) == name:
            return info
    return None


def drop_failed_items(
    data: dict[str, Any], origins: dict[str, list[int]], error: pydantic.ValidationError
) -> tuple[dict[str, Any], dict[str, list[int]]] | None:
    """The data without the items that failed, with each list's original indices; None when
    the mission table itself failed."""
    failed: dict[str, set[str | int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) >= 2 and loc[0] in _ITEM_SECTIONS:
            failed.setdefault(str(loc[0]), set()).add(loc[1])
        elif loc and loc[0] == "settings":
            failed["settings"] = set()
        else:
            return None
    trimmed = dict(data)
    new_origins = dict(origins)
    for section, keys in failed.items():
        value = data.get(section)
        if section == "settings":
            trimmed.pop("settings", None)
        elif isinstance(value, dict):
            trimmed[section] = {k: v for k, v in value.items() if k not in keys}
        elif isinstance(value, list):
            trimmed[section] = [v for i, v in enumerate(value) if i not in keys]
            previous = origins.get(section, list(range(len(value))))
            new_origins[section] = [o for i, o in enumerate(previous) if i not in keys]
        else:
            return None
    return trimmed, new_origins


def model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The model class inside a field's annotation (`list[Leg]`, `dict[str, Person] | None`...)."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None
