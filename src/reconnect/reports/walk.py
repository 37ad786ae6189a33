"""Seeded random playthroughs of an exercise: does every step get reached, does every run end?

A walk drives the session engine the way a couple might: it reads :func:`engine.view`, sends an
event that fits (continue, an answer, a rating, a choice) and now and then goes back, pauses or
takes a time-out. It uses only the engine's public API, so what it finds is what a real session
would meet. The same exercise, seed and run count always give the same report.

Run ``n`` uses ``random.Random(seed + n)``, so one run can be replayed on its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.view import Action, Expect, View, continue_event, view
from reconnect.format import conditions
from reconnect.format.model import Exercise
from reconnect.i18n import ngettext

NAMES = ("Alex", "Sam")
_WORDS = ("yes", "no", "maybe", "more time together", "listening", "a walk", "thank you",
          "I felt heard", "less rushing", "dinner")


@dataclass(frozen=True)
class WalkReport:
    """What the runs of one walk met."""

    runs: int
    reached: dict[str, int]
    """Step id -> how many runs reached it (every step id present, 0 if never)."""
    finished: int
    """Runs that reached the end."""
    stuck: tuple[str, ...]
    """One description for each run that did not finish within the event budget."""

    @property
    def never_reached(self) -> tuple[str, ...]:
        """Ids of the steps no run reached, in file order."""
        return tuple(step_id for step_id, count in self.reached.items() if count == 0)


def walk(exercise: Exercise, runs: int = 200, seed: int = 0, max_events: int = 2000, *,
         back: bool = True) -> WalkReport:
    """Play ``exercise`` ``runs`` times with random but fitting events; count what was reached.
    With ``back=False`` the runs never go back a step, so every share is of runs that went
    straight through."""
    reached = {step.id: 0 for step in exercise.steps}
    literals = _answer_literals(exercise)
    finished = 0
    stuck: list[str] = []
    for run in range(runs):
        seen, done, last_step, events = _run(exercise, random.Random(seed + run), literals,
                                             max_events, back)
        for step_id in seen:
            if step_id in reached:
                reached[step_id] += 1
        if done:
            finished += 1
        else:
            stuck.append(ngettext("run {run} (seed {seed}): stuck at step `{step}` after "
                                  "{events} event",
                                  "run {run} (seed {seed}): stuck at step `{step}` after "
                                  "{events} events", events).format(
                                      run=run, seed=seed, step=last_step, events=events))
    return WalkReport(runs=runs, reached=reached, finished=finished, stuck=tuple(stuck))


def _answer_literals(exercise: Exercise) -> tuple[str, ...]:
    """Text that conditions compare written answers with, so branches on answers get taken."""
    found: dict[str, None] = {}
    for step in exercise.steps:
        for branch in step.branches:
            for compare in conditions.walk(branch.when):
                for side in (compare.left, compare.right):
                    if isinstance(side, conditions.Literal) and isinstance(side.value, str):
                        found[side.value] = None
    return tuple(found)


class _Session:
    """One run's state and clock; ``send`` applies an event and counts it."""

    def __init__(self, exercise: Exercise, rng: random.Random, back: bool) -> None:
        self.rng = rng
        self.back = back
        self.now = 0.0
        self.events = 0
        self.state = engine.new_state(exercise)

    def tick(self, seconds: float | None = None) -> float:
        self.now += self.rng.uniform(0.5, 30.0) if seconds is None else seconds
        return self.now

    def send(self, event: ev.Event) -> bool:
        self.events += 1
        try:
            self.state = engine.apply(self.state, event).state
        except engine.EventRejected:
            return False
        return True


def _run(exercise: Exercise, rng: random.Random, literals: tuple[str, ...],
         max_events: int, back: bool) -> tuple[set[str], bool, str, int]:
    """One playthrough: (step ids reached, finished?, the last step shown, events sent)."""
    session = _Session(exercise, rng, back)
    session.send(ev.Start(session.now, NAMES, first=rng.randint(0, 1)))
    seen: set[str] = set()
    last_step = ""
    while session.events < max_events:
        now = session.tick()
        moment = view(session.state, now)
        if moment.step_id:
            seen.add(moment.step_id)
            last_step = moment.step_id
        if moment.expects == Expect.FINISHED:
            return seen, True, last_step, session.events
        _act(session, moment, literals)
    return seen, False, last_step, session.events


def _act(session: _Session, moment: View, literals: tuple[str, ...]) -> None:
    """Send one fitting event for ``moment`` (or, now and then, a detour)."""
    rng = session.rng
    now = session.now
    if moment.expects in (Expect.PAUSED, Expect.TIMEOUT):
        going_on = continue_event(moment, now)
        assert going_on is not None
        session.send(going_on)
        return
    detour = rng.random()
    if detour < 0.04 and session.back:
        session.send(ev.Back(now))
        return
    if detour < 0.06:
        if session.send(ev.Pause(now)):
            session.send(ev.Resume(session.tick()))
        return
    if detour < 0.08:
        if session.send(ev.TakeTimeout(now, minutes=rng.randint(5, 30))):
            session.send(ev.EndTimeout(session.tick(rng.uniform(60.0, 1800.0))))
        return
    if detour < 0.09:
        session.send(ev.Reopen(now))  # a running clock comes back paused: resumed next
        return
    if moment.remaining is not None and moment.remaining > 0 and detour < 0.15:
        session.send(ev.TimeUp(session.tick(moment.remaining)))
        return
    if moment.allows(Action.PASS) and rng.random() < 0.1:
        session.send(ev.Pass(now))
    elif moment.allows(Action.CONTINUE):
        session.send(ev.Advance(now))
    elif moment.expects == Expect.TEXT:
        if literals and rng.random() < 0.3:
            text = rng.choice(literals)
        else:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        session.send(ev.Answer(now, text))
    elif moment.expects == Expect.RATING:
        assert moment.scale is not None
        low, high = moment.scale
        # uniform over the scale, with each end drawn more often: branches test the extremes
        pick = rng.random()
        value = low if pick < 0.15 else high if pick < 0.3 else rng.randint(low, high)
        session.send(ev.Rate(now, value))
    elif moment.expects == Expect.CHOICE:
        session.send(ev.Choose(now, rng.choice(moment.options)))
    else:  # nothing fits (an engine surprise): going back is the only move left
        session.send(ev.Back(now))
