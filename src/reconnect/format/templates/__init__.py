"""Starting points for therapists writing exercises (``reconnect new``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import tomli

TEMPLATES: dict[str, str] = {
    "basic": "a short speaker-listener exercise with a calm check-in and a break (the default)",
    "active-listening": "speak, listen, say back what you heard, then swap roles",
    "gratitude": "private thank-yous revealed side by side, then told in turns",
    "conflict-de-escalation": "raise one small issue gently, with a break when it runs hot",
    "connection": "guess each other's answer, compare, then hear the real one",
}
"""Each template's name, with one line saying what it is. Every one is a file in
this package (``reconnect/format/templates/``) that passes ``reconnect check --strict``."""

DEFAULT_TEMPLATE = "basic"


MY_VERSION = " (my version)"
"""Added to the title of a copy made with ``reconnect new --from``."""
ADAPTED_BY = "; adapted by (your name)"
"""Added to the credit of a copy: the original credit stays, the adapter is named after it."""


def id_from_file_name(stem: str) -> str:
    """The exercise id ``reconnect new`` derives from a file name: ``My Exercise`` gives
    ``my-exercise``."""
    return re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "my-exercise"


def new_exercise_text(stem: str, template: str = DEFAULT_TEMPLATE) -> str:
    """A commented, valid exercise file whose id is derived from the file name ``stem``."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}; choose one of {', '.join(TEMPLATES)}")
    exercise_id = id_from_file_name(stem)
    text = Path(__file__).with_name(f"{template}.toml").read_text(encoding="utf-8")
    return text.replace("{{exercise_id}}", exercise_id)


def fork_text(text: str, new_id: str) -> str:
    """A copy of the exercise file ``text`` to adapt: a new ``id``, the title with "(my
    version)", the credit kept with "; adapted by (your name)" after it.

    Only those three values are rewritten, in place: the original's comments, layout and
    every other line stay as they are (the file is not serialised again). ``text`` must be a
    file that loads; a comment at the top says where the copy came from."""
    from reconnect.format.positions import index_positions

    data = tomli.loads(text)
    ranges = index_positions(text).ranges
    changes = {
        ("id",): new_id,
        ("title",): str(data["title"]) + MY_VERSION,
        ("source",): str(data["source"]) + ADAPTED_BY,
    }
    edits = [(*ranges[path], _toml_string(value)) for path, value in changes.items()]
    if "translation_of" in data:
        # a copy of a translation is an exercise of its own, in the translation's language
        start, end = ranges[("translation_of",)]
        line_end = text.find("\n", end)
        edits.append((text.rfind("\n", 0, start) + 1,
                      len(text) if line_end == -1 else line_end + 1, ""))
    # from the end of the file backwards, so that earlier offsets stay right
    for start, end, new in sorted(edits, key=lambda edit: -edit[0]):
        text = text[:start] + new + text[end:]
    note = (f"# Your version of “{data['title']}” (`{data['id']}`), made with "
            "`reconnect new --from`.\n"
            "# Write your name in `source`, in place of \"(your name)\".\n")
    if text.startswith("#:schema"):  # the editor's schema line stays first
        first, _, rest = text.partition("\n")
        return f"{first}\n{note}{rest}"
    return note + text


