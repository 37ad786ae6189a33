"""The View: everything a front end needs to show the current moment, and nothing to work out.

Every front end (the full-screen TUI, the line mode, the browser) renders a :class:`View` and
sends events. Whose turn it is, what to say, the timers, the agreed return time, which actions
are allowed right now, what to show to whom and when to ask before going on are all decided
here, from the engine's state, with the partners' names filled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from reconnect.core import events as ev
from reconnect.core.engine import (
    EACH_OF_YOU,
    TIMEOUT_STEP,
    State,
    finishes,
    initial_phase,
    names_for,
    to_both_partners,
)
from reconnect.core.facts import PASSED, Value
from reconnect.core.paths import Phase
from reconnect.format.model import (
    TIMEOUT_MINUTES,
    AnswerStep,
    BreakStep,
    ChoiceStep,
    HomeworkStep,
    RatingStep,
    RevealStep,
    SayStep,
    Step,
    TurnStep,
)
from reconnect.format.placeholders import render
from reconnect.i18n import N_, _, ngettext

EARLY_RETURN_SECONDS = 60
"""A break with more than this left asks both partners before it ends early: Enter means
"continue" everywhere else, so a calm-down break is never ended by habit."""
PASSED_WORDS = N_("(passed)")


class Expect(StrEnum):
    """What the session waits for now."""

    START = "start"
    CONTINUE = "continue"
    HANDOVER = "handover"
    TEXT = "text"
    RATING = "rating"
    CHOICE = "choice"
    REVEAL = "reveal"
    PAUSED = "paused"
    TIMEOUT = "timeout"
    FINISHED = "finished"


class Action(StrEnum):
    """What a partner may do at this moment (a front end offers exactly these)."""

    CONTINUE = "continue"
    """Go on: done reading, handed over, finished speaking, seen the ratings."""
    RESUME = "resume"
    END_TIMEOUT = "end_timeout"
    BACK = "back"
    PAUSE = "pause"
    TIMEOUT = "timeout"
    LONGER = "longer"
    """Make the running time-out longer."""
    SHORTER = "shorter"
    ANSWER = "answer"
    RATE = "rate"
    CHOOSE = "choose"
    PASS = "pass"
    JUMP = "jump"
    """Go to any step (demonstration mode only)."""


class DraftKey(NamedTuple):
    """Which answer box a draft belongs to: the step, the partner (None: together), the round."""

    step: str
    partner: int | None
    round: int


@dataclass(frozen=True, slots=True)
class SideBySide:
    """One question with both partners' answers, shown at once (None: not answered)."""

    step: str
    question: str
    answers: tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class Recalled:
    """An earlier answer shown again to the partner who wrote it."""

    partner: int
    question: str
    text: str
    hidden: bool
    """The answer is private and not yet revealed: show it only when its writer asks."""


@dataclass(frozen=True, slots=True)
class View:
    """Everything a screen needs to show the current moment, with names filled in."""

    expects: Expect
    actions: frozenset[Action] = frozenset()
    step_id: str = ""
    kind: str = ""
    step_number: int = 0
    """The step's place in the file, from 1 (for the facilitator's jump list)."""
    step_total: int = 0
    part: int = 0
    """How far along the couple's path this step is (it never goes down going on)..."""
    parts: int = 0
    """...of how many steps the path usually has from here on (it may grow after a branch)."""
    round: int = 1
    rounds: int = 1
    text: str = ""
    audience: str = ""
    """The name of the partner the step is for ("" when it is for both)."""
    audience_partner: int | None = None
    speaker: int | None = None
    listener: int | None = None
    answerer: int | None = None
    private: bool = False
    listener_text: str = ""
    stems: tuple[str, ...] = ()
    listener_stems: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None
    scale_labels: tuple[str, str] = ("", "")
    remaining: float | None = None
    total_seconds: int | None = None
    time_up: bool = False
    cue_due: bool = False
    """The countdown reached zero and the gentle cue has not been given yet (send TimeUp)."""
    timeout_remaining: float | None = None
    timeout_minutes: int | None = None
    timeout_return_at: float | None = None
    """When the couple agreed to come back from the time-out (seconds since the epoch)."""
    revealed: tuple[SideBySide, ...] = ()
    recalled: Recalled | None = None
    tasks: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    facilitator: str = ""
    """Notes for the therapist; only in demonstration mode."""
    names: tuple[str, str] = ("", "")
    entry: DraftKey | None = None
    """While a written answer is awaited: whose answer box this is."""
    draft: str = ""
    """Words for the answer box: unsent words kept earlier, or a shared answer given before."""
    finishes: bool = False
    """Continuing from this step ends the exercise (whatever the answers were)."""
    confirm_continue: str = ""
    """When set, ask this before going on (and go on only if both say yes)."""

    def allows(self, action: Action) -> bool:
        return action in self.actions


