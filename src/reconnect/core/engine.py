"""The session engine: a pure state machine that walks two partners through one exercise.

``apply(state, event) -> Outcome(state, facts)`` is all there is. No I/O, no clock (every event
carries the time it happened), no terminal. A session is the fold of its events over a new
state, so resuming a saved session is replaying its log, and every flow can be tested without a
screen. The facts say what the event produced (a step entered, an answer recorded, a check-in,
a reveal, a time-out, homework, the end), so nothing outside the engine has to work a rule out
again.

What the engine decides: which step is current, whose turn it is inside a step, who holds the
floor, when roles swap, where jumps and conditions lead, what the timers show, which answers
stay private until a reveal, the rule for the partners' names and the length of a time-out. What
a screen shows is :func:`reconnect.core.view.view` of the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from reconnect.core import events as ev
from reconnect.core.facts import (
    PASSED,
    CheckinGiven,
    Fact,
    Finished,
    HomeworkAssigned,
    Paused,
    Recorded,
    Reopened,
    Resumed,
    Revealed,
    StepEntered,
    StepLeft,
    TimeoutBegun,
    TimeoutChanged,
    TimeoutEnded,
    TimeRanOut,
    Value,
    Visit,
    WentBack,
)
from reconnect.core.paths import (
    Phase,
    Position,
    following,
    holder,
    jump,
    parts_left,
    round_of,
)
from reconnect.errors import ReconnectError
from reconnect.format import conditions, flow
from reconnect.format.model import (
    TIMEOUT_MINUTES,
    AnswerStep,
    Branch,
    BreakStep,
    ChoiceStep,
    EndStep,
    Exercise,
    HomeworkStep,
    RatingStep,
    RevealStep,
    SayStep,
    Step,
    SwapStep,
    TurnStep,
)
from reconnect.format.placeholders import render
from reconnect.i18n import N_, _
from reconnect.text import clean, clean_name

EACH_OF_YOU = N_("each of you")
"""What ``{you}`` says in a question written to one partner and shown to both at once."""
YOUR_PARTNER = N_("your partner")
MAX_ANSWER = 20_000
"""Characters kept per answer; longer text is refused before it is saved, never cut silently."""
NAME_LIMIT = 40
"""Characters in a partner's name (it has to fit the banner: "ALEX speaks · SAM listens")."""
TIMEOUT_STEP = 5
"""Minutes a time-out grows or shrinks by when the couple agree on another length."""


class EventRejected(ReconnectError):
    """The event does not fit the current state (for example a rating while a turn is shown)."""


# names -----------------------------------------------------------------------------------


def check_names(first: str, second: str) -> tuple[tuple[str, str] | None, str]:
    """The two partners' names, cleaned, or None and a calm sentence saying what to change."""
    names = (" ".join(clean(first).split()), " ".join(clean(second).split()))
    if not names[0] or not names[1]:
        return None, _("Please enter a name for each of you.")
    for name in names:
        if len(name) > NAME_LIMIT:
            return None, _("“{name}…” is {length} characters long; a name can have up to "
                           "{limit}. A shorter name or a nickname works.").format(
                               name=clean_name(name, 20), length=len(name), limit=NAME_LIMIT)
    if names[0].casefold() == names[1].casefold():
        return None, _("The two names are the same. Add an initial so the screen can tell you "
                       "apart.")
    return (names[0], names[1]), ""


# state ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clock:
    """A countdown that can be frozen and unfrozen; ``started`` is None while frozen."""

    seconds: int
    used: float = 0.0
    started: float | None = None

    def remaining(self, now: float) -> float:
        return self.seconds - self.ran(now)

    def ran(self, now: float) -> float:
        """How long the countdown has run by ``now``."""
        running = (now - self.started) if self.started is not None else 0.0
        return self.used + max(0.0, running)

    def freeze(self, at: float) -> Clock:
        if self.started is None:
            return self
        return replace(self, used=self.used + max(0.0, at - self.started), started=None)

    def unfreeze(self, at: float) -> Clock:
        return self if self.started is not None else replace(self, started=at)