def _toml_string(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are all valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def translation_text(text: str, language: str, version: str) -> str:
    """The start of a translation of the exercise file ``text`` into ``language``: the same
    file, with ``language`` and ``translation_of = version`` (the original's version) after
    its ``id``, and every text marked as still to translate (:data:`TO_TRANSLATE`), which the
    checker reports (R412) until the translator has written it in ``language``.

    Like :func:`fork_text`, only what changes is rewritten, in place: comments, layout, ids,
    jumps, conditions and numbers stay as they are. A choice's option named in a condition is
    marked there too, so that the condition still names the option. ``text`` must be a file
    that loads."""
    from reconnect.format.languages import TO_TRANSLATE
    from reconnect.format.positions import index_positions

    data = tomli.loads(text)
    ranges = index_positions(text).ranges
    edits: list[tuple[int, int, str]] = []
    for path in _texts(data):
        start, _end = ranges[path]
        opening = 3 if text.startswith(('"""', "'''"), start) else 1
        edits.append((start + opening, start + opening, TO_TRANSLATE))
    labels = _choice_labels(data)
    for path, when in _conditions(data):
        marked = _marked_condition(when, labels)
        if marked != when:
            start, end = ranges[path]
            edits.append((start, end, _toml_string(marked)))
    added = f'translation_of = "{version}"\n'
    if "language" in data:
        start, end = ranges[("language",)]
        edits.append((start, end, _toml_string(language)))
    else:
        added = f'language = "{language}"\n' + added
    line_end = text.find("\n", ranges[("id",)][1])
    after_id = len(text) if line_end == -1 else line_end + 1
    edits.append((after_id, after_id, added))
    for start, end, new in sorted(edits, key=lambda edit: -edit[0]):
        text = text[:start] + new + text[end:]
    note = (f"# A translation of “{data['title']}” (`{data['id']}`) into {language}, made with "
            "`reconnect new --from ... --lang`.\n"
            f"# Write each text marked {TO_TRANSLATE.strip()} in {language}, and delete the "
            "mark; `reconnect check`\n"
            "# lists the texts left. Keep ids, kinds, jumps, conditions, numbers and "
            "placeholders\n"
            "# such as {speaker} as they are: a translation changes only the words.\n")
    if text.startswith("#:schema"):
        first, _, rest = text.partition("\n")
        return f"{first}\n{note}{rest}"
    return note + text


def _texts(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Where each text of an exercise file is (its words, the credit, the notes), as paths
    into the file, from the key tables; empty texts are left out."""
    from reconnect.format.schema import EXERCISE_KEYS, step_keys

    found: list[tuple[str | int, ...]] = [
        (key.name,) for key in EXERCISE_KEYS
        if (key.type == "text" or key.name == "source") and _words(data.get(key.name))]
    steps = data.get("steps")
    for number, step in enumerate(steps if isinstance(steps, list) else ()):
        keys = step_keys(str(step.get("kind")))
        for name, value in step.items():
            key = keys.get(name)
            at = ("steps", number, name)
            if key is None:
                continue
            if key.type == "text" and _words(value):
                found.append(at)
            elif key.type == "text-list" or name == "labels":
                found += [at + (item,) for item, words in enumerate(value) if _words(words)]
            elif name == "options":
                for item, option in enumerate(value):
                    if isinstance(option, dict) and _words(option.get("label")):
                        found.append(at + (item, "label"))
                    elif _words(option):
                        found.append(at + (item,))
    return found


def _words(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _choice_labels(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each choice step's option labels, by step id."""
    labels: dict[str, list[str]] = {}
    for step in data.get("steps") or ():
        if step.get("kind") == "choice":
            labels[str(step.get("id"))] = [
                str(option.get("label") if isinstance(option, dict) else option)
                for option in step.get("options") or ()]
    return labels


def _conditions(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    for number, step in enumerate(data.get("steps") or ()):
        for item, branch in enumerate(step.get("branches") or ()):
            found.append((("steps", number, "branches", item, "when"), str(branch["when"])))
    return found


def _marked_condition(when: str, labels: dict[str, list[str]]) -> str:
    """``when`` with each option of a choice it compares with marked as the option is."""
    from reconnect.format import conditions
    from reconnect.format.languages import TO_TRANSLATE

    parsed = conditions.parse(when)
    marks: list[int] = []
    for compare in conditions.walk(parsed):
        sides = (compare.left, compare.right)
        step = next((side.ref.step if isinstance(side, conditions.Call) else side.step
                     for side in sides if isinstance(side, conditions.Ref | conditions.Call)),
                    "")
        marks += [side.column for side in sides if isinstance(side, conditions.Literal)
                  and isinstance(side.value, str) and side.value in labels.get(step, ())
                  and side.value.strip()]
    for column in sorted(marks, reverse=True):
        where = column  # the literal's quote is at column (1-based): its words start after it
        when = when[:where] + TO_TRANSLATE + when[where:]
    return when
