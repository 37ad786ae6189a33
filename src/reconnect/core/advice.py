"""Advice: warnings about what would hurt a session, for files that already load without errors.

The checker's errors say a file cannot run. Advice says it would run, but a couple might have a
worse time than the author meant:

* ``R303`` one partner gets noticeably more timed speaking than the other;
* ``R304`` a check-in about calm (or stress) opens the exercise, but nothing happens when a
  partner reports a hard moment;
* ``R305`` the exercise's usual path takes far more or far less time than ``minutes`` says;
* ``R306`` a text is too long to fit the session screen of an 80x24 terminal.

:func:`advise` works on a checked :class:`Exercise` and returns plain findings. Each points at a
place in the file as a path in which a step is named by its id (``("steps", "speak",
"seconds")``); the loader turns step ids into the file's step numbers and places the warnings
like its other diagnostics. :func:`check_file` and :func:`check_text` are the loader with this
advice: what ``reconnect check`` and ``preview`` report.

The usual path (R303, R305) is the engine's own :func:`~reconnect.core.paths.usual_path`: the
real rules for loops, jumps and roles, with a choosing policy, not a second copy of them.

Everything here is quick (a few tens of microseconds for a typical exercise, and bounded for a
hostile one): ``reconnect check`` on a thousand files must stay close to the time it takes just
to parse them.
"""

from __future__ import annotations

from pathlib import Path

from reconnect.core.paths import Position, holder, usual_path
from reconnect.format import conditions
from reconnect.format.diagnostics import Finding
from reconnect.format.loader import LoadResult, load_file, load_text
from reconnect.format.model import (
    AnswerStep,
    BreakStep,
    ChoiceStep,
    Exercise,
    RatingStep,
    SayStep,
    Step,
    TurnStep,
)
from reconnect.i18n import _, ngettext

# R303: unequal speaking time -------------------------------------------------------------

SPEAKING_SHARE = 0.10
"""Warn when the partners' timed speaking differs by more than this share of the larger..."""
SPEAKING_SECONDS = 30
"""...and by more than this many seconds."""

# R304: check-ins with no way out ---------------------------------------------------------

CALM_WORDS = ("calm", "relax", "settled", "safe", "peace", "ease")
"""Measures where a LOW rating is the hard moment (a hyphenated part starting with one)."""
STRESS_WORDS = ("stress", "tens", "anger", "angry", "anxi", "upset", "overwhelm", "flood",
                "distress", "agitat")
"""Measures where a HIGH rating is the hard moment."""
LOW_SHARE = 0.3
"""The suggested threshold: the lowest (or highest) 30% of the scale, 3 on a 0-10 scale."""

# R305: total time ------------------------------------------------------------------------

SECONDS_TO_READ = 30
"""A step that is read and continued: a `say` to both, a choice, homework."""
SECONDS_TO_TALK = 120
"""A `say` step that asks one partner to speak (addressed with `to`, or with sentence
starters), such as mirroring back what was heard: untimed, but a conversation."""
SECONDS_TO_WRITE = 180
"""A written answer, per partner who writes (an answer asked of each: both, one after the
other)."""
SECONDS_TO_REVEAL = 60
"""Reading both answers side by side."""
SECONDS_PER_RATING = 20
"""Per partner: each partner rates in turn."""
UNTIMED_TURN = 60
"""A turn without ``seconds`` takes at least this long; it may take much longer, so an
exercise with one is never told that its ``minutes`` are too many."""
TIME_FACTOR = 2
"""Warn when the estimate is under half of ``minutes``, or over double..."""
TIME_MARGIN = 5 * 60
"""...and the two are more than five minutes apart (a short exercise's estimate is rough)."""

# R306: text that does not fit the screen -------------------------------------------------

PROMPT_WIDTH = 74
"""Columns of the prompt area on an 80-column terminal (80, less the stage's padding and its
scroll bar), verified with the running app."""
PROMPT_LINES = 8
"""Rows the prompt may take on a 24-row terminal with the countdown of a timed turn still in
view: the header, the banner naming who speaks, the progress line, the sentence starters, the
countdown and the footer take the other rows (verified with the running app)."""
MAX_STEM = 90
MAX_OPTION = 60
MAX_TITLE = 40
"""The progress line shows "title  ·  step 12 of 20  ·  round 1 of 2" on one 78-column row."""
MAX_SUMMARY = 160
"""About two lines of the library list."""
_SURE_TO_FIT = PROMPT_WIDTH - 20
"""Characters a wrapped line surely holds (words longer than 20 characters are rare)."""
_SHORT = (PROMPT_LINES - 3) * _SURE_TO_FIT
"""Text and listener text shorter than this together, without line breaks, surely fit."""


