"""A large countdown that turns gentle, never abrupt, when it reaches zero."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Digits

from reconnect.tui.widgets.one_layout import Column, Line, OneLayout
from reconnect.tui.widgets.words import set_words


def clock_text(seconds: float) -> str:
    """``m:ss`` for a number of seconds, rounded up so 0:00 appears only at the very end."""
    whole = max(0, int(seconds + 0.999))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


class Clock(Digits, OneLayout):
    """The time left, in large digits, laid out once per change."""


class Countdown(Column):
    """Digits for the time left and a line under them that changes at zero."""

    DEFAULT_CSS = """
    Countdown { height: auto; width: auto; align-horizontal: center; }
    Countdown Digits { width: auto; color: $accent; }
    Countdown .caption { width: auto; color: $text-muted; }
    Countdown.time-up Digits { color: $warning; }
    Countdown.time-up .caption { color: $warning; text-style: bold; }
    Countdown.frozen Digits { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Clock("0:00")
        yield Line("", classes="caption")

    def show(self, remaining: float, *, caption: str, time_up: bool, frozen: bool) -> None:
        digits = self.query_one(Digits)
        shown = clock_text(remaining)
        if digits.value != shown:  # Textual repaints digits on every update, changed or not
            digits.update(shown)
        set_words(self.query_one(".caption", Line), caption)
        self.set_class(time_up, "time-up")
        self.set_class(frozen, "frozen")
