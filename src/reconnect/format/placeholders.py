"""Placeholders in exercise text: ``{speaker}``, ``{listener}``, ``{first}``, ``{you}``...

Substitution is a lookup in a plain dict of names, never ``str.format``, so text from a file
can never reach Python attributes. ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")

PARTNER_PLACEHOLDERS = ("first", "second")
"""``first`` is the partner who starts the exercise; ``second`` the other one."""

ANSWERER_PLACEHOLDERS = ("you", "partner")
"""In steps each partner answers in turn: the one answering now, and the other one."""


def placeholders(text: str) -> Iterator[tuple[str, int]]:
    """Every placeholder name in ``text`` with its 0-based offset."""
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) is not None:
            yield match.group(1).strip(), match.start()


def unclosed(text: str) -> int | None:
    """The offset of a ``{`` that opens no placeholder (``{partner`` without ``}``), or None."""
    rest = _PLACEHOLDER.sub(lambda m: "\0" * len(m.group(0)), text)
    offset = rest.find("{")
    return None if offset == -1 else offset


def stray_closing(text: str) -> int | None:
    """The offset of a ``}`` that closes no placeholder (``Alex}``, ``{speaker}}``), or None.

    A brace meant to be shown is written twice (``}}``); a single one is a mistake that would
    reach the screen as it is."""
    if "}" not in text:
        return None
    rest = _PLACEHOLDER.sub(lambda m: "\0" * len(m.group(0)), text)
    offset = rest.find("}")
    return None if offset == -1 else offset


def render(text: str, names: Mapping[str, str]) -> str:
    """Fill placeholders from ``names``; an unknown one stays visible as written."""

    def replace(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole == "{{":
            return "{"
        if whole == "}}":
            return "}"
        return names.get((match.group(1) or "").strip(), whole)

    return _PLACEHOLDER.sub(replace, text)