@dataclass(frozen=True, slots=True)
class Timeout:
    started: float
    minutes: int

    def remaining(self, now: float) -> float:
        return self.minutes * 60 - (now - self.started)

    @property
    def return_at(self) -> float:
        """The agreed time to come back."""
        return self.started + self.minutes * 60


@dataclass(frozen=True, slots=True)
class Record:
    """One answer as given. Answers are only ever added: a changed answer is a newer record."""

    step: str
    round: int
    partner: int | None
    """0 or 1 for a partner's own answer; None for an answer given together."""
    value: Value
    at: float


@dataclass(frozen=True, slots=True)
class State:
    exercise: Exercise
    names: tuple[str, str] = ("", "")
    first: int = 0
    position: Position = field(default_factory=lambda: Position(0))
    path: tuple[tuple[Position, Visit], ...] = ()
    """The steps the couple went through to get here, in order, the current one last (going back
    removes the steps gone back from)."""
    records: tuple[Record, ...] = ()
    revealed: frozenset[tuple[str, int]] = frozenset()
    """(step id, round) of the private answers both partners have seen."""
    assigned: frozenset[str] = frozenset()
    """Homework steps whose homework was filed (each once per session)."""
    clock: Clock | None = None
    time_up: bool = False
    paused: bool = False
    paused_at: float = 0.0
    timeout: Timeout | None = None
    ahead: int = 0
    """Steps still ahead on the usual path from the current one (for "part 3 of 9")."""
    started: bool = False
    finished: bool = False
    last_at: float = 0.0

    @property
    def step(self) -> Step | None:
        if self.finished or not self.started:
            return None
        return self.exercise.steps[self.position.step]

    @property
    def visit(self) -> Visit | None:
        """The current step as the couple arrived at it (None before the start)."""
        return self.path[-1][1] if self.path else None

    @property
    def visits(self) -> tuple[Visit, ...]:
        return tuple(visit for _, visit in self.path)

    def holder(self, role: str) -> int:
        """The partner (0 or 1) who holds ``role`` now."""
        return holder(self.exercise, self.position, self.first, role)

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
        if isinstance(step, AnswerStep) and step.who != "together":
            return self.holder(step.who)
        return None

    def latest(self, step_id: str) -> list[Record]:
        """The newest answer of each partner (or the shared one) to ``step_id``."""
        newest: dict[int | None, Record] = {}
        for record in self.records:
            if record.step == step_id:
                newest[record.partner] = record
        return [newest[key] for key in sorted(newest, key=lambda k: -1 if k is None else k)]

    def is_revealed(self, step_id: str, round_number: int) -> bool:
        """Whether both partners have seen the private answers to ``step_id`` in that round."""
        return (step_id, round_number) in self.revealed

    def current_round(self) -> tuple[int, int]:
        """(round, rounds) of the innermost swap loop around the current step; (1, 1) if none."""
        if self.finished or not self.started:
            return (1, 1)
        return round_of(self.exercise, self.position)

    def checkins(self) -> dict[tuple[str, str, int], int]:
        """Each partner's newest rating per measure and phase, keyed (measure, phase, partner)."""
        found: dict[tuple[str, str, int], int] = {}
        for step in self.exercise.steps:
            if not isinstance(step, RatingStep) or not step.checkin:
                continue
            for record in self.latest(step.id):
                if record.partner is not None and isinstance(record.value, int):
                    found[(step.measure or step.id, step.checkin, record.partner)] = record.value
        return found


class Outcome(NamedTuple):
    """The state after an event, and the facts the event produced."""

    state: State
    facts: tuple[Fact, ...]


def new_state(exercise: Exercise) -> State:
    return State(exercise=exercise)


# transitions -----------------------------------------------------------------------------


def apply(state: State, event: ev.Event) -> Outcome:
    """The state after ``event`` and the facts it produced. Raises :class:`EventRejected` when
    the event does not fit."""
    facts: list[Fact] = []
    after = _apply(state, event, facts)
    return Outcome(after, tuple(facts))


