"""Starting points for therapists writing exercises (``reconnect new``)."""

from __future__ import annotations

import re
from importlib import resources

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


def new_exercise_text(stem: str, template: str = DEFAULT_TEMPLATE) -> str:
    """A commented, valid exercise file whose id is derived from the file name ``stem``."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}; choose one of {', '.join(TEMPLATES)}")
    exercise_id = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "my-exercise"
    text = resources.files(__package__ or __name__).joinpath(f"{template}.toml").read_text(
        encoding="utf-8")
    return text.replace("{{exercise_id}}", exercise_id)