def view(state: State, now: float, *, demo: bool = False,
         drafts: Mapping[DraftKey, str] | None = None) -> View:
    """The moment to show at ``now``. ``demo`` adds the facilitator notes and jumping to any
    step; ``drafts`` are unsent words kept for answer boxes."""
    if not state.started:
        return View(expects=Expect.START)
    exercise = state.exercise
    total = len(exercise.steps)
    if state.finished:
        return View(expects=Expect.FINISHED, actions=frozenset({Action.BACK}),
                    step_number=total, step_total=total, part=len(state.path),
                    parts=len(state.path), names=state.names)
    step = state.step
    assert step is not None
    position = state.position
    answerer = state.answerer()
    mapping = names_for(state, answerer)

    def fill(text: str) -> str:
        return _to_both(render(text, mapping)) if answerer is None else render(text, mapping)

    visit = state.visit
    assert visit is not None
    expects = _expects(state, step)
    clock = state.clock
    remaining = max(0.0, clock.remaining(now)) if clock else None
    time_up = state.time_up or (clock is not None and clock.remaining(now) <= 0)
    timeout = state.timeout
    audience = state.names[visit.audience] if visit.audience is not None else ""
    revealed: tuple[SideBySide, ...] = ()
    if isinstance(step, RevealStep):
        revealed = tuple(item for shown in step.show
                         for item in _side_by_side(state, exercise.step(shown), mapping, True))
    elif position.phase == Phase.REVEAL:
        revealed = _side_by_side(state, step, mapping, False)
    entry = None
    draft = ""
    if expects == Expect.TEXT:
        entry = DraftKey(step.id, answerer, visit.round)
        kept = (drafts or {}).get(entry)
        if kept is not None:
            draft = kept
        elif not step.is_private:
            mine = [r for r in state.latest(step.id) if r.partner == answerer]
            draft = str(mine[0].value) if mine and mine[0].value is not PASSED else ""
    # At a hand-over the question belongs to the partner about to be handed the laptop: none
    # of its words are shown until they have it, whatever comes in between (a pause, say).
    withheld = position.phase == Phase.HANDOVER
    confirm = ""
    if isinstance(step, BreakStep) and remaining is not None and not time_up \
            and remaining > EARLY_RETURN_SECONDS and expects == Expect.CONTINUE:
        minutes = max(1, round(remaining / 60))
        confirm = ngettext("The break has about {minutes} minute left. Are you both calm "
                           "enough to come back now?",
                           "The break has about {minutes} minutes left. Are you both calm "
                           "enough to come back now?", minutes).format(minutes=minutes)
    return View(
        expects=expects,
        actions=_actions(state, step, expects, demo),
        step_id=step.id,
        kind=step.kind.value,
        step_number=position.step + 1,
        step_total=total,
        part=visit.part,
        parts=visit.part + state.ahead,
        round=visit.round,
        rounds=visit.rounds,
        text="" if withheld else fill(step.text),
        audience=audience,
        audience_partner=visit.audience,
        speaker=visit.speaker,
        listener=visit.listener,
        answerer=answerer,
        private=step.is_private,
        listener_text=fill(step.listener_text)
        if isinstance(step, TurnStep) and not withheld else "",
        stems=tuple(fill(stem) for stem in step.stems)
        if isinstance(step, SayStep | TurnStep | AnswerStep) and not withheld else (),
        listener_stems=tuple(fill(stem) for stem in step.listener_stems)
        if isinstance(step, TurnStep) and not withheld else (),
        options=tuple(fill(option.label) for option in step.options)
        if isinstance(step, ChoiceStep) and not withheld else (),
        scale=(step.scale.low, step.scale.high) if isinstance(step, RatingStep) else None,
        scale_labels=(fill(step.scale.low_label), fill(step.scale.high_label))
        if isinstance(step, RatingStep) and not withheld else ("", ""),
        remaining=remaining,
        total_seconds=clock.seconds if clock else None,
        time_up=time_up,
        cue_due=time_up and not state.time_up and timeout is None and not state.paused,
        timeout_remaining=max(0.0, timeout.remaining(now)) if timeout else None,
        timeout_minutes=timeout.minutes if timeout else None,
        timeout_return_at=timeout.return_at if timeout else None,
        revealed=revealed,
        recalled=_recalled(state, step, visit.speaker if visit.speaker is not None
                           else visit.audience, mapping),
        tasks=tuple(fill(task) for task in step.tasks) if isinstance(step, HomeworkStep) else (),
        suggestions=tuple(fill(item) for item in step.suggestions)
        if isinstance(step, BreakStep) else (),
        facilitator=fill(step.facilitator) if demo else "",
        names=state.names,
        entry=entry,
        draft=draft,
        finishes=finishes(exercise, position.step),
        confirm_continue=confirm,
    )