def check_file(path: str | Path) -> LoadResult:
    """Load and check an exercise file, with the advice: what ``reconnect check`` reports."""
    return load_file(path, advise=advise)


def check_text(text: str, path: str = "<text>") -> LoadResult:
    return load_text(text, path, advise=advise)


def advise(exercise: Exercise) -> list[Finding]:
    """Everything worth a warning in ``exercise``, which must have loaded without errors."""
    found: list[Finding] = []
    path = usual_path(exercise)
    if path is not None:
        _speaking_time(exercise, path, found)
        _total_time(exercise, path, found)
    _checkins(exercise, found)
    _lengths(exercise, found)
    return found


def _speaker(exercise: Exercise, step: TurnStep, position: Position) -> int:
    """0 for the partner who starts, 1 for the other: who holds the floor in this turn."""
    return holder(exercise, position, 0, step.speaker or exercise.roles[0])


# R303 ------------------------------------------------------------------------------------


def _speaking_time(exercise: Exercise, path: list[Position], found: list[Finding]) -> None:
    steps = exercise.steps
    totals = [0, 0]
    net: dict[int, int] = {}
    for position in path:
        number = position.step
        step = steps[number]
        if not isinstance(step, TurnStep) or not step.seconds:
            continue
        partner = _speaker(exercise, step, position)
        totals[partner] += step.seconds
        net[number] = net.get(number, 0) + (step.seconds if partner == 0 else -step.seconds)
    more, less = max(totals), min(totals)
    gap = more - less
    if not gap or gap <= SPEAKING_SHARE * more or gap <= SPEAKING_SECONDS:
        return
    sign = 1 if totals[0] > totals[1] else -1
    tipping = min(number for number, value in net.items() if value * sign > 0)
    step = steps[tipping]
    more_role, less_role = exercise.roles if sign > 0 else exercise.roles[::-1]
    assert isinstance(step, TurnStep)
    found.append(Finding(
        "R303",
        # Translators: {role} and {other_role} are the exercise's roles as the file names them
        # (speaker, listener...); {time} and {other_time} are lengths such as "5 min 30 s"
        _("the partner who starts as {role} gets {time} of timed speaking, the one who starts "
          "as {other_role} {other_time}").format(role=more_role, time=_duration(more),
                                                  other_role=less_role,
                                                  other_time=_duration(less)),
        ("steps", step.id, "seconds"),
        hint=_("put the turn between a swap step's `repeat_from` and the swap, with an even "
               "number of rounds, or give the other role a turn of the same length"),
        label=_("this turn tips the balance")))


# R304 ------------------------------------------------------------------------------------


def _distress(step: RatingStep) -> str:
    """``low`` when a low rating is the hard moment, ``high`` when a high one is, else ``""``.

    Judged by the measure's words; a check-in without a measure by its question and labels.
    """
    if step.measure:
        words = step.measure.split("-")
    else:
        words = " ".join((step.text, step.scale.low_label, step.scale.high_label)).lower() \
            .replace(",", " ").replace("?", " ").replace(".", " ").split()
    for word in words:
        if word.startswith(CALM_WORDS):
            return "low"
    for word in words:
        if word.startswith(STRESS_WORDS):
            return "high"
    return ""


