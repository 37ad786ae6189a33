"""The Textual application: one app, shared by the command line and the tests (``make_app``)."""

from __future__ import annotations

import asyncio
import gc
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reconnect.errors import ReconnectError
from reconnect.format.library import Library
from reconnect.i18n import N_, _
from reconnect.text import printable

if TYPE_CHECKING:  # the session machinery loads when a session begins, not at start-up
    from reconnect.core.session import Session
    from reconnect.format import Diagnostic, Exercise
    from reconnect.storage.store import Store

SAMPLE_NAMES = ("Alex", "Sam")
PREVIEW_POLL_SECONDS = 1.0
SAFETY_SEEN = "safety_notice_seen"
"""Also ``reconnect.safety.SEEN_SETTING`` (the line mode reads it there); spelled out here so
that start-up does not load the notice's text just for its key (a test keeps them equal)."""
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)
"""The words of the commands Textual puts in the palette, so that they are translated."""

THEME_SETTING = "theme"
EXIT_GRACE_SECONDS = 3.0


def settle_memory() -> None:
    """Set aside everything built at start-up (modules, styles, the first screen) from
    Python's garbage collector, which otherwise walks all of it now and then, for tens of
    milliseconds: long enough to make a key press miss its frame. Only once: what a session
    builds must stay collectable, or a long day of sessions would keep every one of them.

    The command line turns the collector off for the start-up (``cli/entry.py``); it is
    turned back on here, after the first screen is drawn."""
    gc.freeze()
    gc.enable()


