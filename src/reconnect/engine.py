"""The session engine: a pure state machine that walks two partners through one exercise.

``apply(state, event) -> state`` is all there is. No I/O, no clock (every event carries the time
it happened), no terminal. A session is the fold of its events over :func:`start`, so resuming a
saved session is replaying its log, and every flow can be tested without a screen.

What the engine decides: which step is current, whose turn it is inside a step, who holds the
floor, when roles swap, where jumps and conditions lead, what the timers show, and which answers
stay private until a reveal. What the screen shows is :func:`view` of the state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from reconnect.format import conditions, flow
from reconnect.format.model import Exercise, Step
from reconnect.format.templates import render
from reconnect.text import clean, clean_name

EACH_OF_YOU = "each of you"
MAX_ANSWER = 20_000
"""Characters kept per answer; longer text is refused before it is saved, never cut silently."""


class EventRejected(ValueError):
    """The event does not fit the current state (for example a rating while a turn is shown)."""


# events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    at: float


@dataclass(frozen=True)
class Start(Event):
    names: tuple[str, str]
    first: int = 0


@dataclass(frozen=True)
class Advance(Event):
    """Continue: done reading, handed over, finished speaking."""


@dataclass(frozen=True)
class Back(Event):
    """One step back (or to the beginning of the current step)."""


@dataclass(frozen=True)
class Answer(Event):
    text: str


@dataclass(frozen=True)
class Rate(Event):
    value: int


@dataclass(frozen=True)
class Choose(Event):
    option: str


@dataclass(frozen=True)
class Pause(Event):
    pass


@dataclass(frozen=True)
class Resume(Event):
    pass


@dataclass(frozen=True)
class TimeUp(Event):
    """The countdown reached zero: the gentle cue was given. Nothing is cut off."""


@dataclass(frozen=True)
class TakeTimeout(Event):
    minutes: int | None = None


@dataclass(frozen=True)
class SetTimeout(Event):
    """Change the length of the running time-out (the agreed return time moves with it)."""

    minutes: int


@dataclass(frozen=True)
class EndTimeout(Event):
    pass


@dataclass(frozen=True)
class Reopen(Event):
    """The session was opened again after the app stopped: running clocks stop where it stopped."""


@dataclass(frozen=True)
class JumpTo(Event):
    """Go straight to a step (demonstration mode)."""

    step: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__.lower(): cls
    for cls in (Start, Advance, Back, Answer, Rate, Choose, Pause, Resume, TimeUp, TakeTimeout,
                SetTimeout, EndTimeout, Reopen, JumpTo)
}


def to_record(event: Event) -> tuple[str, dict[str, Any]]:
    """The event as a type name and a JSON-ready payload (``at`` is stored beside them)."""
    payload = {f.name: getattr(event, f.name) for f in fields(event) if f.name != "at"}
    if isinstance(event, Start):
        payload["names"] = list(event.names)
    return type(event).__name__.lower(), payload


def from_record(kind: str, payload: Mapping[str, Any], at: float) -> Event:
    """Rebuild an event from the store; raises ValueError for anything malformed."""
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise ValueError(f"unknown event type {kind!r}")
    arguments = dict(payload)
    if cls is Start:
        names = arguments.get("names")
        if not isinstance(names, list | tuple) or len(names) != 2:
            raise ValueError("a start event needs two names")
        arguments["names"] = (str(names[0]), str(names[1]))
    try:
        return cls(at=float(at), **arguments)
    except TypeError as error:
        raise ValueError(f"malformed {kind} event: {error}") from None


# state ----------------------------------------------------------------------------------

ENTRY = "entry"
HANDOVER = "handover"
SHOW = "show"
REVEAL = "reveal"


@dataclass(frozen=True)
class Position:
    """Where the session is: the step, the phase inside it, and the round bookkeeping."""

    step: int
    phase: str = SHOW
    answered: int = 0
    """How many partners have answered the current per-partner step."""
    swapped: bool = False
    loops: tuple[tuple[str, int], ...] = ()
    """Rounds completed per swap step, for the loops currently running."""

    def rounds_done(self, swap_id: str) -> int:
        return dict(self.loops).get(swap_id, 0)


@dataclass(frozen=True)
class Clock:
    """A countdown that can be frozen and unfrozen; ``started`` is None while frozen."""

    seconds: int
    used: float = 0.0
    started: float | None = None

    def remaining(self, now: float) -> float:
        running = (now - self.started) if self.started is not None else 0.0
        return self.seconds - self.used - max(0.0, running)

    def freeze(self, at: float) -> Clock:
        if self.started is None:
            return self
        return replace(self, used=self.used + max(0.0, at - self.started), started=None)

    def unfreeze(self, at: float) -> Clock:
        return self if self.started is not None else replace(self, started=at)


@dataclass(frozen=True)
class Timeout:
    started: float
    minutes: int

    def remaining(self, now: float) -> float:
        return self.minutes * 60 - (now - self.started)


@dataclass(frozen=True)
class Record:
    """One answer as given. Answers are only ever added: a changed answer is a newer record."""

    step: str
    round: int
    partner: int | None
    """0 or 1 for a partner's own answer; None for an answer given together."""
    value: str | int
    at: float


