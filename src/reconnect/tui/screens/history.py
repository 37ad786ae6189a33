"""History: the couple's streak, their check-ins over time, and every past session's transcript.

Looking back never changes anything: sessions are replayed read-only
(:func:`reconnect.storage.journal.trail_of`), so opening an unfinished one here does not resume
it. Reading the store runs in a worker thread, so the screen answers keys at once however long
the history is. The transcript is shown as plain text in a scrolling view rather than the
Markdown widget, which costs noticeably more to import and lay out; the couple reads their own
words, and the export is the Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reconnect.errors import ReconnectError
from reconnect.i18n import _, day_words, ngettext
from reconnect.reports.progress import Series, checkin_series, streak
from reconnect.storage.store import SessionRecord
from reconnect.tui.app import ReconnectApp
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.checkin_plot import CheckinPlot
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.long_list import LongList, OneLine, add_in_steps
from reconnect.tui.widgets.title_bar import TitleBar

SESSION_PREFIX = "session:"
HISTORY_LIMIT = 200
FIRST_PAGE = 30
"""Sessions in History's first frame (at least a screenful); the rest follow right after."""


def demo_text() -> str:
    return _("This is a demonstration, so nothing is saved and there is no history to show. "
             "In everyday use, every session and check-in appears here.")


def streak_text(days: int) -> str:
    if days <= 0:
        return _("No streak yet. Finish an exercise today to begin one.")
    if days == 1:
        return _("Your streak: 1 day. Another session tomorrow makes it two.")
    return ngettext("Your streak: {days} day in a row.", "Your streak: {days} days in a row.",
                    days).format(days=days)


def status_text(record: SessionRecord) -> str:
    if record.status == "finished":
        return _("finished")
    if record.status == "abandoned":
        return _("stopped at part {part} of {parts}").format(part=record.step_number,
                                                             parts=record.step_total)
    return _("part {part} of {parts}").format(part=record.step_number, parts=record.step_total)


def session_label(record: SessionRecord) -> Content:
    """One line per session; names and titles are data, so this is Content, never markup."""
    moment = datetime.fromtimestamp(record.started_at)
    return Content.assemble(
        (f"{day_words(moment, short=True)}, {moment:%H:%M}", "dim"),
        "  ",
        (record.exercise_title, "bold"),
        ("  ·  ", "dim"),
        f"{record.partner_a} & {record.partner_b}",
        ("  ·  ", "dim"),
        (status_text(record), "italic"),
    )


def session_option(record: SessionRecord) -> Option:
    return Option(OneLine(session_label(record)), id=f"{SESSION_PREFIX}{record.id}")


@dataclass(frozen=True)
class Past:
    """What History shows, read in one go off the UI thread."""

    days: int
    series: dict[str, Series]
    records: list[SessionRecord]


