"""Starting points for therapists writing exercises (``reconnect new``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    # from the end of the file backwards, so that earlier offsets stay right
    for path, value in sorted(changes.items(), key=lambda item: -ranges[item[0]][0]):
        start, end = ranges[path]
        text = text[:start] + _toml_string(value) + text[end:]
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
