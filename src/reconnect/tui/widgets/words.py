"""Changing the words a widget shows, only when they change."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def set_words(widget: Static, text: str) -> None:
    """Show ``text`` literally in ``widget``, if it is not what the widget shows already.

    Every update asks Textual for a new layout of the whole screen (a frame's worth of work),
    and a clock ticks four times a second; words that stay the same cost nothing. (Words that
    change on most key presses are drawn by :class:`~reconnect.tui.widgets.drawn_words.DrawnWords`
    instead, which asks for a layout only when their height changes.)"""
    content = Content(text)
    if widget.content != content:
        widget.update(content)
