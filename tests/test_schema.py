"""The JSON Schema, the key tables, the model and the loader agree with each other.

The schema is generated from ``reconnect/format/schema.py``; these tests check that the shipped
copy is current, that every key is in both and maps onto the model, and that the schema accepts
what the loader accepts (bundled exercises, templates, the documented examples) and refuses what
it refuses (a set of mutants), as a real draft-07 validator (``jsonschema``) sees it. TOML dates
are handed to the validator as text, as TOML editors and ``check-jsonschema`` do.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import tomllib
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, ValidationError, validators

from reconnect.format import load_text
from reconnect.format.diagnostics import CODES
from reconnect.format.model import (
    KNOWN_CATEGORIES,
    STEP_KINDS,
    STEP_TYPES,
    Exercise,
    Scale,
    StepKind,
)
from reconnect.format.schema import (
    ALL_STEP_KEY_NAMES,
    BRANCH_KEYS,
    EXERCISE_KEYS,
    KIND_DESCRIPTIONS,
    KIND_KEYS,
    OPTION_KEYS,
    STEP_COMMON,
    Key,
    step_keys,
)
from reconnect.format.templates import TEMPLATES, new_exercise_text
from reconnect.generate.jsonschema import PAIR_ITEMS, SCHEMA_ID, build_schema, schema_text

from conftest import SPEAKER_LISTENER

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "reconnect" / "format" / "exercise.schema.json"
REGENERATE = "python -m reconnect.generate.jsonschema > src/reconnect/format/exercise.schema.json"

# --------------------------------------------------------------------------------------------
# a real draft-07 validator
# --------------------------------------------------------------------------------------------

TAPLO_KEYWORDS = {
    "$schema", "$id", "title", "description", "default", "type", "required", "properties",
    "additionalProperties", "enum", "const", "pattern", "minimum", "maximum", "minLength",
    "maxLength", "minItems", "maxItems", "items", "anyOf", "allOf", "if", "then",
}
"""The keywords the schema may use: the ones TOML editors (Taplo, Tombi) are known to report
well on. Anything else would need trying in those editors first."""


def as_json(value: Any) -> Any:
    """TOML data as an editor hands it to a JSON Schema validator: dates and times as text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """``pattern`` as JSON Schema defines it (ECMA-262): ``$`` matches only at the very end.
    Python's ``re`` also lets it match before a final newline, which would accept the id
    ``"topic\\n"``; Taplo and Tombi (Rust) do not."""
    if isinstance(instance, str):
        if pattern.endswith("$") and not pattern.endswith("\\$"):
            pattern = pattern[:-1] + r"\Z"
        if not re.search(pattern, instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft7Validator, {"pattern": _ecma_pattern})


def validate(instance: Any, schema: Any) -> list[str]:
    """Every way ``instance`` fails ``schema``, as ``$.path: reason`` strings."""
    errors = []
    for error in Validator(schema).iter_errors(as_json(instance)):
        path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}"
                       for part in error.absolute_path)
        errors.append(f"${path}: {error.message}")
    return sorted(errors)


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*map(_keywords, schema)) if schema else set()
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for keyword, value in schema.items():
        if keyword == "properties":
            found |= set().union(*map(_keywords, value.values())) if value else set()
        elif keyword not in ("enum", "const", "required", "default"):
            found |= _keywords(value)
    return found


def test_the_schema_is_a_valid_draft_07_schema_in_the_editors_subset() -> None:
    Draft7Validator.check_schema(build_schema())
    assert _keywords(build_schema()) <= TAPLO_KEYWORDS


# --------------------------------------------------------------------------------------------
# the shipped file
# --------------------------------------------------------------------------------------------


def test_the_shipped_schema_is_the_generated_one() -> None:
    shipped = resources.files("reconnect.format").joinpath("exercise.schema.json")
    assert shipped.is_file(), f"exercise.schema.json is missing; create it with: {REGENERATE}"
    assert shipped.read_text(encoding="utf-8") == schema_text(), (
        f"exercise.schema.json is out of date with schema.py; regenerate it with: {REGENERATE}"
    )


