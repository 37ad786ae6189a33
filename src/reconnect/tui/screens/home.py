"""Home: an unfinished session first, homework due, the library by category, and below it the
couple's streak and a small picture of their check-ins over time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reconnect.errors import ReconnectError
from reconnect.format.categories import category_title
from reconnect.format.languages import other_language
from reconnect.i18n import _, ngettext
from reconnect.storage.store import Homework, SessionRecord
from reconnect.tui.app import ReconnectApp
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.long_list import LongList, add_in_steps
from reconnect.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from reconnect.format.library import Entry as LibraryEntry
    from reconnect.reports.progress import Series

RESUME_PREFIX = "resume:"
HOMEWORK_PREFIX = "homework:"
MAX_HOMEWORK = 3
"""Homework lines on home; more are counted, so the library stays in view."""
FIRST_FRAME_OPTIONS = 12
"""Options in the first frame: what a 30-line terminal shows (exercises take two lines)."""
EXERCISE_PREFIX = "exercise:"


def resume_label(record: SessionRecord) -> Text:
    return Text.assemble(
        (_("Resume:") + " ", "bold"),
        (record.exercise_title, "bold"),
        "  " + part_words(record.step_number, record.step_total),
        ("  ·  ", "dim"),
        (f"{record.partner_a} & {record.partner_b}", "dim"),
    )


def part_words(part: int, parts: int) -> str:
    # Translators: how far along an exercise a couple is ("part 3 of 9")
    return _("part {part} of {parts}").format(part=part, parts=parts)


def due_words(due_at: float | None, now: float) -> str:
    if due_at is None:
        return ""
    days = round((due_at - now) / 86400)
    if days == -1:
        return _("was due yesterday")
    if days < 0:
        return ngettext("was due {days} day ago", "was due {days} days ago", -days).format(
            days=-days)
    if days == 0:
        return _("due today")
    if days == 1:
        return _("due tomorrow")
    return ngettext("due in {days} day", "due in {days} days", days).format(days=days)


def homework_label(item: Homework, now: float) -> Text:
    """One line per homework, so the library stays in view; choosing it shows it all."""
    first, _newline, rest = item.text.partition("\n")
    tasks = sum(1 for line in rest.splitlines() if line.startswith("- "))
    extra = "  ·  " + ngettext("{count} task", "{count} tasks", tasks).format(count=tasks) \
        if tasks else ""
    due = due_words(item.due_at, now)
    # under the heading "Homework until next time": the words alone, not "Homework:" again
    return Text.assemble(first, (extra, "dim"),
                         (f"  ·  {due}" if due else "", "dim"), no_wrap=True,
                         overflow="ellipsis")


def streak_words(days: int) -> str:
    if days <= 0:
        return ""
    return "♥ " + (_("You practised together today or yesterday.") if days == 1
                   else ngettext("{days} day in a row together.",
                                 "{days} days in a row together.", days).format(days=days))


def exercise_label(title: str, minutes: int, summary: str, language: str = "") -> Text:
    """An exercise in the library; ``language``: words saying it is written in another
    language than the one spoken (no translation of it is in the library)."""
    written_in = f"  ·  {language}" if language else ""
    return Text.assemble((title, "bold"),
                         ("  " + _("{minutes} min").format(minutes=minutes) + written_in,
                          "dim"), "\n",
                         (summary, "italic"))


def progress_widgets(days: int, series: dict[str, Series]) -> list[Widget]:
    """The streak line and the picture of check-ins, each when there is anything to show."""
    from reconnect.tui.widgets.checkin_plot import CheckinPlot

    widgets: list[Widget] = []
    if days:
        widgets.append(Static(Content(streak_words(days)), id="streak"))
    if series:
        widgets.append(CheckinPlot(series, id="home-checkins"))
    return widgets


def header_option(words: str) -> Option:
    return Option(Text(words, style="bold underline"), disabled=True)


def exercise_option(entry: LibraryEntry) -> Option:
    return Option(exercise_label(entry.title, entry.minutes, entry.summary,
                                 other_language(entry.language)),
                  id=f"{EXERCISE_PREFIX}{entry.id}")


def as_is(option: Option) -> Option:
    """An option made already (unfinished sessions and homework: a few, read together)."""
    return option


def made(make: Callable[[], Option]) -> Option:
    return make()


def first_choice(options: Sequence[Option]) -> int | None:
    """The first option that can be chosen (headers are not)."""
    return next((number for number, option in enumerate(options) if not option.disabled), None)


class HomeScreen(StyledOnceScreen[None]):
    app = getters.app(ReconnectApp)

    BINDINGS = [
        Binding("q", "app.quit", _("Quit"), id="home.quit", show=False),
        Binding("d", "discard", _("Discard"), id="home.discard",
                tooltip=_("Discard the highlighted unfinished session (it asks first)")),
        Binding("h", "history", _("History"), id="home.history",
                tooltip=_("Past sessions, transcripts, check-ins and your streak")),
    ]

    def action_history(self) -> None:
        self.app.show_history()

    def __init__(self) -> None:
        super().__init__()
        self.composed_fresh = True

    def compose(self) -> ComposeResult:
        # The first frame is the complete screen a person sees: the first screenful of the
        # library, the streak and the picture of check-ins (both read along indexes, so their
        # cost does not grow with the history). The options below the fold are added right
        # after it (laying them all out up front would delay the first frame for no one).
        makers = self.option_makers()
        shown = max(FIRST_FRAME_OPTIONS, self.app.size.height // 2)
        self.later = makers[shown:]
        yield TitleBar()
        with Vertical(id="home"):
            yield Static(Content(self.intro_text()), id="home-intro")
            yield LongList(*(make() for make in makers[:shown]), id="library", markup=False)
            yield Static(Content(self.problems_text()), id="problems", markup=False)
            progress = progress_widgets(*self.read_progress_now())
            strip = Vertical(*progress, id="progress-strip")
            strip.display = bool(progress)
            yield strip
        yield KeyFooter()

    def on_mount(self) -> None:
        option_list = self.query_one("#library", OptionList)
        option_list.highlighted = first_choice(option_list.options)
        if self.later:
            self.call_after_refresh(add_in_steps, option_list, self.later, made)
            self.later = []
        self.query_one("#problems", Static).display = bool(self.problems_text())
        option_list.focus()

    def on_screen_resume(self) -> None:
        # also sent when the screen is first shown; only a return needs fresh data
        if self.composed_fresh:
            self.composed_fresh = False
            return
        self.refresh_library()

    def read_progress_now(self) -> tuple[int, dict[str, Series]]:
        """The couple's streak and their check-ins over time (nothing without a store): the
        most recent couple on this computer, whose progress this is."""
        from datetime import date

        from reconnect.reports.progress import checkin_series, streak

        store = self.app.store
        if store is None:
            return 0, {}
        try:
            couple = store.latest_couple()
            couple_id = couple.id if couple is not None else None
            days = streak(store.session_days(couple_id=couple_id, until_gap=True),
                          date.fromtimestamp(self.app.clock()))
            series = checkin_series(store.checkin_points(limit=200, couple_id=couple_id))
        except ReconnectError:
            return 0, {}
        return days, series

    @work(thread=True, exclusive=True, group="home-progress")
    def read_progress(self) -> None:
        """Read the progress again off the UI thread (back home after a session)."""
        days, series = self.read_progress_now()
        self.app.call_from_thread(self.call_later, self.draw_progress, days, series)

    async def draw_progress(self, days: int, series: dict[str, Series]) -> None:
        strip = self.query_one("#progress-strip", Vertical)
        widgets = progress_widgets(days, series)
        strip.display = bool(widgets)
        with self.app.batch_update():
            await strip.remove_children()
            await strip.mount_all(widgets)

    def intro_text(self) -> str:
        if not self.app.library.entries:
            return _("No exercises were found. Run `reconnect check` on your folders.")
        if self.app.demo:  # nothing is saved, so there is nothing to pick up later
            return _("Choose an exercise to try. This is a demonstration: nothing is saved.")
        return _("Choose an exercise, or pick up where you left off.")

    def problems_text(self) -> str:
        problems = self.app.library.problems
        if not problems:
            return ""
        lines = [ngettext("{count} exercise file could not be loaded:",
                          "{count} exercise files could not be loaded:",
                          len(problems)).format(count=len(problems))]
        return "\n".join(lines + [f"  {problem.summary}" for problem in problems[:5]])

    def library_options(self) -> list[Option]:
        return [make() for make in self.option_makers()]

    def option_makers(self) -> list[Callable[[], Option]]:
        """The library's options, each still to be made: the first frame makes only those it
        shows (a label costs tens of microseconds, and there may be hundreds)."""
        library = self.app.library
        makers: list[Callable[[], Option]] = []
        store = self.app.store
        if store is not None:
            makers.extend(partial(as_is, item) for item in self.library_options_above())
        for category, entries in library.by_category().items():
            makers.append(partial(header_option, category_title(category)))
            makers.extend(partial(exercise_option, entry) for entry in entries)
        return makers

    def library_options_above(self) -> list[Option]:
        """What comes before the library: unfinished sessions and homework, with headers."""
        store = self.app.store
        assert store is not None
        options: list[Option] = []
        try:
            unfinished = store.unfinished_sessions(limit=3)
        except ReconnectError:
            unfinished = []
        if unfinished:
            options.append(header_option(_("Unfinished")))
            options.extend(Option(resume_label(record), id=f"{RESUME_PREFIX}{record.id}")
                           for record in unfinished)
        try:
            due = store.open_homework()
        except ReconnectError:
            due = []
        homework = due[:MAX_HOMEWORK]
        if homework:
            now = self.app.clock()
            options.append(header_option(_("Homework until next time")))
            options.extend(Option(homework_label(item, now), id=f"{HOMEWORK_PREFIX}{item.id}")
                           for item in homework)
            if len(due) > len(homework):
                more = len(due) - len(homework)
                options.append(Option(Text(ngettext(
                    "and {count} more: marking these done shows the rest",
                    "and {count} more: marking these done shows the rest", more).format(
                        count=more), style="dim italic"), disabled=True))
        return options

    def refresh_library(self) -> None:
        option_list = self.query_one("#library", OptionList)
        options = self.library_options()
        option_list.clear_options()
        option_list.add_options(options)
        # back home, what is new (an unfinished session, homework) comes first and in view
        option_list.highlighted = first_choice(options)
        option_list.scroll_home(animate=False)
        problems = self.query_one("#problems", Static)
        problems.update(Content(self.problems_text()))
        problems.display = bool(self.problems_text())
        option_list.focus()
        if self.app.store is not None:
            self.read_progress()

    def ask_homework_done(self, homework_id: int) -> None:
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        store = self.app.store
        if store is None:
            return

        def answered(done: bool | None) -> None:
            if done:
                try:
                    store.mark_homework_done(homework_id, self.app.clock())
                except ReconnectError as error:
                    self.notify(str(error), severity="error", markup=False)
                self.refresh_library()

        try:
            item = next((h for h in store.open_homework() if h.id == homework_id), None)
        except ReconnectError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        what = item.text if item else _("this homework")
        self.app.push_screen(ConfirmDialog(_("Have you both done it?") + f"\n\n{what}",
                                           _("Mark it done"), _("Not yet")), answered)

    def highlighted_session(self) -> int | None:
        """The unfinished session the library's highlight is on, if it is on one."""
        option_list = self.query_one("#library", OptionList)
        if option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id or ""
        return int(option_id[len(RESUME_PREFIX):]) if option_id.startswith(RESUME_PREFIX) \
            else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard":
            return self.is_mounted and self.app.store is not None \
                and not self.app.store.read_only and self.highlighted_session() is not None
        return True

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()  # "Discard" shows only on an unfinished session

    def action_discard(self) -> None:
        """Discard an unfinished session: it asks once, naming it, and keeps it by default."""
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        store = self.app.store
        session_id = self.highlighted_session()
        if store is None or session_id is None:
            return
        try:
            record = store.session(session_id)
        except ReconnectError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if record is None:
            return

        def answered(discard: bool | None) -> None:
            if not discard:
                return
            try:
                store.delete_session(session_id)
            except ReconnectError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(_("Discarded “{title}”.").format(title=record.exercise_title),
                        markup=False)
            self.refresh_library()

        self.app.push_screen(ConfirmDialog(
            _("Discard “{title}” with {first} and {second}, unfinished at part {part}? "
              "Everything written in it is deleted from this computer.").format(
                  title=record.exercise_title, first=record.partner_a,
                  second=record.partner_b, part=record.step_number),
            _("Discard it"), _("Keep it"), destructive=True), answered)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(HOMEWORK_PREFIX):
            self.ask_homework_done(int(option_id[len(HOMEWORK_PREFIX):]))
        elif option_id.startswith(RESUME_PREFIX):
            self.app.resume_session(int(option_id[len(RESUME_PREFIX):]))
        elif option_id.startswith(EXERCISE_PREFIX):
            self.app.choose_by_id(option_id[len(EXERCISE_PREFIX):])