def _checkins(exercise: Exercise, found: list[Finding]) -> None:
    steps = exercise.steps
    for number, step in enumerate(steps):
        if not isinstance(step, RatingStep) or step.checkin != "before":
            continue
        hard = _distress(step)
        if not hard or _handled(step.id, steps[number:]):
            continue
        reach = max(1, round((step.scale.high - step.scale.low) * LOW_SHARE))
        if hard == "low":
            when = f"either({step.id}) <= {step.scale.low + reach}"
        else:
            when = f"either({step.id}) >= {step.scale.high - reach}"
        breaks = [other.id for other in steps if isinstance(other, BreakStep)]
        goto = breaks[0] if breaks else "cool-down"
        setting = f'branches = [{{ when = "{when}", goto = "{goto}" }}]'
        # Translators: {setting} is a line of the file, written as it is, such as
        # branches = [{ when = "either(calm) <= 3", goto = "cool-down" }]
        hint = (_("add {setting}") if breaks else
                _('add {setting}, and a break step with id "cool-down" after the end step'))
        found.append(Finding(
            "R304",
            _("the check-in `{id}` has no path for a partner in a hard moment").format(
                id=step.id),
            ("steps", step.id, "checkin"), hint=hint.format(setting=setting),
            label=_("no branch looks at this rating")))


def _handled(step_id: str, rest: tuple[Step, ...]) -> bool:
    """True when a branch on this step or a later one has a condition naming ``step_id``."""
    for step in rest:
        for branch in step.branches:
            if step_id in branch.when_text and any(
                    ref.step == step_id for ref, _func in conditions.references(branch.when)):
                return True
    return False


# R305 ------------------------------------------------------------------------------------


def _total_time(exercise: Exercise, path: list[Position], found: list[Finding]) -> None:
    steps = exercise.steps
    seconds = 0
    open_ended = False
    for position in path:
        step = steps[position.step]
        if isinstance(step, TurnStep):
            seconds += step.seconds or UNTIMED_TURN
            open_ended = open_ended or not step.seconds
        elif isinstance(step, BreakStep):
            seconds += step.minutes * 60
        elif isinstance(step, RatingStep):
            seconds += 2 * SECONDS_PER_RATING
        elif isinstance(step, AnswerStep):
            seconds += SECONDS_TO_WRITE * (2 if step.who == "each" else 1)
        elif step.kind == "reveal":
            seconds += SECONDS_TO_REVEAL
        elif isinstance(step, SayStep) and (step.to != "both" or step.stems):
            seconds += SECONDS_TO_TALK
        elif step.kind in ("say", "choice", "homework"):
            seconds += SECONDS_TO_READ
    planned = exercise.minutes * 60
    if abs(planned - seconds) <= TIME_MARGIN:
        return
    too_short = seconds > planned * TIME_FACTOR
    too_long = planned > seconds * TIME_FACTOR and not open_ended
    if not (too_short or too_long):
        return
    estimate = max(1, round(seconds / 60))
    found.append(Finding(
        "R305",
        # Translators: {minutes} is the number the file gives to its `minutes` key
        ngettext("the usual path takes about {estimate} minute, but `minutes` says {minutes}",
                 "the usual path takes about {estimate} minutes, but `minutes` says {minutes}",
                 estimate).format(estimate=estimate, minutes=exercise.minutes),
        ("minutes",),
        # Translators: {setting} is a line of the file, such as minutes = 25
        hint=_("set {setting}, or check the lengths of the turns and breaks").format(
            setting=f"minutes = {estimate}"),
        label=_("the estimate is about {estimate}").format(estimate=estimate)))


# R306 ------------------------------------------------------------------------------------


def wrapped_lines(text: str, width: int = PROMPT_WIDTH) -> int:
    """How many rows ``text`` takes when wrapped at word boundaries to ``width`` columns."""
    total = 0
    for line in text.split("\n"):
        if len(line) <= width:
            total += 1
            continue
        rows, used = 1, -1
        for word in line.split():
            size = len(word)
            if used + 1 + size <= width:
                used += 1 + size
            else:
                if used > 0:
                    rows += 1
                used = size
            while used > width:  # a word longer than a line is folded
                rows += 1
                used -= width
        total += rows
    return total


def _too_many_lines(text: str) -> int:
    """The rows ``text`` takes in the prompt area when more than fit, else 0."""
    if text.count("\n") + 1 + len(text) / _SURE_TO_FIT <= PROMPT_LINES:
        return 0
    rows = wrapped_lines(text)
    return rows if rows > PROMPT_LINES else 0