def test_the_module_prints_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reconnect.generate.jsonschema"],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert result.stdout == schema_text()


def test_the_schema_is_draft_07_json() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == SCHEMA_ID
    assert ".invalid/" in SCHEMA_ID  # never a real domain
    assert schema["title"]
    assert schema == build_schema()


# --------------------------------------------------------------------------------------------
# the schema and the key tables
# --------------------------------------------------------------------------------------------

SCHEMA = build_schema()
STEP = SCHEMA["properties"]["steps"]["items"]
RULES = {rule["if"]["properties"]["kind"]["const"]: rule for rule in STEP["allOf"]}


def _names(keys: tuple[Key, ...]) -> list[str]:
    return [key.name for key in keys]


def test_top_level_keys_match() -> None:
    assert list(SCHEMA["properties"]) == _names(EXERCISE_KEYS)
    assert SCHEMA["required"] == [key.name for key in EXERCISE_KEYS if key.required]
    assert SCHEMA["additionalProperties"] is False


def test_step_keys_match() -> None:
    assert set(STEP["properties"]) == set(ALL_STEP_KEY_NAMES)
    assert STEP["additionalProperties"] is False
    assert STEP["required"] == [key.name for key in STEP_COMMON if key.required]
    assert STEP["properties"]["kind"]["enum"] == list(STEP_KINDS)


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_each_kind_requires_its_keys_and_forbids_the_others(kind: str) -> None:
    assert list(RULES) == list(STEP_KINDS)
    then = RULES[kind]["then"]
    required = [key.name for key in KIND_KEYS[kind] if key.required]
    assert then.get("required", []) == required
    forbidden = {name for name, value in then["properties"].items() if value is False}
    assert forbidden == set(ALL_STEP_KEY_NAMES) - set(step_keys(kind))


def test_branch_and_option_keys_match() -> None:
    branch = STEP["properties"]["branches"]["items"]
    assert list(branch["properties"]) == _names(BRANCH_KEYS)
    assert branch["required"] == [key.name for key in BRANCH_KEYS if key.required]
    assert branch["additionalProperties"] is False
    option = STEP["properties"]["options"]["items"]["anyOf"][1]
    assert list(option["properties"]) == _names(OPTION_KEYS)
    assert option["required"] == [key.name for key in OPTION_KEYS if key.required]
    assert STEP["properties"]["options"]["minItems"] == 2


def _walk_properties(schema: Any, path: str = "$"):
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            yield f"{path}.{name}", value
        for keyword, value in schema.items():
            if keyword == "properties":
                for name, sub in value.items():
                    yield from _walk_properties(sub, f"{path}.{name}")
            elif isinstance(value, dict):
                yield from _walk_properties(value, f"{path}/{keyword}")
            elif isinstance(value, list):
                for number, sub in enumerate(value):
                    yield from _walk_properties(sub, f"{path}/{keyword}[{number}]")


def test_every_property_is_described() -> None:
    for path, prop in _walk_properties(SCHEMA):
        if prop is False or "/allOf" in path:
            continue  # forbidden keys, and the per-kind restatements of described keys
        assert isinstance(prop, dict) and prop.get("description"), path


def test_defaults_come_from_the_key_tables() -> None:
    for key in EXERCISE_KEYS:
        assert SCHEMA["properties"][key.name].get("default") == key.default, key.name
    for kind in STEP_KINDS:
        overrides = RULES[kind]["then"]["properties"]
        for name, key in step_keys(kind).items():
            prop = overrides.get(name) or STEP["properties"][name]
            default = prop.get("default", STEP["properties"][name].get("default"))
            assert default == key.default, f"{kind}.{name}"


