"""The session: a banner naming who holds the floor, the prompt, the timer, and one way to answer.

The screen owns no rules. It shows the session's :class:`~reconnect.core.view.View` and turns
key presses into engine events; the session saves each event before it takes effect. Which keys
work at a moment is the View's ``actions``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static, TextArea

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.session import SaveFailed, Session
from reconnect.core.view import Action, Expect, SideBySide, View, continue_event
from reconnect.format.model import AnswerStep, ChoiceStep, RatingStep, RevealStep, SwapStep
from reconnect.i18n import N_, _, ngettext
from reconnect.tui.app import ReconnectApp
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.banner import TurnBanner
from reconnect.tui.widgets.countdown import Countdown, clock_text
from reconnect.tui.widgets.drawn_words import DrawnWords
from reconnect.tui.widgets.interaction import (
    Choices,
    Entry,
    Interaction,
    Part,
    Rating,
    Returner,
    Reveal,
    WayBack,
    Words,
)
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.one_layout import Line, OneArrangeCompositor, Scroll
from reconnect.tui.widgets.prompt import Prompt
from reconnect.tui.widgets.rating import RatingScale
from reconnect.tui.widgets.title_bar import TitleBar
from reconnect.tui.widgets.words import set_words

NOTES_FROM_WIDTH = 100
"""Below this many columns the facilitator notes start hidden (`n` shows them)."""
DRAFT_SAVE_SECONDS = 1.0
"""Unsent words are kept with the session this often while typing: a killed terminal loses at
most this much of what was typed."""
COMPACT_BELOW = 20
"""Rows below which the screen is compact: a one-line banner, the time on the progress line."""
SEEN_EVERY_SECONDS = 2.0
"""While a clock runs, the session notes this often that it is on screen, so a closed window
loses at most this much of a turn's time."""
PREPARE_AFTER_SECONDS = 0.5
"""After a session's first step is drawn, the widgets its later moments answer with are made
(hidden) this much later: a person reads the first step for longer, and a widget made on a key
press costs that press tens of milliseconds (a reveal's panel over 90)."""
PREPARE_STEP_SECONDS = 0.05
"""Between two of those widgets: time for a key press to be answered in between."""
PRINTABLE_ACTIONS = frozenset({"back", "pause", "timeout_key", "adjust_timeout",
                               "show_recalled", "jump", "toggle_notes"})
"""Actions bound to printable keys (a time-out also has Ctrl+T, which works while typing)."""

DEFAULT_TEXT = {
    "swap": N_("Time to swap roles."),
    "reveal": N_("Here are both answers, side by side."),
    "break": N_("Take a break. Do something calming on your own until the timer ends."),
    "end": N_("You have reached the end of this exercise."),
}

ACTION_NEEDS = {
    "continue": (Action.CONTINUE, Action.RESUME, Action.END_TIMEOUT),
    "back": (Action.BACK,),
    "pause": (Action.PAUSE, Action.RESUME),
    "timeout": (Action.TIMEOUT,),
    "timeout_key": (Action.TIMEOUT,),
    "submit": (Action.ANSWER,),
    "pass": (Action.PASS,),
    "jump": (Action.JUMP,),
}
"""The View's actions that make each key binding usable."""

TAKES_ENTER = (Input, TextArea, OptionList, RatingScale, Returner, Button)
"""Focused widgets whose own use of Enter comes before going on (see the ``enter`` binding)."""


def banner_for(view: View) -> tuple[str, int | None]:
    """The banner's words and whose colour it takes."""
    names = [name.upper() for name in view.names]
    if view.expects == Expect.TIMEOUT:
        return _("TIME-OUT · a calm break for both of you"), None
    if view.expects == Expect.PAUSED:
        return _("PAUSED"), None
    if view.speaker is not None and view.listener is not None:
        # Translators: the banner during a timed turn, names in capitals
        return _("{speaker} speaks  ·  {listener} listens").format(
            speaker=names[view.speaker], listener=names[view.listener]), view.speaker
    if view.answerer is not None:
        who = names[view.answerer]
        if view.expects == Expect.HANDOVER:
            return _("Pass the laptop to {name}").format(name=who), view.answerer
        if view.private:
            return _("{name}'s turn  ·  private").format(name=who), view.answerer
        return _("{name}'s turn").format(name=who), view.answerer
    if view.kind == "break":
        return _("BREAK"), None
    if view.audience_partner is not None:
        return _("For {name}").format(name=names[view.audience_partner]), view.audience_partner
    return _("TOGETHER"), None