class ReconnectApp(App[int]):
    """Home, set-up, session and summary screens over one library and (unless demo) one store."""

    CSS_PATH = "reconnect.tcss"
    TITLE = "reconnect"
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Quit"), id="app.quit", priority=True,
                tooltip=_("Leave reconnect. Outside a demonstration, everything entered so "
                          "far is already saved.")),
        Binding("f1", "safety", _("Safety"), id="app.safety",
                tooltip=_("Show the safety notice and where to find help.")),
        # Textual's own palette key, with its words in the language spoken
        Binding("ctrl+p", "command_palette", _("palette"), show=False, priority=True,
                tooltip=_("Open the command palette")),
    ]

    def __init__(
        self,
        *,
        library: Library,
        store: Store | None,
        demo: bool = False,
        clock: Callable[[], float] = time.time,
        preview: Path | None = None,
        start_at: str | None = None,
        rng: random.Random | None = None,
        second_copy: bool = False,
    ) -> None:
        super().__init__()
        self.second_copy = second_copy
        """Another window holds the data folder: this copy reads History or runs a
        demonstration, and never saves."""
        self.library = library
        self.store = store
        self.demo = demo or store is None
        self.clock = clock
        self.preview = preview
        """``reconnect preview``: the file shown, watched and reloaded whenever it is saved."""
        self.preview_stamp: tuple[int, int] | None = None
        self.preview_warnings: tuple[Diagnostic, ...] = ()
        self.preview_session: Session | None = None
        """The previewed session, kept while the file is broken so a fixed file carries on."""
        self.start_at = start_at
        self.rng = rng or random.Random()
        self.told_moved_aside = False
        if self.demo:
            self.sub_title = _("Demonstration · nothing is saved")
        if store is not None:
            try:
                saved_theme = store.get_setting(THEME_SETTING)
            except ReconnectError:
                saved_theme = None
            if saved_theme and saved_theme in self.available_themes:
                self.theme = saved_theme

    # start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # home is the bottom of the stack, so the first frame is the library itself
        from reconnect.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.keep_drafts_on_signals()
        self.call_after_refresh(settle_memory)
        if self.preview is not None:
            self.load_preview()
            self.set_interval(PREVIEW_POLL_SECONDS, self.reload_preview_if_saved)
            return
        if self.second_copy:
            self.ask_second_copy()
            return
        self.say_if_moved_aside()
        if self.store is not None:
            self.check_store()
            try:
                seen = self.store.get_setting(SAFETY_SEEN) == "yes"
            except ReconnectError:
                seen = False
            if not seen:
                self.action_safety(first_run=True)

    @work(thread=True, exclusive=True, group="verify")
    def check_store(self) -> None:
        """Check the whole progress file off the UI thread (the first save waits for it)."""
        store = self.store
        if store is None:
            return
        try:
            store.verify()
        except ReconnectError:
            return
        self.call_from_thread(self.say_if_moved_aside)

    def say_if_moved_aside(self) -> None:
        store = self.store
        if store is None or store.moved_aside is None or self.told_moved_aside:
            return
        self.told_moved_aside = True
        self.notify(_("The progress file could not be read, so it was moved to {path} (nothing "
                      "was deleted). reconnect started a fresh one.").format(
                          path=printable(str(store.moved_aside))),
                    title=_("Progress file moved aside"), severity="warning", timeout=30,
                    markup=False)

    def keep_drafts_on_signals(self) -> None:
        """Closing the terminal window (SIGHUP), SIGTERM and SIGINT keep the unsent words and
        the time left on a running clock, then quit as Ctrl+Q does."""
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, self.stop_for_signal, number)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # not on this platform, or not in the main thread (tests): nothing to keep

    def stop_for_signal(self, number: int) -> None:
        """Keep what is not saved yet, then go. Everything else is saved already (each event
        is committed as it happens), so stopping at once loses nothing."""
        self.keep_drafts()
        code = 128 + number
        if number == signal.SIGHUP:
            # the terminal is gone: restoring it could block for ever on a hung-up tty
            os._exit(code)
        self.exit(return_code=code)
        # a clean exit restores the terminal; if it cannot finish, do not linger
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()

    def ask_second_copy(self) -> None:
        """This copy found the data folder in use: read History, run a demonstration, or go."""
        from reconnect.tui.dialogs.second_copy import SecondCopyDialog

        def chosen(choice: str | None) -> None:
            if choice == "history" and self.store is not None:
                from reconnect.tui.screens.history import HistoryScreen

                self.push_screen(HistoryScreen(), lambda _closed: self.ask_second_copy())
            elif choice == "demo":
                self.become_demo()
            else:
                self.exit(return_code=1)

        self.push_screen(SecondCopyDialog(history=self.store is not None), chosen)

    def become_demo(self) -> None:
        """Carry on as a demonstration: nothing is read or written any more."""
        from reconnect.tui.screens.home import HomeScreen

        if self.store is not None:
            self.store.close()
        self.store = None
        self.demo = True
        self.sub_title = _("Demonstration · nothing is saved")
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_library()
        self.refresh_titles()

    def refresh_titles(self) -> None:
        from reconnect.tui.widgets.title_bar import TitleBar

        for bar in self.screen.query(TitleBar):
            bar.refresh_title()

    def watch_theme(self, theme: str) -> None:
        if self.store is not None:
            try:
                self.store.set_setting(THEME_SETTING, theme)
            except ReconnectError:
                pass  # a theme that is not remembered is no reason to interrupt anyone

    # actions ------------------------------------------------------------------------------

    def action_safety(self, first_run: bool = False) -> None:
        from reconnect.tui.dialogs.safety import SafetyDialog

        def seen(_closed: object) -> None:
            if first_run and self.store is not None:
                try:
                    self.store.set_setting(SAFETY_SEEN, "yes")
                except ReconnectError:
                    pass

        self.push_screen(SafetyDialog(first_run=first_run), seen)

    def keep_drafts(self) -> None:
        """Keep the unsent words of every open session, and when it was last on screen
        (before quitting, leaving it, or on a signal)."""
        from reconnect.tui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.session.flush_drafts()
                screen.session.mark_seen()

    def on_exit_app(self) -> None:
        """However the app is asked to close (Ctrl+Q, a browser tab closing under ``reconnect
        serve``, a signal to the web driver), unsent words are kept first."""
        self.keep_drafts()

    async def action_quit(self) -> None:
        """Quit; everything entered is saved already, and unsent words are kept too."""
        self.keep_drafts()
        self.exit()

    def action_home(self) -> None:
        """Back to the home screen; a session left open stays saved and can be resumed
        (in a demonstration nothing is saved: the session is simply left)."""
        from reconnect.tui.screens.home import HomeScreen

        self.keep_drafts()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def choose_by_id(self, exercise_id: str) -> None:
        """Open an exercise from the library, checking its file again first."""
        result = self.library.load(exercise_id)
        if result is None:
            return
        if result.exercise is None or result.exercise.id != exercise_id:
            problem = result.errors[0] if result.errors else None
            detail = f"{problem.location()}: {problem.message}" if problem \
                else _("its id changed")
            self.notify(_("This exercise file changed and cannot be opened now ({detail}). Run "
                          "`reconnect check` on it for details.").format(detail=detail),
                        title=_("Cannot open"), severity="error", timeout=20, markup=False)
            return
        self.choose(result.exercise)

    def choose(self, exercise: Exercise) -> None:
        """Ask for names and who starts, then begin ``exercise``."""
        from reconnect.tui.screens.setup import SetupScreen

        remembered = SAMPLE_NAMES if self.demo else ("", "")
        couples: tuple[tuple[str, str], ...] = ()
        if self.store is not None:
            try:
                couples = tuple((c.partner_a, c.partner_b) for c in self.store.couples(limit=20))
            except ReconnectError:
                couples = ()
            if couples:
                remembered = couples[0]

        def chosen(result: tuple[tuple[str, str], int] | None) -> None:
            if result is not None:
                names, first = result
                self.begin(exercise, names, first)

        self.push_screen(SetupScreen(exercise, remembered, couples), chosen)

    # preview --------------------------------------------------------------------------------

    def load_preview(self) -> None:
        """(Re)load the previewed file: carry the session on against the edited file by
        replaying it, or show the file's problems (and carry on once they are fixed)."""
        from reconnect.core.advice import check_file
        from reconnect.core.session import carried_over
        from reconnect.tui.screens.problems import ProblemsScreen
        from reconnect.tui.screens.session import SessionScreen

        assert self.preview is not None
        self.preview_stamp = file_stamp(self.preview)
        result = check_file(self.preview)
        if isinstance(self.screen, SessionScreen):
            self.preview_session = self.screen.session
        self.action_home()
        if result.exercise is None:
            self.library = Library(())
            self.push_screen(ProblemsScreen(str(self.preview), result.diagnostics))
            return
        exercise = result.exercise
        self.library = Library.of([exercise])
        self.preview_warnings = result.warnings
        if self.preview_session is not None:
            session, note = carried_over(self.preview_session, exercise)
            if note:
                self.notify(note, title=_("Preview"), severity="warning", timeout=10,
                            markup=False)
            self.show_session(session)
            return
        start_at = self.start_at
        if start_at and not exercise.has_step(start_at):
            self.notify(_("There is no step `{step}`; starting at the beginning.").format(
                step=start_at), severity="warning", markup=False)
            start_at = None
        self.begin(exercise, SAMPLE_NAMES, 0, start_at=start_at)

    def reload_preview_if_saved(self) -> None:
        if self.preview is not None and file_stamp(self.preview) != self.preview_stamp:
            self.load_preview()
            self.notify(_("Reloaded {file}.").format(file=self.preview.name), markup=False)

    # sessions -------------------------------------------------------------------------------

    def begin(self, exercise: Exercise, names: tuple[str, str], first: int,
              start_at: str | None = None) -> None:
        from reconnect.core import events as ev
        from reconnect.core.session import begin

        try:
            if self.store is not None:
                from reconnect.storage import journal

                couple_id = self.store.save_couple(names[0], names[1], self.clock())
                session = journal.begin(self.store, exercise, names, first, clock=self.clock,
                                        couple_id=couple_id)
            else:
                session = begin(exercise, names, first, clock=self.clock, demo=True)
        except ReconnectError as error:
            self.notify(_("The session could not be saved, so it was not started: {error}")
                        .format(error=error), title=_("Not started"), severity="error",
                        timeout=20, markup=False)
            return
        if start_at and exercise.has_step(start_at):
            session.send(ev.JumpTo(self.clock(), start_at))
        self.show_session(session)

    def show_session(self, session: Session) -> None:
        from reconnect.tui.screens.session import SessionScreen

        session.demo = self.demo
        self.push_screen(SessionScreen(session))

    def resume_session(self, session_id: int) -> None:
        from reconnect.storage import journal

        assert self.store is not None
        try:
            session = journal.resume(self.store, session_id, self.clock)
        except ReconnectError as error:
            self.notify(str(error), title=_("Cannot resume"), severity="error", timeout=30,
                        markup=False)
            return
        self.show_session(session)

    def finished(self, session: Session) -> None:
        from reconnect.tui.screens.summary import SummaryScreen

        if self.preview is not None:
            self.preview_session = None  # a finished preview starts afresh when reloaded
        self.switch_screen(SummaryScreen(session))

    def show_history(self) -> None:
        from reconnect.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):  # the palette offers it there too
            self.push_screen(HistoryScreen())

    # Textual's words for these, in the language spoken -----------------------------------

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C, outside a text box (where it copies): say how to leave."""
        self.notify(_("Press Ctrl+Q to leave reconnect."), title=_("Do you want to leave?"),
                    markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's own commands, in the language spoken (a command Textual adds later
            # keeps its English words until it is listed in TEXTUAL_COMMANDS)
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(_("History"), _("Past sessions and their transcripts, check-ins "
                                            "over time, your streak"), self.show_history)
        from reconnect.tui.screens.session import SessionScreen

        if isinstance(screen, SessionScreen):
            yield SystemCommand(_("Pause or resume"), _("Stop the clock; nothing moves on until "
                                                        "you carry on"), screen.action_pause)
            yield SystemCommand(_("Time-out"), _("A calm-down break for both of you, with a "
                                                 "countdown and an agreed return"),
                                screen.action_timeout)
            yield SystemCommand(_("Back"), _("Go back one step"), screen.action_back)
            if self.demo:
                yield SystemCommand(_("Jump to a step"), _("Demonstration: go to any step"),
                                    screen.action_jump)
                yield SystemCommand(_("Leave this exercise"), _(
                    "Back to the library (a demonstration: nothing is saved)"), self.action_home)
            else:
                yield SystemCommand(_("Leave this exercise"), _(
                    "Back to the library; the session stays saved so you can resume it"),
                    self.action_home)
        yield SystemCommand(_("Safety notice"), _("Not therapy, not a crisis service; where to "
                                                  "find help"), self.action_safety)


def make_app(
    *,
    library: Library,
    store: Store | None,
    demo: bool = False,
    clock: Callable[[], float] = time.time,
    preview: Path | None = None,
    start_at: str | None = None,
    rng: random.Random | None = None,
    second_copy: bool = False,
) -> ReconnectApp:
    """The one way to build the app, for the command line and the tests alike."""
    return ReconnectApp(library=library, store=store, demo=demo, clock=clock, preview=preview,
                        start_at=start_at, rng=rng, second_copy=second_copy)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a file is saved: its modification time and size (None if missing)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)
