"""The exercise format's keys: one table that the loader checks against, the JSON Schema is
generated from, and the reference in docs/FORMAT.md is generated from.

Types are named for people, not programmers:

- ``text``: a string shown to the partners (cleaned of control characters, may hold placeholders)
- ``string``: a short string that is not shown as prose (a source credit, a measure name)
- ``id``: lowercase letters, digits and hyphens, such as ``check-in``
- ``integer``, ``boolean``
- ``text-list``: a list of ``text``
- ``id-list``: a list of ``id``
- ``pair``: a list of exactly two items (``roles``, ``scale``, ``labels``)
- ``options``: a list of option labels, or of ``{ label = "...", goto = "step-id" }``
- ``branches``: a list of ``{ when = "condition", goto = "step-id" }``
- ``language``: a BCP 47 language tag, such as ``en``, ``es`` or ``es-MX``
- ``version``: the version of another file, ``sha256:`` and the first hex digits of its SHA-256
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reconnect.format.languages import DEFAULT_LANGUAGE, VERSION_DIGITS
from reconnect.format.model import FORMAT_VERSION, KNOWN_CATEGORIES, STEP_KINDS, TIMEOUT_MINUTES
from reconnect.i18n import N_, _

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MAX_TEXT = 4000
MAX_STEPS = 300
MAX_FILE_BYTES = 1024 * 1024


_FACTS = {"version": FORMAT_VERSION, "digits": VERSION_DIGITS,
          "categories": ", ".join(f"`{c}`" for c in KNOWN_CATEGORIES)}
"""What a few descriptions name in braces: facts that follow the code (the format version...)."""


@dataclass(frozen=True)
class Key:
    name: str
    type: str
    about: str
    """What the key is for, marked for translation; it may name a fact of :data:`_FACTS` in
    braces (``{version}``)."""
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def description(self) -> str:
        """What the key is for, in English: the reference and the JSON Schema give it so."""
        return self.about.format_map(_FACTS)

    def described(self) -> str:
        """What the key is for, in the language spoken (the checker's hints give it so)."""
        return _(self.about).format_map(_FACTS)


EXERCISE_KEYS: tuple[Key, ...] = (
    Key("format", "integer", N_("File-format version. This reconnect reads version {version}."),
        required=True, minimum=1),
    Key("id", "id", N_("Unique id of the exercise in the library, such as `speaker-listener`."),
        required=True),
    Key("title", "text", N_("The name couples see."), required=True),
    Key("category", "id", N_("The library shelf: {categories} (others are allowed, with a "
                             "warning)."), required=True),
    Key("summary", "text", N_("One line saying what the exercise is for."), required=True),
    Key("minutes", "integer", N_("Realistic total time in minutes."), required=True, minimum=1,
        maximum=600),
    Key("source", "string", N_("Credit for the protocol it adapts: `Adapted from ...`."),
        required=True),
    Key("language", "language", N_(
        "The language the exercise is written in, as a language tag: `en`, `es`, `es-MX`... "
        "The library shows each exercise in the language reconnect speaks when there is a "
        "version in it."), default=DEFAULT_LANGUAGE),
    Key("translation_of", "version", N_(
        "Makes the file a translation of the exercise with the same `id`: the version of the "
        "original it was made from, `sha256:` and the first {digits} hex digits of the SHA-256 "
        "of the original file (`reconnect new FILE --from ID --lang es` writes it).")),
    Key("roles", "pair", N_("The two roles that swap between rounds; the partner who starts "
                            "holds the first."), default=["speaker", "listener"]),
    Key("timeout_minutes", "integer", N_("Length of the time-out either partner can call at "
                                         "any point."),
        default=20, minimum=TIMEOUT_MINUTES[0], maximum=TIMEOUT_MINUTES[1]),
    Key("facilitator", "text", N_("A note for therapists, shown only in demonstration mode.")),
    Key("tags", "id-list", N_("Extra words to find the exercise by.")),
    Key("disclosure", "boolean", N_(
        "The exercise asks partners to share something personal: every written answer asked of "
        "each partner should let them pass (`can_pass = true`)."), default=False),
    Key("steps", "steps", N_("The steps, in order, written as `[[steps]]` tables."),
        required=True),
)

STEP_COMMON: tuple[Key, ...] = (
    Key("id", "id", N_("Unique within the file; used by `goto`, `show` and conditions."),
        required=True),
    Key("kind", "kind", N_("What the step does (see the step kinds)."), required=True,
        choices=STEP_KINDS),
    Key("goto", "id", N_("The step to go to after this one (otherwise the next in the file).")),
    Key("branches", "branches", N_("Jumps taken after this step when a condition holds; the "
                                   "first that holds wins, before `goto`.")),
    Key("facilitator", "text", N_("A note for therapists, shown only in demonstration mode.")),
)

_TEXT = Key("text", "text", N_("What the step says."))
_STEMS = Key("stems", "text-list", N_("Sentence starters a partner can lean on."))
_TO = Key("to", "id", N_("Who the text is for: `both`, `first`, `second` or a role."),
          default="both")
_RECALL = Key("recall", "id", N_(
    "An earlier written answer to show again, to the partner who wrote it only (the speaker in "
    "a turn, or the partner named by `to`): what they wrote, to lean on while they say it."))
_CAN_PASS = Key("can_pass", "boolean", N_("A partner may pass on this question without giving "
                                          "a reason; the pass is recorded as a pass."),
                default=False)

KIND_DESCRIPTIONS: dict[str, str] = {
    "say": "Shows text to both partners (or to one) and waits until they continue.",
    "turn": "One partner holds the floor and speaks while the other listens; optionally timed. "
            "At zero a gentle cue sounds; nothing is cut off.",
    "answer": "A written answer: from each partner (optionally private, with a hand-over), "
              "from both together, or from one role.",
    "rating": "Each partner rates privately on a labelled scale; both ratings are revealed "
              "together. Check-ins before and after measure change.",
    "choice": "The partners choose one option together; an option may jump to a step.",
    "reveal": "Shows both partners' answers to earlier steps side by side, at once.",
    "break": "A calm-down break with a countdown and self-soothing suggestions.",
    "swap": "Ends a round: the roles swap and the exercise goes back to `repeat_from`, until "
            "`rounds` rounds are done.",
    "homework": "Practice to do before next time; saved and shown on the home screen.",
    "end": "Closes the exercise. Reaching the last step also ends it.",
}

KIND_KEYS: dict[str, tuple[Key, ...]] = {
    "say": (Key("text", "text", N_("What the step says."), required=True), _TO, _STEMS, _RECALL),
    "turn": (
        Key("text", "text", N_("Guidance for the partner who speaks."), required=True),
        Key("speaker", "id", N_("The role that holds the floor (the first role by default).")),
        Key("seconds", "integer", N_("Length of the turn; leave out for an untimed turn."),
            minimum=10, maximum=3600),
        Key("listener_text", "text", N_("Guidance for the partner who listens.")),
        Key("stems", "text-list", N_("Sentence starters for the speaker.")),
        Key("listener_stems", "text-list", N_("Sentence starters for the listener.")),
        _RECALL,
    ),
    "answer": (
        Key("text", "text", N_("The question."), required=True),
        Key("who", "id", N_("`each` partner in turn, both `together`, or one role."),
            default="each"),
        Key("private", "boolean", N_("Each partner answers unseen (hand-over screen); answers "
                                     "stay hidden until a reveal step."), default=False),
        _STEMS,
        _CAN_PASS,
    ),
    "rating": (
        Key("text", "text", N_("The question."), required=True),
        Key("scale", "pair", N_("Lowest and highest value, between 0 and 10."), default=[0, 10]),
        Key("labels", "pair", N_("Words for the low and the high end."), required=True),
        Key("measure", "id", N_("What is measured (such as `calm` or `closeness`); ratings "
                                "with the same measure are compared over time.")),
        Key("checkin", "id", N_("`before` or `after`: a check-in that measures change."),
            choices=("before", "after")),
        _CAN_PASS,
    ),
    "choice": (
        Key("text", "text", N_("The question."), required=True),
        Key("options", "options", N_("Two or more options."), required=True),
    ),
    "reveal": (
        _TEXT,
        Key("show", "id-list", N_("The steps whose answers are shown side by side."),
            required=True),
    ),
    "break": (
        _TEXT,
        Key("minutes", "integer", N_("Length of the break."), default=20, minimum=1, maximum=240),
        Key("suggestions", "text-list", N_("Self-soothing ideas shown during the break.")),
    ),
    "swap": (
        _TEXT,
        Key("repeat_from", "id", N_("The earlier step where the next round starts."),
            required=True),
        Key("rounds", "integer", N_("How many rounds in all."), default=2, minimum=2, maximum=20),
    ),
    "homework": (
        Key("text", "text", N_("What to practise."), required=True),
        Key("tasks", "text-list", N_("Small concrete tasks.")),
        Key("due_days", "integer", N_("Days until it is due."), default=7, minimum=1, maximum=90),
    ),
    "end": (_TEXT,),
}

BRANCH_KEYS: tuple[Key, ...] = (
    Key("when", "condition", N_("A condition on earlier answers."), required=True),
    Key("goto", "id", N_("The step to go to when it holds."), required=True),
)

OPTION_KEYS: tuple[Key, ...] = (
    Key("label", "text", N_("What the option says."), required=True),
    Key("goto", "id", N_("The step to go to when it is chosen.")),
)


@functools.cache
def step_keys(kind: str) -> dict[str, Key]:
    """All keys allowed in a step of ``kind``, by name (shared: do not modify)."""
    keys = {key.name: key for key in STEP_COMMON}
    keys.update({key.name: key for key in KIND_KEYS.get(kind, ())})
    return keys


def kinds_using(name: str) -> list[str]:
    """The step kinds that accept key ``name`` (for hints about misplaced keys)."""
    return [kind for kind, keys in KIND_KEYS.items() if any(key.name == name for key in keys)]


ALL_STEP_KEY_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [key.name for key in STEP_COMMON]
        + [key.name for keys in KIND_KEYS.values() for key in keys]
    )
)
