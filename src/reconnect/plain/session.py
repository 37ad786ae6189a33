"""One session in the line mode: say the moment, wait for a line, send the event it means.

The loop owns no rule. It says the session's View (:mod:`reconnect.plain.words`), turns what is
typed into the event the View allows, and lets the session save it before anything else is
said. While it waits for a line it keeps an eye on the clock: the View says when a countdown
reached zero (``cue_due``), and :class:`~reconnect.plain.timers.Announcer` when it is halfway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.session import SaveFailed, Session
from reconnect.core.view import Action, Expect, View, continue_event
from reconnect.i18n import NP_, _, pgettext
from reconnect.plain import words
from reconnect.plain.terminal import EndOfInput, Interrupted, Keyboard, Output
from reconnect.plain.timers import Announcer

TICK_SECONDS = 0.5
"""The longest wait for a line before the clock is looked at again."""

TYPED = "typed command"
"""The context of a command's own words in a language (``msgctxt`` in the catalogues)."""
# Translators: each command below may also be typed in your language: give the word, or
# several separated by |, that a person types for it (the English words always work too).
# Use the same words in the sentences that name the commands.
TIMEOUT = (NP_("typed command", "time-out"), ("t", "time-out", "timeout", "time out"))
PAUSE = (NP_("typed command", "pause"), ("p", "pause", "resume"))
BACK = (NP_("typed command", "back"), ("b", "back"))
QUIT = (NP_("typed command", "quit"), ("q", "quit", "exit"))
HOME = (NP_("typed command", "home"), ("home", "library", "leave"))
HELP = (NP_("typed command", "help"), ("?", "help"))
LONGER = (NP_("typed command", "longer"), ("longer", "+"))
SHORTER = (NP_("typed command", "shorter"), ("shorter", "-"))
SAFETY = (NP_("typed command", "safety"), ("safety",))
PASS = (NP_("typed command", "pass"), ("pass",))
JUMP = (NP_("typed command", "jump"), ("j", "jump"))
YES_WORDS = ("y", "yes")


def folded(word: str) -> str:
    """``word`` as it is compared: trimmed, any case, accents optional ("si" is "sí")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def means(typed: str, command: tuple[str, tuple[str, ...]]) -> bool:
    """``typed`` gives ``command``: one of its English words, or of the language spoken's."""
    name, english = command
    word = folded(typed)
    return word in english or word in {folded(spoken) for spoken in
                                       pgettext(TYPED, name).split("|") if spoken.strip()}


def is_yes(typed: str) -> bool:
    """Yes, in English or in the language spoken (accents optional: "si" is "sí")."""
    # Translators: what a person types for yes (the word, and its first letter)
    return folded(typed) in {*YES_WORDS, folded(_("yes")), folded(_("y"))}