@dataclass(frozen=True)
class State:
    exercise: Exercise
    names: tuple[str, str] = ("", "")
    first: int = 0
    position: Position = field(default_factory=lambda: Position(0))
    history: tuple[Position, ...] = ()
    records: tuple[Record, ...] = ()
    clock: Clock | None = None
    time_up: bool = False
    paused: bool = False
    timeout: Timeout | None = None
    started: bool = False
    finished: bool = False
    last_at: float = 0.0

    @property
    def step(self) -> Step | None:
        if self.finished or not self.started:
            return None
        return self.exercise.steps[self.position.step]

    def holder(self, role: str) -> int:
        """The partner (0 or 1) who holds ``role`` now."""
        first_role = role == self.exercise.roles[0]
        holds_first = self.first if not self.position.swapped else 1 - self.first
        return holds_first if first_role else 1 - holds_first

    def answerer(self) -> int | None:
        """The partner whose answer is awaited in the current phase, if one is."""
        step = self.step
        if step is None:
            return None
        if step.per_partner:
            if self.position.answered >= 2:
                return None
            starter = self.holder(self.exercise.roles[0])
            return starter if self.position.answered == 0 else 1 - starter
        if step.kind == "answer" and step.who != "together":
            return self.holder(step.who)
        return None

    def latest(self, step_id: str) -> list[Record]:
        """The newest answer of each partner (or the shared one) to ``step_id``."""
        newest: dict[int | None, Record] = {}
        for record in self.records:
            if record.step == step_id:
                newest[record.partner] = record
        return [newest[key] for key in sorted(newest, key=lambda k: -1 if k is None else k)]

    def current_round(self) -> tuple[int, int]:
        """(round, rounds) of the innermost swap loop around the current step; (1, 1) if none."""
        if self.finished or not self.started:
            return (1, 1)
        steps = self.exercise.steps
        here = self.position.step
        best: tuple[int, int] | None = None
        best_width = len(steps) + 1
        for index, step in enumerate(steps):
            if step.kind != "swap" or not step.repeat_from:
                continue
            begin = self.exercise.index(step.repeat_from)
            if begin <= here <= index and index - begin < best_width:
                best_width = index - begin
                best = (self.position.rounds_done(step.id) + 1, step.rounds)
        return best or (1, 1)


def new_state(exercise: Exercise) -> State:
    return State(exercise=exercise)


def replay(exercise: Exercise, events: Sequence[Event]) -> State:
    """The state after ``events``; events the state rejects are skipped, never fatal."""
    state = new_state(exercise)
    for event in events:
        try:
            state = apply(state, event)
        except EventRejected:
            continue
    return state


# transitions -----------------------------------------------------------------------------


