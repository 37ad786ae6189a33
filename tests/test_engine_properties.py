"""Properties of the engine under any sequence of events: it refuses or moves to a valid state."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconnect.core import engine
from reconnect.core.engine import EventRejected, State, new_state
from reconnect.core.events import (
    Advance,
    Answer,
    Back,
    Choose,
    EndTimeout,
    Event,
    JumpTo,
    Pass,
    Pause,
    Rate,
    Reopen,
    Resume,
    SetTimeout,
    Start,
    TakeTimeout,
    TimeUp,
    decode,
)
from reconnect.core.facts import PASSED, Recorded, StepEntered
from reconnect.core.paths import Phase
from reconnect.core.trail import replay as replay_trail
from reconnect.core.view import view
from reconnect.format import Exercise, load_text
from reconnect.format.model import AnswerStep, ChoiceStep, RatingStep, Step
from reconnect.text import find_unsafe

from test_engine import EXTRAS, SAMPLE

MINIMAL = '''format = 1
id = "minimal"
title = "Minimal"
category = "connection"
summary = "One step."
minutes = 1
source = "Tests"

[[steps]]
id = "only"
kind = "say"
text = "Hello, {first}."
'''


def _load(text: str) -> Exercise:
    exercise = load_text(text).exercise
    assert exercise is not None
    return exercise


EXERCISES = {"sample": _load(SAMPLE), "minimal": _load(MINIMAL), "extras": _load(EXTRAS)}


def replay(exercise: Exercise, events: list[Event]) -> State:
    return replay_trail(exercise, events).state


def valid_phases(step: Step) -> set[Phase]:
    if isinstance(step, RatingStep):
        return {Phase.HANDOVER, Phase.ENTRY, Phase.REVEAL}
    if isinstance(step, AnswerStep):
        if step.per_partner and step.is_private:
            return {Phase.HANDOVER, Phase.ENTRY}
        return {Phase.ENTRY}
    if isinstance(step, ChoiceStep):
        return {Phase.ENTRY}
    return {Phase.SHOW}


def check(state: State, now: float) -> None:
    exercise = state.exercise
    steps = exercise.steps
    position = state.position
    assert 0 <= position.step < len(steps)
    assert 0 <= position.answered <= 2
    for earlier, visit in state.path:
        assert 0 <= earlier.step < len(steps)
        assert steps[earlier.step].id == visit.step_id
    assert [visit.part for visit in state.visits] == list(range(1, len(state.path) + 1))
    if state.started and not state.finished:
        step = steps[position.step]
        assert position.phase in valid_phases(step), (step.kind, position.phase)
        if position.answered == 2:
            assert step.kind == "rating" and position.phase == Phase.REVEAL
        if position.phase == Phase.REVEAL:
            assert position.answered == 2
        if not step.per_partner:
            assert position.answered == 0
        assert state.step is step
    for record in state.records:
        step = exercise.step(record.step)
        assert record.partner in (None, 0, 1)
        if record.value is PASSED:
            assert isinstance(step, AnswerStep | RatingStep) and step.can_pass
        elif isinstance(step, RatingStep):
            assert isinstance(record.value, int) and step.scale.contains(record.value)
            assert record.partner is not None
        elif isinstance(step, AnswerStep):
            assert isinstance(record.value, str) and record.value.strip() == record.value
            assert record.value and find_unsafe(record.value) is None
        else:
            assert isinstance(step, ChoiceStep)
            assert record.value in [option.label for option in step.options]
    if state.clock is not None:
        assert state.clock.remaining(now) <= state.clock.seconds
        if state.paused or state.timeout is not None:
            assert state.clock.started is None
    v = view(state, now)
    assert 1 <= v.step_number <= v.step_total == len(steps)
    if state.finished:
        assert v.expects == "finished"
        assert not state.paused and state.timeout is None
    else:
        assert v.expects in ("continue", "handover", "text", "rating", "choice", "reveal",
                             "paused", "timeout")
        assert v.step_id == steps[position.step].id
    if state.started:
        assert all(state.names) and state.names[0] != state.names[1]
        assert 1 <= v.round <= v.rounds
        if v.remaining is not None:
            assert 0 <= v.remaining <= (v.total_seconds or 0)


_GARBAGE = st.one_of(st.text(max_size=12),
                     st.sampled_from(["", " ", "\x1b[2J", "\u202e", "Money", "speak", "\r\n"]))
_INDEX = st.integers(0, 10_000)
_GAP = st.sampled_from([0.0, 0.5, 1.0, 30.0, 119.5, 200.0, 1500.0])
_FITTING = st.integers(0, 9)
_WORDS = ("yes", "no", "a wish", "x")


def _event_makers(exercise: Exercise) -> st.SearchStrategy:
    """Any event with any payload, as a function of the time (built once per exercise)."""
    labels = [o.label for s in exercise.steps if isinstance(s, ChoiceStep)
              for o in s.options] or ["x"]
    ids = [s.id for s in exercise.steps]
    names = st.tuples(st.sampled_from(["Alex", "Sam", "", "alex", "\x1b"]) | _GARBAGE,
                      st.sampled_from(["Sam", "Alex", " "]) | _GARBAGE)
    return st.one_of(
        st.builds(lambda n, f: lambda at: Start(at, n, f), names, st.integers(-1, 2)),
        st.just(Advance), st.just(Back), st.just(Pause), st.just(Resume), st.just(TimeUp),
        st.just(EndTimeout), st.just(Reopen), st.just(Pass),
        st.builds(lambda t: lambda at: Answer(at, t), _GARBAGE),
        st.builds(lambda v: lambda at: Rate(at, v), st.integers(-3, 14)),
        st.builds(lambda o: lambda at: Choose(at, o), st.sampled_from(labels) | _GARBAGE),
        st.builds(lambda m: lambda at: TakeTimeout(at, m), st.none() | st.integers(-5, 300)),
        st.builds(lambda m: lambda at: SetTimeout(at, m), st.integers(-5, 300)),
        st.builds(lambda i: lambda at: JumpTo(at, i), st.sampled_from(ids) | _GARBAGE),
    )


MAKERS = {name: _event_makers(exercise) for name, exercise in EXERCISES.items()}


def _fitting_event(at: float, state: State, data: st.DataObject) -> Event:
    """An event the current view asks for, so runs get deep into the exercise."""
    v = view(state, at)
    pick = data.draw(_INDEX)
    if v.expects == "start":
        return Start(at, ("Alex", "Sam"), pick % 2)
    if v.expects == "paused":
        return Resume(at)
    if v.expects == "timeout":
        return EndTimeout(at)
    if v.expects == "text":
        return Answer(at, _WORDS[pick % len(_WORDS)])
    if v.expects == "rating":
        assert v.scale is not None
        low, high = v.scale
        return Rate(at, low + pick % (high - low + 1))
    if v.expects == "choice":
        return Choose(at, v.options[pick % len(v.options)])
    return Advance(at)


def _run(name: str, data: st.DataObject, length: int) -> None:
    exercise = EXERCISES[name]
    state = new_state(exercise)
    now = 0.0
    accepted: list[Event] = []
    for _ in range(length):
        now += data.draw(_GAP)
        if data.draw(_FITTING) < 6:
            event = _fitting_event(now, state, data)
        else:
            event = data.draw(MAKERS[name])(now)
        try:
            after, facts = engine.apply(state, event)
        except EventRejected:
            assert view(state, now)  # a refusal leaves a state that still shows
            continue
        accepted.append(event)
        # the facts agree with the state they came with
        recorded = [fact for fact in facts if isinstance(fact, Recorded)]
        assert len(after.records) - len(state.records) == len(recorded)
        entered = [fact for fact in facts if isinstance(fact, StepEntered)]
        if entered and not after.finished:
            assert after.visit == entered[-1].visit
        state = after
        check(state, now)
        check(state, now + 1000.0)
    assert replay(exercise, accepted) == state


@pytest.mark.parametrize("name", sorted(EXERCISES))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_events_never_break_the_engine(name: str, data: st.DataObject) -> None:
    _run(name, data, data.draw(st.integers(1, 60)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e4, allow_nan=False),
                          st.sampled_from(["advance", "back", "pause", "resume", "timeup",
                                           "taketimeout", "endtimeout", "reopen"])),
                max_size=30),
       st.integers(0, 1))
def test_replay_reproduces_the_state_of_any_log(moves: list[tuple[float, str]], first: int) -> None:
    """Replaying a whole log (refused events included) gives the state of applying it."""
    exercise = EXERCISES["sample"]
    events: list[Event] = [Start(0.0, ("Alex", "Sam"), first)]
    now = 0.0
    for gap, kind in moves:
        now += gap
        events.append(decode(kind, {}, now))
    state = new_state(exercise)
    for event in events:
        try:
            state = engine.apply(state, event).state
        except EventRejected:
            pass
        check(state, now)
    assert replay(exercise, events) == state