class Quit(Exception):
    """Leave reconnect now (everything is saved). ``code`` is the exit status."""

    def __init__(self, code: int = 0, *, kept_words: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.kept_words = kept_words


class Outcome(StrEnum):
    FINISHED = "finished"
    HOME = "home"


Reload = Callable[[Session], tuple[Session | None, str]]
"""A preview's check for an edited file: the session to carry on with (None: unchanged) and
what to say about it."""


def settled(view: View) -> View:
    """The view without what changes by itself (the clocks) or while typing (the draft): when
    this changes, the moment is said again."""
    return replace(view, remaining=None, timeout_remaining=None, time_up=False, cue_due=False,
                   confirm_continue="", draft="")


def _same_timeout(one: View, other: View) -> bool:
    """The same moment of a time-out, apart from its length."""
    return replace(one, timeout_minutes=None, timeout_return_at=None) == replace(
        other, timeout_minutes=None, timeout_return_at=None)


@dataclass
class SessionLoop:
    session: Session
    out: Output
    keys: Keyboard
    reload: Reload | None = None

    def __post_init__(self) -> None:
        self.shown: View | None = None
        self.said_part: tuple[int, int] | None = None
        self.announcer = Announcer()
        self.need_prompt = False
        self.confirming = False
        self.jumping = False

    # the loop -------------------------------------------------------------------------------

    def run(self) -> Outcome:
        """Carry the session on until it finishes or the couple go home. Raises :class:`Quit`."""
        try:
            return self._run()
        finally:
            self.keys.set_hidden(False)
            self.session.flush_drafts()

    def _run(self) -> Outcome:
        while True:
            self.check_reload()
            view = self.session.view()
            if view.cue_due:
                if self.send(ev.TimeUp(self.session.now())):
                    self.out.bell()
                    self.out.line(words.time_up(view))
                    self.need_prompt = True
                continue
            if view.expects == Expect.FINISHED:
                return self.finish()
            self.say_moment(view)
            for announcement, zero in self.announcer.due(view):
                if zero:
                    self.out.bell()
                self.out.line(announcement)
                self.need_prompt = True
            if self.need_prompt:
                self.out.prompt("" if self.confirming or self.jumping
                                else words.entry_prompt(view))
                self.need_prompt = False
            line = self.read(self.wait_for(view))
            if line is None:
                continue
            self.out.typed(echoed=self.keys.echoes)
            if self.handle(line, view) is Outcome.HOME:
                return Outcome.HOME
            self.need_prompt = True

    def wait_for(self, view: View) -> float:
        ahead = self.announcer.seconds_to_next(view)
        if view.remaining is not None and not view.time_up and view.expects != Expect.PAUSED:
            ahead = min(ahead or TICK_SECONDS, max(0.0, view.remaining))
        return max(0.05, min(TICK_SECONDS, ahead if ahead is not None else TICK_SECONDS))

    def read(self, timeout: float | None) -> str | None:
        """A line, or None when the time ran out. Ctrl+C and Ctrl+D keep the words typed so far
        (as the answer box's draft) and quit."""
        try:
            return self.keys.read_line(timeout)
        except (Interrupted, EndOfInput) as stop:
            kept = bool(stop.partial.strip()) and self.session.keep_draft(stop.partial)
            self.session.flush_drafts()
            raise Quit(130 if isinstance(stop, Interrupted) else 0, kept_words=kept) from None

    def say_moment(self, view: View) -> None:
        now = settled(view)
        if now == self.shown:
            return
        before, self.shown = self.shown, now
        if before is not None and view.expects == before.expects == Expect.TIMEOUT \
                and _same_timeout(before, now) and view.timeout_return_at is not None:
            # a longer or shorter time-out: only the new return time is news
            self.out.line(words.agreed_return(view.timeout_return_at,
                                              view.timeout_minutes or 0))
            self.need_prompt = True
            return
        self.confirming = self.jumping = False
        # at a private question's hand-over too: its partner may type before reading it
        self.keys.set_hidden(view.private and view.expects in (Expect.TEXT, Expect.RATING,
                                                               Expect.HANDOVER))
        paragraphs = words.moment(self.session.exercise.title, view,
                                  hidden_input=self.keys.hides)
        part = (view.part, view.round)
        if part == self.said_part:
            paragraphs = paragraphs[1:]  # the same part of the exercise: no need to say it again
        self.said_part = part
        self.out.blank()
        self.out.paragraphs(paragraphs)
        self.need_prompt = True

    def check_reload(self) -> None:
        if self.reload is None:
            return
        session, note = self.reload(self.session)
        if note:
            self.out.line(note)
            self.need_prompt = True
        if session is not None:
            self.session = session
            self.shown = None
            self.said_part = None

    # what a line means ----------------------------------------------------------------------

    def handle(self, line: str, view: View) -> Outcome | None:
        word = line.strip().casefold()
        if means(word, HELP):
            self.out.line("\n".join(words.commands(view, saved=self.session.saving)))
            return None
        if means(word, SAFETY):
            self.out.paragraphs(words.safety_notice())
            return None
        if means(word, QUIT):
            raise Quit(0)
        if means(word, HOME):
            return Outcome.HOME
        if self.confirming:
            self.confirming = False
            if is_yes(word):
                self.send(ev.Advance(self.session.now()))
            else:
                self.out.line(_("Then keep resting. Press Enter when you are both ready."))
            return None
        if self.jumping:
            self.jumping = False
            self.jump_to(word)
            return None
        if self.command(word, view):
            return None
        self.respond(line, view)
        return None

    def command(self, word: str, view: View) -> bool:
        """Carry out a command that works at this moment; False when ``word`` is not one."""
        now = self.session.now()
        if means(word, TIMEOUT) and view.allows(Action.TIMEOUT):
            self.send(ev.TakeTimeout(now))
        elif means(word, PAUSE) and view.allows(Action.RESUME):
            self.send(ev.Resume(now))
        elif means(word, PAUSE) and view.allows(Action.PAUSE):
            self.send(ev.Pause(now))
        elif means(word, BACK) and view.allows(Action.BACK):
            self.send(ev.Back(now))
        elif (means(word, LONGER) or means(word, SHORTER)) and (
                view.allows(Action.LONGER) or view.allows(Action.SHORTER)):
            change = engine.timeout_changed(self.session.state, means(word, LONGER))
            if change is None:
                self.out.line(_("The time-out cannot change that way."))
            else:
                self.send(ev.SetTimeout(now, change.minutes))
        elif means(word, PASS) and view.allows(Action.PASS):
            self.send(ev.Pass(now))
        elif word == "r" and view.recalled is not None and view.recalled.hidden:
            self.out.paragraphs((text, False) for text in words.recalled_text(view))
        elif means(word, JUMP) and view.allows(Action.JUMP):
            steps = [f"{step.id}, {step.kind.value}" for step in self.session.exercise.steps]
            self.out.line(_("Which step? Type its number, then press Enter.") + "\n"
                          + "\n".join(words.numbered(steps)))
            self.jumping = True
        else:
            return False
        return True

    def respond(self, line: str, view: View) -> None:
        """Whatever is not a command: an answer, a rating, a choice, or Enter to go on."""
        now = self.session.now()
        word = line.strip()
        match view.expects:
            case Expect.TEXT:
                text = line if word else view.draft
                if not text.strip():
                    self.out.line(_("Type your answer first, then press Enter. Type help to "
                                    "hear what else works now."))
                    return
                if not self.send(ev.Answer(now, text)):
                    self.session.keep_draft(text)  # a failed save never loses the words
            case Expect.RATING:
                assert view.scale is not None
                try:
                    value = int(word)
                except ValueError:
                    low, high = view.scale
                    self.out.line(words.number_between(low, high))
                    return
                self.send(ev.Rate(now, value))
            case Expect.CHOICE:
                self.choose(word, view)
            case Expect.HANDOVER if word:
                # typed by the partner just handed the laptop, before their question: they
                # have it now, and their words are kept (hidden) for the answer box
                if self.send(ev.Advance(now)):
                    if self.session.keep_draft(line):
                        self.out.line(_("Your words are kept, not shown. Read the question, "
                                        "then press Enter on an empty line to send them, or "
                                        "type your answer again."))
                    else:
                        self.out.line(_("What you typed was not used: here is the question."))
            case _:
                if word:
                    self.out.line(_("That is not something to do here. Press Enter to go on, "
                                    "or type help to hear what works now."))
                    return
                event = continue_event(view, now)
                if event is None:
                    return
                if view.confirm_continue:
                    self.out.line(f"{view.confirm_continue} "
                                  + _("Type yes or no, then press Enter."))
                    self.confirming = True
                    return
                self.send(event)

    def choose(self, word: str, view: View) -> None:
        options = view.options
        chosen = None
        if word.isdigit() and 1 <= int(word) <= len(options):
            chosen = options[int(word) - 1]
        else:
            chosen = next((label for label in options if label.casefold() == word.casefold()),
                          None)
        if chosen is None:
            self.out.line(words.number_between(1, len(options)))
            return
        self.send(ev.Choose(self.session.now(), chosen))

    def jump_to(self, word: str) -> None:
        steps = self.session.exercise.steps
        if not word.isdigit() or not 1 <= int(word) <= len(steps):
            self.out.line(_("No step has that number; staying here."))
            return
        self.send(ev.JumpTo(self.session.now(), steps[int(word) - 1].id))

    def send(self, event: ev.Event) -> bool:
        try:
            self.session.send(event)
        except engine.EventRejected as rejected:
            self.out.line(words.sentence(str(rejected).capitalize()))
            return False
        except SaveFailed as failure:
            self.out.line(_("Not saved: {reason} What you entered is kept; press Enter to try "
                            "again in a moment.").format(reason=failure))
            return False
        return True

    # the end --------------------------------------------------------------------------------

    def finish(self) -> Outcome:
        session = self.session
        self.keys.set_hidden(False)
        self.out.blank()
        self.out.paragraphs(words.summary(session.state, session.facts, saved=session.saving))
        while True:
            line = self.read(None)
            if line is None:
                continue
            self.out.typed(echoed=self.keys.echoes)
            word = line.strip().casefold()
            if means(word, QUIT):
                raise Quit(0)
            if means(word, HELP):
                self.out.line("\n".join(words.commands(None, saved=self.session.saving)))
            elif means(word, SAFETY):
                self.out.paragraphs(words.safety_notice())
            else:
                return Outcome.FINISHED
