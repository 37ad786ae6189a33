"""After an exercise: the check-ins before and after, side by side, and any homework."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reconnect.session import Session
from reconnect.summary import checkin_changes, homework_lines


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "home", "Home", id="summary.home",
                tooltip="Back to the library"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        state = self.session.state
        yield Header(icon="♥")
        with VerticalScroll(id="summary"):
            yield Static(Content(f"Well done: {state.exercise.title}"), classes="screen-title")
            yield Static(Content(f"{state.names[0]} and {state.names[1]}, thank you for taking "
                                 "this time together."), classes="muted")
            changes = checkin_changes(state)
            if changes:
                yield Static(Content("Check-ins, before → after"), classes="section-title")
                yield Static(Content("\n".join(changes)), id="checkins")
            homework = homework_lines(state)
            if homework:
                yield Static(Content("Homework until next time"), classes="section-title")
                yield Static(Content("\n".join(homework)), id="homework")
            saved = ("Everything is saved on this computer." if self.session.saving
                     else "Demonstration: nothing was saved.")
            yield Static(Content(saved), classes="muted")
            yield Static(Content("Press Enter to go back to the library."), classes="hint")
        yield Footer()

    def action_home(self) -> None:
        self.dismiss(None)
