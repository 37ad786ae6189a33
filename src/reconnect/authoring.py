"""Starting points for therapists writing exercises (``reconnect new``)."""

from __future__ import annotations

import re
from importlib import resources

TEMPLATES: tuple[str, ...] = ("basic",)


def new_exercise_text(stem: str, template: str = "basic") -> str:
    """A commented, valid exercise file whose id is derived from the file name ``stem``."""
    exercise_id = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "my-exercise"
    text = resources.files("reconnect").joinpath("templates", f"{template}.toml").read_text(
        encoding="utf-8")
    return text.replace("{{exercise_id}}", exercise_id)