def _apply(state: State, event: ev.Event, facts: list[Fact]) -> State:
    if isinstance(event, ev.Start):
        return _start(state, event, facts)
    if not state.started:
        raise EventRejected(_("the session has not started"))
    match event:
        case ev.Reopen():
            return _reopen(state, event, facts)
        case ev.TakeTimeout():
            return _take_timeout(state, event, facts)
    if state.timeout is not None:
        match event:
            case ev.EndTimeout():
                return _end_timeout(state, event, facts)
            case ev.SetTimeout():
                _check_timeout_minutes(event.minutes)
                facts.append(TimeoutChanged(event.at, event.minutes))
                return replace(state, timeout=replace(state.timeout, minutes=event.minutes),
                               last_at=event.at)
        raise EventRejected(_("a time-out is running; end it first"))
    match event:
        case ev.EndTimeout() | ev.SetTimeout():
            raise EventRejected(_("no time-out is running"))
        case ev.Resume():
            if not state.paused:
                raise EventRejected(_("the session is not paused"))
            facts.append(Resumed(event.at, state.paused_at, state.visit))
            clock = state.clock.unfreeze(event.at) if state.clock else None
            return replace(state, paused=False, clock=clock, last_at=event.at)
    if state.paused:
        raise EventRejected(_("the session is paused"))
    match event:
        case ev.Pause():
            if state.finished:
                raise EventRejected(_("the session has finished"))
            facts.append(Paused(event.at, state.visit))
            clock = state.clock.freeze(event.at) if state.clock else None
            return replace(state, paused=True, paused_at=event.at, clock=clock,
                           last_at=event.at)
        case ev.Back():
            return _back(state, event, facts)
    if state.finished:
        raise EventRejected(_("the session has finished"))
    match event:
        case ev.JumpTo():
            if not state.exercise.has_step(event.step):
                raise EventRejected(_("no step {step}").format(step=repr(event.step)))
            target = jump(state.exercise, state.position, state.exercise.index(event.step))
            return _enter(state, target, event.at, facts)
        case ev.TimeUp():
            visit = state.visit
            if state.clock is None or state.clock.remaining(event.at) > 1.0 or visit is None:
                raise EventRejected(_("the countdown has not finished"))
            if state.time_up:
                raise EventRejected(_("the cue was already given"))
            facts.append(TimeRanOut(event.at, visit))
            return replace(state, time_up=True, last_at=event.at)
        case ev.Advance():
            return _advance(state, event, facts)
        case ev.Answer():
            return _answer(state, event, facts)
        case ev.Rate():
            return _rate(state, event, facts)
        case ev.Choose():
            return _choose(state, event, facts)
        case ev.Pass():
            return _pass(state, event, facts)
    raise EventRejected(f"unknown event {type(event).__name__}")


def _start(state: State, event: ev.Start, facts: list[Fact]) -> State:
    if state.started:
        raise EventRejected(_("the session has already started"))
    if not isinstance(event.names, tuple | list) or len(event.names) != 2 or not all(
            isinstance(name, str) for name in event.names):
        raise EventRejected(_("two names are needed"))
    names, problem = check_names(event.names[0], event.names[1])
    if names is None:
        raise EventRejected(problem.rstrip("."))
    if type(event.first) is not int or event.first not in (0, 1):
        raise EventRejected(_("the first partner is 0 or 1"))
    fresh = replace(state, names=names, first=event.first, started=True, last_at=event.at)
    return _enter(fresh, Position(0), event.at, facts)


def initial_phase(step: Step) -> Phase:
    """The phase a step begins in."""
    if step.per_partner:
        return Phase.HANDOVER if step.is_private else Phase.ENTRY
    if isinstance(step, AnswerStep | ChoiceStep):
        return Phase.ENTRY
    return Phase.SHOW


def _visit(state: State, position: Position, step: Step) -> Visit:
    round_number, rounds = round_of(state.exercise, position)
    speaker = listener = audience = None
    exercise = state.exercise
    if isinstance(step, TurnStep) and step.speaker:
        speaker = holder(exercise, position, state.first, step.speaker)
        listener = 1 - speaker
    if isinstance(step, SayStep):
        if step.to == "first":
            audience = state.first
        elif step.to == "second":
            audience = 1 - state.first
        elif step.to in exercise.roles:
            audience = holder(exercise, position, state.first, step.to)
    seconds = None
    if isinstance(step, TurnStep) and step.seconds:
        seconds = step.seconds
    elif isinstance(step, BreakStep):
        seconds = (step.minutes or 20) * 60
    first_role = holder(exercise, position, state.first, exercise.roles[0])
    return Visit(step.id, position.step, step.kind, round_number, rounds, len(state.path) + 1,
                 (first_role, 1 - first_role), speaker, listener, audience, seconds)