def apply(state: State, event: Event) -> State:
    """The state after ``event``. Raises :class:`EventRejected` when it does not fit."""
    if isinstance(event, Start):
        return _start(state, event)
    if not state.started:
        raise EventRejected("the session has not started")
    if isinstance(event, Reopen):
        return _reopen(state, event)
    if isinstance(event, TakeTimeout):
        return _take_timeout(state, event)
    if state.timeout is not None:
        if isinstance(event, EndTimeout):
            return _end_timeout(state, event)
        if isinstance(event, SetTimeout):
            _check_timeout_minutes(event.minutes)
            return replace(state, timeout=replace(state.timeout, minutes=event.minutes),
                           last_at=event.at)
        raise EventRejected("a time-out is running; end it first")
    if isinstance(event, EndTimeout | SetTimeout):
        raise EventRejected("no time-out is running")
    if isinstance(event, Resume):
        if not state.paused:
            raise EventRejected("the session is not paused")
        clock = state.clock.unfreeze(event.at) if state.clock else None
        return replace(state, paused=False, clock=clock, last_at=event.at)
    if state.paused:
        raise EventRejected("the session is paused")
    if isinstance(event, Pause):
        if state.finished:
            raise EventRejected("the session has finished")
        clock = state.clock.freeze(event.at) if state.clock else None
        return replace(state, paused=True, clock=clock, last_at=event.at)
    if isinstance(event, Back):
        return _back(state, event)
    if state.finished:
        raise EventRejected("the session has finished")
    if isinstance(event, JumpTo):
        if not state.exercise.has_step(event.step):
            raise EventRejected(f"no step {event.step!r}")
        return _enter(state, _jump(state, state.position, state.exercise.index(event.step)),
                      event.at)
    if isinstance(event, TimeUp):
        if state.clock is None or state.clock.remaining(event.at) > 1.0:
            raise EventRejected("the countdown has not finished")
        return replace(state, time_up=True, last_at=event.at)
    if isinstance(event, Advance):
        return _advance(state, event)
    if isinstance(event, Answer):
        return _answer(state, event)
    if isinstance(event, Rate):
        return _rate(state, event)
    if isinstance(event, Choose):
        return _choose(state, event)
    raise EventRejected(f"unknown event {type(event).__name__}")


def _start(state: State, event: Start) -> State:
    if state.started:
        raise EventRejected("the session has already started")
    if not isinstance(event.names, tuple | list) or len(event.names) != 2 or not all(
            isinstance(name, str) for name in event.names):
        raise EventRejected("two names are needed")
    names = (clean_name(event.names[0]), clean_name(event.names[1]))
    if not all(names) or names[0].casefold() == names[1].casefold():
        raise EventRejected("two different, non-empty names are needed")
    if type(event.first) is not int or event.first not in (0, 1):
        raise EventRejected("the first partner is 0 or 1")
    fresh = replace(state, names=names, first=event.first, started=True, last_at=event.at)
    return _enter(fresh, Position(0), event.at, remember=False)


def _initial_phase(step: Step) -> str:
    if step.per_partner:
        return HANDOVER if step.is_private else ENTRY
    if step.kind in ("answer", "choice"):
        return ENTRY
    return SHOW


def _enter(state: State, position: Position, at: float, *, remember: bool = True) -> State:
    """Arrive at the beginning of ``position.step`` (or finish when it is past the end)."""
    history = state.history + (state.position,) if remember else state.history
    steps = state.exercise.steps
    if position.step >= len(steps):
        return replace(state, position=replace(position, step=len(steps) - 1), history=history,
                       finished=True, clock=None, time_up=False, paused=False, last_at=at)
    step = steps[position.step]
    position = replace(position, phase=_initial_phase(step), answered=0)
    clock = None
    if step.kind == "turn" and step.seconds:
        clock = Clock(step.seconds, started=at)
    elif step.kind == "break":
        clock = Clock((step.minutes or 20) * 60, started=at)
    return replace(state, position=position, history=history, clock=clock, time_up=False,
                   finished=False, last_at=at)


def _advance(state: State, event: Advance) -> State:
    step = state.step
    assert step is not None
    phase = state.position.phase
    if phase == HANDOVER:
        return replace(state, position=replace(state.position, phase=ENTRY), last_at=event.at)
    if phase == ENTRY:
        raise EventRejected("an answer is awaited")
    return _leave(state, step, event.at)


