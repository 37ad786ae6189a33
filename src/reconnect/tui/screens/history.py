"""History: the couple's streak, their check-ins over time, and every past session's transcript.

Looking back never changes anything: sessions are replayed read-only
(:func:`reconnect.session.load_state`), so opening an unfinished one here does not resume it.
The transcript is shown as plain text in a scrolling view rather than the Markdown widget,
which costs noticeably more to import and lay out; the couple reads their own words, and the
export is the Markdown.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reconnect import engine
from reconnect.progress import checkin_series, streak
from reconnect.session import CannotResume, load_state
from reconnect.store import SessionRecord, Store, StoreError
from reconnect.transcript import fallback_markdown, transcript_filename, transcript_markdown
from reconnect.tui.widgets.checkin_plot import CheckinPlot
from reconnect.tui.widgets.title_bar import TitleBar

SESSION_PREFIX = "session:"
HISTORY_LIMIT = 200
DEMO_TEXT = ("This is a demonstration, so nothing is saved and there is no history to show. "
             "In everyday use, every session and check-in appears here.")


def streak_text(days: int) -> str:
    if days <= 0:
        return "No streak yet. Finish an exercise today to begin one."
    if days == 1:
        return "Your streak: 1 day. Another session tomorrow makes it two."
    return f"Your streak: {days} days in a row."


def status_text(record: SessionRecord) -> str:
    if record.status == "finished":
        return "finished"
    where = f"step {record.step_number} of {record.step_total}"
    return f"stopped at {where}" if record.status == "abandoned" else where


def session_label(record: SessionRecord) -> Text:
    """One line per session; names and titles are data, so this is a Text, never markup."""
    moment = datetime.fromtimestamp(record.started_at)
    return Text.assemble(
        (f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}", "dim"),
        "  ",
        (record.exercise_title, "bold"),
        ("  ·  ", "dim"),
        f"{record.partner_a} & {record.partner_b}",
        ("  ·  ", "dim"),
        (status_text(record), "italic"),
    )


def transcript_for(store: Store, record: SessionRecord) -> str:
    """The Markdown transcript of a stored session, read-only.

    When the exercise text it was saved with can no longer be read, the words are still
    shown (without prompts), because they belong to the couple whatever the file says.
    """
    try:
        state, events = load_state(store, record.id)
    except CannotResume:
        events = []
        for stored in store.events(record.id):
            try:
                events.append(engine.from_record(stored.type, stored.payload, stored.at))
            except ValueError:
                continue
        return fallback_markdown(record.exercise_title, (record.partner_a, record.partner_b),
                                 record.started_at, events)
    return transcript_markdown(state, started_at=record.started_at,
                               finished=record.status == "finished", events=events)


class HistoryScreen(Screen[None]):
    DEFAULT_CSS = """
    HistoryScreen #history { padding: 0 1; }
    HistoryScreen #streak { text-style: bold; color: $accent; margin-top: 1; }
    HistoryScreen #checkin-plot { margin-left: 2; }
    HistoryScreen #sessions { height: 1fr; min-height: 5; border: round $panel-lighten-1; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back", tooltip="Back to the library"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="history"):
            yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:
        store: Store | None = self.app.store  # type: ignore[attr-defined]
        if store is None:
            yield Static(Content("History"), classes="screen-title")
            yield Static(Content(DEMO_TEXT), id="history-demo", classes="muted")
            return
        try:
            couples = store.couples(limit=1)  # the couple's own streak, never a mix of couples
            couple_id = couples[0].id if couples else None
            days = store.session_days(couple_id=couple_id)
            points = store.checkin_points(couple_id=couple_id)
            records = store.recent_sessions(limit=HISTORY_LIMIT)
        except StoreError as error:
            yield Static(Content("History"), classes="screen-title")
            yield Static(Content(f"The history could not be read: {error}"), id="history-error")
            return
        today = date.fromtimestamp(self.app.clock())  # type: ignore[attr-defined]
        yield Static(Content(streak_text(streak(days, today))), id="streak")
        yield Static(Content("Check-ins over time (both of you, averaged)"),
                     classes="section-title")
        yield CheckinPlot(checkin_series(points), id="checkin-plot")
        yield Static(Content("Past sessions: choose one to read its transcript"),
                     classes="section-title")
        if records:
            yield OptionList(*(Option(session_label(record), id=f"{SESSION_PREFIX}{record.id}")
                               for record in records), id="sessions", markup=False)
        else:
            yield Static(Content("No sessions yet."), id="no-sessions", classes="muted")

    def on_mount(self) -> None:
        # keep the app's own subtitle (it says when nothing is saved) and add where we are
        self.sub_title = " · ".join(filter(None, [self.app.sub_title, "History"]))
        self.query_one(TitleBar).refresh_title()
        lists = self.query("#sessions")
        if lists:
            option_list = lists.first(OptionList)
            option_list.focus()
            # the list settles its own highlight when it first lays out; set ours after that
            self.call_after_refresh(setattr, option_list, "highlighted", 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(SESSION_PREFIX):
            self.open_transcript(int(option_id[len(SESSION_PREFIX):]))

    def open_transcript(self, session_id: int) -> None:
        store: Store | None = self.app.store  # type: ignore[attr-defined]
        assert store is not None
        try:
            record = store.session(session_id)
            text = transcript_for(store, record) if record is not None else None
        except StoreError as error:
            self.notify(str(error), title="Cannot show the transcript", severity="error",
                        markup=False, timeout=20)
            return
        if record is None or text is None:
            self.notify("That session no longer exists.", severity="warning", markup=False)
            return
        self.app.push_screen(TranscriptScreen(
            text, transcript_filename(record.exercise_title, record.started_at)))

    def action_back(self) -> None:
        self.dismiss(None)


class TranscriptScreen(Screen[None]):
    """One session's transcript, to read and scroll; ``e`` saves it as a Markdown file."""

    DEFAULT_CSS = """
    TranscriptScreen #transcript { padding: 0 2; }
    """

    BINDINGS = [
        Binding("e", "export", "Export", id="transcript.export",
                tooltip="Save this transcript as a Markdown file where you choose"),
        Binding("escape", "back", "Back", id="transcript.back", tooltip="Back to History"),
    ]

    def __init__(self, text: str, filename: str, *, note: str = "") -> None:
        super().__init__()
        self.text = text
        self.filename = filename
        self.note = note

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="transcript"):
            yield Static(self.text, id="transcript-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = " · ".join(filter(None, [self.app.sub_title, "Transcript"]))
        self.query_one(TitleBar).refresh_title()
        self.query_one("#transcript", VerticalScroll).focus()

    def action_export(self) -> None:
        from reconnect.tui.dialogs.export import ExportDialog

        def saved(path: object) -> None:
            if path is not None:
                self.notify(f"Transcript saved to {path}", title="Saved", markup=False,
                            timeout=10)

        self.app.push_screen(ExportDialog(self.text, self.filename, note=self.note), saved)

    def action_back(self) -> None:
        self.dismiss(None)