def test_pair_item_types_cover_the_pair_keys() -> None:
    pairs = {key.name for key in EXERCISE_KEYS if key.type == "pair"} | {
        key.name for keys in KIND_KEYS.values() for key in keys if key.type == "pair"}
    assert pairs == set(PAIR_ITEMS)


# --------------------------------------------------------------------------------------------
# the key tables and the model
# --------------------------------------------------------------------------------------------

KEY_TO_FIELD = {"labels": "scale", "scale": "scale"}
"""Step keys the loader folds into another field: `scale` + `labels` make one Scale."""


def test_every_kind_has_keys_and_a_description() -> None:
    assert set(KIND_KEYS) == set(STEP_KINDS)
    assert set(KIND_DESCRIPTIONS) == set(STEP_KINDS)
    assert all(KIND_DESCRIPTIONS[kind].strip() for kind in STEP_KINDS)


def test_diagnostic_explanations_name_every_kind_and_category() -> None:
    for kind in STEP_KINDS:
        assert kind in CODES["R116"].explanation, f"R116's explanation does not name {kind}"
    for category in KNOWN_CATEGORIES:
        assert category in CODES["R118"].explanation, f"R118's explanation lacks {category}"


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_each_kinds_keys_and_its_step_class_fields_match(kind: str) -> None:
    """Every key a kind accepts sets a field of that kind's class, and every field of the
    class is set by a key: the schema and the model cannot drift apart."""
    step_fields = {f.name for f in fields(STEP_TYPES[StepKind(kind)])}
    keys = {name for name in step_keys(kind) if name != "kind"}
    mapped = {KEY_TO_FIELD.get(name, name) for name in keys}
    assert mapped - step_fields == set(), f"{kind} keys with no field"
    assert step_fields - mapped == set(), f"{kind} fields no key can set"


def test_top_level_keys_and_exercise_fields_match() -> None:
    exercise_fields = {f.name for f in fields(Exercise)}
    names = set(_names(EXERCISE_KEYS))
    assert names - exercise_fields == set()
    assert exercise_fields - names == {"digest", "source_text", "path", "_index", "memo"}


HEADER = """\
format = 1
id = "every-key"
title = "Every key"
category = "connection"
summary = "Uses every key once."
minutes = 30
source = "A test."
roles = ["sender", "receiver"]
timeout_minutes = 25
facilitator = "Top note."
tags = ["one", "two"]
disclosure = true
"""

EVERY_KEY = HEADER + """
[[steps]]
id = "hello"
kind = "say"
text = "Hello, {first} and {second}."
to = "receiver"
stems = ["I notice..."]
facilitator = "Say note."
goto = "talk"

[[steps]]
id = "talk"
kind = "turn"
text = "{sender}, talk."
speaker = "receiver"
seconds = 90
listener_text = "{receiver}, listen."
stems = ["I feel..."]
listener_stems = ["I hear..."]

[[steps]]
id = "wish"
kind = "answer"
text = "{you}, what do you wish {partner} knew?"
who = "each"
private = true
stems = ["I wish..."]
can_pass = true

[[steps]]
id = "remember"
kind = "say"
text = "{sender}, say your wish out loud."
to = "sender"
recall = "wish"

[[steps]]
id = "calm"
kind = "rating"
text = "How calm, {you}?"
scale = [1, 7]
labels = ["Tense", "Calm"]
measure = "calm"
checkin = "after"
can_pass = true
branches = [{ when = "either(calm) <= 2", goto = "rest" }]

[[steps]]
id = "next"
kind = "choice"
text = "What now?"
options = ["Go on", { label = "Rest", goto = "rest" }]

[[steps]]
id = "both-wishes"
kind = "reveal"
text = "Your wishes."
show = ["wish", "calm"]

[[steps]]
id = "again"
kind = "swap"
text = "Swap."
repeat_from = "talk"
rounds = 4

[[steps]]
id = "practise"
kind = "homework"
text = "Practise."
tasks = ["Listen once a day."]
due_days = 3

[[steps]]
id = "bye"
kind = "end"
text = "Bye."

[[steps]]
id = "rest"
kind = "break"
text = "Rest."
minutes = 15
suggestions = ["Walk."]
goto = "next"
"""