def _enter(state: State, position: Position, at: float, facts: list[Fact]) -> State:
    """Arrive at the beginning of ``position.step`` (or finish when it is past the end)."""
    steps = state.exercise.steps
    if position.step >= len(steps):
        facts.append(Finished(at))
        return replace(state, finished=True, clock=None, time_up=False, paused=False,
                       last_at=at)
    step = steps[position.step]
    position = replace(position, phase=initial_phase(step), answered=0)
    visit = _visit(state, position, step)
    facts.append(StepEntered(at, visit))
    clock = Clock(visit.seconds, started=at) if visit.seconds else None
    state = replace(state, position=position, path=state.path + ((position, visit),),
                    clock=clock, time_up=False, finished=False, last_at=at,
                    ahead=parts_left(state.exercise, position))
    if isinstance(step, RevealStep):
        state = _reveal(state, _shown_by(state, step), at, facts)
    return state


def _shown_by(state: State, step: RevealStep) -> list[tuple[str, int]]:
    """Every (step, round) with a partner's answer that a reveal step shows."""
    shown = set(step.show)
    return sorted({(record.step, record.round) for record in state.records
                   if record.step in shown and record.partner is not None})


def _reveal(state: State, answers: list[tuple[str, int]], at: float,
            facts: list[Fact]) -> State:
    new = tuple(item for item in answers if item not in state.revealed)
    if not new:
        return state
    facts.append(Revealed(at, new))
    return replace(state, revealed=state.revealed | frozenset(new))


def _advance(state: State, event: ev.Advance, facts: list[Fact]) -> State:
    step = state.step
    assert step is not None
    phase = state.position.phase
    if phase == Phase.HANDOVER:
        return replace(state, position=replace(state.position, phase=Phase.ENTRY),
                       last_at=event.at)
    if phase == Phase.ENTRY:
        raise EventRejected(_("an answer is awaited"))
    return _leave(state, step, event.at, facts)


def _leave(state: State, step: Step, at: float, facts: list[Fact],
           chosen: str | None = None) -> State:
    """Finish ``step`` and enter whatever comes next."""
    visit = state.visit
    if visit is not None:
        ran = state.clock.ran(at) if state.clock is not None else None
        facts.append(StepLeft(at, visit, ran))
    if isinstance(step, HomeworkStep) and step.id not in state.assigned:
        mapping = names_for(state)
        facts.append(HomeworkAssigned(at, step.id, render(step.text, mapping),
                                      tuple(render(task, mapping) for task in step.tasks),
                                      at + step.due_days * 86400))
        state = replace(state, assigned=state.assigned | {step.id})

    def holds(branch: Branch) -> bool:
        return conditions.evaluate(branch.when, lambda ref: _values(state, ref))

    return _enter(state, following(state.exercise, state.position, chosen=chosen, holds=holds),
                  at, facts)


def _values(state: State, step_id: str) -> list[object]:
    """The answers a condition compares: the newest of each partner, passes left out."""
    return [record.value for record in state.latest(step_id) if record.value is not PASSED]


def _answer(state: State, event: ev.Answer, facts: list[Fact]) -> State:
    step = state.step
    if not isinstance(step, AnswerStep) or state.position.phase != Phase.ENTRY:
        raise EventRejected(_("no written answer is awaited"))
    if not isinstance(event.text, str):
        raise EventRejected(_("an answer is text"))
    text = clean(event.text).strip()
    if not text:
        raise EventRejected(_("the answer is empty"))
    if len(text) > MAX_ANSWER:
        raise EventRejected(_("the answer is longer than {limit} characters").format(
            limit=f"{MAX_ANSWER:,}"))
    return _record(state, step, text, event.at, facts)


