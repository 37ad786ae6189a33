"""A large countdown that turns gentle, never abrupt, when it reaches zero."""

from __future__ import annotations

from functools import cache

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.renderables.digits import Digits
from textual.strip import Strip

from reconnect.tui.widgets.one_layout import OneLayout


def clock_text(seconds: float) -> str:
    """``m:ss`` for a number of seconds, rounded up so 0:00 appears only at the very end."""
    whole = max(0, int(seconds + 0.999))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


@cache
def _glyph(character: str) -> tuple[str, ...]:
    rows = "".join(segment.text for segment in Digits(character).render(RichStyle())
                   if isinstance(segment, Segment))
    return tuple(rows.split("\n")[:3])


def digit_rows(time: str) -> tuple[str, ...]:
    """The three rows of ``time`` in Textual's large digits (as its ``Digits`` widget draws
    them, not bold). Each character is drawn by Rich once and kept: Rich took over a
    millisecond for a time, on the key press that begins a turn and on every tick."""
    glyphs = [_glyph(character) for character in time]
    return tuple("".join(glyph[row] for glyph in glyphs) for row in range(3))


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
        self._rows: tuple[object, list[Strip]] | None = None

    def show(self, remaining: float, *, caption: str, time_up: bool, frozen: bool) -> None:
        time = clock_text(remaining)
        if (time, caption) != (self.time, self.caption):
            self.time, self.caption = time, caption
            self.refresh()  # a fixed height and the stage's width: no layout
        self.set_class(time_up, "time-up")
        self.set_class(frozen, "frozen")

    def render_line(self, y: int) -> Strip:
        width = self.outer_size.width
        rows = self.rows(width)
        return rows[y] if y < len(rows) else Strip.blank(width, self.visual_style.rich_style)

    def rows(self, width: int) -> list[Strip]:
        """The digits' three rows and the caption's, ``width`` cells long, made once for each
        time shown: a turn beginning draws them, and so does every tick. The styles are looked
        up when drawn, so the colours follow the theme and the time-up and paused styles."""
        style = self.visual_style
        key = (width, self.time, self.caption, style)
        if self._rows is not None and self._rows[0] == key:
            return self._rows[1]
        base = style.rich_style
        digits = self.get_visual_style("countdown--digits").rich_style
        caption = self.get_visual_style("countdown--caption").rich_style
        rows = [Strip([Segment(words, digits)]).crop_extend(0, width, base)
                for words in digit_rows(self.time)]
        rows.append(Strip([Segment(self.caption, caption)]).crop_extend(0, width, base))
        self._rows = (key, rows)
        return rows

    def notify_style_update(self) -> None:
        # the time-up or paused class, or the theme, changed the colours the rows were made in
        self._rows = None
        super().notify_style_update()
