"""After an exercise: the check-ins before and after, side by side, and any homework."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from reconnect.session import Session
from reconnect.summary import checkin_changes, homework_lines
from reconnect.tui.widgets.title_bar import TitleBar


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "home", "Home", id="summary.home",
                tooltip="Back to the library"),
        Binding("e", "export", "Export transcript", id="summary.export",
                tooltip="Save a Markdown transcript of this session where you choose"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        state = self.session.state
        yield TitleBar()
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

    def action_export(self) -> None:
        """Save the transcript where the couple chooses; in a demonstration too, by choice."""
        from reconnect import engine
        from reconnect.store import StoreError
        from reconnect.transcript import transcript_filename, transcript_markdown
        from reconnect.tui.dialogs.export import ExportDialog

        session = self.session
        started_at = None
        events: list[engine.Event] = []
        if session.saving:
            assert session.store is not None and session.session_id is not None
            try:  # the saved log adds when it began and the pauses and time-outs taken
                record = session.store.session(session.session_id)
                started_at = record.started_at if record is not None else None
                for stored in session.store.events(session.session_id):
                    try:
                        events.append(engine.from_record(stored.type, stored.payload, stored.at))
                    except ValueError:
                        continue
            except StoreError:
                started_at, events = None, []  # the answers themselves are all in the state
        text = transcript_markdown(session.state, started_at=started_at, finished=True,
                                   events=events)
        when = started_at if started_at is not None else session.now()
        note = "" if session.saving else ("Demonstration: nothing was saved in reconnect's "
                                          "data folder; this file is the only copy.")

        def saved(path: object) -> None:
            if path is None:
                return
            extra = "" if session.saving else " Nothing was saved in reconnect's data folder."
            self.notify(f"Transcript saved to {path}.{extra}", title="Saved", markup=False,
                        timeout=10)

        self.app.push_screen(ExportDialog(text, transcript_filename(
            session.state.exercise.title, when), note=note), saved)
