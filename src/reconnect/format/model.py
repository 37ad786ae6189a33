"""The exercise model: what a checked exercise file means, as immutable values.

The loader builds these from TOML; the engine reads them. Nothing here knows about files,
terminals or storage.

A step is one of ten kinds, each its own frozen dataclass (:data:`Step` is their union), so a
turn's ``seconds`` or a rating's ``scale`` exist only on the steps that have them and a type
checker catches code that reads them anywhere else. ``step.kind`` names the kind for messages
and for ``match`` statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from reconnect.format import categories

if TYPE_CHECKING:
    from reconnect.format.conditions import Condition

FORMAT_VERSION = 1
"""The newest file-format version this reconnect understands."""

KNOWN_CATEGORIES = categories.KNOWN_CATEGORIES

TIMEOUT_MINUTES = (5, 240)
"""The shortest and longest time-out, in minutes: an exercise's own length and any length the
couple agree on while it runs lie within these."""


class StepKind(StrEnum):
    """What a step does. The values are the words written in files (``kind = "turn"``)."""

    SAY = "say"
    TURN = "turn"
    ANSWER = "answer"
    RATING = "rating"
    CHOICE = "choice"
    REVEAL = "reveal"
    BREAK = "break"
    SWAP = "swap"
    HOMEWORK = "homework"
    END = "end"


STEP_KINDS: tuple[str, ...] = tuple(kind.value for kind in StepKind)


@dataclass(frozen=True, slots=True)
class Branch:
    """``when`` the condition holds after a step, go to ``goto``."""

    when: Condition
    when_text: str
    goto: str


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a choice step; choosing it may jump somewhere."""

    label: str
    goto: str | None = None


@dataclass(frozen=True, slots=True)
class Scale:
    """A rating scale from ``low`` to ``high`` with words for both ends."""

    low: int
    high: int
    low_label: str
    high_label: str

    def contains(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True, slots=True, kw_only=True)
class StepBase:
    """What every kind of step has: an id, text, who it is for, and where it leads."""

    kind: ClassVar[StepKind]
    id: str
    text: str = ""
    goto: str | None = None
    branches: tuple[Branch, ...] = ()
    facilitator: str = ""

    @property
    def per_partner(self) -> bool:
        """True when each partner gives their own answer (ratings always; answers asked of each)."""
        return False

    @property
    def is_private(self) -> bool:
        """Ratings are always private; answers when the file says so."""
        return False

    @property
    def collects_answer(self) -> bool:
        return False


@dataclass(frozen=True, slots=True, kw_only=True)
class SayStep(StepBase):
    """Text for both partners, or one; ``recall`` shows the addressed partner an earlier answer."""

    kind: ClassVar[StepKind] = StepKind.SAY
    to: str = "both"
    """Who the text is for: ``both``, ``first``, ``second`` or a role."""
    stems: tuple[str, ...] = ()
    recall: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnStep(StepBase):
    """One partner holds the floor (``speaker`` is a role) while the other listens."""

    kind: ClassVar[StepKind] = StepKind.TURN
    speaker: str = ""
    seconds: int | None = None
    stems: tuple[str, ...] = ()
    listener_text: str = ""
    listener_stems: tuple[str, ...] = ()
    recall: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerStep(StepBase):
    """A written answer from ``each`` partner in turn, both ``together``, or one role."""

    kind: ClassVar[StepKind] = StepKind.ANSWER
    who: str = "each"
    private: bool = False
    stems: tuple[str, ...] = ()
    can_pass: bool = False

    @property
    def per_partner(self) -> bool:
        return self.who == "each"

    @property
    def is_private(self) -> bool:
        return self.private

    @property
    def collects_answer(self) -> bool:
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingStep(StepBase):
    """Each partner rates privately; both ratings are revealed together."""

    kind: ClassVar[StepKind] = StepKind.RATING
    scale: Scale = field(default_factory=lambda: Scale(0, 10, "", ""))
    measure: str = ""
    checkin: str = ""
    can_pass: bool = False

    @property
    def per_partner(self) -> bool:
        return True

    @property
    def is_private(self) -> bool:
        return True

    @property
    def collects_answer(self) -> bool:
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceStep(StepBase):
    """The partners choose one option together; an option may jump elsewhere."""

    kind: ClassVar[StepKind] = StepKind.CHOICE
    options: tuple[Option, ...] = ()

    @property
    def collects_answer(self) -> bool:
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class RevealStep(StepBase):
    """Both partners' answers to the steps in ``show``, side by side."""

    kind: ClassVar[StepKind] = StepKind.REVEAL
    show: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakStep(StepBase):
    """A calm-down break with a countdown and self-soothing suggestions."""

    kind: ClassVar[StepKind] = StepKind.BREAK
    minutes: int = 20
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SwapStep(StepBase):
    """Ends a round: roles swap and the session goes back to ``repeat_from``."""

    kind: ClassVar[StepKind] = StepKind.SWAP
    repeat_from: str = ""
    rounds: int = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeworkStep(StepBase):
    """Practice to do before next time."""

    kind: ClassVar[StepKind] = StepKind.HOMEWORK
    tasks: tuple[str, ...] = ()
    due_days: int = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class EndStep(StepBase):
    """Closes the exercise."""

    kind: ClassVar[StepKind] = StepKind.END


Step = (SayStep | TurnStep | AnswerStep | RatingStep | ChoiceStep | RevealStep | BreakStep
        | SwapStep | HomeworkStep | EndStep)
"""Any step: match on its class (or compare ``step.kind``) before reading kind-only fields."""

STEP_TYPES: dict[StepKind, type[Step]] = {
    cls.kind: cls
    for cls in (SayStep, TurnStep, AnswerStep, RatingStep, ChoiceStep, RevealStep, BreakStep,
                SwapStep, HomeworkStep, EndStep)
}

PassableStep = AnswerStep | RatingStep
"""The steps a partner may pass on, when the file allows it (``can_pass``)."""


@dataclass(frozen=True, slots=True)
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
    disclosure: bool = False
    """The exercise asks partners to disclose something personal: every question can be passed."""
    language: str = "en"
    """The language tag of the file's words (BCP 47: ``en``, ``es``, ``es-MX``)."""
    translation_of: str = ""
    """For a translation, the version of the original (same ``id``) it was made from:
    ``sha256:`` and the first hex digits of the original's :attr:`digest`; "" for an original."""
    digest: str = ""
    """sha256 of the file's text: a saved session pins the exact version it started with."""
    source_text: str = field(default="", repr=False, compare=False)
    path: str = field(default="", compare=False)
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    memo: dict[object, object] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)
    """Values derived from this (immutable) exercise, computed once by whoever needs them."""

    def __post_init__(self) -> None:
        for number, step in enumerate(self.steps):
            self._index.setdefault(step.id, number)

    def step(self, step_id: str) -> Step:
        return self.steps[self.index(step_id)]

    def index(self, step_id: str) -> int:
        return self._index[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._index
