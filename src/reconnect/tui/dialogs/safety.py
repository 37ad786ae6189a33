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
    # to make room for them). Under the button, the line saying there is more wraps on a
    # narrow screen; the two are docked as one, since widgets docked to the same edge overlap.
    DEFAULT_CSS = """
    SafetyDialog .dialog-title { dock: top; }
    SafetyDialog #safety-foot { dock: bottom; height: auto; }
    """

    # The button has the focus (Enter closes), so the keys that read on are the dialog's own.
    BINDINGS = [
        Binding("escape,enter", "close", _("Close"), id="safety.close"),
        Binding("down", "read('down')", show=False),
        Binding("up", "read('up')", show=False),
        Binding("pagedown,space", "read('page_down')", show=False),
        Binding("pageup", "read('page_up')", show=False),
        Binding("end", "read('end')", show=False),
        Binding("home", "read('home')", show=False),
    ]

    def __init__(self, *, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        # "Before you begin" only before anything has begun: F1 mid-session is just the notice
        title = safety_title() if self.first_run else _("Safety")
        with Vertical(id="safety-box", classes="dialog"):
            yield Static(Content(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(safety_text()))
            with Vertical(id="safety-foot"):
                yield Button(Content(_("I understand")), variant="primary", id="close")
                yield Static("", id="more", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Button).focus()
        body = self.query_one(VerticalScroll)
        self.watch(body, "scroll_y", lambda _y: self.say_if_more(), init=False)
        self.call_after_refresh(self.say_if_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self.say_if_more)

    def say_if_more(self) -> None:
        """Below the notice, while part of it is out of view: how to read on (the helplines
        may be down there on a small screen)."""
        body = self.query_one(VerticalScroll)
        more = body.scroll_y < body.max_scroll_y
        self.query_one("#more", Static).update(
            Content(_("More below: the arrow keys or Page Down read on.")) if more else "")

    def action_read(self, where: str) -> None:
        body = self.query_one(VerticalScroll)
        {"down": body.scroll_down, "up": body.scroll_up, "page_down": body.scroll_page_down,
         "page_up": body.scroll_page_up, "end": body.scroll_end,
         "home": body.scroll_home}[where](animate=False)

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
