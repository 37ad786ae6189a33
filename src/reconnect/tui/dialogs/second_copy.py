"""A second copy of reconnect on the same data folder: say so plainly, and offer what is safe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reconnect.storage.lock import ALREADY_OPEN


class SecondCopyDialog(ModalScreen[str | None]):
    """Read History (only reading), run a demonstration (nothing saved), or quit."""

    BINDINGS = [
        Binding("escape", "choose('quit')", "Quit", id="second-copy.quit"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, *, history: bool) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("reconnect is already open"), classes="dialog-title")
            yield Static(Content(ALREADY_OPEN + " Carry on in the other window, or here:"),
                         id="second-copy-text")
            with Horizontal(classes="dialog-buttons"):
                if self.history:
                    yield Button(Content("Read History"), id="history", variant="primary")
                yield Button(Content("A demonstration"), id="demo")
                yield Button(Content("Quit"), id="quit")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