def _leave(state: State, step: Step, at: float, chosen: str | None = None) -> State:
    """Finish ``step`` and enter whatever comes next."""
    steps = state.exercise.steps
    position = state.position
    if chosen is not None:
        for option in step.options:
            if option.label == chosen and option.goto:
                return _enter(state, _jump(state, position, state.exercise.index(option.goto)), at)
    for branch in step.branches:
        if conditions.evaluate(branch.when, lambda ref: _values(state, ref)):
            return _enter(state, _jump(state, position, state.exercise.index(branch.goto)), at)
    if step.kind == "swap" and step.repeat_from:
        done = position.rounds_done(step.id) + 1
        loops = tuple((key, value) for key, value in position.loops if key != step.id)
        if done < step.rounds:
            looping = replace(position, swapped=not position.swapped,
                              loops=loops + ((step.id, done),),
                              step=state.exercise.index(step.repeat_from))
            return _enter(state, looping, at)
        # the rounds are over: roles return to how they were when the loop began
        restored = position.swapped ^ ((step.rounds - 1) % 2 == 1)
        position = replace(position, swapped=restored, loops=loops)
    following = flow.default_next(steps, position.step)
    target = len(steps) if following == flow.END else state.exercise.index(following)
    return _enter(state, _jump(state, position, target), at)


def _jump(state: State, position: Position, index: int) -> Position:
    """Move to step ``index``. Jumping out of a running round loop (a branch or a choice that
    leads elsewhere) ends that loop, and the roles return to how they were when it began."""
    exercise = state.exercise
    kept: list[tuple[str, int]] = []
    swapped = position.swapped
    for swap_id, done in position.loops:
        swap_index = exercise.index(swap_id)
        begin = exercise.index(exercise.steps[swap_index].repeat_from or swap_id)
        if begin <= index <= swap_index:
            kept.append((swap_id, done))
        elif done % 2 == 1:
            swapped = not swapped
    return replace(position, step=index, loops=tuple(kept), swapped=swapped)


def _values(state: State, step_id: str) -> list[object]:
    return [record.value for record in state.latest(step_id)]


def _answer(state: State, event: Answer) -> State:
    step = state.step
    assert step is not None
    if step.kind != "answer" or state.position.phase != ENTRY:
        raise EventRejected("no written answer is awaited")
    if not isinstance(event.text, str):
        raise EventRejected("an answer is text")
    text = clean(event.text).strip()
    if not text:
        raise EventRejected("the answer is empty")
    if len(text) > MAX_ANSWER:
        raise EventRejected(f"the answer is longer than {MAX_ANSWER:,} characters")
    return _record(state, step, text, event.at)


def _rate(state: State, event: Rate) -> State:
    step = state.step
    assert step is not None
    if step.kind != "rating" or state.position.phase != ENTRY:
        raise EventRejected("no rating is awaited")
    assert step.scale is not None
    if isinstance(event.value, bool) or not isinstance(event.value, int) or not \
            step.scale.contains(event.value):
        raise EventRejected(f"ratings go from {step.scale.low} to {step.scale.high}")
    return _record(state, step, event.value, event.at)


def _choose(state: State, event: Choose) -> State:
    step = state.step
    assert step is not None
    if step.kind != "choice" or state.position.phase != ENTRY:
        raise EventRejected("no choice is awaited")
    labels = [option.label for option in step.options]
    chosen = event.option
    if isinstance(chosen, str) and chosen not in labels:
        # the screen offers the labels of view(), with the partners' names filled in
        mapping = names_for(state, state.answerer())
        shown = {render(label, mapping): label for label in reversed(labels)}
        chosen = shown.get(chosen, chosen)
    if not isinstance(chosen, str) or chosen not in labels:
        raise EventRejected(f"{event.option!r} is not an option")
    recorded = replace(state, records=state.records + (
        Record(step.id, state.current_round()[0], None, chosen, event.at),))
    return _leave(recorded, step, event.at, chosen=chosen)


def _record(state: State, step: Step, value: str | int, at: float) -> State:
    partner = state.answerer()
    record = Record(step.id, state.current_round()[0], partner, value, at)
    state = replace(state, records=state.records + (record,), last_at=at)
    position = state.position
    if not step.per_partner:
        return _leave(state, step, at)
    answered = position.answered + 1
    if answered < 2:
        phase = HANDOVER if step.is_private else ENTRY
        return replace(state, position=replace(position, answered=answered, phase=phase))
    if step.kind == "rating":
        return replace(state, position=replace(position, answered=answered, phase=REVEAL))
    return _leave(replace(state, position=replace(position, answered=answered)), step, at)


