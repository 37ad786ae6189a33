"""Screens that are styled once when they first appear, not twice.

When a screen is pushed, Textual works out the style of each of its widgets as they are mounted,
and then again for the whole screen when it first appears (its first "resume"). For a screen
that was only just made nothing has changed in between, so the second pass is the same work
again: about a sixth of the time it took to open History. A theme changed later, while the
screen is hidden under another, still reaches it: Textual restyles every screen in the stack
when the theme changes.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import Screen

Result = TypeVar("Result")


class StyledOnceScreen(Screen[Result]):
    """A screen whose first resume keeps the styles its widgets were given when mounted."""

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        super()._on_screen_resume(event)
