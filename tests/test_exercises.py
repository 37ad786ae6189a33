"""The bundled exercise library: every file is clean, credited, kind in its words, and every
exercise can be played from start to finish by the session engine, reaching every step.

The playthroughs are deterministic: ratings all low, all high, one partner low and one high, low
at the start and high later (or the reverse), or calm but far apart; at each choice the options
are taken in turn (starting from a different option in each run, and in some runs from a
different option at each choice step); each partner starts once. Together they must reach
every step of every exercise.
"""

from __future__ import annotations

import ast
import itertools
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reconnect import safety
from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.view import view as view_of
from reconnect.format import Exercise, Step, load_file
from reconnect.format.model import KNOWN_CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
FILES = sorted(EXERCISES.glob("*.toml"))
DOCS = ROOT / "docs" / "EXERCISES.md"

MIN_FILES = 24
MIN_PER_CATEGORY = 3
MAX_TEXT_CHARS = 420
"""About five lines of an 80-column screen: longer text belongs in two steps."""

FORBIDDEN_WORDS = re.compile(r"\b(husbands?|wife|wives)\b", re.IGNORECASE)
OUTCOME_CLAIMS = (
    "guarantee", "will fix", "fixes your", "proven", "will save", "will make your relationship",
    "will heal", "cures", "100%", "studies show", "research shows", "science shows",
    "success rate", "clinically", "scientifically",
)
PERCENTAGE = re.compile(r"\d\s*(%|per ?cent)|\bpercent", re.IGNORECASE)
"""No figures that read as a promise: "70% of couples...", "ninety percent"."""
MARKS = (re.compile(r"\bPREP\b"), re.compile(r"hold me tight", re.IGNORECASE))
"""Registered marks that may appear only in `source`, after "adapted from"."""

CHECKIN_LABELS = {
    "calm": ("Not calm at all", "Completely calm"),
    "closeness": ("Far apart", "Very close"),
}


def _ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


def _load(path: Path) -> Exercise:
    result = load_file(path)
    assert result.exercise is not None, f"{path.name} does not load: {result.diagnostics}"
    return result.exercise


def _strings(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed TOML value, with a dotted path to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, f"{where}[{number}]")


