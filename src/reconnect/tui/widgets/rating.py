"""A rating scale usable with arrow keys, digits and the mouse, with words at both ends."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive

from reconnect.i18n import _
from reconnect.tui.widgets.one_layout import Column, Line, Row


class ScaleCell(Line):
    """One number on the scale."""

    def __init__(self, value: int) -> None:
        super().__init__(Content(str(value)), classes="cell")
        self.value = value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        rating = self.query_ancestor(RatingScale)
        rating.value = self.value
        rating.focus()


class RatingScale(Column, can_focus=True):
    """Choose a value from ``low`` to ``high``; Enter (or a second click) confirms it."""

    # The scale is as wide as its numbers (five columns each) and never wider than the room it
    # has; the words for both ends sit under its two ends. Where five columns a number do not
    # fit (a narrow screen, the facilitator notes open) the numbers lose their boxes instead of
    # being cut off.
    DEFAULT_CSS = """
    RatingScale { height: auto; max-width: 100%; padding: 0 1; }
    RatingScale > Horizontal { height: 3; width: 100%; }
    RatingScale .cell {
        width: 1fr; min-width: 3; height: 3; content-align: center middle;
        border: round $panel-lighten-2;
    }
    RatingScale.tight > Horizontal { height: 1; }
    RatingScale.tight .cell { height: 1; border: none; }
    RatingScale.tight .cell.chosen { border: none; }
    RatingScale .cell.chosen {
        background: $accent; color: $text; border: round $accent; text-style: bold;
    }
    RatingScale:focus .cell.chosen { border: round $foreground; }
    RatingScale.tight:focus .cell.chosen { border: none; text-style: bold reverse; }
    RatingScale .ends { width: 100%; height: auto; }
    RatingScale .ends .low { width: 1fr; color: $text-muted; }
    RatingScale .ends .high { width: 1fr; text-align: right; color: $text-muted; }
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

    CELL_WIDTH = 5

    def on_mount(self) -> None:
        self.styles.width = self.CELL_WIDTH * (self.high - self.low + 1) + 2

    def on_resize(self) -> None:
        cells = self.high - self.low + 1
        self.set_class(self.size.width < self.CELL_WIDTH * cells, "tight")  # inside padding

    def compose(self) -> ComposeResult:
        with Row():
            for value in range(self.low, self.high + 1):
                yield ScaleCell(value)
        with Row(classes="ends"):
            yield Line(Content(f"{self.low} = {self.labels[0]}"), classes="low")
            yield Line(Content(f"{self.labels[1]} = {self.high}"), classes="high")

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Textual works out the styles of the scale and of all 15 widgets in it whenever it
        # gains or loses the focus, on the key press that hands the laptop over; only the
        # chosen number looks different with the focus (RatingScale:focus .cell.chosen)
        self.app.stylesheet.update_nodes([self, *self.query(".chosen")], animate=True)

    def watch_value(self, value: int | None) -> None:
        for cell in self.query(ScaleCell):
            cell.set_class(cell.value == value, "chosen")

    def action_move(self, delta: int) -> None:
        start = self.value if self.value is not None else (self.low + self.high) // 2 - delta
        self.value = max(self.low, min(self.high, start + delta))

    def action_confirm(self) -> None:
        if self.value is None:
            self.post_message(self.NothingChosen())
            return
        self.post_message(self.Chosen(self.value))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            digit = int(event.character)
            # "1" then "0" on a 0..10 scale means ten
            if self.value == 1 and digit == 0 and self.high >= 10:
                digit = 10
            if self.low <= digit <= self.high:
                self.value = digit
                event.stop()


