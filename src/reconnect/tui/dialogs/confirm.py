"""A yes-or-no question, answered with a button, Enter or Esc (no).

For a deletion the question names what goes, the "keep" button has the focus, so a stray Enter
keeps everything, and deleting takes a deliberate move to the other button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reconnect.i18n import _


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "answer(False)", _("No"), id="confirm.no"),
        Binding("left", "app.focus_previous", _("Previous"), show=False),
        Binding("right", "app.focus_next", _("Next"), show=False),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None, *,
                 destructive: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes or _("Yes"), no or _("No")
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                if self.destructive:
                    yield Button(Content(self.no), variant="primary", id="no")
                    yield Button(Content(self.yes), variant="error", id="yes")
                else:
                    yield Button(Content(self.yes), variant="primary", id="yes")
                    yield Button(Content(self.no), id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.destructive else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
