"""Changing the words a widget shows, only when they change."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def set_words(widget: Static, text: str, *, layout: bool = True) -> None:
    """Show ``text`` literally in ``widget``, if it is not what the widget shows already.

    Every update asks Textual for a new layout of the whole screen (a frame's worth of work),
    and a clock ticks four times a second; words that stay the same cost nothing. ``layout``
    False is for widgets whose size the words cannot change (a fixed height and width)."""
    content = Content(text)
    if widget.content != content:
        widget.update(content, layout=layout)
