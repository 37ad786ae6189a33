"""The line mode's numbered menus, the set-up before an exercise, and its launch.

The library by category, unfinished sessions to resume and homework are one numbered list;
choosing is a number and Enter. Names and who starts are asked one question at a time. Every
session goes through the same store and journal as the full-screen app, so a session begun
here can be carried on there and back.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reconnect import locations
from reconnect.core.session import Session
from reconnect.errors import ExitCode, ReconnectError, nothing_changed
from reconnect.format.categories import category_title
from reconnect.format.languages import other_language
from reconnect.format.library import Library, load_library
from reconnect.i18n import _, ngettext
from reconnect.plain import words
from reconnect.plain.session import (
    HELP,
    HOME,
    QUIT,
    SAFETY,
    Outcome,
    Quit,
    SessionLoop,
    is_yes,
    means,
)
from reconnect.plain.terminal import EndOfInput, Interrupted, Keyboard, Output
from reconnect.safety import SEEN_SETTING
from reconnect.storage.lock import AlreadyOpen, DataLock, acquire
from reconnect.storage.store import Store

if TYPE_CHECKING:
    from reconnect.format.model import Exercise

SAMPLE_NAMES = ("Alex", "Sam")
MAX_UNFINISHED = 3
MAX_HOMEWORK = 5
PREVIEW_POLL_SECONDS = 0.5


class _Back(Exception):
    """The couple asked to go back to the library from a question."""


def written_in(language: str) -> str:
    """What follows an exercise written in another language than the one spoken (the
    library has no translation of it): " (In Spanish.)"; "" otherwise."""
    said = other_language(language)
    return f" ({words.sentence(words.capitalized(said))})" if said else ""


@dataclass(frozen=True)
class Item:
    """One numbered line of the home menu."""

    kind: str
    """"resume", "homework" or "exercise"."""
    key: str
    words: str
    title: str = ""


@dataclass
class PlainApp:
    out: Output
    keys: Keyboard
    library: Library
    store: Store | None
    demo: bool = False
    clock: Callable[[], float] = time.time
    rng: random.Random = field(default_factory=random.Random)

    # reading ---------------------------------------------------------------------------------

    def ask(self, prompt: str, *, allow_back: bool = True) -> str:
        """One line typed after ``prompt``. ``q`` quits and ``safety`` shows the notice at any
        question; ``home`` goes back to the library."""
        while True:
            self.out.prompt(prompt)
            try:
                line = self.keys.read_line(None)
            except Interrupted:
                raise Quit(130) from None
            except EndOfInput:
                raise Quit(0) from None
            if line is None:
                continue
            self.out.typed(echoed=self.keys.echoes)
            word = line.strip().casefold()
            if means(word, QUIT):
                raise Quit(0)
            if means(word, SAFETY):
                self.out.paragraphs(words.safety_notice())
                continue
            if allow_back and means(word, HOME):
                raise _Back()
            return line.strip()

    # home ------------------------------------------------------------------------------------

    def run_home(self) -> int:
        self.welcome()
        items: list[Item] = []
        fresh = True
        while True:
            if fresh:
                items = self.menu()
            fresh = True
            line = self.ask(_("Your choice:") + " ", allow_back=False)
            word = line.casefold()
            if means(word, HELP):
                self.out.line("\n".join(words.commands(None, saved=not self.demo)))
                fresh = False  # the list is as it was: no need to hear it all again
                continue
            by_name = next((item for item in items if item.kind == "exercise"
                            and word in (item.key, item.title.casefold())), None)
            if by_name is not None:  # scripts may name an exercise by its id or title
                items = [by_name]
                word = "1"
            if not word.isdigit() or not 1 <= int(word) <= len(items):
                self.out.line(words.number_between(1, len(items))
                              if items else _("There is nothing to choose. Type q to quit."))
                fresh = False
                continue
            item = items[int(word) - 1]
            try:
                self.open(item)
            except _Back:
                continue

    def welcome(self) -> None:
        self.out.line(_("reconnect, line by line.") + (
            " " + _("Demonstration: nothing is saved.") if self.demo else ""), strong=True)
        store = self.store
        if store is None:
            return
        if store.moved_aside is not None:
            self.out.line(_("The progress file could not be read, so it was moved to {path} "
                            "(nothing was deleted). reconnect started a fresh one.").format(
                                path=store.moved_aside))
        try:
            seen = store.get_setting(SEEN_SETTING) == "yes"
        except ReconnectError:
            seen = False
        if not seen:
            self.out.blank()
            self.out.paragraphs(words.safety_notice())
            self.out.blank()
            self.out.line(_("Press Enter when you have both read it."))
            self.ask("", allow_back=False)
            try:
                store.set_setting(SEEN_SETTING, "yes")
            except ReconnectError:
                pass

    def menu(self) -> list[Item]:
        """Say the numbered list and return what each number opens."""
        items: list[Item] = []
        sections: list[tuple[str, list[Item]]] = []
        store = self.store
        if store is not None:
            try:
                unfinished = store.unfinished_sessions(limit=MAX_UNFINISHED)
            except ReconnectError:
                unfinished = []
            if unfinished:
                sections.append((_("Unfinished sessions, to carry on:"), [
                    Item("resume", str(record.id),
                         _("Resume {title}, part {part} of {parts}, {first} and {second}.")
                         .format(title=record.exercise_title, part=record.step_number,
                                 parts=record.step_total, first=record.partner_a,
                                 second=record.partner_b))
                    for record in unfinished]))
            try:
                homework = store.open_homework()[:MAX_HOMEWORK]
            except ReconnectError:
                homework = []
            if homework:
                now = self.clock()
                sections.append((_("Homework until next time:"), [
                    Item("homework", str(item.id),
                         " ".join(part for part in (
                             words.sentence(_("Homework:") + " "
                                            + item.text.partition("\n")[0]),
                             words.due_words(item.due_at, now)) if part))
                    for item in homework]))
        for category, entries in self.library.by_category().items():
            sections.append((f"{category_title(category)}:", [
                Item("exercise", entry.id, ngettext(
                    "{title}, {minutes} minute.", "{title}, {minutes} minutes.",
                    entry.minutes).format(title=entry.title, minutes=entry.minutes)
                     + written_in(entry.language)
                     + f" {words.sentence(entry.summary)}", entry.title) for entry in entries]))
        self.out.blank()
        if not sections:
            self.out.line(_("No exercises were found. Run reconnect check on your folders."))
        else:
            self.out.line(_("Choose an exercise to try. Type its number, then press Enter. "
                            "Type help, or a question mark, for the other commands.")
                          if self.demo else
                          _("Choose an exercise, or pick up where you left off. Type its "
                            "number, then press Enter. Type help, or a question mark, for the "
                            "other commands."))
        for heading, section in sections:
            self.out.blank()
            self.out.line(heading, strong=True)
            for item in section:
                items.append(item)
                self.out.line(f"{len(items)}. {item.words}")
        problems = self.library.problems
        if problems:
            self.out.blank()
            self.out.line(ngettext("{count} exercise file could not be loaded:",
                                   "{count} exercise files could not be loaded:",
                                   len(problems)).format(count=len(problems)) + "\n"
                          + "\n".join(problem.summary for problem in problems[:5]))
        return items

    def open(self, item: Item) -> None:
        if item.kind == "resume":
            self.resume(int(item.key))
        elif item.kind == "homework":
            self.homework_done(int(item.key))
        else:
            self.choose(item.key)

    def homework_done(self, homework_id: int) -> None:
        store = self.store
        assert store is not None
        answer = self.ask(_("Have you both done it?") + " "
                          + _("Type yes or no, then press Enter.") + " ")
        if not is_yes(answer):
            return
        try:
            store.mark_homework_done(homework_id, self.clock())
        except ReconnectError as error:
            self.out.line(str(error))
            return
        self.out.line(_("Marked as done. Well done, both of you."))

    # sessions --------------------------------------------------------------------------------

    def resume(self, session_id: int) -> None:
        from reconnect.storage import journal

        assert self.store is not None
        try:
            session = journal.resume(self.store, session_id, self.clock)
        except ReconnectError as error:
            self.out.line(_("This session cannot be carried on.") + f" {error}")
            return
        self.play(session)

    def choose(self, exercise_id: str) -> None:
        result = self.library.load(exercise_id)
        if result is None:
            return
        exercise = result.exercise
        if exercise is None or exercise.id != exercise_id:
            problem = result.errors[0] if result.errors else None
            detail = f"{problem.location()}: {problem.message}" if problem \
                else _("its id changed")
            self.out.line(_("This exercise file changed and cannot be opened now ({detail}). "
                            "Run reconnect check on it for details.").format(detail=detail))
            return
        self.out.blank()
        minutes = ngettext("{minutes} minute.", "{minutes} minutes.", exercise.minutes).format(
            minutes=exercise.minutes)
        self.out.paragraphs([(words.sentence(exercise.title), True),
                             (f"{minutes} {words.sentence(exercise.summary)}", False),
                             (_("Type home at any question to go back to the library."),
                              False)])
        names, first = self.set_up()
        session = self.begin(exercise, names, first)
        if session is not None:
            self.play(session)

    def remembered(self) -> tuple[str, str]:
        if self.demo or self.store is None:
            return SAMPLE_NAMES
        try:
            couple = self.store.latest_couple()
        except ReconnectError:
            return ("", "")
        return (couple.partner_a, couple.partner_b) if couple is not None else ("", "")

    def set_up(self) -> tuple[tuple[str, str], int]:
        """The two names (remembered) and who starts. Raises _Back."""
        from reconnect.core.engine import check_names

        remembered = self.remembered()
        while True:
            typed = []
            questions = (_("The first partner's name, please."),
                         _("The second partner's name, please."))
            for question, kept in zip(questions, remembered, strict=True):
                keep = " " + _("Press Enter to keep {name}, or type another name.").format(
                    name=kept) if kept else ""
                self.out.line(question + keep)
                name = self.ask(_("Name:") + " ") or kept
                typed.append(name)
            names, problem = check_names(typed[0], typed[1])
            if names is not None:
                break
            self.out.line(problem)
        while True:
            self.out.line(_("Who starts? Type 1 for {first}, 2 for {second}, or 3 to flip a "
                            "coin.").format(first=names[0], second=names[1]))
            choice = self.ask(_("Your choice:") + " ") or "1"
            if choice in ("1", "2"):
                return names, int(choice) - 1
            if choice == "3":
                first = self.rng.randrange(2)
                self.out.line(_("The coin says {name} starts.").format(name=names[first]))
                return names, first
            self.out.line(_("Please type 1, 2 or 3."))

    def begin(self, exercise: Exercise, names: tuple[str, str], first: int) -> Session | None:
        from reconnect.core.session import begin

        try:
            if self.store is not None:
                from reconnect.storage import journal

                couple_id = self.store.save_couple(names[0], names[1], self.clock())
                return journal.begin(self.store, exercise, names, first, clock=self.clock,
                                     couple_id=couple_id)
            return begin(exercise, names, first, clock=self.clock, demo=True)
        except ReconnectError as error:
            self.out.line(_("The session could not be saved, so it was not started: {error}")
                          .format(error=error))
            return None

    def play(self, session: Session, reload: Callable[[Session], tuple[Session | None, str]]
             | None = None) -> Outcome:
        session.demo = self.demo
        outcome = SessionLoop(session, self.out, self.keys, reload=reload).run()
        if outcome is Outcome.HOME:
            self.out.line(_("Back to the library.") + " " + (
                _("The session stays saved; choose it from the list to carry on.")
                if session.saving else _("Nothing was saved.")))
        return outcome

    # preview ---------------------------------------------------------------------------------

    def run_preview(self, path: Path, start_at: str | None) -> int:
        """One exercise file with sample names, nothing saved; reloaded whenever it is saved."""
        from reconnect.core import events as ev
        from reconnect.core.advice import check_file
        from reconnect.core.session import begin, carried_over
        from reconnect.format.report import concise

        stamp = file_stamp(path)

        def reload(session: Session) -> tuple[Session | None, str]:
            nonlocal stamp
            now = file_stamp(path)
            if now == stamp:
                return None, ""
            stamp = now
            result = check_file(path)
            if result.exercise is None:
                first = result.errors[0].message if result.errors \
                    else _("it does not load")
                return None, _("{file} has a problem now ({problem}). The preview carries on "
                               "as it was; save the file again once it is fixed.").format(
                                   file=path.name, problem=first)
            carried, note = carried_over(session, result.exercise)
            return carried, " ".join(part for part in (
                _("Reloaded {file}.").format(file=path.name), note) if part)

        self.out.line(_("Preview of {file}, with sample names. Nothing is saved.").format(
            file=path.name), strong=True)
        while True:
            result = check_file(path)
            exercise = result.exercise
            if exercise is None:
                self.out.line(_("{file} cannot be shown yet:").format(file=path.name) + "\n"
                              + "\n".join(concise(d) for d in result.diagnostics[:10]))
                self.out.line(_("Save the file once it is fixed and the preview starts. Type q "
                                "to quit."))
                self.wait_for_change(path)
                stamp = file_stamp(path)
                continue
            if result.warnings:
                self.out.line(_("Checker warnings:") + "\n"
                              + "\n".join(concise(w) for w in result.warnings))
            session = begin(exercise, SAMPLE_NAMES, 0, clock=self.clock, demo=True)
            if start_at:
                if exercise.has_step(start_at):
                    session.send(ev.JumpTo(self.clock(), start_at))
                else:
                    self.out.line(_("There is no step {step}; starting at the beginning.")
                                  .format(step=start_at))
            self.play(session, reload)
            self.out.line(_("The preview is over. Press Enter to run it again, or type q to "
                            "quit."))
            self.ask("", allow_back=False)
            stamp = file_stamp(path)

    def wait_for_change(self, path: Path) -> None:
        stamp = file_stamp(path)
        while file_stamp(path) == stamp:
            try:
                line = self.keys.read_line(PREVIEW_POLL_SECONDS)
            except Interrupted:
                raise Quit(130) from None
            except EndOfInput:
                raise Quit(0) from None
            if line is not None and means(line, QUIT):
                raise Quit(0)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a file is saved: its modification time and size (None if missing)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def launch(*, data_dir: Path, folders: Sequence[Path], demo: bool, preview: Path | None = None,
           start_at: str | None = None, stdin: int = 0, stdout: TextIO | None = None,
           width: int | None = None) -> int:
    """Run the line mode; returns the process exit code. (``stdin``, ``stdout`` and ``width``
    are for tests.)"""
    out = Output(stdout if stdout is not None else sys.stdout, width=width)
    store = None
    lock: DataLock | None = None
    if not demo and preview is None:
        advice = nothing_changed("reconnect --plain --demo")
        try:
            lock = acquire(data_dir)
        except AlreadyOpen:
            # one writer per data folder, as in the full-screen app: two copies never write
            # one session
            sys.stderr.write("reconnect: " + _(
                "reconnect is already open in another window, and only one can save at a "
                "time. Close the other one first.") + f" {advice}\n")
            return ExitCode.PROBLEMS
        except ReconnectError as error:
            sys.stderr.write(f"reconnect: {error}\n{advice}\n")
            return ExitCode.PROBLEMS
        try:
            store = Store.open(data_dir)
        except ReconnectError as error:
            lock.release()
            sys.stderr.write(f"reconnect: {error}\n{advice}\n")
            return ExitCode.PROBLEMS
    library = Library(())
    if preview is None:
        index = None if store is None else locations.library_index_path(data_dir)
        library = load_library(folders, index)
    app = PlainApp(out, Keyboard(stdin), library, store, demo=demo or store is None)
    try:
        with app.keys:
            if preview is not None:
                return app.run_preview(preview, start_at)
            return app.run_home()
    except Quit as stop:
        out.end_prompt_line()
        if store is None:
            out.line(_("Goodbye. This was a demonstration: nothing was saved."))
        else:
            kept = " " + _("The words you were typing are kept for next time.") \
                if stop.kept_words else ""
            out.line(_("Goodbye. Everything is saved.") + kept)
        return stop.code
    finally:
        if store is not None:
            store.close()
        if lock is not None:
            lock.release()
