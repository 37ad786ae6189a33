"""The exercise format as a JSON Schema (draft-07), generated from :mod:`reconnect.format.schema`.

Nothing here is maintained by hand: every key, type, range, default and description comes from
the key tables in ``schema.py``. The shipped copy, ``exercise.schema.json`` next to this module,
is this module's output; a test fails when the two drift apart. Regenerate it with::

    python -m reconnect.generate.jsonschema > src/reconnect/format/exercise.schema.json

The shape is the one TOML editors (Taplo / Even Better TOML, Tombi) report best on: each
``[[steps]]`` table is ONE flat object whose properties are every step key of every kind, with
``kind`` an enum. For each kind an ``if``/``then`` pair states the keys that kind requires and
forbids (``false``) the keys that belong to other kinds, so an editor flags a misplaced key on
its own line. The schema checks structure only; the checker (``reconnect check``) also checks
references, conditions, placeholders and the flow of a session.

The schema and the checker agree wherever JSON Schema can say it: a required text must say
something (``pattern: \\S``), a required list must not be empty, a rating's scale must run
upwards (one ``if``/``then`` per possible low end). Two things JSON Schema cannot say: it counts
``30.0`` as the integer 30 (so the checker accepts it too), and it sees a TOML date as the text
editors turn it into (so ``title = 1979-05-27`` passes the schema; the checker refuses it).
"""

from __future__ import annotations

import json
from typing import Any

from reconnect.format.languages import LANGUAGE_PATTERN, VERSION_PATTERN
from reconnect.format.model import FORMAT_VERSION, STEP_KINDS
from reconnect.format.schema import (
    ALL_STEP_KEY_NAMES,
    BRANCH_KEYS,
    EXERCISE_KEYS,
    ID_PATTERN,
    KIND_DESCRIPTIONS,
    KIND_KEYS,
    MAX_STEPS,
    MAX_TEXT,
    OPTION_KEYS,
    STEP_COMMON,
    Key,
    step_keys,
)

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = f"https://reconnect.invalid/schema/exercise-{FORMAT_VERSION}.json"
"""A placeholder address (``.invalid`` can never resolve): the schema is shipped, not hosted."""

PAIR_ITEMS: dict[str, str] = {"roles": "id", "scale": "integer", "labels": "text"}
"""What the two items of each ``pair`` key are. schema.py does not say; the loader decides it
(``_Checker.pair`` calls), so this table mirrors the loader and a test keeps them in step."""

SCALE_RANGE = (0, 10)
"""The loader's bounds for a rating scale's two ends."""

SAYS_SOMETHING = r"\S"
"""A required text holds at least one character that is not a space."""


def _text(required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": MAX_TEXT}
    if required:
        schema["pattern"] = SAYS_SOMETHING
    return schema


def _upwards() -> list[dict[str, Any]]:
    """A scale's high end above its low end, as draft-07 can say it: for each possible low
    end, one rule on the high end (only the rule for the actual low end applies)."""
    low, high = SCALE_RANGE
    return [{"if": {"items": [{"const": value}]},
             "then": {"items": [{}, {"minimum": value + 1}]}}
            for value in range(low, high + 1)]


def _id() -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN}


def _item(item: str, required: bool = False) -> dict[str, Any]:
    if item == "id":
        return _id()
    if item == "integer":
        return {"type": "integer", "minimum": SCALE_RANGE[0], "maximum": SCALE_RANGE[1]}
    return _text(required)


def _type_schema(key: Key) -> dict[str, Any]:
    """The constraints of ``key`` (without its description and default)."""
    kind = key.type
    if key.choices:
        return {"type": "string", "enum": list(key.choices)}
    if kind in ("text", "string", "condition"):
        return _text(key.required)
    if kind == "id":
        return _id()
    if kind == "language":
        return {"type": "string", "pattern": LANGUAGE_PATTERN}
    if kind == "version":
        return {"type": "string", "pattern": VERSION_PATTERN}
    if kind == "integer":
        schema: dict[str, Any] = {"type": "integer"}
        if key.minimum is not None:
            schema["minimum"] = key.minimum
        if key.maximum is not None:
            schema["maximum"] = key.maximum
        return schema
    if kind == "boolean":
        return {"type": "boolean"}
    if kind in ("text-list", "id-list"):
        schema = {"type": "array", "items": _text() if kind == "text-list" else _id()}
        if key.required:
            schema["minItems"] = 1
        return schema
    if kind == "pair":
        item = PAIR_ITEMS[key.name]
        schema = {"type": "array", "minItems": 2, "maxItems": 2,
                  "items": _item(item, key.required)}
        if item == "integer":
            schema["allOf"] = _upwards()
        return schema
    if kind == "options":
        return {
            "type": "array",
            "minItems": 2,
            "items": {"anyOf": [_text(required=True), _object(OPTION_KEYS)]},
        }
    if kind == "branches":
        return {"type": "array", "items": _object(BRANCH_KEYS)}
    raise ValueError(f"no JSON Schema for key type {kind!r} (key {key.name!r})")


