"""A rating scale usable with arrow keys, digits and the mouse, with words at both ends."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reconnect.i18n import _
from reconnect.tui.widgets.one_layout import OneLayout

CELL_WIDTH = 5
"""Columns a number takes with its box: ``╭───╮``."""
MIN_CELL_WIDTH = 2
"""Columns a number takes at the least, without a box (a narrow screen): "9 10" still reads
as two numbers, and a scale of 0 to 10 fits in 30 columns."""
TEN_WITHIN_SECONDS = 1.0
"""A "0" typed this soon after a "1" makes ten, on a scale that goes that far."""


def cell_edges(cells: int, width: int) -> list[int]:
    """Where each number's column starts, and where the last one ends, in ``width`` columns:
    every number gets the same whole number of columns, at least :data:`MIN_CELL_WIDTH` (the
    last ones are cut off when even that does not fit). Columns shared out unevenly, three
    to one number and four to the next, spaced the numbers unevenly; what is left over stays
    blank at the right (the words at the ends still have the whole width, so that they wrap
    no sooner than they must)."""
    share = max(MIN_CELL_WIDTH, width // cells)
    return [share * index for index in range(cells + 1)]


class RatingScale(OneLayout, can_focus=True):
    """Choose a value from ``low`` to ``high``; Enter (or a second click) confirms it.

    One widget that draws its numbers, their boxes and the words at both ends: as a widget a
    number (and a row of them, and one for each end's words) it was 16 widgets, each laid out,
    styled and drawn on every hand-over to a rating, the commonest key press in an exercise.

    The scale is as wide as its numbers (five columns each) and never wider than the room it
    has; the words for both ends sit under its two ends. Where five columns a number do not
    fit (a narrow screen, the facilitator notes open) the numbers lose their boxes instead of
    being cut off (the ``-tight`` class)."""

    COMPONENT_CLASSES = {
        "rating-scale--box", "rating-scale--chosen", "rating-scale--chosen-box",
        "rating-scale--ends",
    }

    DEFAULT_CSS = """
    RatingScale { height: auto; max-width: 100%; padding: 0 1; }
    RatingScale > .rating-scale--box { color: $panel-lighten-2; }
    RatingScale > .rating-scale--chosen { background: $accent; color: $text; text-style: bold; }
    RatingScale > .rating-scale--chosen-box { background: $accent; color: $accent; }
    RatingScale:focus > .rating-scale--chosen-box { color: $foreground; }
    RatingScale.-tight:focus > .rating-scale--chosen { text-style: bold reverse; }
    RatingScale > .rating-scale--ends { color: $text-muted; }
    """

    BINDINGS = [
        Binding("left,down", "move(-1)", _("Lower"), id="rating.lower", show=False),
        Binding("right,up", "move(1)", _("Higher"), id="rating.higher", show=False),
        Binding("enter", "confirm", _("Confirm rating"), id="rating.confirm"),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Chosen(Message):
        value: int

    class NothingChosen(Message):
        """Enter with no number chosen: the screen says what to do."""

    def __init__(self, low: int, high: int, labels: tuple[str, str], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.low, self.high, self.labels = low, high, labels
        self.one_typed_at: float | None = None
        """When a "1" was typed, if it was the last key (see :meth:`on_key`)."""
        self.styles.width = CELL_WIDTH * self.cells + 2  # and its padding

    def show_scale(self, low: int, high: int, labels: tuple[str, str]) -> None:
        """Take another scale: the scale of a later rating, shown in this widget again."""
        if (low, high, labels) == (self.low, self.high, self.labels):
            return
        self.low, self.high, self.labels = low, high, labels
        self.styles.width = CELL_WIDTH * self.cells + 2
        self.refresh(layout=True)  # the words at the ends may take more or fewer rows

    @property
    def cells(self) -> int:
        return self.high - self.low + 1

    def number_rows(self, width: int) -> int:
        """The rows the numbers take in ``width`` columns: three with their boxes, or one
        where the boxes do not fit."""
        return 1 if width < CELL_WIDTH * self.cells else 3

    @property
    def tight(self) -> bool:
        """Too narrow for the numbers' boxes."""
        return self.number_rows(self.size.width) == 1

    def on_resize(self) -> None:
        self.set_class(self.tight, "-tight")

    # drawing ---------------------------------------------------------------------------

    def ends(self, width: int) -> list[tuple[Content, Content]]:
        """The rows of words under the two ends: the low end's at the left of the first half,
        the high end's at the right of the second, each wrapped within its half."""
        half = max(1, width // 2)
        low = Content(f"{self.low} = {self.labels[0]}").wrap(half)
        high = Content(f"{self.labels[1]} = {self.high}").wrap(width - half or 1)
        rows = max(len(low), len(high))
        low += [Content("")] * (rows - len(low))
        high += [Content("")] * (rows - len(high))
        return list(zip(low, high, strict=True))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.number_rows(width) + len(self.ends(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style.rich_style
        rows = self.number_rows(width)
        if y < rows:
            strip = self.numbers_row(y, rows, width, base)
        else:
            ends = self.ends(width)
            if y - rows >= len(ends):
                return Strip.blank(width, base)
            low, high = ends[y - rows]  # each within its half of the width
            style = base + self.get_visual_style("rating-scale--ends").rich_style
            gap = max(0, width - low.cell_length - high.cell_length)
            strip = Strip([Segment(low.plain, style), Segment(" " * gap, base),
                           Segment(high.plain, style)])
        return strip.crop_extend(0, width, base)

    def numbers_row(self, y: int, rows: int, width: int, base: Style) -> Strip:
        """Row ``y`` of the numbers: their boxes' tops, the numbers, or the boxes' bottoms (in
        one row without boxes when the scale is tight)."""
        edges = cell_edges(self.cells, width)
        plain = base + self.get_visual_style("rating-scale--box").rich_style
        chosen = base + self.get_visual_style("rating-scale--chosen").rich_style
        chosen_box = base + self.get_visual_style("rating-scale--chosen-box").rich_style
        segments: list[Segment] = []
        for index, value in enumerate(range(self.low, self.high + 1)):
            span = edges[index + 1] - edges[index]
            is_chosen = value == self.value
            number = str(value)
            if rows == 1:
                segments.append(Segment(centred(number, span), chosen if is_chosen else base))
                continue
            box = chosen_box if is_chosen else plain
            inner = span - 2
            if y == 0:
                segments.append(Segment("╭" + "─" * inner + "╮", box))
            elif y == 2:
                segments.append(Segment("╰" + "─" * inner + "╯", box))
            else:
                segments += [Segment("│", box),
                             Segment(centred(number, inner), chosen if is_chosen else base),
                             Segment("│", box)]
        return Strip(segments)

    # choosing --------------------------------------------------------------------------

    def watch_value(self, _value: int | None) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        width = self.size.width
        x = event.x - self.styles.padding.left
        edges = cell_edges(self.cells, width)
        if 0 <= event.y < self.number_rows(width):
            for index in range(self.cells):
                if edges[index] <= x < edges[index + 1]:
                    event.stop()
                    self.value = self.low + index
                    self.focus()
                    return

    def action_move(self, delta: int) -> None:
        self.one_typed_at = None
        start = self.value if self.value is not None else (self.low + self.high) // 2 - delta
        self.value = max(self.low, min(self.high, start + delta))

    def action_confirm(self) -> None:
        if self.value is None:
            self.post_message(self.NothingChosen())
            return
        self.post_message(self.Chosen(self.value))

    def on_key(self, event: events.Key) -> None:
        if not (event.character and event.character.isdigit()):
            self.one_typed_at = None
            return
        digit = int(event.character)
        now = time.monotonic()
        # "1" then "0" typed together on a 0..10 scale means ten; a "0" typed on its own (or
        # after arrowing to 1, or a moment later) means nought
        if digit == 0 and self.high >= 10 and self.one_typed_at is not None \
                and now - self.one_typed_at <= TEN_WITHIN_SECONDS:
            digit = 10
        self.one_typed_at = now if digit == 1 else None
        if self.low <= digit <= self.high:
            self.value = digit
            event.stop()


def centred(words: str, width: int) -> str:
    """``words`` in the middle of ``width`` columns, the odd column at the right (as Textual
    centres a widget's content)."""
    if len(words) >= width:
        return words[:width]
    left = (width - len(words)) // 2
    return " " * left + words + " " * (width - len(words) - left)
