"""The session: a banner naming who holds the floor, the prompt, the timer, and one way to answer.

The screen owns no rules. It shows :func:`reconnect.engine.view` of the session's state and
turns key presses into engine events; the session saves each event before it takes effect.
"""

from __future__ import annotations

import json
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reconnect import engine
from reconnect.session import SaveFailed, Session
from reconnect.store import StoreError
from reconnect.text import clean
from reconnect.tui.widgets.banner import TurnBanner
from reconnect.tui.widgets.countdown import Countdown, clock_text
from reconnect.tui.widgets.rating import RatingScale
from reconnect.tui.widgets.reveal import RevealPanel
from reconnect.tui.widgets.title_bar import TitleBar

NOTES_FROM_WIDTH = 100
"""Below this many columns the facilitator notes start hidden (`n` shows them)."""

DEFAULT_TEXT = {
    "swap": "Time to swap roles.",
    "reveal": "Here are both answers, side by side.",
    "break": "Take a break. Do something calming on your own until the timer ends.",
    "end": "You have reached the end of this exercise.",
}


def draft_setting(session_id: int) -> str:
    return f"drafts:{session_id}"


def load_drafts(session: Session) -> dict[str, str]:
    """Unsent words kept when the app last closed on this session."""
    if session.store is None or session.session_id is None:
        return {}
    try:
        kept = json.loads(session.store.get_setting(draft_setting(session.session_id)) or "{}")
    except (StoreError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {str(key): clean(str(text)) for key, text in kept.items()}


def banner_for(view: engine.View) -> tuple[str, int | None]:
    """The banner's words and whose colour it takes."""
    names = [name.upper() for name in view.names]
    if view.expects == "timeout":
        return "TIME-OUT · a calm break for both of you", None
    if view.expects == "paused":
        return "PAUSED", None
    if view.speaker is not None and view.listener is not None:
        return f"{names[view.speaker]} speaks  ·  {names[view.listener]} listens", view.speaker
    if view.answerer is not None:
        who = names[view.answerer]
        if view.expects == "handover":
            return f"Pass the laptop to {who}", view.answerer
        private = "  ·  private" if view.private else ""
        return f"{who}'s turn{private}", view.answerer
    if view.kind == "break":
        return "BREAK", None
    if view.audience:
        partner = view.names.index(view.audience) if view.audience in view.names else None
        return f"For {view.audience.upper()}", partner
    return "TOGETHER", None


class Interaction(Vertical):
    """The one way to respond right now: a hint, an entry, a rating, options or a reveal."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widgets: list[Widget] = []

    def compose(self) -> ComposeResult:
        yield from self.widgets


class SessionScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "continue", "Continue", id="session.continue",
                tooltip="Go on to the next moment"),
        Binding("b", "back", "Back", id="session.back", tooltip="Go back one step"),
        Binding("p,space", "pause", "Pause", id="session.pause",
                tooltip="Pause or resume; the timer stops while paused"),
        Binding("ctrl+t", "timeout", "Time-out", id="session.timeout", priority=True,
                tooltip="Either partner can call a calm-down break at any time, even while "
                "typing"),
        Binding("t", "timeout", "Time-out", id="session.timeout-letter", show=False),
        Binding("ctrl+s", "submit", "Save answer", id="session.submit"),
        Binding("ctrl+r", "toggle_hidden", "Show/hide typing", id="session.toggle-hidden"),
        Binding("escape", "leave_field", "Leave the text box", id="session.leave-field",
                show=False),
        Binding("plus,equals_sign", "adjust_timeout(5)", "+5 min", id="session.timeout-longer"),
        Binding("minus", "adjust_timeout(-5)", "-5 min", id="session.timeout-shorter"),
        Binding("j", "jump", "Jump to step", id="session.jump",
                tooltip="Demonstration mode: go to any step"),
        Binding("n", "toggle_notes", "Notes", id="session.notes",
                tooltip="Demonstration mode: show or hide the facilitator notes"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.moment: object = None
        self.keys_for: object = None
        self.cue_given = False
        self.entry_key = ""
        self.notes_wanted: bool | None = None
        self.drafts: dict[str, str] = load_drafts(session)
        """Words typed but not yet saved as an answer, by step, partner and round: they survive
        a time-out, going back, and quitting (see :meth:`keep_drafts`)."""

    # layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TurnBanner(id="banner")
        yield Static("", id="progress", markup=False)
        with Horizontal(id="session-body"):
            with VerticalScroll(id="stage"):
                yield Static("", id="prompt", markup=False)
                yield Static("", id="stems", markup=False)
                yield Countdown(id="countdown")
                yield Interaction(id="interaction")
            if self.app.demo:  # type: ignore[attr-defined]
                with VerticalScroll(id="notes"):
                    yield Static(Content("Facilitator notes"), classes="notes-title")
                    yield Static("", id="notes-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_moment()
        self.set_interval(0.25, self.tick)

    # showing the state --------------------------------------------------------------------

    def show_moment(self) -> None:
        session = self.session
        if session.state.finished:
            self.app.finished(session)  # type: ignore[attr-defined]
            return
        view = session.view()
        state = session.state
        moment = (state.position, state.paused, state.timeout, len(state.history))
        self.update_clock(view)
        if moment == self.moment:
            return
        self.moment = moment
        self.cue_given = state.time_up
        words, partner = banner_for(view)
        self.query_one(TurnBanner).show(words, partner)
        progress = f"{session.exercise.title}  ·  step {view.step_number} of {view.step_total}"
        if view.rounds > 1:
            progress += f"  ·  round {view.round} of {view.rounds}"
        self.query_one("#progress", Static).update(Content(progress))
        self.query_one("#prompt", Static).update(Content(self.prompt_text(view)))
        stems_text = self.stems_text(view)
        stems = self.query_one("#stems", Static)
        stems.update(Content(stems_text))
        stems.display = bool(stems_text)
        if self.app.demo:  # type: ignore[attr-defined]
            notes = "\n\n".join(
                note for note in (view.facilitator, session.exercise.facilitator,
                                  self.checker_notes()) if note)
            self.query_one("#notes-text", Static).update(
                Content(notes or "No notes for this step."))
        self.rebuild_interaction(view)
        keys = (view.expects, view.private)
        if keys != self.keys_for:
            # the footer rebuilds all its keys, so only when the usable keys change
            self.keys_for = keys
            self.refresh_bindings()

    def checker_notes(self) -> str:
        """In a preview, the checker's warnings about the file sit beside the exercise."""
        warnings = getattr(self.app, "preview_warnings", ())
        if not warnings:
            return ""
        from reconnect.format.report import concise

        return "Checker warnings:\n" + "\n".join(concise(w) for w in warnings)

    def prompt_text(self, view: engine.View) -> str:
        if view.expects == "timeout":
            return ("Time-out. Step away from the conversation and do something soothing on "
                    "your own. You will come back to exactly this point.")
        if view.expects == "handover":
            return ""
        text = view.text or DEFAULT_TEXT.get(view.kind, "")
        if view.kind == "turn" and view.listener_text:
            text += f"\n\n{view.listener_text}"
        return text

    def stems_text(self, view: engine.View) -> str:
        if view.expects in ("timeout", "handover", "paused"):
            return ""
        lines = []
        if view.stems:
            lines.append("Sentence starters:  " + "   ".join(f"“{s}”" for s in view.stems))
        if view.listener_stems:
            lines.append("For listening:  " + "   ".join(f"“{s}”" for s in view.listener_stems))
        return "\n".join(lines)

    def update_clock(self, view: engine.View) -> None:
        countdown = self.query_one(Countdown)
        if view.timeout_remaining is not None:
            countdown.display = True
            over = view.timeout_remaining <= 0
            caption = ("Time to come back, when you are both ready." if over
                       else "until you come back")
            countdown.show(view.timeout_remaining, caption=caption, time_up=over, frozen=False)
            return
        if view.remaining is None:
            countdown.display = False
            return
        countdown.display = True
        if view.time_up:
            caption = "Time is up. Finish your thought, then continue."
        elif view.expects == "paused":
            caption = "paused"
        else:
            caption = "left" if view.kind == "turn" else "left in the break"
        countdown.show(view.remaining, caption=caption, time_up=view.time_up,
                       frozen=view.expects == "paused")

    def rebuild_interaction(self, view: engine.View) -> None:
        area = self.query_one(Interaction)
        area.widgets = self.interaction_widgets(view)
        # queued, so that a quick second change waits until the first has been removed
        self.call_later(self._recompose_interaction)

    async def _recompose_interaction(self) -> None:
        area = self.query_one(Interaction)
        await area.recompose()
        focus = next((widget for widget in area.children if widget.can_focus), None)
        self.set_focus(focus)

    def interaction_widgets(self, view: engine.View) -> list[Widget]:
        names = view.names
        hint = "hint"
        if view.expects == "timeout":
            assert self.session.state.timeout is not None
            timeout = self.session.state.timeout
            back_at = datetime.fromtimestamp(timeout.started + timeout.minutes * 60)
            return [
                Static(Content(f"Agreed return: {back_at:%H:%M} ({timeout.minutes} minutes)."),
                       classes="return-time"),
                Static(Content(
                    "While you are apart:\n"
                    "  · breathe slowly, in for four, out for six\n"
                    "  · walk, stretch, or sit somewhere quiet\n"
                    "  · let go of replaying the argument; soothe yourself instead\n"
                    "  · come back at the agreed time, even if only to set a new one")),
                Static(Content("Press Enter when you are both ready to come back. "
                               "+ or - changes the time by five minutes."), classes=hint),
            ]
        if view.expects == "paused":
            return [Static(Content("Paused. Press p or space to carry on."), classes="paused")]
        if view.expects == "handover" and view.answerer is not None:
            who, other = names[view.answerer], names[1 - view.answerer]
            return [Static(Content(
                f"Pass the laptop to {who}.\n{other}, please look away.\n\n"
                f"{who}, press Enter when you are ready."), classes="handover")]
        if view.expects == "text":
            self.entry_key = f"{view.step_id}|{view.answerer}|{view.round}"
            draft = self.drafts.get(self.entry_key)
            if view.private:
                entry: Widget = Input(draft or "", placeholder="Type your answer; it stays hidden",
                                      password=True, id="answer",
                                      max_length=engine.MAX_ANSWER,
                                      select_on_focus=False)  # typing adds to a kept draft
                tip = "Enter to save. Only you can see this. Ctrl+R shows what you typed."
            else:
                entry = TextArea(draft if draft is not None else view.draft, id="answer",
                                 soft_wrap=True, tab_behavior="focus",
                                 placeholder="Type your answer")
                tip = "Ctrl+S to save. Enter starts a new line."
            return [entry, Static(Content(tip), classes=hint)]
        if view.expects == "rating" and view.scale is not None:
            return [RatingScale(view.scale[0], view.scale[1], view.scale_labels, id="rating"),
                    Static(Content("Arrow keys or a number to choose, Enter to confirm. "
                                   "Your rating stays hidden until you have both answered."),
                           classes=hint)]
        if view.expects == "choice":
            options = OptionList(*[Option(Content(label), id=f"option-{number}")
                                   for number, label in enumerate(view.options)],
                                 id="choices", markup=False)
            return [options, Static(Content("Choose together, then press Enter."),
                                    classes=hint)]
        widgets: list[Widget] = []
        if view.revealed:
            # a rating's own reveal sits under its question, which the prompt already shows
            widgets.append(RevealPanel(view.revealed, names, questions=view.kind == "reveal"))
        if view.suggestions:
            widgets.append(Static(Content("\n".join(f"  · {s}" for s in view.suggestions)),
                                  classes="suggestions"))
        if view.tasks:
            widgets.append(Static(Content("\n".join(f"  · {t}" for t in view.tasks)),
                                  classes="tasks"))
        widgets.append(Static(Content("Press Enter to finish." if view.finishes
                                      else "Press Enter to continue."), classes=hint))
        return widgets

    # ticking ------------------------------------------------------------------------------

    def tick(self) -> None:
        view = self.session.view()
        self.update_clock(view)
        state = self.session.state
        clock_done = (view.remaining is not None and view.remaining <= 0
                      and view.expects not in ("paused", "timeout"))
        if clock_done and not self.cue_given:
            self.cue_given = True
            self.app.bell()
            self.send(engine.TimeUp(self.session.now()))
        if state.timeout is not None and view.timeout_remaining == 0 and not self.cue_given:
            self.cue_given = True
            self.app.bell()

    # sending events -----------------------------------------------------------------------

    def send(self, event: engine.Event) -> bool:
        answering = isinstance(event, engine.Answer)
        try:
            self.session.send(event)
        except engine.EventRejected as rejected:
            self.notify(str(rejected).capitalize() + ".", severity="warning", markup=False)
            return False
        except SaveFailed as failure:
            self.notify(f"{failure} What you entered is still here; try again in a moment.",
                        title="Not saved", severity="error", timeout=30, markup=False)
            return False
        if answering:
            self.drafts.pop(self.entry_key, None)  # it is an answer now, saved with the rest
        self.show_moment()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        expects = self.session.view().expects if self.is_mounted else ""
        if action == "continue":
            return expects in ("continue", "handover", "reveal", "paused", "timeout")
        if action == "submit":
            return expects == "text" and not self.session.state.step.is_private  # type: ignore[union-attr]
        if action == "toggle_hidden":
            return expects == "text" and self.session.state.step.is_private  # type: ignore[union-attr]
        if action == "pause":
            return expects not in ("timeout", "finished")
        if action == "adjust_timeout":
            return expects == "timeout"
        if action in ("jump", "toggle_notes"):
            return bool(self.app.demo)  # type: ignore[attr-defined]
        if action in ("back", "timeout"):
            return expects != "timeout"
        return True

    def action_continue(self) -> None:
        at = self.session.now()
        expects = self.session.view().expects
        if expects == "paused":
            self.send(engine.Resume(at))
        elif expects == "timeout":
            self.send(engine.EndTimeout(at))
        elif expects == "continue" and self.cutting_a_break_short():
            self.confirm_early_return()
        elif expects in ("continue", "handover", "reveal"):
            self.send(engine.Advance(at))

    def cutting_a_break_short(self) -> bool:
        view = self.session.view()
        return view.kind == "break" and not view.time_up and (view.remaining or 0) > 60

    def confirm_early_return(self) -> None:
        """Enter means "continue" everywhere else, so a calm-down break is not ended by habit."""
        from reconnect.tui.dialogs.confirm import ConfirmDialog

        minutes = round((self.session.view().remaining or 0) / 60)

        def answered(now: bool | None) -> None:
            if now:
                self.send(engine.Advance(self.session.now()))

        self.app.push_screen(ConfirmDialog(
            f"The break has about {minutes} minutes left. Are you both calm enough to come back "
            "now?", "Come back now", "Keep resting"), answered)

    def action_back(self) -> None:
        self.send(engine.Back(self.session.now()))

    def action_pause(self) -> None:
        if self.session.state.paused:
            self.send(engine.Resume(self.session.now()))
        else:
            self.send(engine.Pause(self.session.now()))

    def action_timeout(self) -> None:
        if self.session.state.timeout is None:
            self.send(engine.TakeTimeout(self.session.now()))

    def action_adjust_timeout(self, delta: int) -> None:
        timeout = self.session.state.timeout
        if timeout is not None:
            minutes = max(5, min(240, timeout.minutes + delta))
            if minutes != timeout.minutes:
                self.send(engine.SetTimeout(self.session.now(), minutes))
                self.moment = None  # the agreed return time changed: show it again
                self.show_moment()

    def action_jump(self) -> None:
        from reconnect.tui.dialogs.jump import JumpDialog

        def jump(step_id: str | None) -> None:
            if step_id:
                self.send(engine.JumpTo(self.session.now(), step_id))

        step = self.session.state.step
        self.app.push_screen(JumpDialog(self.session.exercise, step.id if step else ""), jump)

    def on_resize(self) -> None:
        # the same layout, with more breathing room on a large shared screen
        self.set_class(self.size.width >= 140 and self.size.height >= 40, "roomy")
        self.show_notes_panel()

    def show_notes_panel(self) -> None:
        """Facilitator notes sit beside the exercise where there is room for both (or when
        asked for with `n`); on a narrow screen the exercise comes first."""
        for notes in self.query("#notes"):
            notes.display = self.notes_wanted if self.notes_wanted is not None \
                else self.size.width >= NOTES_FROM_WIDTH

    def action_toggle_notes(self) -> None:
        shown = self.query("#notes")
        if shown:
            self.notes_wanted = not shown.first().display
            self.show_notes_panel()

    def action_submit(self) -> None:
        entry = self.query("#answer")
        if entry:
            widget = entry.first()
            text = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
            self.send(engine.Answer(self.session.now(), text))

    def action_toggle_hidden(self) -> None:
        for entry in self.query("#answer").results(Input):
            entry.password = not entry.password

    def action_leave_field(self) -> None:
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "answer":
            event.stop()
            self.send(engine.Answer(self.session.now(), event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "answer" and self.entry_key:
            self.drafts[self.entry_key] = event.value

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "answer" and self.entry_key:
            self.drafts[self.entry_key] = event.text_area.text

    def keep_drafts(self) -> None:
        """Save unsent words with the session, so quitting never loses what was typed."""
        session = self.session
        if session.store is None or session.session_id is None:
            return
        kept = {key: text for key, text in self.drafts.items() if text.strip()}
        try:
            session.store.set_setting(draft_setting(session.session_id), json.dumps(kept))
        except StoreError:
            pass  # the answers themselves are saved; only unsent words could not be kept

    def on_rating_scale_chosen(self, event: RatingScale.Chosen) -> None:
        self.send(engine.Rate(self.session.now(), event.value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        step = self.session.state.step
        if event.option_list.id == "choices" and step is not None:
            event.stop()
            self.send(engine.Choose(self.session.now(), step.options[event.option_index].label))


__all__ = ["SessionScreen", "banner_for", "clock_text"]