def _documented(key: Key, schema: dict[str, Any]) -> dict[str, Any]:
    result = {"description": key.description, **schema}
    if key.default is not None:
        result["default"] = key.default
    return result


def _property(key: Key) -> dict[str, Any]:
    return _documented(key, _type_schema(key))


def _object(keys: tuple[Key, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [key.name for key in keys if key.required],
        "properties": {key.name: _property(key) for key in keys},
        "additionalProperties": False,
    }


def _step_schema() -> dict[str, Any]:
    """One flat object for every kind of step, with a per-kind ``if``/``then``."""
    # every definition of each key name, per kind (common keys apply to all kinds)
    definitions: dict[str, list[tuple[str, Key]]] = {name: [] for name in ALL_STEP_KEY_NAMES}
    for kind in STEP_KINDS:
        for key in step_keys(kind).values():
            definitions[key.name].append((kind, key))

    properties: dict[str, Any] = {}
    shared_type: dict[str, bool] = {}
    for name in ALL_STEP_KEY_NAMES:
        keys = [key for _kind, key in definitions[name]]
        types = [_type_schema(key) for key in keys]
        same_type = all(schema == types[0] for schema in types)
        shared_type[name] = same_type
        descriptions = list(dict.fromkeys(key.description for key in keys))
        if len(descriptions) == 1:
            description = descriptions[0]
        else:
            by_text: dict[str, list[str]] = {}
            for kind, key in definitions[name]:
                by_text.setdefault(key.description, []).append(kind)
            description = " ".join(
                f"{', '.join(kinds)}: {text}" for text, kinds in by_text.items()
            )
        prop: dict[str, Any] = {"description": description}
        if same_type:
            prop.update(types[0])
        defaults = {json.dumps(key.default) for key in keys}
        if len(defaults) == 1 and keys[0].default is not None:
            prop["default"] = keys[0].default
        properties[name] = prop

    rules = []
    for kind in STEP_KINDS:
        allowed = step_keys(kind)
        then: dict[str, Any] = {}
        required = [key.name for key in KIND_KEYS[kind] if key.required]
        if required:  # draft-04 readers (Taplo) refuse an empty `required`
            then["required"] = required
        specific: dict[str, Any] = {}
        for name, key in allowed.items():
            # restate a key here when its meaning, type or default is particular to this kind
            union = properties[name]
            own = _property(key)
            if not shared_type[name] or any(union.get(field) != own.get(field)
                                            for field in ("description", "default")):
                specific[name] = own if not shared_type[name] else {
                    field: own[field] for field in ("description", "default") if field in own
                }
        for name in ALL_STEP_KEY_NAMES:
            if name not in allowed:
                specific[name] = False
        then["properties"] = specific
        rules.append({
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": then,
        })

    kind_key = next(key for key in STEP_COMMON if key.name == "kind")
    properties["kind"]["description"] = kind_key.description + " " + " ".join(
        f"`{kind}`: {KIND_DESCRIPTIONS[kind]}" for kind in STEP_KINDS
    )
    return {
        "type": "object",
        "required": [key.name for key in STEP_COMMON if key.required],
        "properties": properties,
        "additionalProperties": False,
        "allOf": rules,
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of an exercise file, built from the key tables."""
    properties: dict[str, Any] = {}
    for key in EXERCISE_KEYS:
        if key.type == "steps":
            properties[key.name] = {
                "description": key.description,
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_STEPS,
                "items": _step_schema(),
            }
            continue
        prop = _property(key)
        if key.name == "format":
            prop["maximum"] = FORMAT_VERSION  # a newer file needs a newer reconnect (R104)
        properties[key.name] = prop
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "reconnect exercise file",
        "description": (
            f"A couples exercise for reconnect, format {FORMAT_VERSION}. Generated from "
            "reconnect/format/schema.py; `reconnect check` also checks references, conditions, "
            "placeholders and the flow of a session."
        ),
        "type": "object",
        "required": [key.name for key in EXERCISE_KEYS if key.required],
        "properties": properties,
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as shipped in ``exercise.schema.json``."""
    return json.dumps(build_schema(), indent=2) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