def _rate(state: State, event: ev.Rate, facts: list[Fact]) -> State:
    step = state.step
    if not isinstance(step, RatingStep) or state.position.phase != Phase.ENTRY:
        raise EventRejected(_("no rating is awaited"))
    if isinstance(event.value, bool) or not isinstance(event.value, int) or not \
            step.scale.contains(event.value):
        raise EventRejected(_("ratings go from {low} to {high}").format(low=step.scale.low,
                                                                        high=step.scale.high))
    return _record(state, step, event.value, event.at, facts)


def _pass(state: State, event: ev.Pass, facts: list[Fact]) -> State:
    step = state.step
    if not isinstance(step, AnswerStep | RatingStep) or state.position.phase != Phase.ENTRY:
        raise EventRejected(_("there is no question to pass on"))
    if not step.can_pass:
        raise EventRejected(_("this question cannot be passed"))
    return _record(state, step, PASSED, event.at, facts)


def _choose(state: State, event: ev.Choose, facts: list[Fact]) -> State:
    step = state.step
    if not isinstance(step, ChoiceStep) or state.position.phase != Phase.ENTRY:
        raise EventRejected(_("no choice is awaited"))
    labels = [option.label for option in step.options]
    chosen = event.option
    if isinstance(chosen, str) and chosen not in labels:
        # a front end may send the label as shown, with the partners' names filled in
        mapping = names_for(state, state.answerer())
        shown = {render(label, mapping): label for label in reversed(labels)}
        chosen = shown.get(chosen, chosen)
    if not isinstance(chosen, str) or chosen not in labels:
        raise EventRejected(_("{option} is not an option").format(option=repr(event.option)))
    round_number = state.current_round()[0]
    facts.append(Recorded(event.at, step.id, round_number, None, chosen))
    recorded = replace(state, records=state.records + (
        Record(step.id, round_number, None, chosen, event.at),))
    return _leave(recorded, step, event.at, facts, chosen=chosen)


def _record(state: State, step: AnswerStep | RatingStep, value: Value, at: float,
            facts: list[Fact]) -> State:
    partner = state.answerer()
    round_number = state.current_round()[0]
    facts.append(Recorded(at, step.id, round_number, partner, value))
    if isinstance(step, RatingStep) and isinstance(value, int) and partner is not None:
        facts.append(CheckinGiven(at, step.id, step.measure or step.id, step.checkin, partner,
                                  value))
    record = Record(step.id, round_number, partner, value, at)
    state = replace(state, records=state.records + (record,), last_at=at)
    position = state.position
    if not step.per_partner:
        return _leave(state, step, at, facts)
    answered = position.answered + 1
    if answered < 2:
        phase = Phase.HANDOVER if step.is_private else Phase.ENTRY
        return replace(state, position=replace(position, answered=answered, phase=phase))
    if isinstance(step, RatingStep):
        # ratings reveal themselves as soon as both partners have rated
        state = _reveal(state, [(step.id, round_number)], at, facts)
        return replace(state, position=replace(position, answered=answered, phase=Phase.REVEAL))
    return _leave(replace(state, position=replace(position, answered=answered)), step, at, facts)


def _back(state: State, event: ev.Back, facts: list[Fact]) -> State:
    """Back to the start of this step, or from its start to the previous step.

    Going back never removes an answer: the records stay, and answering again adds a newer one.
    Inside a private step, back restarts the step rather than showing the other partner's entry.
    """
    step = state.step
    position = state.position
    path = state.path
    if step is not None:
        at_start = position.phase == initial_phase(step) and position.answered == 0
        if not at_start:
            return _enter(replace(state, path=path[:-1]), position, event.at, facts)
        if len(path) < 2:
            raise EventRejected(_("this is the first step"))
        facts.append(WentBack(event.at, path[-1][1]))
        previous = path[-2][0]
        return _enter(replace(state, path=path[:-2]), previous, event.at, facts)
    if not path:
        raise EventRejected(_("this is the first step"))
    # from the end, back to the last step
    return _enter(replace(state, path=path[:-1], finished=False), path[-1][0], event.at, facts)


