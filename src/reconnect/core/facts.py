"""What an event produced: typed, frozen facts the engine reports alongside the next state.

The engine is the only place where a session rule lives. Everything else that needs to know
what happened (the store saving check-ins and homework, the transcript, the summary) reads
these facts instead of working the rules out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from reconnect.format.model import StepKind


class Passed(Enum):
    """The value recorded when a partner passes on a question."""

    PASSED = "passed"


PASSED = Passed.PASSED
Value = str | int | Passed
"""An answer as given: text, a rating, a chosen option's label, or a pass."""


@dataclass(frozen=True, slots=True)
class Visit:
    """One step on the couple's path, as it was when they arrived at it."""

    step_id: str
    index: int
    """The step's place in the file, from 0."""
    kind: StepKind
    round: int
    rounds: int
    part: int
    """How many steps into the session this is (1 for the first): it never goes down going on."""
    holders: tuple[int, int] = (0, 1)
    """The partners (0 or 1) holding the exercise's first and second role at this step."""
    speaker: int | None = None
    """In a turn, the partner (0 or 1) who holds the floor."""
    listener: int | None = None
    audience: int | None = None
    """The partner the step is addressed to; None when it is for both."""
    seconds: int | None = None
    """The length of the step's countdown (a timed turn or a break), if it has one."""


@dataclass(frozen=True, slots=True)
class StepEntered:
    at: float
    visit: Visit


@dataclass(frozen=True, slots=True)
class StepLeft:
    """A step was left going on. ``ran`` is how long its countdown ran, if it had one."""

    at: float
    visit: Visit
    ran: float | None = None


@dataclass(frozen=True, slots=True)
class WentBack:
    at: float
    visit: Visit
    """The step the couple went back from."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """An answer, rating, choice or pass was given. ``partner`` is None for a shared answer."""

    at: float
    step_id: str
    round: int
    partner: int | None
    value: Value


@dataclass(frozen=True, slots=True)
class CheckinGiven:
    """A rating that measures how the couple is doing (``measure``, before or after)."""

    at: float
    step_id: str
    measure: str
    phase: str
    """``before``, ``after`` or ``""``."""
    partner: int
    value: int


@dataclass(frozen=True, slots=True)
class Revealed:
    """Private answers became visible to both partners: (step id, round) pairs."""

    at: float
    answers: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Paused:
    at: float
    where: Visit | None


@dataclass(frozen=True, slots=True)
class Resumed:
    at: float
    began: float
    """When the pause began."""
    where: Visit | None


@dataclass(frozen=True, slots=True)
class TimeoutBegun:
    at: float
    minutes: int
    where: Visit | None


@dataclass(frozen=True, slots=True)
class TimeoutChanged:
    at: float
    minutes: int


@dataclass(frozen=True, slots=True)
class TimeoutEnded:
    """The couple came back. ``minutes`` is the length finally agreed."""

    at: float
    began: float
    minutes: int
    where: Visit | None


@dataclass(frozen=True, slots=True)
class TimeRanOut:
    """A countdown reached zero and the gentle cue was given."""

    at: float
    where: Visit


@dataclass(frozen=True, slots=True)
class Reopened:
    """The session was opened again after the app stopped."""

    at: float
    where: Visit | None


@dataclass(frozen=True, slots=True)
class HomeworkAssigned:
    at: float
    step_id: str
    text: str
    tasks: tuple[str, ...]
    due_at: float


@dataclass(frozen=True, slots=True)
class Finished:
    at: float


Fact = (StepEntered | StepLeft | WentBack | Recorded | CheckinGiven | Revealed | Paused | Resumed
        | TimeoutBegun | TimeoutChanged | TimeoutEnded | TimeRanOut | Reopened | HomeworkAssigned
        | Finished)
