"""After an exercise: the check-ins before and after, side by side, and any homework."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reconnect.core.session import Session
from reconnect.i18n import _
from reconnect.reports.summary import checkin_changes, homework_lines
from reconnect.tui.app import ReconnectApp
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.title_bar import TitleBar


class SummaryScreen(StyledOnceScreen[None]):
    app = getters.app(ReconnectApp)

    BINDINGS = [
        Binding("enter,escape", "home", _("Home"), id="summary.home",
                tooltip=_("Back to the library")),
        Binding("e", "export", _("Export transcript"), id="summary.export",
                tooltip=_("Save a Markdown transcript of this session where you choose")),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        state = self.session.state
        yield TitleBar()
        with VerticalScroll(id="summary"):
            yield Static(Content(_("Well done: {title}").format(title=state.exercise.title)),
                         classes="screen-title")
            yield Static(Content(_("{first} and {second}, thank you for taking this time "
                                   "together.").format(first=state.names[0],
                                                       second=state.names[1])),
                         classes="muted")
            changes = checkin_changes(state)
            if changes:
                yield Static(Content(_("Check-ins, before → after")), classes="section-title")
                yield Static(Content("\n".join(str(change) for change in changes)),
                             id="checkins")
            homework = homework_lines(self.session.facts)
            if homework:
                yield Static(Content(_("Homework until next time")), classes="section-title")
                yield Static(Content("\n".join(homework)), id="homework")
            saved = (_("Everything is saved on this computer.") if self.session.saving
                     else _("Demonstration: nothing was saved."))
            yield Static(Content(saved), classes="muted")
            yield Static(Content(_("Press Enter to go back to the library.")), classes="hint")
        yield KeyFooter()

    def action_home(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        """Save the transcript where the couple chooses; in a demonstration too, by choice."""
        from reconnect.reports.transcript import transcript_filename, transcript_markdown
        from reconnect.tui.dialogs.export import ExportDialog

        session = self.session
        trail = session.trail()
        text = transcript_markdown(trail, finished=True, language=session.language)
        when = trail.started_at if trail.started_at is not None else session.now()
        note = "" if session.saving else _("Demonstration: nothing was saved in reconnect's "
                                           "data folder; this file is the only copy.")

        def saved(path: object) -> None:
            if path is None:
                return
            said = _("Transcript saved to {path}").format(path=path) + "."
            if not session.saving:
                said += " " + _("Nothing was saved in reconnect's data folder.")
            self.notify(said, title=_("Saved"), markup=False, timeout=10)

        self.app.push_screen(ExportDialog(text, transcript_filename(
            session.state.exercise.title, when), note=note), saved)