def _back(state: State, event: Back) -> State:
    """Back to the start of this step, or from its start to the previous step.

    Going back never removes an answer: the records stay, and answering again adds a newer one.
    Inside a private step, back restarts the step rather than showing the other partner's entry.
    """
    step = state.step
    position = state.position
    if step is not None and not state.finished:
        at_start = position.phase == _initial_phase(step) and position.answered == 0
        if not at_start:
            return _enter(replace(state, position=position), position, event.at, remember=False)
    if not state.history:
        raise EventRejected("this is the first step")
    previous = state.history[-1]
    restored = replace(state, history=state.history[:-1], finished=False)
    return _enter(restored, previous, event.at, remember=False)


def _reopen(state: State, event: Reopen) -> State:
    """Clocks stop at the moment the app stopped; a running turn comes back paused."""
    position = _hand_over_again(state)
    if state.finished or state.clock is None or state.clock.started is None:
        return replace(state, position=position, last_at=event.at)
    frozen = state.clock.freeze(state.last_at)
    return replace(state, clock=frozen, paused=True, position=position, last_at=event.at)


def _take_timeout(state: State, event: TakeTimeout) -> State:
    if state.timeout is not None:
        raise EventRejected("a time-out is already running")
    if state.finished:
        raise EventRejected("the session has finished")
    minutes = event.minutes or state.exercise.timeout_minutes
    _check_timeout_minutes(minutes)
    clock = state.clock.freeze(event.at) if state.clock else None
    return replace(state, timeout=Timeout(event.at, minutes), clock=clock, last_at=event.at)


def _check_timeout_minutes(minutes: object) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise EventRejected("a time-out lasts from 1 to 240 minutes")


def _end_timeout(state: State, event: EndTimeout) -> State:
    clock = state.clock
    if clock is not None and not state.paused:
        clock = clock.unfreeze(event.at)
    return replace(state, timeout=None, clock=clock, position=_hand_over_again(state),
                   last_at=event.at)


def _hand_over_again(state: State) -> Position:
    """After time apart, a private answer starts again with its hand-over: whoever holds the
    laptop now may not be the partner whose answer it is."""
    step, position = state.step, state.position
    if step is not None and step.is_private and position.phase == ENTRY:
        return replace(position, phase=HANDOVER)
    return position


# the view --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revealed:
    """One question with both partners' answers, shown side by side."""

    step: str
    question: str
    answers: tuple[str | None, str | None]


@dataclass(frozen=True)
class View:
    """Everything a screen needs to show the current moment, with names filled in."""

    expects: str
    """``start``, ``continue``, ``handover``, ``text``, ``rating``, ``choice``, ``reveal``,
    ``paused``, ``timeout`` or ``finished``."""
    step_id: str = ""
    kind: str = ""
    step_number: int = 0
    step_total: int = 0
    round: int = 1
    rounds: int = 1
    text: str = ""
    audience: str = ""
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
    timeout_remaining: float | None = None
    timeout_minutes: int | None = None
    revealed: tuple[Revealed, ...] = ()
    tasks: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    facilitator: str = ""
    names: tuple[str, str] = ("", "")
    draft: str = ""
    """A shared (not private) answer given earlier, offered again for editing after going back."""
    finishes: bool = False
    """Continuing from this step ends the exercise (whatever the answers were)."""


def names_for(state: State, answerer: int | None = None) -> dict[str, str]:
    """The placeholder values at this moment: roles, first/second, and you/partner."""
    names = state.names
    roles = state.exercise.roles
    mapping = {
        roles[0]: names[state.holder(roles[0])],
        roles[1]: names[state.holder(roles[1])],
        "first": names[state.first],
        "second": names[1 - state.first],
    }
    if answerer is not None:
        mapping["you"] = names[answerer]
        mapping["partner"] = names[1 - answerer]
    else:
        # a per-partner question shown to both at once (a reveal) speaks to both
        mapping = to_both_partners(mapping)
    return mapping


def to_both_partners(mapping: Mapping[str, str]) -> dict[str, str]:
    """Placeholder values for a question written to one partner and shown to both at once."""
    return dict(mapping, you=EACH_OF_YOU, partner="your partner")