EXPECTED_FIELDS: dict[str, dict[str, Any]] = {
    "hello": {"text": "Hello, {first} and {second}.", "to": "receiver", "stems": ("I notice...",),
              "facilitator": "Say note.", "goto": "talk"},
    "talk": {"text": "{sender}, talk.", "speaker": "receiver", "seconds": 90,
             "listener_text": "{receiver}, listen.", "stems": ("I feel...",),
             "listener_stems": ("I hear...",)},
    "wish": {"who": "each", "private": True, "stems": ("I wish...",), "can_pass": True},
    "remember": {"to": "sender", "recall": "wish"},
    "calm": {"scale": Scale(1, 7, "Tense", "Calm"), "measure": "calm", "checkin": "after",
             "can_pass": True},
    "both-wishes": {"text": "Your wishes.", "show": ("wish", "calm")},
    "again": {"repeat_from": "talk", "rounds": 4},
    "practise": {"tasks": ("Listen once a day.",), "due_days": 3},
    "bye": {"text": "Bye."},
    "rest": {"minutes": 15, "suggestions": ("Walk.",), "goto": "next"},
}


def test_every_key_reaches_the_model() -> None:
    result = load_text(EVERY_KEY, "every-key.toml")
    assert result.diagnostics == ()
    exercise = result.exercise
    assert exercise is not None
    assert {step.kind for step in exercise.steps} == set(STEP_KINDS)
    used = {name for raw in tomllib.loads(EVERY_KEY)["steps"] for name in raw}
    assert used == set(ALL_STEP_KEY_NAMES), "the sample must use every step key"
    for step_id, expected in EXPECTED_FIELDS.items():
        step = exercise.step(step_id)
        for name, value in expected.items():
            assert getattr(step, name) == value, f"{step_id}.{name}"
    calm = exercise.step("calm")
    assert calm.branches[0].when_text == "either(calm) <= 2" and calm.branches[0].goto == "rest"
    options = exercise.step("next").options
    assert [(o.label, o.goto) for o in options] == [("Go on", None), ("Rest", "rest")]
    assert exercise.roles == ("sender", "receiver")
    assert exercise.timeout_minutes == 25
    assert exercise.facilitator == "Top note."
    assert exercise.tags == ("one", "two")
    assert exercise.disclosure
    assert validate(tomllib.loads(EVERY_KEY), SCHEMA) == []


def _minimal_step(kind: str) -> str:
    lines = [f'id = "{kind}-step"', f'kind = "{kind}"']
    for key in KIND_KEYS[kind]:
        if key.required:
            lines.append({
                "text": 'text = "Words."',
                "labels": 'labels = ["Low", "High"]',
                "options": 'options = ["Yes", "No"]',
                "show": 'show = ["answer-step"]',
                "repeat_from": 'repeat_from = "say-step"',
            }[key.name])
    return "[[steps]]\n" + "\n".join(lines) + "\n"


def test_missing_keys_load_as_their_documented_defaults() -> None:
    text = HEADER.replace('roles = ["sender", "receiver"]\n', "").replace(
        "timeout_minutes = 25\n", "").replace("disclosure = true\n", "")
    text += "\n" + "\n".join(_minimal_step(kind) for kind in STEP_KINDS)
    result = load_text(text)
    assert result.errors == ()
    exercise = result.exercise
    assert exercise is not None
    for key in EXERCISE_KEYS:
        if key.default is not None:
            value = getattr(exercise, key.name)
            value = list(value) if isinstance(value, tuple) else value
            assert value == key.default, key.name
    for step in exercise.steps:
        for key in KIND_KEYS[step.kind]:
            if key.default is None:
                continue
            if key.name == "scale":
                assert [step.scale.low, step.scale.high] == key.default
            else:
                assert getattr(step, key.name) == key.default, f"{step.kind}.{key.name}"
    assert validate(tomllib.loads(text), SCHEMA) == []


