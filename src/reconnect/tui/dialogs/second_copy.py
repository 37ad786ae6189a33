"""A second copy of reconnect on the same data folder: say so plainly, and offer what is safe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reconnect.i18n import _
from reconnect.storage.lock import already_open


class SecondCopyDialog(ModalScreen[str | None]):
    """Read History (only reading), run a demonstration (nothing saved), or quit."""

    BINDINGS = [
        Binding("escape", "choose('quit')", _("Quit"), id="second-copy.quit"),
        Binding("left", "app.focus_previous", _("Previous"), show=False),
        Binding("right", "app.focus_next", _("Next"), show=False),
    ]

    def __init__(self, *, history: bool) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(_("reconnect is already open")), classes="dialog-title")
            yield Static(Content(already_open() + " "
                                 + _("Carry on in the other window, or here:")),
                         id="second-copy-text")
            with Horizontal(classes="dialog-buttons"):
                if self.history:
                    yield Button(Content(_("Read History")), id="history", variant="primary")
                yield Button(Content(_("A demonstration")), id="demo")
                yield Button(Content(_("Quit")), id="quit")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
