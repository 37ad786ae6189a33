"""A large countdown that turns gentle, never abrupt, when it reaches zero."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.renderables.digits import Digits

from reconnect.tui.widgets.one_layout import OneLayout


def clock_text(seconds: float) -> str:
    """``m:ss`` for a number of seconds, rounded up so 0:00 appears only at the very end."""
    whole = max(0, int(seconds + 0.999))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


def digit_rows(time: str) -> list[str]:
    """The three rows of ``time`` in Textual's large digits (as its ``Digits`` widget draws
    them, not bold)."""
    rows = "".join(segment.text for segment in Digits(time).render(RichStyle())
                   if isinstance(segment, Segment))
    return rows.split("\n")[:3]


class Countdown(OneLayout):
    """The time left in large digits, and a line under them that changes at zero.

    One widget, not digits and a line in a column: a turn beginning shows it, and each widget
    more on the screen costs that key press its share of a layout and a frame. Both sit at the
    left of the stage, so the digits stay put when the words under them change."""

    COMPONENT_CLASSES = {"countdown--digits", "countdown--caption"}

    DEFAULT_CSS = """
    Countdown { height: 4; width: 1fr; }
    Countdown > .countdown--digits { color: $accent; }
    Countdown > .countdown--caption { color: $text-muted; }
    Countdown.time-up > .countdown--digits { color: $warning; }
    Countdown.time-up > .countdown--caption { color: $warning; text-style: bold; }
    Countdown.frozen > .countdown--digits { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.time = "0:00"
        self.caption = ""

    def show(self, remaining: float, *, caption: str, time_up: bool, frozen: bool) -> None:
        time = clock_text(remaining)
        if (time, caption) != (self.time, self.caption):
            self.time, self.caption = time, caption
            self.refresh()  # a fixed height and the stage's width: no layout
        self.set_class(time_up, "time-up")
        self.set_class(frozen, "frozen")

    def render(self) -> Content:
        # made when drawn, so the colours follow the theme and the time-up and paused styles
        digits = self.get_visual_style("countdown--digits")
        caption = self.get_visual_style("countdown--caption")
        return Content("\n").join([Content.styled(row, digits) for row in digit_rows(self.time)]
                                  + [Content.styled(self.caption, caption)])
