"""Where a session goes: the rules that need only the exercise and a position.

Which step follows which (jumps, choices, branches, round loops and the swapping of roles), who
holds a role, which round is running, and the usual path from a position to the end. The
engine moves a session with these rules; the checker's advice (R303, R305) and the progress
line ("part 3 of 8") use the same rules, so there is one copy of them. Nothing here knows about
events, facts or answers, which keeps ``reconnect check`` from loading any of that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from reconnect.format import flow
from reconnect.format.model import Branch, ChoiceStep, EndStep, Exercise, SwapStep

MAX_PATH = 2_000
"""Visits the usual path may take before it is given up (a loop only a branch can leave)."""


class Phase(StrEnum):
    """Where the session is inside a step."""

    SHOW = "show"
    """Showing the step; continuing moves on."""
    HANDOVER = "handover"
    """Waiting for the laptop to reach the partner who answers privately."""
    ENTRY = "entry"
    """Waiting for an answer, a rating or a choice."""
    REVEAL = "reveal"
    """Showing both ratings of a rating step, side by side."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the session is: the step, the phase inside it, and the round bookkeeping."""

    step: int
    phase: Phase = Phase.SHOW
    answered: int = 0
    """How many partners have answered the current per-partner step."""
    swapped: bool = False
    loops: tuple[tuple[str, int], ...] = ()
    """Rounds completed per swap step, for the loops currently running."""

    def rounds_done(self, swap_id: str) -> int:
        return dict(self.loops).get(swap_id, 0)


def holder(exercise: Exercise, position: Position, first: int, role: str) -> int:
    """The partner (0 or 1) who holds ``role`` at ``position`` when ``first`` started."""
    holds_first = first if not position.swapped else 1 - first
    return holds_first if role == exercise.roles[0] else 1 - holds_first


def _loops(exercise: Exercise) -> list[tuple[int, int, str, int]]:
    """Each round loop as (first step, swap step, swap id, rounds), innermost first."""
    key = ("engine.loops",)
    found = exercise.memo.get(key)
    if found is None:
        loops = []
        for index, step in enumerate(exercise.steps):
            if isinstance(step, SwapStep) and step.repeat_from:
                loops.append((exercise.index(step.repeat_from), index, step.id, step.rounds))
        loops.sort(key=lambda loop: loop[1] - loop[0])
        exercise.memo[key] = found = loops
    assert isinstance(found, list)
    return found


def round_of(exercise: Exercise, position: Position) -> tuple[int, int]:
    """(round, rounds) of the innermost swap loop around ``position``; (1, 1) if none."""
    here = position.step
    for begin, end, swap_id, rounds in _loops(exercise):
        if begin <= here <= end:
            return (position.rounds_done(swap_id) + 1, rounds)
    return (1, 1)


def following(exercise: Exercise, position: Position, *, chosen: str | None = None,
              holds: Callable[[Branch], bool] = lambda branch: False) -> Position:
    """Where the session goes on leaving the step at ``position``.

    ``chosen`` is the option picked at a choice; ``holds`` says whether a branch's condition
    holds. The result's ``step`` is ``len(exercise.steps)`` when the session ends there.
    """
    steps = exercise.steps
    step = steps[position.step]
    if chosen is not None and isinstance(step, ChoiceStep):
        for option in step.options:
            if option.label == chosen and option.goto:
                return jump(exercise, position, exercise.index(option.goto))
    for branch in step.branches:
        if holds(branch):
            return jump(exercise, position, exercise.index(branch.goto))
    if isinstance(step, SwapStep) and step.repeat_from:
        done = position.rounds_done(step.id) + 1
        loops = tuple((key, value) for key, value in position.loops if key != step.id)
        if done < step.rounds:
            return Position(exercise.index(step.repeat_from), position.phase, position.answered,
                            not position.swapped, loops + ((step.id, done),))
        # the rounds are over: roles return to how they were when the loop began
        restored = position.swapped ^ ((step.rounds - 1) % 2 == 1)
        position = Position(position.step, position.phase, position.answered, restored, loops)
    after = flow.default_next(steps, position.step)
    target = len(steps) if after == flow.END else exercise.index(after)
    return jump(exercise, position, target)


def jump(exercise: Exercise, position: Position, index: int) -> Position:
    """Move to step ``index``. Jumping out of a running round loop (a branch or a choice that
    leads elsewhere) ends that loop, and the roles return to how they were when it began."""
    if not position.loops:
        return Position(index, position.phase, position.answered, position.swapped)
    kept: list[tuple[str, int]] = []
    swapped = position.swapped
    for swap_id, done in position.loops:
        swap_index = exercise.index(swap_id)
        swap = exercise.steps[swap_index]
        begin = exercise.index(swap.repeat_from) if isinstance(swap, SwapStep) else swap_index
        if begin <= index <= swap_index:
            kept.append((swap_id, done))
        elif done % 2 == 1:
            swapped = not swapped
    return Position(index, position.phase, position.answered, swapped, tuple(kept))


def usual_path(exercise: Exercise, start: Position | None = None) -> list[Position] | None:
    """The positions a couple usually goes through from ``start`` (the first step by default)
    to the end, ``start`` included.

    The engine's own rules with a choosing policy: no branch is taken (branches are for the
    unusual moment), each swap loop runs all its rounds, and at a choice the first option that
    does not lead back to somewhere already visited. None when the path does not reach the end
    within :data:`MAX_PATH` visits (a loop only a branch can leave).
    """
    steps = exercise.steps
    count = len(steps)
    position = start if start is not None else Position(0)
    visited: list[Position] = []
    seen: set[tuple[int, bool, tuple[tuple[str, int], ...]]] = set()
    while position.step < count:
        if len(visited) > MAX_PATH:
            return None
        visited.append(position)
        seen.add((position.step, position.swapped, position.loops))
        step = steps[position.step]
        if isinstance(step, EndStep):
            return visited
        after = following(exercise, position)
        if isinstance(step, ChoiceStep):
            for option in step.options:
                candidate = following(exercise, position, chosen=option.label)
                if (candidate.step, candidate.swapped, candidate.loops) not in seen:
                    after = candidate
                    break
            else:
                after = following(exercise, position, chosen=step.options[0].label) \
                    if step.options else after
        position = after
    return visited


def parts_left(exercise: Exercise, position: Position) -> int:
    """Steps still ahead on the usual path from ``position`` (not counting it).

    One walk answers this for every position on the path it takes, so a session that goes
    through an exercise step by step walks it once, not once per step."""
    key = ("paths.ahead", position.step, position.swapped, position.loops)
    found = exercise.memo.get(key)
    if found is None:
        path = usual_path(exercise, Position(position.step, Phase.SHOW, 0, position.swapped,
                                             position.loops))
        if path is None:
            found = 0
        else:
            for number, visited in enumerate(path):
                exercise.memo.setdefault(
                    ("paths.ahead", visited.step, visited.swapped, visited.loops),
                    len(path) - 1 - number)
            found = len(path) - 1
        exercise.memo[key] = found
    assert isinstance(found, int)
    return found
