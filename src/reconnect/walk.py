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

from reconnect import engine
from reconnect.format import conditions
from reconnect.format.model import Exercise

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


def walk(exercise: Exercise, runs: int = 200, seed: int = 0, max_events: int = 2000) -> WalkReport:
    """Play ``exercise`` ``runs`` times with random but fitting events; count what was reached."""
    reached = {step.id: 0 for step in exercise.steps}
    literals = _answer_literals(exercise)
    finished = 0
    stuck: list[str] = []
    for run in range(runs):
        seen, done, last_step, events = _run(exercise, random.Random(seed + run), literals,
                                             max_events)
        for step_id in seen:
            if step_id in reached:
                reached[step_id] += 1
        if done:
            finished += 1
        else:
            stuck.append(f"run {run} (seed {seed}): stuck at step `{last_step}` after "
                         f"{events} events")
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

    def __init__(self, exercise: Exercise, rng: random.Random) -> None:
        self.rng = rng
        self.now = 0.0
        self.events = 0
        self.state = engine.new_state(exercise)

    def tick(self, seconds: float | None = None) -> float:
        self.now += self.rng.uniform(0.5, 30.0) if seconds is None else seconds
        return self.now

    def send(self, event: engine.Event) -> bool:
        self.events += 1
        try:
            self.state = engine.apply(self.state, event)
        except engine.EventRejected:
            return False
        return True


def _run(exercise: Exercise, rng: random.Random, literals: tuple[str, ...],
         max_events: int) -> tuple[set[str], bool, str, int]:
    """One playthrough: (step ids reached, finished?, the last step shown, events sent)."""
    session = _Session(exercise, rng)
    session.send(engine.Start(session.now, NAMES, first=rng.randint(0, 1)))
    seen: set[str] = set()
    last_step = ""
    while session.events < max_events:
        now = session.tick()
        view = engine.view(session.state, now)
        if view.step_id:
            seen.add(view.step_id)
            last_step = view.step_id
        if view.expects == "finished":
            return seen, True, last_step, session.events
        _act(session, view, literals)
    return seen, False, last_step, session.events


def _act(session: _Session, view: engine.View, literals: tuple[str, ...]) -> None:
    """Send one fitting event for ``view`` (or, now and then, a detour)."""
    rng = session.rng
    now = session.now
    if view.expects == "paused":
        session.send(engine.Resume(now))
        return
    if view.expects == "timeout":
        session.send(engine.EndTimeout(now))
        return
    detour = rng.random()
    if detour < 0.04:
        session.send(engine.Back(now))
        return
    if detour < 0.06:
        if session.send(engine.Pause(now)):
            session.send(engine.Resume(session.tick()))
        return
    if detour < 0.08:
        if session.send(engine.TakeTimeout(now, minutes=rng.randint(1, 30))):
            session.send(engine.EndTimeout(session.tick(rng.uniform(60.0, 1800.0))))
        return
    if detour < 0.09:
        session.send(engine.Reopen(now))  # a running clock comes back paused: resumed next
        return
    if view.remaining is not None and view.remaining > 0 and detour < 0.15:
        session.send(engine.TimeUp(session.tick(view.remaining)))
        return
    if view.expects in ("continue", "handover", "reveal"):
        session.send(engine.Advance(now))
    elif view.expects == "text":
        if literals and rng.random() < 0.3:
            text = rng.choice(literals)
        else:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        session.send(engine.Answer(now, text))
    elif view.expects == "rating":
        assert view.scale is not None
        low, high = view.scale
        # uniform over the scale, with each end drawn more often: branches test the extremes
        pick = rng.random()
        value = low if pick < 0.15 else high if pick < 0.3 else rng.randint(low, high)
        session.send(engine.Rate(now, value))
    elif view.expects == "choice":
        session.send(engine.Choose(now, rng.choice(view.options)))
    else:  # nothing fits (an engine surprise): going back is the only move left
        session.send(engine.Back(now))