class HistoryScreen(StyledOnceScreen[None]):
    app = getters.app(ReconnectApp)

    DEFAULT_CSS = """
    HistoryScreen #history { padding: 0 1; }
    HistoryScreen #streak { text-style: bold; color: $accent; margin-top: 1; }
    HistoryScreen #checkin-plot { margin-left: 2; }
    HistoryScreen #sessions { height: 1fr; min-height: 5; border: round $panel-lighten-1;
                              scrollbar-gutter: stable; }
    """

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="history.back",
                tooltip=_("Back to the library")),
        Binding("d", "delete_session", _("Delete session"), id="history.delete-session",
                tooltip=_("Delete the highlighted session and everything written in it")),
        Binding("c", "delete_couple", _("Delete couple"), id="history.delete-couple",
                tooltip=_("Delete these two partners and all their sessions")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.later: list[SessionRecord] = []
        """Sessions below the fold, added right after the first frame."""

    def compose(self) -> ComposeResult:
        # The first frame is the whole of History: every read below walks an index and stops
        # at a limit, so it costs the same few milliseconds however long the history is. The
        # sessions below the fold are added right after it.
        yield TitleBar()
        with Vertical(id="history"):
            if self.app.store is None:
                yield Static(Content(_("History")), classes="screen-title")
                yield Static(Content(demo_text()), id="history-demo", classes="muted")
            else:
                try:
                    past = self.read_past()
                except ReconnectError as error:
                    yield from self.problem_widgets(str(error))
                else:
                    yield from self.past_widgets(past)
        yield KeyFooter()

    def on_mount(self) -> None:
        # keep the app's own subtitle (it says when nothing is saved) and add where we are
        self.sub_title = " · ".join(filter(None, [self.app.sub_title, _("History")]))
        self.query_one(TitleBar).refresh_title()
        self.show_the_rest()

    def read_past(self) -> Past:
        store = self.app.store
        assert store is not None
        couple = store.latest_couple()  # the couple's own streak, never a mix of couples
        couple_id = couple.id if couple is not None else None
        today = date.fromtimestamp(self.app.clock())
        return Past(streak(store.session_days(couple_id=couple_id, until_gap=True), today),
                    checkin_series(store.checkin_points(couple_id=couple_id)),
                    store.recent_sessions(limit=HISTORY_LIMIT))

    @staticmethod
    def problem_widgets(problem: str) -> list[Static]:
        return [Static(Content(_("History")), classes="screen-title"),
                Static(Content(_("The history could not be read: {problem}").format(
                    problem=problem)), id="history-error")]

    def past_widgets(self, past: Past) -> list[Widget]:
        widgets: list[Widget] = [
            Static(Content(streak_text(past.days)), id="streak"),
            Static(Content(_("Check-ins over time (both of you, averaged)")),
                   classes="section-title"),
            CheckinPlot(past.series, id="checkin-plot"),
            Static(Content(_("Past sessions: choose one to read its transcript")),
                   classes="section-title"),
        ]
        if past.records:
            shown = max(FIRST_PAGE, self.app.size.height)
            self.later = past.records[shown:]
            sessions = LongList(*map(session_option, past.records[:shown]), id="sessions",
                                markup=False)
            sessions.highlighted = 0
            widgets.append(sessions)
        else:
            widgets.append(Static(Content(_("No sessions yet.")), id="no-sessions",
                                  classes="muted"))
        return widgets

    def show_the_rest(self) -> None:
        """Focus the list of sessions, and add the ones below the fold after this frame."""
        for sessions in self.query("#sessions").results(OptionList):
            sessions.focus()
            if self.later:
                self.call_after_refresh(add_in_steps, sessions, self.later, session_option)
                self.later = []

    @work(thread=True, exclusive=True, group="history")
    def read_history(self) -> None:
        """Read the store again off the UI thread (after a deletion), then show it."""
        try:
            past = self.read_past()
        except ReconnectError as error:
            self.app.call_from_thread(self.call_later, self.show_widgets,
                                      self.problem_widgets(str(error)))
            return
        self.app.call_from_thread(self.call_later, self.show_widgets, self.past_widgets(past))

    async def show_widgets(self, widgets: list[Widget]) -> None:
        body = self.query_one("#history", Vertical)
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(widgets)
        self.show_the_rest()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(SESSION_PREFIX):
            self.open_transcript(int(option_id[len(SESSION_PREFIX):]))

    @work(thread=True, exclusive=True, group="transcript")
    def open_transcript(self, session_id: int) -> None:
        from reconnect.reports.transcript import stored_transcript, transcript_filename

        store = self.app.store
        assert store is not None
        try:
            record = store.session(session_id)
            text = stored_transcript(store, record) if record is not None else None
        except ReconnectError as error:
            self.app.call_from_thread(
                self.notify, str(error), title=_("Cannot show the transcript"),
                severity="error", markup=False, timeout=20)
            return
        if record is None or text is None:
            self.app.call_from_thread(self.notify, _("That session no longer exists."),
                                      severity="warning", markup=False)
            return
        screen = TranscriptScreen(text, transcript_filename(record.exercise_title,
                                                            record.started_at))
        self.app.call_from_thread(self.app.push_screen, screen)

    def action_back(self) -> None:
        self.dismiss(None)

    # deleting ------------------------------------------------------------------------------

    def highlighted(self) -> SessionRecord | None:
        found = self.query("#sessions")
        if not found:
            return None
        sessions = found.first(OptionList)
        if sessions.highlighted is None:
            return None
        option_id = sessions.get_option_at_index(sessions.highlighted).id or ""
        store = self.app.store
        if store is None or not option_id.startswith(SESSION_PREFIX):
            return None
        try:
            return store.session(int(option_id[len(SESSION_PREFIX):]))
        except ReconnectError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete_session", "delete_couple"):
            store = self.app.store
            return (self.is_mounted and store is not None and not store.read_only
                    and bool(self.query("#sessions")))
        return True

    def action_delete_session(self) -> None:
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        record = self.highlighted()
        store = self.app.store
        if record is None or store is None:
            return
        moment = datetime.fromtimestamp(record.started_at)

        def answered(delete: bool | None) -> None:
            if delete:
                self.deleted(store.delete_session, record.id,
                             _("Deleted “{title}” of {day}.").format(
                                 title=record.exercise_title,
                                 day=day_words(moment, weekday=False, year=False)))

        self.app.push_screen(ConfirmDialog(
            _("Delete “{title}” with {first} and {second}, from {day}? Its answers, check-ins "
              "and homework are deleted from this computer.").format(
                  title=record.exercise_title, first=record.partner_a,
                  second=record.partner_b, day=day_words(moment)),
            _("Delete it"), _("Keep it"), destructive=True), answered)

    def action_delete_couple(self) -> None:
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        record = self.highlighted()
        store = self.app.store
        if record is None or store is None:
            return
        if record.couple_id is None:
            self.notify(_("This session belongs to no saved couple; press d to delete it."),
                        markup=False)
            return
        couple_id = record.couple_id
        try:
            count = store.session_count(couple_id)
        except ReconnectError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        first, second = record.partner_a, record.partner_b

        def answered(delete: bool | None) -> None:
            if delete:
                self.deleted(store.delete_couple, couple_id,
                             _("Deleted {first} and {second} and their sessions.").format(
                                 first=first, second=second))

        self.app.push_screen(ConfirmDialog(
            ngettext("Delete {first} and {second} and all {count} of their session? Every "
                     "answer, check-in and homework of theirs is deleted from this computer.",
                     "Delete {first} and {second} and all {count} of their sessions? Every "
                     "answer, check-in and homework of theirs is deleted from this computer.",
                     count).format(first=first, second=second, count=count),
            _("Delete them"), _("Keep them"), destructive=True), answered)

    def deleted(self, delete: Callable[[int], object], key: int, said: str) -> None:
        try:
            delete(key)
        except ReconnectError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(said, markup=False)
        self.read_history()


class TranscriptScreen(StyledOnceScreen[None]):
    """One session's transcript, to read and scroll; ``e`` saves it as a Markdown file."""

    app = getters.app(ReconnectApp)

    DEFAULT_CSS = """
    TranscriptScreen #transcript { padding: 0 2; }
    """

    BINDINGS = [
        Binding("e", "export", _("Export"), id="transcript.export",
                tooltip=_("Save this transcript as a Markdown file where you choose")),
        Binding("escape", "back", _("Back"), id="transcript.back",
                tooltip=_("Back to History")),
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
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = " · ".join(filter(None, [self.app.sub_title, _("Transcript")]))
        self.query_one(TitleBar).refresh_title()
        self.query_one("#transcript", VerticalScroll).focus()

    def action_export(self) -> None:
        from reconnect.tui.dialogs.export import ExportDialog

        def saved(path: object) -> None:
            if path is not None:
                self.notify(_("Transcript saved to {path}").format(path=path),
                            title=_("Saved"), markup=False, timeout=10)

        self.app.push_screen(ExportDialog(self.text, self.filename, note=self.note), saved)

    def action_back(self) -> None:
        self.dismiss(None)