# --------------------------------------------------------------------------------------------
# valid files pass, known mistakes fail (in the schema and in the loader alike)
# --------------------------------------------------------------------------------------------

SAMPLE = SPEAKER_LISTENER


def test_the_sample_loads_and_validates() -> None:
    assert load_text(SAMPLE).diagnostics == ()
    assert validate(tomllib.loads(SAMPLE), SCHEMA) == []


BAD: dict[str, tuple[str, str]] = {
    # name: (text to find in SAMPLE, what to put instead)
    "unknown top-level key": ("minutes = 20\n", "minutes = 20\nauthor = \"me\"\n"),
    "unknown step key": ('private = true\n', 'private = true\nsecret = true\n'),
    "key of another kind": ('text = "Pick a topic."\n', 'text = "Pick a topic."\nseconds = 60\n'),
    "rating without labels": ('labels = ["Not calm at all", "Completely calm"]\n', ""),
    "choice without options": (
        'options = ["Money", { label = "Something small", goto = "speak" }]\n', ""),
    "turn without text": (
        'text = "{speaker}, you hold the floor. Say a few sentences about how you feel."\n', ""),
    "reveal without show": ('show = ["wish"]\n', ""),
    "swap without repeat_from": ('repeat_from = "speak"\n', ""),
    "step without id": ('id = "topic"\n', ""),
    "step without kind": ('kind = "choice"\n', ""),
    "missing title": ('title = "Speaker and Listener"\n', ""),
    "unknown kind": ('kind = "choice"', 'kind = "chioce"'),
    "bad step id": ('id = "topic"', 'id = "Topic One"'),
    "bad exercise id": ('id = "speaker-listener"', 'id = "speaker_listener"'),
    "one option": ('options = ["Money", { label = "Something small", goto = "speak" }]',
                   'options = ["Money"]'),
    "option without label": ('{ label = "Something small", goto = "speak" }',
                             '{ goto = "speak" }'),
    "unknown option key": ('{ label = "Something small", goto = "speak" }',
                           '{ label = "Something small", next = "speak" }'),
    "branch without goto": ('{ when = "either(calm-before) <= 2", goto = "cool-down" }',
                            '{ when = "either(calm-before) <= 2" }'),
    "unknown branch key": ('goto = "cool-down" }', 'goto = "cool-down", else = "topic" }'),
    "scale beyond 10": ('measure = "calm"\n', 'measure = "calm"\nscale = [0, 11]\n'),
    "scale of three": ('measure = "calm"\n', 'measure = "calm"\nscale = [0, 5, 10]\n'),
    "three labels": ('labels = ["Not calm at all", "Completely calm"]',
                     'labels = ["Low", "Middle", "High"]'),
    "unknown checkin": ('checkin = "before"', 'checkin = "during"'),
    "minutes as text": ("minutes = 20", 'minutes = "20"'),
    "minutes zero": ("minutes = 20", "minutes = 0"),
    "seconds too short": ("seconds = 120", "seconds = 5"),
    "private as text": ("private = true", 'private = "yes"'),
    "newer format": ("format = 1", "format = 2"),
    "text too long": ('text = "Well done."', 'text = "' + "x" * 4001 + '"'),
    "steps not a list": (SAMPLE[SAMPLE.index("[[steps]]"):], 'steps = "none"\n'),
    # the mutants of a therapist's trial: the schema once accepted them
    "empty question": ('text = "Pick a topic."', 'text = ""'),
    "question of spaces": ('text = "Pick a topic."', 'text = "   "'),
    "empty title": ('title = "Speaker and Listener"', 'title = ""'),
    "empty show": ('show = ["wish"]', "show = []"),
    "empty labels": ('labels = ["Not calm at all", "Completely calm"]', 'labels = ["", ""]'),
    "empty option label": ('{ label = "Something small", goto = "speak" }',
                           '{ label = "", goto = "speak" }'),
    "empty option": ('options = ["Money",', 'options = [" ",'),
    "empty condition": ('when = "either(calm-before) <= 2"', 'when = ""'),
    "reversed scale": ('measure = "calm"\n', 'measure = "calm"\nscale = [10, 0]\n'),
    "scale of one point": ('measure = "calm"\n', 'measure = "calm"\nscale = [5, 5]\n'),
    "scale from ten": ('measure = "calm"\n', 'measure = "calm"\nscale = [10, 10]\n'),
    "minutes not whole": ("minutes = 20", "minutes = 20.5"),
    "format not whole": ("format = 1", "format = 1.5"),
    "language in words": ("minutes = 20\n", 'minutes = 20\nlanguage = "Spanish"\n'),
    "language with an underscore": ("minutes = 20\n", 'minutes = 20\nlanguage = "es_MX"\n'),
    "language with a newline": ("minutes = 20\n", 'minutes = 20\nlanguage = "es\\n"\n'),
    "version without sha256": ("minutes = 20\n",
                               'minutes = 20\ntranslation_of = "0123456789ab"\n'),
    "version in capitals": ("minutes = 20\n",
                            'minutes = 20\ntranslation_of = "sha256:0123456789AB"\n'),
}