def _expects(state: State, step: Step) -> Expect:
    if state.timeout is not None:
        return Expect.TIMEOUT
    if state.paused:
        return Expect.PAUSED
    phase = state.position.phase
    if phase == Phase.SHOW:
        return Expect.CONTINUE
    if phase == Phase.HANDOVER:
        return Expect.HANDOVER
    if phase == Phase.REVEAL:
        return Expect.REVEAL
    if isinstance(step, AnswerStep):
        return Expect.TEXT
    if isinstance(step, RatingStep):
        return Expect.RATING
    return Expect.CHOICE


def _actions(state: State, step: Step, expects: Expect, demo: bool) -> frozenset[Action]:
    if expects == Expect.TIMEOUT:
        allowed = {Action.END_TIMEOUT}
        low, high = TIMEOUT_MINUTES
        assert state.timeout is not None
        if state.timeout.minutes + TIMEOUT_STEP <= high:
            allowed.add(Action.LONGER)
        if state.timeout.minutes - TIMEOUT_STEP >= low:
            allowed.add(Action.SHORTER)
        return frozenset(allowed)
    if expects == Expect.PAUSED:
        return frozenset({Action.RESUME, Action.TIMEOUT})
    allowed = {Action.PAUSE, Action.TIMEOUT}
    position = state.position
    if len(state.path) > 1 or position.phase != initial_phase(step) or position.answered:
        allowed.add(Action.BACK)
    if demo:
        allowed.add(Action.JUMP)
    if expects in (Expect.CONTINUE, Expect.HANDOVER, Expect.REVEAL):
        allowed.add(Action.CONTINUE)
    elif expects == Expect.TEXT:
        allowed.add(Action.ANSWER)
    elif expects == Expect.RATING:
        allowed.add(Action.RATE)
    elif expects == Expect.CHOICE:
        allowed.add(Action.CHOOSE)
    if expects in (Expect.TEXT, Expect.RATING) and isinstance(step, AnswerStep | RatingStep) \
            and step.can_pass:
        allowed.add(Action.PASS)
    return frozenset(allowed)


def continue_event(view: View, at: float) -> ev.Event | None:
    """What "go on" (Enter) means at this moment: carry on from a pause, come back from a
    time-out, or continue. None when going on needs something else first (an answer)."""
    if view.allows(Action.RESUME):
        return ev.Resume(at)
    if view.allows(Action.END_TIMEOUT):
        return ev.EndTimeout(at)
    if view.allows(Action.CONTINUE):
        return ev.Advance(at)
    return None


def shown_value(value: Value) -> str:
    """An answer as both partners see it."""
    return _(PASSED_WORDS) if value is PASSED else str(value)


def _side_by_side(state: State, step: Step, mapping: dict[str, str],
                  every_round: bool) -> tuple[SideBySide, ...]:
    """Both partners' newest answers to ``step``: for each round it was asked in (a reveal
    step after a loop shows every round), or for the latest round only."""
    by_round: dict[int, list[str | None]] = {}
    for record in state.records:
        if record.step == step.id and record.partner is not None:
            by_round.setdefault(record.round, [None, None])[record.partner] = \
                shown_value(record.value)
    question = _to_both(render(step.text, to_both_partners(mapping)))
    if not by_round:
        return (SideBySide(step.id, question, (None, None)),)
    rounds = sorted(by_round) if every_round else [max(by_round)]
    return tuple(
        SideBySide(step.id, question + (" " + _("(round {round})").format(round=number)
                                        if len(rounds) > 1 else ""),
                   (by_round[number][0], by_round[number][1]))
        for number in rounds)


def _recalled(state: State, step: Step, partner: int | None,
              mapping: dict[str, str]) -> Recalled | None:
    """The earlier answer a say or turn step shows again to the partner who wrote it."""
    if not isinstance(step, SayStep | TurnStep) or not step.recall or partner is None:
        return None
    mine = [record for record in state.records
            if record.step == step.recall and record.partner in (partner, None)]
    if not mine:
        return None
    record = mine[-1]
    recalled = state.exercise.step(step.recall)
    question = render(recalled.text, dict(mapping, you=state.names[partner],
                                          partner=state.names[1 - partner]))
    hidden = recalled.is_private and not state.is_revealed(record.step, record.round)
    return Recalled(partner, question, shown_value(record.value), hidden)


def _to_both(text: str) -> str:
    """A question written to one partner ("{you}, how calm...") shown to both at once."""
    each = _(EACH_OF_YOU)
    starting = re.compile(r"(^|[.!?]\s+)" + re.escape(each))
    return starting.sub(lambda m: m.group(1) + each[:1].upper() + each[1:], text)