def _lengths(exercise: Exercise, found: list[Finding]) -> None:
    if len(exercise.title) > MAX_TITLE:
        size = len(exercise.title)
        found.append(_long(ngettext("the title is {size} character; {limit} fit",
                                    "the title is {size} characters; {limit} fit", size),
                           size, MAX_TITLE, ("title",),
                           _("shorten it: the progress line would cut off the step and round")))
    if len(exercise.summary) > MAX_SUMMARY:
        size = len(exercise.summary)
        found.append(_long(ngettext("the summary is {size} character; {limit} fit",
                                    "the summary is {size} characters; {limit} fit", size),
                           size, MAX_SUMMARY, ("summary",),
                           _("shorten it: it takes more than two lines of the library list")))
    for step in exercise.steps:
        listener_text = step.listener_text if isinstance(step, TurnStep) else ""
        if len(step.text) + len(listener_text) < _SHORT and "\n" not in step.text \
                and "\n" not in listener_text:
            pass  # short texts without line breaks surely fit
        elif isinstance(step, TurnStep) and step.listener_text:
            prompt = f"{step.text}\n\n{step.listener_text}"  # as the session screen shows it
            rows = _too_many_lines(prompt)
            if rows:
                found.append(Finding(
                    "R306",
                    # Translators: {limit} is how many lines fit (8)
                    ngettext("`text` and `listener_text` of `{id}` together take {rows} line "
                             "of an 80-column screen; {limit} fit",
                             "`text` and `listener_text` of `{id}` together take {rows} lines "
                             "of an 80-column screen; {limit} fit", rows).format(
                                 id=step.id, rows=rows, limit=PROMPT_LINES),
                    ("steps", step.id, "text"),
                    hint=_("a turn shows both texts at once: shorten them, or move part into "
                           "a `say` step before the turn"),
                    label=_("too long to fit beside the countdown")))
        else:
            rows = _too_many_lines(step.text)
            if rows:
                found.append(Finding(
                    "R306",
                    ngettext("`text` of `{id}` takes {rows} line of an 80-column screen; "
                             "{limit} fit",
                             "`text` of `{id}` takes {rows} lines of an 80-column screen; "
                             "{limit} fit", rows).format(id=step.id, rows=rows,
                                                         limit=PROMPT_LINES),
                    ("steps", step.id, "text"),
                    hint=_("shorten it, or split it over two steps"),
                    label=_("too long for one screen")))
        listener_stems = step.listener_stems if isinstance(step, TurnStep) else ()
        own_stems = step.stems if isinstance(step, SayStep | TurnStep | AnswerStep) else ()
        for name, stems in (("stems", own_stems), ("listener_stems", listener_stems)):
            if not stems or max(map(len, stems)) <= MAX_STEM:
                continue
            for number, stem in enumerate(stems):
                size = len(stem)
                if size <= MAX_STEM:
                    continue
                if name == "stems":
                    message = ngettext("the stem is {size} character; {limit} fit",
                                       "the stem is {size} characters; {limit} fit", size)
                else:
                    message = ngettext("the listener stem is {size} character; {limit} fit",
                                       "the listener stem is {size} characters; {limit} fit",
                                       size)
                found.append(_long(message, size, MAX_STEM, ("steps", step.id, name, number),
                                   _("shorten it: a sentence starter is a few words to lean "
                                     "on")))
        for number, option in enumerate(step.options if isinstance(step, ChoiceStep) else ()):
            size = len(option.label)
            if size > MAX_OPTION:
                found.append(_long(ngettext("the option is {size} character; {limit} fit",
                                            "the option is {size} characters; {limit} fit",
                                            size),
                                   size, MAX_OPTION, ("steps", step.id, "options", number),
                                   _("shorten it: an option should fit on one line of the "
                                     "list")))


def _long(message: str, size: int, limit: int, at: tuple[str | int, ...],
          hint: str) -> Finding:
    """R306 for a text longer than ``limit``: ``message`` says so with ``{size}`` and
    ``{limit}``."""
    return Finding("R306", message.format(size=size, limit=limit), at, hint=hint,
                   label=_("too long for an 80-column screen"))


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        # Translators: a length of time in seconds, short, as in "45 s"
        return _("{seconds} s").format(seconds=rest)
    if not rest:
        return _("{minutes} min").format(minutes=minutes)
    # Translators: a length of time in minutes and seconds, short, as in "5 min 30 s"
    return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