@pytest.mark.parametrize("name", BAD)
def test_known_mistakes_fail_in_the_schema_and_the_loader(name: str) -> None:
    find, replace = BAD[name]
    assert find in SAMPLE, name
    text = SAMPLE.replace(find, replace, 1)
    assert validate(tomllib.loads(text), SCHEMA), f"the schema accepts: {name}"
    assert load_text(text).errors, f"the loader accepts: {name}"


def test_a_misplaced_key_is_flagged_on_its_own() -> None:
    text = SAMPLE.replace('text = "Pick a topic."\n', 'text = "Pick a topic."\nseconds = 60\n')
    errors = validate(tomllib.loads(text), SCHEMA)
    # one error, on that step (jsonschema leaves the key's name out of a `false` schema's path)
    assert errors == ["$.steps[1]: False schema does not allow 60"]


def test_an_id_with_a_trailing_newline_fails_in_both() -> None:
    text = SAMPLE.replace('id = "topic"', 'id = "topic\\n"')
    assert validate(tomllib.loads(text), SCHEMA)
    assert load_text(text).errors


# --------------------------------------------------------------------------------------------
# real files: the bundled exercises and the complete examples in docs/FORMAT.md
# --------------------------------------------------------------------------------------------

BUNDLED = sorted((ROOT / "exercises").rglob("*.toml"))


@pytest.mark.parametrize("path", BUNDLED or [None], ids=lambda p: p.name if p else "none")
def test_bundled_exercises_that_load_also_validate(path: Path | None) -> None:
    if path is None:
        pytest.skip("no bundled exercises yet")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        pytest.skip(f"{path.name} is not valid TOML (being edited?); the loader reports it")
    result = load_text(text, str(path))
    errors = validate(data, SCHEMA)
    if result.errors:
        pytest.skip(f"{path.name} has loader errors; `reconnect check` reports them")
    assert errors == [], f"{path.name} loads cleanly but the schema refuses it"


def _doc_examples() -> list[str]:
    doc = ROOT / "docs" / "FORMAT.md"
    if not doc.exists():
        return []
    blocks = re.findall(r"^```toml\n(.*?)^```", doc.read_text(encoding="utf-8"),
                        re.MULTILINE | re.DOTALL)
    return [block for block in blocks if block.startswith("format = 1")]


def test_complete_examples_in_the_docs_validate() -> None:
    examples = _doc_examples()
    if not examples:
        pytest.skip("docs/FORMAT.md has no complete examples")
    for example in examples:
        assert validate(tomllib.loads(example), SCHEMA) == []