def clock_caption(view: View) -> tuple[float, str] | None:
    """The time to show and the words under it, or None when no clock runs."""
    if view.timeout_remaining is not None:
        if view.timeout_remaining <= 0:
            return 0.0, _("Time to come back, when you are both ready.")
        # Translators: under the countdown of a time-out
        return view.timeout_remaining, _("until you come back")
    if view.remaining is None:
        return None
    if view.time_up:
        return view.remaining, _("Time is up. Finish your thought, then continue.")
    if view.expects == Expect.PAUSED:
        # Translators: under a stopped countdown
        return view.remaining, _("paused")
    # Translators: under a countdown ("1:30 left")
    return view.remaining, _("left") if view.kind == "turn" else _("left in the break")


def progress_text(title: str, view: View) -> str:
    words = f"{title}  ·  " + _("part {part} of {parts}").format(part=view.part,
                                                                  parts=view.parts)
    if view.rounds > 1:
        words += "  ·  " + _("round {round} of {rounds}").format(round=view.round,
                                                                 rounds=view.rounds)
    return words


def _settled(view: View) -> View:
    """The view without what changes by itself (clocks) or while typing (the draft): when
    this changes, the screen is drawn again."""
    return replace(view, remaining=None, timeout_remaining=None, time_up=False, cue_due=False,
                   confirm_continue="", draft="")


