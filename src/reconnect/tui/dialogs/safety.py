"""The safety notice, shown over the home screen on first run and reachable any time (F1)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reconnect.i18n import _
from reconnect.safety import safety_text, safety_title


class SafetyDialog(ModalScreen[None]):
    # The notice is longer than an 80x24 screen. Docking the title and the button keeps both in
    # view while the body between them scrolls (a `max-height: 1fr` body alone does not shrink
    # to make room for them).
    DEFAULT_CSS = """
    SafetyDialog .dialog-title { dock: top; }
    SafetyDialog #close { dock: bottom; }
    """

    BINDINGS = [
        Binding("escape,enter", "close", _("Close"), id="safety.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety-box", classes="dialog"):
            yield Static(Content(safety_title()), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(safety_text()))
            yield Button(Content(_("I understand")), variant="primary", id="close")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