AGREED: dict[str, tuple[str, str]] = {
    # JSON Schema counts a whole number written with a decimal point as an integer
    "minutes 20.0": ("minutes = 20", "minutes = 20.0"),
    "format 1.0": ("format = 1", "format = 1.0"),
    "scale of floats": ('measure = "calm"\n', 'measure = "calm"\nscale = [1.0, 5.0]\n'),
    "scale of six points": ('measure = "calm"\n', 'measure = "calm"\nscale = [0, 5]\n'),
    # language tags as BCP 47 writes them, in any case; a whole digest as a version
    "a regional language": ("minutes = 20\n", 'minutes = 20\nlanguage = "es-419"\n'),
    "a script and a region": ("minutes = 20\n", 'minutes = 20\nlanguage = "zh-Hant-TW"\n'),
    "a tag in other cases": ("minutes = 20\n", 'minutes = 20\nlanguage = "ES-mx"\n'),
    "a whole digest": ("minutes = 20\n", 'minutes = 20\ntranslation_of = "sha256:'
                       + "0123456789abcdef" * 4 + '"\n'),
}


@pytest.mark.parametrize("name", AGREED)
def test_both_accept_the_same_values(name: str) -> None:
    find, replace = AGREED[name]
    text = SAMPLE.replace(find, replace, 1)
    assert validate(tomllib.loads(text), SCHEMA) == [], name
    assert load_text(text).errors == (), name


BEYOND_THE_SCHEMA: dict[str, tuple[str, str]] = {
    # a TOML date reaches a JSON Schema validator as text (Taplo, Tombi, check-jsonschema)
    "a date as the title": ('title = "Speaker and Listener"', "title = 1979-05-27"),
    # references, conditions and the flow are the checker's alone
    "a jump to no step": ('goto = "speak"\n', 'goto = "spek"\n'),
    "an unknown placeholder": ("{speaker}, you hold", "{speeker}, you hold"),
    "a condition that can never hold": ("<= 2", ">= 20"),
}


@pytest.mark.parametrize("name", BEYOND_THE_SCHEMA)
def test_what_only_the_checker_can_refuse(name: str) -> None:
    """What JSON Schema cannot express: documented in generate/jsonschema.py and FORMAT.md."""
    find, replace = BEYOND_THE_SCHEMA[name]
    assert find in SAMPLE
    text = SAMPLE.replace(find, replace, 1)
    assert validate(tomllib.loads(text), SCHEMA) == [], name
    assert load_text(text).errors, name


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_validates(template: str) -> None:
    text = new_exercise_text("my-exercise", template)
    assert load_text(text).errors == ()
    assert validate(tomllib.loads(text), SCHEMA) == []


def test_every_bundled_exercise_validates() -> None:
    assert len(BUNDLED) >= 20
    for path in BUNDLED:
        text = path.read_text(encoding="utf-8")
        assert load_text(text, str(path)).errors == (), path.name
        assert validate(tomllib.loads(text), SCHEMA) == [], path.name


def test_a_key_is_described_in_english_for_the_reference_and_in_the_language_spoken() -> None:
    """The reference and the JSON Schema describe each key in English; the checker's hints
    describe it in the language spoken, with the same facts (the format version...)."""
    from reconnect import i18n
    from reconnect.format.model import FORMAT_VERSION
    from reconnect.format.schema import EXERCISE_KEYS, step_keys

    version = next(key for key in EXERCISE_KEYS if key.name == "format")
    english = f"File-format version. This reconnect reads version {FORMAT_VERSION}."
    assert version.description == english and version.described() == english
    question = step_keys("rating")["text"]
    with i18n.speaking("es"):
        assert version.described() == ("Versión del formato del archivo. Este reconnect lee la "
                                       f"versión {FORMAT_VERSION}.")
        assert version.description == english
        assert question.described() == "La pregunta."
        category = next(key for key in EXERCISE_KEYS if key.name == "category")
        assert "`active-listening`" in category.described()
        assert category.described().startswith("La categoría de la biblioteca: ")