class SessionScreen(StyledOnceScreen[None]):
    app = getters.app(ReconnectApp)
    # the parts a step changes, found by id: a query by type walks the screen's widgets, and
    # a step changes most of them on every key press
    banner = getters.query_one("#banner", TurnBanner)
    progress = getters.query_one("#progress", DrawnWords)
    prompt = getters.query_one("#prompt", Prompt)
    recalled = getters.query_one("#recalled", Line)
    countdown = getters.query_one("#countdown", Countdown)
    area = getters.query_one("#interaction", Interaction)
    footer = getters.query_one("#keys", KeyFooter)

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's own, without drawing the whole screen again each time the focus moves: the
    widget that gains it and the one that loses it draw themselves again, and the focus moves
    on most key presses that change the way to answer (a hand-over to a rating, an answer box
    to a hand-over), where the screen is drawn once already."""

    AUTO_FOCUS = ""
    """Nothing focused by Textual when the screen comes back with no focus: its choice could be
    a part of the answer area kept hidden for a later moment. :meth:`on_screen_resume` makes
    the same choice among the widgets shown."""

    # Time-out first: the footer shows keys in this order, and on a small screen the first
    # ones are all that fit. Keys that are printable letters are refused while an answer box
    # is shown, focused or not, so typing never triggers them (see check_action).
    BINDINGS = [
        Binding("ctrl+t", "timeout", _("Time-out"), id="session.timeout", priority=True,
                tooltip=_("Either partner can call a calm-down break at any time, even while "
                          "typing")),
        # a priority binding: Enter is the key pressed most, and is then answered without
        # going to the focused widget and back first; check_action hands it on to a focused
        # widget that takes Enter itself (an answer box, the scale, the options)
        Binding("enter", "continue", _("Continue"), id="session.continue", priority=True,
                tooltip=_("Go on to the next moment")),
        Binding("ctrl+s", "submit", _("Save answer"), id="session.submit"),
        Binding("ctrl+o", "pass", _("Pass"), id="session.pass",
                tooltip=_("Pass on this question, without giving a reason")),
        Binding("ctrl+r", "toggle_hidden", _("Show/hide typing"), id="session.toggle-hidden"),
        Binding("escape", "leave_field", _("Leave the box"), id="session.leave-field",
                tooltip=_("Leave the answer box; Tab or Enter goes back to it")),
        Binding("b", "back", _("Back"), id="session.back", tooltip=_("Go back one step")),
        Binding("p,space", "pause", _("Pause"), id="session.pause",
                tooltip=_("Pause or resume; the timer stops while paused")),
        Binding("t", "timeout_key", _("Time-out"), id="session.timeout-letter", show=False),
        Binding("plus,equals_sign", "adjust_timeout(True)",
                _("+{minutes} min").format(minutes=engine.TIMEOUT_STEP),
                id="session.timeout-longer"),
        Binding("minus", "adjust_timeout(False)",
                _("-{minutes} min").format(minutes=engine.TIMEOUT_STEP),
                id="session.timeout-shorter"),
        Binding("r", "show_recalled", _("Show what you wrote"), id="session.recall"),
        Binding("j", "jump", _("Jump to step"), id="session.jump",
                tooltip=_("Demonstration mode: go to any step")),
        Binding("n", "toggle_notes", _("Notes"), id="session.notes",
                tooltip=_("Demonstration mode: show or hide the facilitator notes")),
        Binding("ctrl+l", "app.home", _("Library"), id="session.library",
                tooltip=_("Back to the library. Outside a demonstration the session stays "
                          "saved, to resume later.")),
        # the stage takes no focus (Tab goes between the answer and its line), so on a small
        # screen these read the rest of a long moment; a focused scale, list or box that
        # takes these keys itself keeps them
        Binding("pagedown", "read(1, True)", _("Read on"), id="session.read-on", show=False),
        Binding("pageup", "read(-1, True)", _("Read back"), id="session.read-back",
                show=False),
        Binding("down", "read(1)", _("Read on"), id="session.read-on-line", show=False),
        Binding("up", "read(-1)", _("Read back"), id="session.read-back-line", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._compositor = OneArrangeCompositor()
        self.session = session
        self.shown: View | None = None
        self.keys_for: object = None
        self.notes_wanted: bool | None = None
        self.recall_open = False
        self.last_seen = 0.0
        self.drawing = False
        """A draw is mounting widgets for a moment (see :meth:`draw`)."""
        self.warned = False
        """A notice about the moment shown is in the corner (see :meth:`warn`)."""
        self.refused_empty = False
        """The only notice in the corner says an empty answer was refused (see :meth:`typed`)."""
        self.keys_moment: tuple[object, View] | None = None
        """The session state the keys were last worked out for, and its View."""

    # layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TurnBanner(id="banner")
        yield DrawnWords(id="progress")
        # the scrolling areas take no focus: Tab from the answer box goes straight back
        stage = Scroll(Prompt(id="prompt"), Line("", id="recalled", markup=False),
                       Countdown(id="countdown"), Interaction(id="interaction"),
                       id="stage", can_focus=False)
        if self.app.demo:
            # the facilitator's notes beside the exercise; outside a demonstration the stage
            # is not wrapped in a row of its own, a widget fewer to lay out on every step
            with Horizontal(id="session-body"):
                yield stage
                with Scroll(id="notes", can_focus=False):
                    yield Static(Content(_("Facilitator notes")), classes="notes-title")
                    yield Line("", id="notes-text", markup=False)
        else:
            yield stage
        # the session's own keys need the room: Ctrl+P still opens the command palette
        yield KeyFooter(show_command_palette=False, id="keys")

    def on_mount(self) -> None:
        self.show_moment()
        self.set_interval(0.25, self.tick)
        self.set_interval(DRAFT_SAVE_SECONDS, self.session.flush_drafts)
        self.set_timer(PREPARE_AFTER_SECONDS, self.prepare)

    # showing the View ----------------------------------------------------------------------

    def show_moment(self, view: View | None = None) -> None:
        """Show the session's current moment (``view``, when the caller has it already): the
        clock now, everything else in one frame."""
        session = self.session
        if view is None:
            view = session.view()
        if view.expects == Expect.FINISHED:
            self.app.finished(session)
            return
        if _settled(view) == self.shown:
            self.update_clock(view)  # only the clock moved
            return
        parts = self.interaction_parts(view)
        area = self.area
        if area.ready_for(parts):
            # the widgets to answer with are there (from this moment's kind seen before): the
            # words change and parts show or hide, now, so the key press costs one layout and
            # one frame (paint sets the clock too)
            with self.app.batch_update():
                area.show(parts)
                self.paint(view)
            return
        self.update_clock(view)  # the clock now; the rest once its widgets are mounted
        self.call_later(self.draw)

    async def draw(self) -> None:
        """Draw a moment that needs a new widget to answer with, in one frame: banner, prompt,
        notes and the one way to answer, with the focus already where the typing should go."""
        if self.drawing:
            return  # the draw under way shows the newest moment when its widgets are mounted
        self.drawing = True
        try:
            area = self.area
            with self.app.batch_update():
                while True:
                    view = self.session.view()
                    if view.expects == Expect.FINISHED or _settled(view) == self.shown:
                        return
                    parts = self.interaction_parts(view)
                    if area.ready_for(parts):
                        break
                    await area.make_room(parts)  # meanwhile the moment may have moved on
                area.show(parts)
                self.paint(view)
        finally:
            self.drawing = False

    async def prepare(self) -> None:
        """Make, hidden and empty, the widgets the exercise's later moments answer with, in
        idle time: the first moment of each kind then shows widgets already made. One at a
        time, a moment apart, so a key pressed meanwhile waits for one widget at most."""
        if self.closed():
            return
        if self.drawing:  # a moment's own widgets are being made: these come after
            self.set_timer(PREPARE_AFTER_SECONDS, self.prepare)
            return
        area = self.area
        part = next((part for part in self.parts_to_come() if part.role not in area.parts),
                    None)
        if part is None:
            return
        self.drawing = True
        try:
            await area.make_room([part])
        finally:
            self.drawing = False
        if self.closed():
            return  # ended meanwhile: showing the moment would show the end again
        self.show_moment()  # a key pressed while the widget was made waited for it
        self.set_timer(PREPARE_STEP_SECONDS, self.prepare)

    def closed(self) -> bool:
        """The session has ended, or the couple went back to the library: the screen is
        gone."""
        return not self.is_attached

    def parts_to_come(self) -> list[Part]:
        """A part for each way of answering the exercise's steps will need, as the first step
        of its kind needs it; the words are the moment's own, filled in when it comes."""
        names = self.session.state.names
        steps = self.session.exercise.steps
        # a reveal after a loop shows each round's answers
        rounds = max((step.rounds for step in steps if isinstance(step, SwapStep)), default=1)
        found: dict[str, Part] = {"hint": Words("hint", "")}
        for step in steps:
            kind_parts: list[Part] = []
            if step.is_private:
                kind_parts.append(Words("handover", ""))
            if isinstance(step, AnswerStep):
                kind_parts += [Entry(step.private, ""), WayBack("")]
            elif isinstance(step, RatingStep):
                blank = SideBySide(step.id, "", (None, None))
                kind_parts += [Rating(step.scale.low, step.scale.high,
                                      (step.scale.low_label, step.scale.high_label)),
                               Reveal((blank,), names, questions=False)]
            elif isinstance(step, ChoiceStep):
                kind_parts.append(Choices(()))
            elif isinstance(step, RevealStep):
                blanks = tuple(SideBySide(shown, "", (None, None)) for shown in step.show
                               for _round in range(rounds))
                kind_parts.append(Reveal(blanks, names, questions=True))
            for part in kind_parts:
                found.setdefault(part.role, part)
        return list(found.values())

    def paint(self, view: View) -> None:
        """Show ``view`` in the widgets in place (the answer area already holds its widgets)."""
        settled = _settled(view)
        if self.shown is None or (self.shown.part, self.shown.expects) != (view.part,
                                                                            view.expects):
            self.recall_open = False
            if self.warned:
                # a notice about the moment before ("choose a number first", "not saved")
                # would sit beside the next one as if it were about it
                self.app.clear_notifications()
                self.warned = self.refused_empty = False
        self.shown = settled
        words, partner = banner_for(view)
        self.banner.show_turn(words, partner)
        self.show_progress_line(progress_text(self.session.exercise.title, view))
        self.update_clock(view)
        self.prompt.say(self.prompt_text(view), self.stems_text(view))
        self.show_recalled(view)
        if self.app.demo:
            notes = "\n\n".join(
                note for note in (view.facilitator, self.session.exercise.facilitator,
                                  self.checker_notes()) if note)
            set_words(self.query_one("#notes-text", Static),
                      notes or _("No notes for this step."))
        focus = self.area.focus_target()
        moved = focus is not self.focused
        self.set_focus(focus)
        if isinstance(focus, TextArea):
            focus.move_cursor(focus.document.end)  # typing goes after a restored draft
        elif isinstance(focus, Input):
            focus.cursor_position = len(focus.value)
        if view.actions != self.keys_for or moved:
            # the keys a moment shows change with its actions and with the focus; the footer
            # hears of it from Textual only after this frame, so it is told now
            self.keys_for = view.actions
            self.refresh_bindings()
            self.footer.show_keys()

    def checker_notes(self) -> str:
        """In a preview, the checker's warnings about the file sit beside the exercise."""
        warnings = self.app.preview_warnings
        if not warnings:
            return ""
        from reconnect.format.report import concise

        return _("Checker warnings:") + "\n" + "\n".join(concise(w) for w in warnings)

    def prompt_text(self, view: View) -> str:
        if view.expects == Expect.TIMEOUT:
            return _("Time-out. Step away from the conversation and do something soothing on "
                     "your own. You will come back to exactly this point.")
        if view.expects == Expect.HANDOVER:
            return ""
        default = DEFAULT_TEXT.get(view.kind)
        text = view.text or (_(default) if default else "")
        if view.listener_text:
            text += f"\n\n{view.listener_text}"
        return text

    def stems_text(self, view: View) -> str:
        if view.expects in (Expect.TIMEOUT, Expect.HANDOVER, Expect.PAUSED):
            return ""
        lines = []
        if view.stems:
            lines.append(_("Sentence starters:") + "  "
                         + "   ".join(f"“{s}”" for s in view.stems))
        if view.listener_stems:
            lines.append(_("For listening:") + "  "
                         + "   ".join(f"“{s}”" for s in view.listener_stems))
        return "\n".join(lines)

    def show_recalled(self, view: View) -> None:
        recalled = view.recalled
        box = self.recalled
        if recalled is None or view.expects in (Expect.TIMEOUT, Expect.PAUSED):
            box.display = False
            return
        box.display = True
        writer, other = view.names[recalled.partner], view.names[1 - recalled.partner]
        if recalled.hidden and not self.recall_open:
            set_words(box, _("{writer}: press r to see what you wrote ({other}, please look "
                             "away for a moment; r again hides it).").format(
                                 writer=writer, other=other))
        else:
            set_words(box, _("What {writer} wrote:").format(writer=writer)
                      + f"\n{recalled.text}")

    def show_progress_line(self, line: str) -> None:
        # one line high, except on a compact screen, where the time joins it and it may wrap
        self.progress.show(line)

    def update_clock(self, view: View) -> None:
        countdown = self.countdown
        shown = clock_caption(view)
        if self.has_class("compact"):
            # no room for the big digits: the time sits on the progress line, always in view
            countdown.display = False
            line = progress_text(self.session.exercise.title, view)
            if shown is not None:
                line += f"  ·  {clock_text(shown[0])} {shown[1]}"
            self.show_progress_line(line)
            return
        if shown is None:
            countdown.display = False
            return
        remaining, caption = shown
        countdown.display = True
        over = view.time_up if view.timeout_remaining is None else remaining <= 0
        countdown.show(remaining, caption=caption, time_up=over,
                       frozen=view.expects == Expect.PAUSED)

    def interaction_parts(self, view: View) -> list[Part]:
        names = view.names
        hint = "hint"
        if view.expects == Expect.TIMEOUT:
            assert view.timeout_return_at is not None
            back_at = datetime.fromtimestamp(view.timeout_return_at)
            # how to come back goes before the ideas for the time apart, so that a small
            # window (or the facilitator's notes beside it) cuts off an idea, not the way back
            return [
                Words("return-time", ngettext("Agreed return: {time} ({minutes} minute).",
                                              "Agreed return: {time} ({minutes} minutes).",
                                              view.timeout_minutes or 0).format(
                                                  time=f"{back_at:%H:%M}",
                                                  minutes=view.timeout_minutes)),
                Words("way-back", _("Press Enter when you are both ready to come back. + or - "
                                    "changes the time by {minutes} minutes.").format(
                                        minutes=engine.TIMEOUT_STEP)),
                Words("apart",
                      _("While you are apart:") + "\n"
                      "  · " + _("breathe slowly, in for four, out for six") + "\n"
                      "  · " + _("walk, stretch, or sit somewhere quiet") + "\n"
                      "  · " + _("let go of replaying the argument; soothe yourself instead")
                      + "\n  · " + _("come back at the agreed time, even if only to set a new "
                                     "one")),
            ]
        if view.expects == Expect.PAUSED:
            return [Words("paused", _("Paused. Press p or space to carry on."))]
        if view.expects == Expect.HANDOVER and view.answerer is not None:
            who, other = names[view.answerer], names[1 - view.answerer]
            return [Words("handover",
                          _("Pass the laptop to {name}.").format(name=who) + "\n"
                          + _("{name}, please look away.").format(name=other) + "\n\n"
                          + _("{name}, press Enter when you are ready.").format(name=who))]
        passing = " " + _("Ctrl+O passes on this question.") if view.allows(Action.PASS) \
            else ""
        if view.expects == Expect.TEXT:
            if view.private:
                tip = _("Enter to save. Only you can see this. Ctrl+R shows what you typed.")
            else:
                tip = _("Ctrl+S to save. Enter starts a new line.")
            return [Entry(view.private, view.draft), WayBack(tip + passing)]
        if view.expects == Expect.RATING and view.scale is not None:
            return [Rating(view.scale[0], view.scale[1], view.scale_labels),
                    Words(hint, _("Arrow keys or a number to choose, Enter to confirm. "
                                  "Your rating stays hidden until you have both answered.")
                          + passing)]
        if view.expects == Expect.CHOICE:
            return [Choices(tuple(view.options)),
                    Words(hint, _("Choose together, then press Enter."))]
        parts: list[Part] = []
        if view.revealed:
            # a rating's own reveal sits under its question, which the prompt already shows
            parts.append(Reveal(view.revealed, names, questions=view.kind == "reveal"))
        if view.suggestions:
            parts.append(Words("suggestions", "\n".join(f"  · {s}" for s in view.suggestions)))
        if view.tasks:
            parts.append(Words("tasks", "\n".join(f"  · {t}" for t in view.tasks)))
        parts.append(Words(hint, _("Press Enter to finish.") if view.finishes
                           else _("Press Enter to continue.")))
        return parts

    # ticking ------------------------------------------------------------------------------

    def tick(self) -> None:
        view = self.session.view()
        self.update_clock(view)
        if view.cue_due:
            self.app.bell()
            self.send(ev.TimeUp(self.session.now()))
        running = view.remaining is not None and view.expects not in (Expect.PAUSED,
                                                                     Expect.TIMEOUT)
        now = self.session.now()
        if running and now - self.last_seen >= SEEN_EVERY_SECONDS:
            self.last_seen = now
            self.session.mark_seen()

    # sending events -----------------------------------------------------------------------

    def send(self, event: ev.Event) -> bool:
        try:
            view = self.session.send(event)
        except engine.EventRejected as rejected:
            only = self.refused_empty or not self.warned
            self.warn(str(rejected).capitalize() + ".")
            self.refused_empty = only and isinstance(event, ev.Answer) and not event.text.strip()
            return False
        except SaveFailed as failure:
            self.warn(f"{failure} " + _("What you entered is still here; try again in a "
                                        "moment."), title=_("Not saved"), severity="error",
                      timeout=30)
            return False
        self.show_moment(view)
        return True

    def keys_view(self) -> View:
        """The moment as far as keys go: what a View says of them (what it expects, the
        actions it allows, a recalled answer) changes only with the session's state, and
        Textual asks about every key binding each time the keys may have changed."""
        state = self.session.state
        if self.keys_moment is None or self.keys_moment[0] is not state:
            self.keys_moment = (state, self.session.view())
        return self.keys_moment[1]

    def warn(self, words: str, *, title: str = "",
             severity: SeverityLevel = "warning", timeout: float | None = None) -> None:
        """A notice about the moment shown; it goes when the moment does."""
        self.notify(words, title=title, severity=severity, timeout=timeout, markup=False)
        self.warned = True
        self.refused_empty = False

    def typed(self, text: str) -> None:
        """Keep what is being typed. Once there is something, a notice that the box was sent
        empty is answered, and goes; any other notice (too long, not saved) stays."""
        self.session.keep_draft(text)
        if self.refused_empty and text.strip():
            self.app.clear_notifications()
            self.warned = self.refused_empty = False

    def on_rating_scale_nothing_chosen(self, _event: RatingScale.NothingChosen) -> None:
        self.warn(_("Choose a number first: arrow keys, a digit, or a click."))

    def footer_words(self, binding: Binding) -> str | None:
        """The footer's words for ``binding`` at this moment (None: not in the footer). While
        a turn is paused, Enter, p and space all carry on: the footer offers one key, "Resume",
        instead of "Continue" and "Pause"."""
        if self.is_mounted and self.keys_view().expects == Expect.PAUSED:
            if binding.action == "continue":
                return None
            if binding.action == "pause":
                return _("Resume")
        return binding.description

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        view = self.keys_view()
        if view.expects == Expect.TEXT and action in PRINTABLE_ACTIONS:
            return False  # typing "but" after Esc must never go back or call a time-out
        if action == "leave_field":
            return isinstance(self.focused, Input | TextArea)
        if action == "continue" and isinstance(self.focused, TAKES_ENTER):
            return False
        if action in ACTION_NEEDS:
            return any(view.allows(need) for need in ACTION_NEEDS[action])
        if action == "toggle_hidden":
            return view.expects == Expect.TEXT and view.private
        if action == "adjust_timeout":
            longer = bool(parameters[0]) if parameters else True
            return view.allows(Action.LONGER if longer else Action.SHORTER)
        if action == "show_recalled":
            return view.recalled is not None and view.recalled.hidden
        if action == "toggle_notes":
            return self.app.demo
        return True

    def action_continue(self) -> None:
        view = self.session.view()
        event = continue_event(view, self.session.now())
        if event is None:
            return
        if view.confirm_continue:
            self.confirm_going_on(view.confirm_continue)
            return
        self.send(event)

    def confirm_going_on(self, question: str) -> None:
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        def answered(now: bool | None) -> None:
            if now:
                self.send(ev.Advance(self.session.now()))

        self.app.push_screen(ConfirmDialog(question, _("Come back now"), _("Keep resting")),
                             answered)

    def action_back(self) -> None:
        self.send(ev.Back(self.session.now()))

    def action_pause(self) -> None:
        view = self.session.view()
        now = self.session.now()
        self.send(ev.Resume(now) if view.allows(Action.RESUME) else ev.Pause(now))

    def action_timeout_key(self) -> None:
        self.action_timeout()

    def action_timeout(self) -> None:
        self.send(ev.TakeTimeout(self.session.now()))

    def action_adjust_timeout(self, longer: bool) -> None:
        change = engine.timeout_changed(self.session.state, longer)
        if change is not None:
            self.send(ev.SetTimeout(self.session.now(), change.minutes))

    def action_pass(self) -> None:
        self.send(ev.Pass(self.session.now()))

    def action_show_recalled(self) -> None:
        self.recall_open = not self.recall_open
        self.show_recalled(self.session.view())

    def action_jump(self) -> None:
        from reconnect.tui.dialogs.jump import JumpDialog

        def jump(step_id: str | None) -> None:
            if step_id:
                self.send(ev.JumpTo(self.session.now(), step_id))

        view = self.session.view()
        self.app.push_screen(JumpDialog(self.session.exercise, view.step_id), jump)

    def on_screen_resume(self) -> None:
        # back from a dialog with nothing focused: the first widget shown that takes the
        # focus gets it, as Textual's own choice does, minding the parts kept hidden
        if self.focused is not None or not self.app.app_focus:
            return
        for widget in self.query("*"):
            if widget.focusable and all(node.display for node in widget.ancestors_with_self
                                        if isinstance(node, Widget)):
                self.set_focus(widget)
                return

    def on_resize(self) -> None:
        # the same layout, with more breathing room on a large shared screen, and less on a
        # small one (where the countdown joins the progress line)
        self.set_class(self.size.width >= 140 and self.size.height >= 40, "roomy")
        self.set_class(self.size.height < COMPACT_BELOW, "compact")
        self.show_notes_panel()
        view = self.session.view()
        # the progress line without the time, which only a compact screen adds to it (a
        # screen made larger again would keep a time that no longer moves)
        self.show_progress_line(progress_text(self.session.exercise.title, view))
        self.update_clock(view)

    def show_notes_panel(self) -> None:
        """Facilitator notes sit beside the exercise where there is room for both (or when
        asked for with `n`); on a narrow screen the exercise comes first."""
        for notes in self.query("#notes"):
            notes.display = self.notes_wanted if self.notes_wanted is not None \
                else self.size.width >= NOTES_FROM_WIDTH

    def action_read(self, direction: int, page: bool = False) -> None:
        """Scroll the moment's words down (1) or up (-1), a line or a screenful."""
        stage = self.query_one("#stage", Scroll)
        if not page:
            stage.scroll_relative(y=direction, animate=False)
        elif direction > 0:
            stage.scroll_page_down(animate=False)
        else:
            stage.scroll_page_up(animate=False)

    def action_toggle_notes(self) -> None:
        shown = self.query("#notes")
        if shown:
            self.notes_wanted = not shown.first().display
            self.show_notes_panel()

    def action_submit(self) -> None:
        for widget in self.query("#answer"):
            if isinstance(widget, TextArea):
                self.send(ev.Answer(self.session.now(), widget.text))
            elif isinstance(widget, Input):
                self.send(ev.Answer(self.session.now(), widget.value))

    def action_toggle_hidden(self) -> None:
        for entry in self.query("#answer").results(Input):
            entry.password = not entry.password

    def action_leave_field(self) -> None:
        """Leave the answer box for a visible place that says how to come back."""
        for returner in self.query(Returner):
            returner.focus()
            return
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "answer":
            event.stop()
            self.send(ev.Answer(self.session.now(), event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "answer":
            self.typed(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "answer":
            self.typed(event.text_area.text)

    def on_rating_scale_chosen(self, event: RatingScale.Chosen) -> None:
        self.send(ev.Rate(self.session.now(), event.value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "choices":
            event.stop()
            options = self.session.view().options
            if event.option_index < len(options):
                self.send(ev.Choose(self.session.now(), options[event.option_index]))


__all__ = ["SessionScreen", "banner_for", "clock_text"]
