"""The exercise model: what a checked exercise file means, as immutable values.

The loader builds these from TOML; the engine reads them. Nothing here knows about files,
terminals or storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reconnect.format import categories

if TYPE_CHECKING:
    from reconnect.format.conditions import Condition

FORMAT_VERSION = 1
"""The newest file-format version this reconnect understands."""

STEP_KINDS: tuple[str, ...] = (
    "say",
    "turn",
    "answer",
    "rating",
    "choice",
    "reveal",
    "break",
    "swap",
    "homework",
    "end",
)

KNOWN_CATEGORIES = categories.KNOWN_CATEGORIES


@dataclass(frozen=True)
class Branch:
    """``when`` the condition holds after a step, go to ``goto``."""

    when: Condition
    when_text: str
    goto: str


@dataclass(frozen=True)
class Option:
    """One answer to a choice step; choosing it may jump somewhere."""

    label: str
    goto: str | None = None


@dataclass(frozen=True)
class Scale:
    """A rating scale from ``low`` to ``high`` with words for both ends."""

    low: int
    high: int
    low_label: str
    high_label: str

    def contains(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Step:
    """One step of an exercise. One flat shape for every kind; unused fields keep defaults."""

    id: str
    kind: str
    text: str = ""
    to: str = "both"
    goto: str | None = None
    branches: tuple[Branch, ...] = ()
    stems: tuple[str, ...] = ()
    facilitator: str = ""
    # turn
    speaker: str | None = None
    seconds: int | None = None
    listener_text: str = ""
    listener_stems: tuple[str, ...] = ()
    # answer
    who: str = "each"
    private: bool = False
    # rating
    scale: Scale | None = None
    measure: str = ""
    checkin: str = ""
    # choice
    options: tuple[Option, ...] = ()
    # reveal
    show: tuple[str, ...] = ()
    # break
    minutes: int = 20
    suggestions: tuple[str, ...] = ()
    # swap
    repeat_from: str | None = None
    rounds: int = 2
    # homework
    tasks: tuple[str, ...] = ()
    due_days: int = 7

    @property
    def per_partner(self) -> bool:
        """True when each partner gives their own answer (ratings always; answers asked of each)."""
        return self.kind == "rating" or (self.kind == "answer" and self.who == "each")

    @property
    def is_private(self) -> bool:
        """Ratings are always private; answers when the file says so."""
        return self.kind == "rating" or (self.kind == "answer" and self.private)

    @property
    def collects_answer(self) -> bool:
        return self.kind in ("answer", "rating", "choice")


@dataclass(frozen=True)
class Exercise:
    """A whole exercise, checked and ready to run."""

    id: str
    title: str
    category: str
    summary: str
    minutes: int
    source: str
    steps: tuple[Step, ...]
    format: int = FORMAT_VERSION
    roles: tuple[str, str] = ("speaker", "listener")
    timeout_minutes: int = 20
    facilitator: str = ""
    tags: tuple[str, ...] = ()
    digest: str = ""
    """sha256 of the file's text: a saved session pins the exact version it started with."""
    source_text: str = field(default="", repr=False, compare=False)
    path: str = field(default="", compare=False)

    def step(self, step_id: str) -> Step:
        return self.steps[self.index(step_id)]

    def index(self, step_id: str) -> int:
        for number, step in enumerate(self.steps):
            if step.id == step_id:
                return number
        raise KeyError(step_id)

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)