def _raw(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


# the files --------------------------------------------------------------------------------


def test_the_library_is_big_enough_and_covers_every_shelf() -> None:
    assert len(FILES) >= MIN_FILES
    categories = Counter(_load(path).category for path in FILES)
    for category in KNOWN_CATEGORIES:
        assert categories[category] >= MIN_PER_CATEGORY, (category, categories)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_file_loads_with_no_diagnostics_at_all(path: Path) -> None:
    result = load_file(path)
    assert result.exercise is not None
    assert result.diagnostics == (), [d.message for d in result.diagnostics]


def test_ids_are_unique_and_match_file_names() -> None:
    ids = [_load(path).id for path in FILES]
    assert len(ids) == len(set(ids))
    for path, exercise_id in zip(FILES, ids, strict=True):
        assert exercise_id == path.stem


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_metadata_is_complete_and_credited(path: Path) -> None:
    exercise = _load(path)
    assert exercise.source.startswith("Adapted from ")
    assert exercise.summary.strip()
    assert exercise.title.strip()
    assert 1 <= exercise.minutes <= 90
    assert exercise.facilitator.strip(), "a note for therapists at the top"
    assert any(step.facilitator for step in exercise.steps), "notes on key steps too"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_starts_and_ends_with_the_same_check_in(path: Path) -> None:
    exercise = _load(path)
    steps = exercise.steps
    assert steps[0].kind == "rating" and steps[0].checkin == "before"
    before = [s for s in steps if s.kind == "rating" and s.checkin == "before"]
    after = [s for s in steps if s.kind == "rating" and s.checkin == "after"]
    assert before and after
    assert sorted(s.measure for s in before) == sorted(s.measure for s in after)
    for first in before:
        matching = [s for s in after if s.measure == first.measure]
        assert len(matching) == 1, first.measure
        assert matching[0].scale == first.scale
        assert matching[0].text == first.text
    # the check-ins before are the opening steps; the ones after come right before the end
    assert all(step.kind == "rating" for step in steps[: len(before)])
    end = next(number for number, step in enumerate(steps) if step.kind == "end")
    assert [s.id for s in steps[end - len(after):end]] == [s.id for s in after]


def test_check_ins_use_the_same_measures_and_scales_across_the_library() -> None:
    for path in FILES:
        for step in _load(path).steps:
            if step.kind != "rating":
                continue
            assert step.measure in CHECKIN_LABELS, (path.name, step.id, step.measure)
            assert step.scale is not None
            assert (step.scale.low, step.scale.high) == (0, 10)
            assert (step.scale.low_label, step.scale.high_label) == CHECKIN_LABELS[step.measure]


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_every_exercise_has_homework(path: Path) -> None:
    homework = [step for step in _load(path).steps if step.kind == "homework"]
    assert homework
    assert all(step.tasks and 1 <= step.due_days <= 30 for step in homework)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_swaps_give_both_partners_the_same_number_of_rounds(path: Path) -> None:
    for step in _load(path).steps:
        if step.kind == "swap":
            assert step.rounds % 2 == 0, step.id


@pytest.mark.parametrize(
    "path",
    [p for p in FILES if _load(p).category == "conflict-de-escalation"],
    ids=lambda p: p.stem,
)
def test_conflict_exercises_send_a_tense_start_to_a_break(path: Path) -> None:
    exercise = _load(path)
    targets = [
        branch.goto
        for step in exercise.steps
        if step.kind == "rating" and step.checkin == "before"
        for branch in step.branches
    ]
    assert targets, "a tense opening check-in should lead to a break"
    for target in targets:
        breather = exercise.step(target)
        assert breather.kind == "break" and (breather.minutes or 20) >= 20
        assert breather.suggestions
        assert "24 hours" in breather.text


# the safety paths ------------------------------------------------------------------------

CALM_MEASURES = ("calm",)
STRESS_MEASURES = ("stress", "tension")
F1 = "safety notice (F1)"


def _couple_texts(step: Step) -> list[str]:
    """What a couple reads at this step (facilitator notes are for demonstrations only)."""
    texts = [step.text, getattr(step, "listener_text", ""),
             *(getattr(step, name, ()) for name in ("stems", "listener_stems", "tasks",
                                                      "suggestions")),
             *(option.label for option in getattr(step, "options", ()))]
    texts = [item for part in texts for item in ((part,) if isinstance(part, str) else part)]
    return [text for text in texts if text]


def _branches_on(exercise: Exercise, step_id: str) -> list[tuple[Step, str]]:
    """(the step carrying the branch, its target) for every branch whose condition names it."""
    return [(step, branch.goto) for step in exercise.steps for branch in step.branches
            if re.search(rf"\(\s*{re.escape(step_id)}\s*\)", branch.when_text)]


def _next(exercise: Exercise, step: Step) -> Step | None:
    if step.goto:
        return exercise.step(step.goto)
    number = exercise.index(step.id)
    return exercise.steps[number + 1] if number + 1 < len(exercise.steps) else None


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_a_tense_start_has_a_low_path(path: Path) -> None:
    """A before check-in of calm (or stress) always has a branch for a partner in a hard moment."""
    exercise = _load(path)
    for step in exercise.steps:
        if step.kind != "rating" or step.checkin != "before":
            continue
        if step.measure in CALM_MEASURES:
            needle = f"either({step.id}) <="
        elif step.measure in STRESS_MEASURES:
            needle = f"either({step.id}) >="
        else:
            continue
        assert any(needle in branch.when_text for other in exercise.steps
                   for branch in other.branches), f"{step.id}: nothing happens when it is low"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_a_hard_close_has_a_low_path_with_words_for_it(path: Path) -> None:
    """Every closing check-in has a branch for a low rating, to a closing word before the end."""
    exercise = _load(path)
    after = [s for s in exercise.steps if s.kind == "rating" and s.checkin == "after"]
    assert after
    for step in after:
        branches = _branches_on(exercise, step.id)
        assert branches, f"{step.id}: no path for a low closing rating"
        for carrier, target in branches:
            assert getattr(carrier, "checkin", "") == "after", \
                "the branch is taken as the closing check-in ends"
            word = exercise.step(target)
            assert word.kind == "say" and word.goto, word.id
            assert exercise.step(word.goto).kind == "end", "the closing word leads to the end"
            assert F1 in word.text and "therapist" in word.text, word.id
            if step.measure == "calm":
                assert "time-out" in word.text and "24 hours" in word.text, word.id


@pytest.mark.parametrize(
    "path",
    [p for p in FILES if _load(p).category in ("gratitude", "connection")],
    ids=lambda p: p.stem,
)
def test_very_low_closeness_at_the_start_offers_something_small_or_a_pass(path: Path) -> None:
    exercise = _load(path)
    branches = _branches_on(exercise, "closeness-before")
    targets = [exercise.step(target) for _carrier, target in branches
               if not target.startswith("cool-down")]
    assert targets, "a very low closeness at the start has a path"
    for choice in targets:
        assert choice.kind == "choice"
        assert "pass" in choice.text and "small" in choice.text, choice.text
        stops = [o for o in choice.options
                 if o.goto and getattr(exercise.step(o.goto), "checkin", "") == "after"]
        assert stops, "one option stops for today, through the closing check-in"


PROMISES_A_PASS = re.compile(r"\b(?:may|can) pass\b|\bpass on any")


def _promising_a_pass(path: Path) -> bool:
    return any(PROMISES_A_PASS.search(step.text) for step in _load(path).steps)


@pytest.mark.parametrize("path", [p for p in FILES if _promising_a_pass(p)],
                         ids=lambda p: p.stem)
def test_an_exercise_that_says_either_of_you_may_pass_lets_every_answer_be_passed(
        path: Path) -> None:
    """Words that promise a pass must be kept: the answer box refuses an empty answer, so an
    answer that cannot be passed leaves a partner who cannot write anything stuck."""
    exercise = _load(path)
    answers = [step for step in exercise.steps
               if step.kind == "answer" and step.who != "together"]
    assert all(step.can_pass for step in answers), \
        [step.id for step in answers if not step.can_pass]


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_every_break_points_fear_to_the_safety_notice(path: Path) -> None:
    exercise = _load(path)
    for step in exercise.steps:
        texts = " ".join(_couple_texts(step)).lower()
        assert "put up with this" not in texts, step.id
        if step.kind == "break" and step.id != "practice-break":
            fear = [s for s in step.suggestions if "afraid of your partner" in s]
            assert fear and F1 in fear[0] and "not something to soothe away" in fear[0], step.id
            no_fight = step.id == "cool-down" and exercise.id == "stress-reducing-conversation"
            assert any("building your case" in s for s in step.suggestions) or no_fight, step.id


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_after_a_calm_down_break_each_partner_rates_again(path: Path) -> None:
    """A break never leads straight to a shared 'we both feel ready': a fresh private rating."""
    exercise = _load(path)
    for step in exercise.steps:
        if step.kind != "break" or step.id == "practice-break":
            continue
        again = _next(exercise, step)
        assert again is not None and again.kind == "rating" and again.measure == "calm", step.id
        assert not again.checkin, "a re-check, not a check-in"
        assert _branches_on(exercise, again.id), f"{again.id}: still tense has a path"


RE_CHECKS = [
    # (exercise, the step the re-check comes before)
    ("dreams-within-conflict", "their-dream"),
    ("state-of-the-union", "issue"),
    ("regrettable-incident", "responsibility"),
    ("daily-temperature-reading", "complaint"),
    ("problem-solving", "agenda"),
]


@pytest.mark.parametrize(("exercise_id", "before"), RE_CHECKS, ids=[c[0] for c in RE_CHECKS])
def test_long_hot_exercises_check_calm_again_partway(exercise_id: str, before: str) -> None:
    exercise = _load(EXERCISES / f"{exercise_id}.toml")
    number = exercise.index(before)
    check = exercise.steps[number - 1]
    assert check.kind == "rating" and check.measure == "calm" and not check.checkin
    [(carrier, target)] = _branches_on(exercise, check.id)
    assert carrier is check
    assert exercise.index(target) > exercise.index(before) or target == "wishes"
    if exercise_id == "dreams-within-conflict":
        assert exercise.steps[number - 2].kind == "break", "a soothing break after the dreams"
    if exercise_id == "daily-temperature-reading":
        skip = exercise.step(target)
        assert skip.goto == "wishes", "a tense partner skips the complaints"


EXCLUSIONS = {
    "our-cycle": ("violence", "no substitute for therapy"),
    "rocky-moment": ("afraid", "therapist"),
    "regrettable-incident": ("violence, threats or fear",),
    "time-out": ("block the door", "keys or phone", "isn't flooding"),
    "four-horsemen": ("threats or fear",),
    "money-meanings": ("afraid",),
    "intimacy-conversation": ("pressured or afraid",),
}


@pytest.mark.parametrize("exercise_id", sorted(EXCLUSIONS))
def test_exclusions_are_in_the_words_couples_read(exercise_id: str) -> None:
    exercise = _load(EXERCISES / f"{exercise_id}.toml")
    read = " ".join(text for step in exercise.steps for text in _couple_texts(step))
    assert F1 in read
    for words in EXCLUSIONS[exercise_id]:
        assert words in read, words


PASSING = {
    "love-map-questions": ("guess-now", "guess-deep", "tell"),
    "regrettable-incident": ("feelings", "triggers"),
    "our-cycle": ("my-feeling",),
    "dreams-within-conflict": ("dream-talk",),
    "four-horsemen": ("my-horseman",),
    "rocky-moment": ("my-move", "underneath"),
    "money-meanings": ("growing-up", "means-now", "tell"),
    "caring-behaviours": ("never-asked",),
    "intimacy-conversation": ("helps", "gets-in-the-way", "small-wish", "share"),
}


@pytest.mark.parametrize("exercise_id", sorted(PASSING))
def test_disclosure_questions_say_a_partner_can_pass(exercise_id: str) -> None:
    exercise = _load(EXERCISES / f"{exercise_id}.toml")
    for step_id in PASSING[exercise_id]:
        assert re.search(r"\bpass\b", exercise.step(step_id).text), step_id


def test_the_intimacy_conversation_asks_consent_and_reveals_only_by_agreement() -> None:
    exercise = _load(EXERCISES / "intimacy-conversation.toml")
    steps = exercise.steps
    consent = exercise.step("consent")
    private = [s for s in steps if s.kind == "answer"]
    assert all(s.private for s in private)
    assert exercise.index(consent.id) < min(exercise.index(s.id) for s in private)
    [reveal] = [s for s in steps if s.kind == "reveal"]
    ask = steps[exercise.index(reveal.id) - 1]
    assert ask.kind == "choice"
    assert [o.label for o in ask.options] == ["Show both now", "Not today"]
    skip = ask.options[1].goto
    assert skip and exercise.index(exercise.step(skip).goto) > exercise.index(reveal.id)
    for option in consent.options:
        if option.label == "Not today":
            assert exercise.index(exercise.step(option.goto).goto) > exercise.index(reveal.id)


@pytest.mark.parametrize(("exercise_id", "reflect"), [("speaker-listener", "paraphrase"),
                                                       ("mirroring-dialogue", "mirror"),
                                                       ("problem-solving", "paraphrase")])
def test_not_quite_goes_back_until_yes_thats_it(exercise_id: str, reflect: str) -> None:
    exercise = _load(EXERCISES / f"{exercise_id}.toml")
    number = exercise.index(reflect)
    confirm = exercise.steps[number + 1]
    assert confirm.kind == "choice"
    labels = [option.label for option in confirm.options]
    assert labels == ["Yes, that's it", "Not quite"]
    correct = exercise.step(confirm.options[1].goto)
    assert correct.goto == reflect


def test_references_to_other_exercises_give_title_and_id() -> None:
    """A reference to another exercise names it as couples see it and as the library finds it."""
    library = {_load(path).id: _load(path).title for path in FILES}
    for path in FILES:
        for step in _load(path).steps:
            for text in _couple_texts(step):
                for found in re.finditer(r"\(([a-z0-9]+(?:-[a-z0-9]+)+)\)", text):
                    if found.group(1) in library:
                        title = library[found.group(1)]
                        assert f"{title} ({found.group(1)})" in text, (path.stem, step.id)


def test_the_four_horsemen_link_each_antidote_to_its_exercise() -> None:
    exercise = _load(EXERCISES / "four-horsemen.toml")
    for horseman, target in (("criticism", "softened-start-up"), ("contempt", "i-appreciate"),
                             ("defensiveness", "regrettable-incident"),
                             ("stonewalling", "time-out")):
        assert f"({target})" in exercise.step(horseman).text, horseman


# the words --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_words_are_inclusive_and_claim_no_outcomes(path: Path) -> None:
    for where, text in _strings(_raw(path)):
        assert not FORBIDDEN_WORDS.search(text), (where, text)
        lowered = text.lower()
        for claim in OUTCOME_CLAIMS:
            assert claim not in lowered, (where, claim)
        assert not PERCENTAGE.search(text), (where, text)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_registered_marks_appear_only_in_the_credit(path: Path) -> None:
    for where, text in _strings(_raw(path)):
        for mark in MARKS:
            found = mark.search(text)
            if found is None:
                continue
            assert where == "source", f"{where} names a registered mark: {text!r}"
            credit = text.lower().find("adapted from")
            assert 0 <= credit < found.start(), "say 'adapted from' before the mark"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_texts_fit_a_small_screen(path: Path) -> None:
    for step in _load(path).steps:
        for name in ("text", "listener_text"):
            text = getattr(step, name, "")
            assert len(text) <= MAX_TEXT_CHARS, (step.id, name, len(text))


def test_docs_list_every_exercise() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for path in FILES:
        exercise = _load(path)
        assert f"`{exercise.id}`" in docs, exercise.id
        assert exercise.title in docs, exercise.title


# the safety notice --------------------------------------------------------------------------


def test_safety_notice_names_its_limits_and_where_to_find_help() -> None:
    text = safety.safety_text()
    assert safety.safety_title().strip()
    assert "not therapy" in text
    assert "crisis" in text
    for number in ("0808 2000 247", "1-800-799-7233", "999", "911", "112",  # abuse, emergency
                   "988", "START to 88788", "116 123"):  # crisis lines, the hotline by text
        assert number in text, number
    assert all(number in text for number in safety.HELPLINES)
    assert "time-out" in text
    assert "this computer" in text


def test_safety_notice_names_coercive_control_and_says_couples_work_can_raise_the_risk() -> None:
    text = safety.safety_text()
    assert "coercive control" in text
    for example in ("checking your phone", "controlling money", "cutting you off from friends",
                    "afraid to say no"):
        assert example in text, example
    assert "increase the risk" in text


def test_safety_notice_is_honest_about_a_shared_computer_and_speaking_freely() -> None:
    text = safety.safety_text()
    assert "anyone who uses this computer can read it" in text
    assert "History" in text and "exported" in text
    for control in ("discard an unfinished session", "delete a session", "delete a couple",
                    "reconnect forget --all"):
        assert control in text, control
    assert "shown to both of you together" in text
    assert "can't speak freely" in text and "(F1)" in text and "when you are alone" in text


def test_safety_notice_is_plain_and_short_enough_to_take_in() -> None:
    text = safety.safety_text()
    paragraphs = text.split("\n\n")
    assert 3 <= len(paragraphs) <= 7
    assert all(len(paragraph) <= 400 for paragraph in paragraphs)
    assert "[" not in text, "plain text: nothing that could read as markup"
    assert not FORBIDDEN_WORDS.search(text)
    assert not hasattr(safety, "SAFETY_SHORT"), "a short notice without a helpline misleads"
    for line in text.splitlines():
        if line.startswith("  "):  # a helpline on a short line of its own: never wrapped
            assert len(line) <= 60, line


def test_safety_module_is_plain_python() -> None:
    """Only its words come from elsewhere (the language spoken and the country)."""
    tree = ast.parse(Path(safety.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module if node.module != "reconnect" else "reconnect." + ".".join(
                alias.name for alias in node.names))
    assert imported <= {"__future__", "reconnect.i18n"}, imported


# playing every exercise through the engine ------------------------------------------------

Rater = Callable[[Step, int | None], int]

def _low(step: Step) -> int:
    return step.scale.low if step.scale else 0


def _high(step: Step) -> int:
    return step.scale.high if step.scale else 10


RATERS: dict[str, Rater] = {
    "low": lambda step, partner: _low(step),
    "high": lambda step, partner: _high(step),
    "mixed": lambda step, partner: _low(step) if partner == 0 else _high(step),
    # tense at the start, calmer after the break: the way back into the exercise
    "recovering": lambda step, partner: _low(step) if step.checkin == "before" else _high(step),
    # calm at the start, tense later on: the re-checks partway through and the closing paths
    "tiring": lambda step, partner: _high(step) if step.checkin == "before" else _low(step),
    # calm but far apart: the paths for low closeness
    "distant": lambda step, partner: _low(step) if step.measure == "closeness" else _high(step),
}
NAMES = ("Alex", "Sam")
MAX_EVENTS = 3000


@dataclass
class Run:
    finished: bool = False
    reached: list[str] = field(default_factory=list)
    floor: Counter = field(default_factory=Counter)
    """Distinct (step, round) turns held by each partner."""
    timed_seconds: int = 0
    broke: bool = False


def play(exercise: Exercise, rate: Rater, offset: int, first: int,
         stagger: bool = False) -> Run:
    """One deterministic playthrough: ratings by ``rate``; choices cycle from ``offset``.

    With ``stagger``, each choice step also starts one option further on than the choice step
    before it in the file, so that a later choice can take another option than an earlier one.
    """
    run = Run()
    choices = [step.id for step in exercise.steps if step.kind == "choice"]
    state = engine.apply(engine.new_state(exercise),
                         ev.Start(at=0.0, names=NAMES, first=first)).state
    visits: Counter = Counter()
    turns: set[tuple[str, int, int]] = set()
    now = 0.0
    for _ in range(MAX_EVENTS):
        view = view_of(state, now)
        if view.expects == "finished":
            run.finished = True
            break
        step = state.step
        assert step is not None
        if not run.reached or run.reached[-1] != step.id:
            run.reached.append(step.id)
        shown = (view.text, view.listener_text, *view.stems, *view.listener_stems,
                 *view.options, *view.tasks, *view.suggestions, view.audience)
        for text in shown:
            assert "{" not in text and "}" not in text, (exercise.id, step.id, text)
        if step.kind == "turn":
            assert view.speaker in (0, 1) and view.listener == 1 - view.speaker
            turns.add((step.id, view.round, view.speaker))
            if view.expects == "continue":
                run.timed_seconds += step.seconds or 0
        if step.kind == "break":
            run.broke = True
            run.timed_seconds += (step.minutes or 20) * 60
        now += 1.0
        if view.expects in ("continue", "handover", "reveal"):
            event: ev.Event = ev.Advance(at=now)
        elif view.expects == "text":
            event = ev.Answer(at=now, text="Something we both care about.")
        elif view.expects == "rating":
            event = ev.Rate(at=now, value=rate(step, view.answerer))
        elif view.expects == "choice":
            count = visits[step.id]
            visits[step.id] += 1
            shift = choices.index(step.id) if stagger else 0
            option = step.options[(offset + count + shift) % len(step.options)]
            event = ev.Choose(at=now, option=option.label)
        else:
            raise AssertionError(f"{exercise.id}: unexpected {view.expects!r} at {step.id}")
        state = engine.apply(state, event).state
    for _step, _round, speaker in turns:
        run.floor[speaker] += 1
    return run


def playthroughs(exercise: Exercise) -> Iterator[tuple[str, Run]]:
    widest = max([len(getattr(step, "options", ())) for step in exercise.steps] + [1])
    for (name, rate), offset, first, stagger in itertools.product(
            RATERS.items(), range(widest), (0, 1), (False, True)):
        label = f"{name}/option {offset}/first {first}{'/staggered' if stagger else ''}"
        yield label, play(exercise, rate, offset, first, stagger)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_every_playthrough_finishes_and_together_they_reach_every_step(path: Path) -> None:
    exercise = _load(path)
    after = {s.id for s in exercise.steps if s.kind == "rating" and s.checkin == "after"}
    reached: set[str] = set()
    for label, run in playthroughs(exercise):
        assert run.finished, f"{exercise.id} ({label}) did not reach the end"
        assert after <= set(run.reached), f"{exercise.id} ({label}) skipped the closing check-in"
        assert run.floor[0] == run.floor[1], f"{exercise.id} ({label}): unequal turns {run.floor}"
        reached.update(run.reached)
    missing = [step.id for step in exercise.steps if step.id not in reached]
    assert not missing, f"{exercise.id}: never reached {missing}"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_minutes_cover_the_timed_turns_and_breaks(path: Path) -> None:
    exercise = _load(path)
    for label, run in playthroughs(exercise):
        if label.startswith("high"):  # no flooding break: the path the minutes describe
            assert run.timed_seconds <= exercise.minutes * 60, (label, run.timed_seconds)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_random_walks_finish_and_reach_every_step(path: Path) -> None:
    walk = pytest.importorskip("reconnect.reports.walk")
    report = walk.walk(_load(path), runs=150, seed=7)
    assert report.finished == report.runs, report.stuck
    assert not report.never_reached, report.never_reached


DISCLOSING = ("love-map-questions", "our-cycle", "regrettable-incident", "rocky-moment",
              "four-horsemen", "money-meanings", "intimacy-conversation", "caring-behaviours")


@pytest.mark.parametrize("name", DISCLOSING)
def test_exercises_that_ask_for_disclosure_let_every_answer_be_passed(name: str) -> None:
    exercise = _load(EXERCISES / f"{name}.toml")
    assert exercise.disclosure
    answers = [step for step in exercise.steps if step.kind == "answer" and step.who == "each"]
    assert answers and all(step.can_pass for step in answers), \
        [step.id for step in answers if not step.can_pass]


def test_written_answers_that_are_then_spoken_are_shown_to_their_writer() -> None:
    """"Alex, say your soft start-up to Sam" shows Alex what Alex wrote."""
    for name, step_id, recalled in (("softened-start-up", "say-it", "draft"),
                                    ("daily-appreciation", "say-it", "thanks"),
                                    ("gratitude-letter", "read-aloud", "letter")):
        step = _load(EXERCISES / f"{name}.toml").step(step_id)
        assert getattr(step, "recall", None) == recalled, name


# the wording a hands-on review asked for, in the words couples read -----------------------------

WORDING = [
    # a tense partner is not asked to explain, and comfort is offered, not pressed
    ("stress-reducing-conversation", None, "Nobody needs to say why."),
    ("stress-reducing-conversation", None, "Show affection, if it's welcome."),
    # a repair may be declined for now
    ("repair-attempts", None, "'I need a minute' is a fine answer too."),
    # an appreciation is received, not answered
    ("i-appreciate", None, "no need to respond"),
    # flooding can be noticed in the body before a time-out is needed
    ("time-out", "pulse", "count the beats for 15 seconds"),
    # a hot topic can wait for an agreed time
    ("state-of-the-union", None, "Or park it: agree when you'll come back"),
]


@pytest.mark.parametrize(("exercise_id", "step_id", "words"), WORDING,
                         ids=[f"{exercise}:{words[:20]}" for exercise, _, words in WORDING])
def test_the_reviewed_wording_is_what_couples_read(exercise_id, step_id, words) -> None:
    exercise = _load(EXERCISES / f"{exercise_id}.toml")
    steps = [step for step in exercise.steps if step_id is None or step.id == step_id]
    assert steps, f"{exercise_id} has no step {step_id}"
    said = " ".join(" ".join(text for _, text in _strings(_raw(EXERCISES / f"{exercise_id}.toml")
                                                          ["steps"][exercise.steps.index(step)]))
                    for step in steps)
    assert words in " ".join(said.split()), (exercise_id, step_id, words)


def test_emotionally_focused_therapy_is_credited_to_its_authors() -> None:
    for exercise_id in ("our-cycle", "rocky-moment"):
        source = _load(EXERCISES / f"{exercise_id}.toml").source
        assert "Adapted from" in source and "Sue Johnson & Les Greenberg" in source, exercise_id


def test_the_docs_count_the_turns_of_speaker_and_listener_as_they_run() -> None:
    exercise = _load(EXERCISES / "speaker-listener.toml")
    [swap] = [step for step in exercise.steps if step.kind.value == "swap"]
    assert swap.rounds == 4  # four turns: the floor passes three times
    docs = " ".join((ROOT / "docs" / "EXERCISES.md").read_text(encoding="utf-8").split())
    assert "Four turns in all and three passes of the floor" in docs