def _reopen(state: State, event: ev.Reopen, facts: list[Fact]) -> State:
    """Clocks stop at the moment the app stopped; a running turn comes back paused."""
    facts.append(Reopened(event.at, state.visit))
    position = _hand_over_again(state)
    if state.finished or state.clock is None or state.clock.started is None:
        return replace(state, position=position, last_at=event.at)
    stopped = state.last_at
    if isinstance(event.stopped, int | float) and not isinstance(event.stopped, bool):
        stopped = max(state.last_at, min(float(event.stopped), event.at))
    frozen = state.clock.freeze(stopped)
    return replace(state, clock=frozen, paused=True, paused_at=stopped,
                   position=position, last_at=event.at)


def _take_timeout(state: State, event: ev.TakeTimeout, facts: list[Fact]) -> State:
    if state.timeout is not None:
        raise EventRejected(_("a time-out is already running"))
    if state.finished:
        raise EventRejected(_("the session has finished"))
    minutes = event.minutes or state.exercise.timeout_minutes
    _check_timeout_minutes(minutes)
    facts.append(TimeoutBegun(event.at, minutes, state.visit))
    clock = state.clock.freeze(event.at) if state.clock else None
    return replace(state, timeout=Timeout(event.at, minutes), clock=clock, last_at=event.at)


def _check_timeout_minutes(minutes: object) -> None:
    low, high = TIMEOUT_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise EventRejected(_("a time-out lasts from {low} to {high} minutes").format(
            low=low, high=high))


def timeout_changed(state: State, longer: bool) -> ev.SetTimeout | None:
    """The event that makes the running time-out :data:`TIMEOUT_STEP` minutes longer or
    shorter, within its bounds; None when there is no time-out or it cannot change that way."""
    if state.timeout is None:
        return None
    low, high = TIMEOUT_MINUTES
    minutes = state.timeout.minutes + (TIMEOUT_STEP if longer else -TIMEOUT_STEP)
    minutes = max(low, min(high, minutes))
    if minutes == state.timeout.minutes:
        return None
    return ev.SetTimeout(state.last_at, minutes)


def _end_timeout(state: State, event: ev.EndTimeout, facts: list[Fact]) -> State:
    timeout = state.timeout
    assert timeout is not None
    facts.append(TimeoutEnded(event.at, timeout.started, timeout.minutes, state.visit))
    clock = state.clock
    if clock is not None and not state.paused:
        clock = clock.unfreeze(event.at)
    return replace(state, timeout=None, clock=clock, position=_hand_over_again(state),
                   last_at=event.at)


def _hand_over_again(state: State) -> Position:
    """After time apart, a private answer starts again with its hand-over: whoever holds the
    laptop now may not be the partner whose answer it is."""
    step, position = state.step, state.position
    if step is not None and step.is_private and position.phase == Phase.ENTRY:
        return replace(position, phase=Phase.HANDOVER)
    return position


# placeholders -------------------------------------------------------------------------------


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


def names_at(state: State, visit: Visit, answerer: int | None = None) -> dict[str, str]:
    """The placeholder values as they were at ``visit`` (roles may have swapped since)."""
    names = state.names
    roles = state.exercise.roles
    mapping = {
        roles[0]: names[visit.holders[0]],
        roles[1]: names[visit.holders[1]],
        "first": names[state.first],
        "second": names[1 - state.first],
    }
    if answerer is None:
        return to_both_partners(mapping)
    return dict(mapping, you=names[answerer], partner=names[1 - answerer])


def to_both_partners(mapping: Mapping[str, str]) -> dict[str, str]:
    """Placeholder values for a question written to one partner and shown to both at once."""
    return dict(mapping, you=_(EACH_OF_YOU), partner=_(YOUR_PARTNER))


def finishes(exercise: Exercise, index: int) -> bool:
    """True when continuing from step ``index`` ends the exercise, whatever was answered."""
    step = exercise.steps[index]
    if isinstance(step, EndStep):
        return not step.branches
    if step.branches or isinstance(step, SwapStep):
        return False
    if isinstance(step, ChoiceStep) and any(option.goto for option in step.options):
        return False
    return flow.default_next(exercise.steps, index) == flow.END