def view(state: State, now: float) -> View:
    if not state.started:
        return View(expects="start")
    exercise = state.exercise
    total = len(exercise.steps)
    if state.finished:
        return View(expects="finished", step_number=total, step_total=total, names=state.names)
    step = state.step
    assert step is not None
    position = state.position
    answerer = state.answerer()
    mapping = names_for(state, answerer)

    def fill(text: str) -> str:
        return _to_both(render(text, mapping)) if answerer is None else render(text, mapping)

    round_number, rounds = state.current_round()
    speaker = listener = None
    if step.kind == "turn" and step.speaker:
        speaker = state.holder(step.speaker)
        listener = 1 - speaker
    expects = {
        SHOW: "continue",
        HANDOVER: "handover",
        REVEAL: "reveal",
        ENTRY: {"answer": "text", "rating": "rating", "choice": "choice"}.get(step.kind, ""),
    }[position.phase]
    if state.paused:
        expects = "paused"
    if state.timeout is not None:
        expects = "timeout"
    audience = {"both": "", "first": state.names[state.first],
                "second": state.names[1 - state.first]}.get(step.to)
    if audience is None:
        audience = state.names[state.holder(step.to)]
    revealed: tuple[Revealed, ...] = ()
    if step.kind == "reveal":
        revealed = tuple(item for shown in step.show
                         for item in _revealed(state, exercise.step(shown), mapping, True))
    elif position.phase == REVEAL:
        revealed = _revealed(state, step, mapping, False)
    draft = ""
    if position.phase == ENTRY and step.kind == "answer" and not step.is_private:
        mine = [r for r in state.latest(step.id) if r.partner == answerer]
        draft = str(mine[0].value) if mine else ""
    clock = state.clock
    return View(
        expects=expects,
        step_id=step.id,
        kind=step.kind,
        step_number=position.step + 1,
        step_total=total,
        round=round_number,
        rounds=rounds,
        text=fill(step.text),
        audience=audience,
        speaker=speaker,
        listener=listener,
        answerer=answerer,
        private=step.is_private,
        listener_text=fill(step.listener_text),
        stems=tuple(fill(stem) for stem in step.stems),
        listener_stems=tuple(fill(stem) for stem in step.listener_stems),
        options=tuple(fill(option.label) for option in step.options),
        scale=(step.scale.low, step.scale.high) if step.scale else None,
        scale_labels=(fill(step.scale.low_label), fill(step.scale.high_label))
        if step.scale else ("", ""),
        remaining=max(0.0, clock.remaining(now)) if clock else None,
        total_seconds=clock.seconds if clock else None,
        time_up=state.time_up or (clock is not None and clock.remaining(now) <= 0),
        timeout_remaining=max(0.0, state.timeout.remaining(now)) if state.timeout else None,
        timeout_minutes=state.timeout.minutes if state.timeout else None,
        revealed=revealed,
        tasks=tuple(fill(task) for task in step.tasks),
        suggestions=tuple(fill(item) for item in step.suggestions),
        facilitator=fill(step.facilitator),
        names=state.names,
        draft=draft,
        finishes=_finishes(state.exercise.steps, position.step),
    )


def _finishes(steps: tuple[Step, ...], index: int) -> bool:
    step = steps[index]
    if step.kind == "end":
        return not step.branches
    if step.branches or step.kind == "swap" or any(option.goto for option in step.options):
        return False
    return flow.default_next(steps, index) == flow.END


def _revealed(state: State, step: Step, mapping: dict[str, str],
              every_round: bool) -> tuple[Revealed, ...]:
    """Both partners' newest answers to ``step``: for each round it was asked in (a reveal
    step after a loop shows every round), or for the latest round only."""
    by_round: dict[int, list[str | None]] = {}
    for record in state.records:
        if record.step == step.id and record.partner is not None:
            by_round.setdefault(record.round, [None, None])[record.partner] = str(record.value)
    question = _to_both(render(step.text, to_both_partners(mapping)))
    if not by_round:
        return (Revealed(step.id, question, (None, None)),)
    rounds = sorted(by_round) if every_round else [max(by_round)]
    return tuple(
        Revealed(step.id, question + (f" (round {number})" if len(rounds) > 1 else ""),
                 (by_round[number][0], by_round[number][1]))
        for number in rounds)


def _to_both(text: str) -> str:
    """A question written to one partner ("{you}, how calm...") shown to both at once."""
    return _SENTENCE_START_EACH.sub(lambda m: m.group(1) + "Each of you", text)


_SENTENCE_START_EACH = re.compile(r"(^|[.!?]\s+)" + EACH_OF_YOU)
