"""Advice: the warnings about what would hurt a session (R303-R306).

Each code has a small file that triggers it (code, severity, line, column and words of the
message) and a near-identical file that does not. ``BASE`` itself is clean.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect.core.advice import (
    MAX_OPTION,
    MAX_STEM,
    MAX_SUMMARY,
    MAX_TITLE,
    PROMPT_LINES,
    PROMPT_WIDTH,
    advise,
    wrapped_lines,
)
from reconnect.core.advice import check_text as load_text
from reconnect.core.paths import usual_path
from reconnect.format.diagnostics import CODES, Diagnostic
from reconnect.format.loader import LoadResult, explain
from reconnect.format.model import ChoiceStep, Exercise, RatingStep, TurnStep

ADVICE_CODES = ("R303", "R304", "R305", "R306")

BASE = '''format = 1
id = "advice"
title = "Advice"
category = "active-listening"
summary = "A small exercise for the advice tests."
minutes = 6
source = "Written for the tests"

[[steps]]
id = "calm-before"
kind = "rating"
text = "How calm do you feel, {you}?"
labels = ["Not calm", "Calm"]
measure = "calm"
checkin = "before"
branches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]

[[steps]]
id = "ready"
kind = "choice"
text = "Ready?"
options = ["Yes", "Not yet"]

[[steps]]
id = "speak"
kind = "turn"
seconds = 120
text = "{speaker}, talk."
listener_text = "{listener}, listen."
stems = ["I feel ..."]

[[steps]]
id = "switch"
kind = "swap"
repeat_from = "speak"
rounds = 2

[[steps]]
id = "done"
kind = "end"

[[steps]]
id = "cool-down"
kind = "break"
minutes = 20
goto = "speak"
'''


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def only(result: LoadResult, code: str) -> Diagnostic:
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, result.diagnostics
    assert found[0].severity == "warning"
    assert result.exercise is not None, "warnings never stop an exercise from loading"
    return found[0]


def clean(text: str) -> None:
    result = load_text(text)
    assert result.diagnostics == (), [f"{d.code} {d.message}" for d in result.diagnostics]


def test_the_base_file_is_clean() -> None:
    clean(BASE)


def test_the_codes_are_warnings_with_explanations() -> None:
    for code in ADVICE_CODES:
        entry = CODES[code]
        assert entry.severity == "warning"
        assert len(entry.explanation) > 200
        assert explain(code) is not None
    assert "74 columns" in CODES["R306"].explanation
    assert "8 lines" in CODES["R306"].explanation
    assert "even" in CODES["R303"].explanation
    assert "closeness" in CODES["R304"].explanation


# R303 unequal speaking time ----------------------------------------------------------------


def test_r303_an_odd_number_of_rounds_gives_one_partner_more_time() -> None:
    text = edit(BASE, "rounds = 2", "rounds = 3")
    diagnostic = only(load_text(text, "f.toml"), "R303")
    assert (diagnostic.line, diagnostic.column) == where(text, "120")
    assert "starts as speaker gets 4 min of timed speaking" in diagnostic.message
    assert "starts as listener 2 min" in diagnostic.message
    assert "even" in diagnostic.hint
    clean(edit(BASE, "rounds = 2", "rounds = 4"))


def test_r303_a_turn_outside_the_loop_counts_for_its_role() -> None:
    extra = ('[[steps]]\nid = "last-word"\nkind = "turn"\nspeaker = "listener"\n'
             'seconds = {}\ntext = "{{speaker}}, one last word."\n\n[[steps]]\nid = "done"')
    # 120 s each in the loop, plus 40 s for the listener: more than 30 s and 10% apart
    text = edit(BASE, '[[steps]]\nid = "done"', extra.format(40))
    diagnostic = only(load_text(text), "R303")
    assert (diagnostic.line, diagnostic.column) == where(text, "40\n")
    assert diagnostic.message == ("the partner who starts as listener gets 2 min 40 s of timed "
                                  "speaking, the one who starts as speaker 2 min")
    # 30 s apart is within the allowance
    clean(edit(BASE, '[[steps]]\nid = "done"', extra.format(30)))


def test_r303_counts_only_the_usual_path() -> None:
    # a turn reached only through the branch on the check-in does not count
    text = edit(BASE, "minutes = 20\ngoto = \"speak\"",
                'minutes = 20\n\n[[steps]]\nid = "vent"\nkind = "turn"\nseconds = 600\n'
                'text = "{speaker}, let it out."\ngoto = "speak"')
    assert "R303" not in [d.code for d in load_text(text).diagnostics]


# R304 a check-in with no path for a hard moment ---------------------------------------------


def test_r304_a_calm_check_in_without_a_branch() -> None:
    text = edit(BASE, '\nbranches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]',
                "")
    diagnostic = only(load_text(text), "R304")
    assert (diagnostic.line, diagnostic.column) == where(text, '"before"')
    assert "`calm-before` has no path for a partner in a hard moment" in diagnostic.message
    assert 'when = "either(calm-before) <= 3", goto = "cool-down"' in diagnostic.hint


def test_r304_a_branch_on_a_later_step_is_enough() -> None:
    text = edit(BASE, '\nbranches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]',
                "")
    text = edit(text, 'options = ["Yes", "Not yet"]',
                'options = ["Yes", "Not yet"]\n'
                'branches = [{ when = "min(calm-before) < 4", goto = "cool-down" }]')
    clean(text)


def test_r304_a_check_in_about_closeness_needs_no_branch() -> None:
    text = edit(BASE, '\nbranches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]',
                "")
    text = edit(text, 'measure = "calm"', 'measure = "closeness"')
    text = edit(text, "How calm do you feel", "How close do you feel")
    text = edit(text, '["Not calm", "Calm"]', '["Far apart", "Very close"]')
    assert "R304" not in [d.code for d in load_text(text).diagnostics]


def test_r304_without_a_measure_the_words_decide_and_stress_branches_high() -> None:
    text = edit(BASE, '\nbranches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]',
                "")
    unmeasured = edit(text, 'measure = "calm"\n', "")
    assert only(load_text(unmeasured), "R304")
    stress = edit(text, 'measure = "calm"', 'measure = "stress-level"')
    stress = edit(stress, "How calm do you feel", "How stressed do you feel")
    stress = edit(stress, 'labels = ["Not calm", "Calm"]',
                  'scale = [1, 5]\nlabels = ["Not at all", "Very stressed"]')
    diagnostic = only(load_text(stress), "R304")
    assert 'either(calm-before) >= 4' in diagnostic.hint


def test_r304_suggests_adding_a_break_when_there_is_none() -> None:
    text = edit(BASE, '\nbranches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]',
                "")
    text = text[: text.index('[[steps]]\nid = "cool-down"')]
    diagnostic = only(load_text(text), "R304")
    assert 'a break step with id "cool-down"' in diagnostic.hint


# R305 total time far from minutes -----------------------------------------------------------


def test_r305_minutes_far_above_the_estimate() -> None:
    text = edit(BASE, "minutes = 6", "minutes = 30")
    diagnostic = only(load_text(text), "R305")
    assert (diagnostic.line, diagnostic.column) == where(text, "30\n")
    # a rating (2 x 20 s), a choice (30 s) and two 2-minute turns: about 5 minutes
    assert diagnostic.message == "the usual path takes about 5 minutes, but `minutes` says 30"
    assert "minutes = 5" in diagnostic.hint
    clean(edit(BASE, "minutes = 6", "minutes = 10"))  # double, but only 5 minutes apart


def test_r305_minutes_far_below_the_estimate() -> None:
    text = edit(BASE, "seconds = 120", "seconds = 900")
    diagnostic = only(load_text(text), "R305")
    assert "about 31 minutes, but `minutes` says 6" in diagnostic.message
    clean(edit(text, "minutes = 6", "minutes = 30"))


def test_r305_a_break_on_the_usual_path_counts_one_reached_by_a_branch_does_not() -> None:
    # BASE has a 20-minute break reached only through the check-in's branch: not counted
    clean(BASE)
    text = edit(BASE, 'options = ["Yes", "Not yet"]',
                'options = [{ label = "A break first", goto = "cool-down" }, "Not yet"]')
    diagnostic = only(load_text(text), "R305")
    assert "about 25 minutes" in diagnostic.message


def test_r305_an_untimed_turn_may_take_any_time() -> None:
    text = edit(BASE, "seconds = 120\n", "")
    text = edit(text, "minutes = 6", "minutes = 30")
    assert "R305" not in [d.code for d in load_text(text).diagnostics]


# R306 text too long for an 80-column screen -------------------------------------------------


def test_r306_a_long_text() -> None:
    long = "Words that go on. " * 40  # 720 characters: ten lines of 74 columns
    text = edit(BASE, 'text = "Ready?"', f'text = "{long}"')
    diagnostic = only(load_text(text), "R306")
    assert (diagnostic.line, diagnostic.column) == where(text, f'"{long[:10]}')
    assert f"takes 10 lines of an 80-column screen; {PROMPT_LINES} fit" in diagnostic.message
    clean(edit(BASE, 'text = "Ready?"', f'text = "{long[:500]}"'))


def test_r306_a_turn_shares_the_lines_between_speaker_and_listener() -> None:
    half = "Words that go on. " * 14  # 252 characters: four lines each, plus a blank line
    text = edit(BASE, 'text = "{speaker}, talk."', f'text = "{half}"')
    text = edit(text, 'listener_text = "{listener}, listen."', f'listener_text = "{half}"')
    diagnostic = only(load_text(text), "R306")
    assert (diagnostic.line, diagnostic.column) == where(text, f'"{half[:10]}')
    assert "`text` and `listener_text` of `speak` together take 9 lines" in diagnostic.message
    clean(edit(text, f'listener_text = "{half}"', 'listener_text = "Listen."'))


@pytest.mark.parametrize(("old", "new_text", "limit", "needle"), [
    ('title = "Advice"', "title = \"{}\"", MAX_TITLE, "title = "),
    ('summary = "A small exercise for the advice tests."', "summary = \"{}\"", MAX_SUMMARY,
     "summary = "),
    ('stems = ["I feel ..."]', "stems = [\"{}\"]", MAX_STEM, "stems = "),
    ('options = ["Yes", "Not yet"]', "options = [\"Yes\", {{ label = \"{}\" }}]", MAX_OPTION,
     "{ label"),
])
def test_r306_short_texts_have_their_own_limits(old: str, new_text: str, limit: int,
                                                needle: str) -> None:
    too_long = edit(BASE, old, new_text.format("x" * (limit + 1)))
    diagnostic = only(load_text(too_long), "R306")
    assert diagnostic.line == where(too_long, needle)[0]
    assert diagnostic.column == where(too_long, "x" * 10)[1] - (
        len('{ label = "') if needle == "{ label" else 1)
    assert f"is {limit + 1} characters; {limit} fit" in diagnostic.message
    clean(edit(BASE, old, new_text.format("x" * limit)))


def test_wrapped_lines_wraps_at_words_and_folds_long_words() -> None:
    assert wrapped_lines("") == 1
    assert wrapped_lines("a\n\nb") == 3
    assert wrapped_lines("word " * 15) == 1  # 75 characters, but the last space needs no room
    assert wrapped_lines("word " * 15 + "more") == 2
    assert wrapped_lines("x" * (PROMPT_WIDTH * 2 + 1)) == 3
    assert wrapped_lines(("y" * 70 + " ") * 3) == 3


# advice and the rest of the checker ---------------------------------------------------------


def test_no_advice_for_a_file_with_errors() -> None:
    text = edit(BASE, "rounds = 2", "rounds = 3")
    text = edit(text, 'kind = "end"', 'kind = "ending"')
    assert [d.code for d in load_text(text).diagnostics] == ["R116"]


def test_advise_names_steps_by_id_and_the_usual_path_plays_every_round() -> None:
    exercise = load_text(edit(BASE, "rounds = 2", "rounds = 3")).exercise
    assert exercise is not None
    (found,) = advise(exercise)
    assert found.code == "R303" and found.at == ("steps", "speak", "seconds")
    path = usual_path(exercise)
    assert path is not None
    ids = [exercise.steps[position.step].id for position in path]
    assert ids == ["calm-before", "ready", "speak", "switch", "speak", "switch", "speak",
                   "switch", "done"]
    assert [position.swapped for position in path
            if exercise.steps[position.step].id == "speak"] == [False, True, False]


def test_a_loop_only_a_branch_can_leave_gives_no_time_advice() -> None:
    text = edit(BASE, 'options = ["Yes", "Not yet"]',
                'options = [{ label = "Yes", goto = "calm-before" }, '
                '{ label = "Not yet", goto = "calm-before" }]')
    exercise = load_text(text).exercise
    assert exercise is not None
    assert usual_path(exercise) is None


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_strict_makes_advice_fail_while_plain_check_passes(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(edit(BASE, "minutes = 6", "minutes = 30"), encoding="utf-8")
    plain = _run("check", str(path))
    assert plain.returncode == 0, plain.stdout
    assert "warning[R305]" in plain.stdout and "0 errors, 1 warning" in plain.stdout
    strict = _run("check", "--strict", "--format", "concise", str(path))
    assert strict.returncode == 1
    assert strict.stdout.startswith(f"{path}:6:11: warning R305: the usual path takes about")
    assert "R304" in _run("explain", "R304").stdout


# the usual path is the engine's path ---------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]

NESTED = edit(edit(BASE, "rounds = 2", "rounds = 3"), '[[steps]]\nid = "done"', '''[[steps]]
id = "outer"
kind = "swap"
repeat_from = "ready"
rounds = 2

[[steps]]
id = "done"''')

LEAVING = edit(BASE, '[[steps]]\nid = "switch"', '''[[steps]]
id = "go-on"
kind = "choice"
text = "Go on?"
options = [{ label = "Stop the rounds", goto = "after" }, "Another round"]

[[steps]]
id = "switch"''').replace('[[steps]]\nid = "done"', '''[[steps]]
id = "after"
kind = "turn"
seconds = 30
text = "{speaker}, one more thing."

[[steps]]
id = "done"''')


def _engine_path(exercise: Exercise) -> list[tuple[str, int | None]]:
    """Step ids and speakers when the engine is played with events: high ratings, the first
    option at a choice (the usual path's policy at a first visit), and continuing."""
    from reconnect.core import engine
    from reconnect.core import events as ev
    from reconnect.core.view import view

    state = engine.apply(engine.new_state(exercise), ev.Start(at=0.0, names=("A", "B"))).state
    path = []
    for now in range(1, 3000):
        moment = view(state, float(now))
        if moment.expects == "finished":
            return path
        step = state.step
        assert step is not None
        event: ev.Event
        if moment.expects == "text":
            event = ev.Answer(at=now, text="words")
        elif moment.expects == "rating":
            assert isinstance(step, RatingStep)
            event = ev.Rate(at=now, value=step.scale.high)
        elif moment.expects == "choice":
            assert isinstance(step, ChoiceStep)
            event = ev.Choose(at=now, option=step.options[0].label)
        else:
            event = ev.Advance(at=now)
        before = len(state.path)
        state = engine.apply(state, event).state
        if len(state.path) != before or state.finished:
            path.append((step.id, moment.speaker))
    raise AssertionError("the engine did not finish")


@pytest.mark.parametrize("source", [
    *sorted((ROOT / "exercises").glob("*.toml")),
    *sorted((ROOT / "src" / "reconnect" / "format" / "templates").glob("*.toml")),
    "nested", "leaving",
], ids=lambda source: source if isinstance(source, str) else source.stem)
def test_the_usual_path_is_the_path_the_engine_takes(source: Path | str) -> None:
    """The usual path is the engine's own navigation with a choosing policy; played with real
    events (no branch taken, first options), the engine goes the same way."""
    if source == "nested":
        text = NESTED
    elif source == "leaving":
        text = LEAVING
    else:
        assert isinstance(source, Path)
        text = source.read_text(encoding="utf-8").replace("{{exercise_id}}", "t")
    exercise = load_text(text).exercise
    assert exercise is not None
    path = usual_path(exercise)
    assert path is not None
    from reconnect.core.paths import holder

    ours = []
    for position in path:
        step = exercise.steps[position.step]
        speaker = None
        if isinstance(step, TurnStep):
            speaker = holder(exercise, position, 0, step.speaker)
        ours.append((step.id, speaker))
    assert ours == _engine_path(exercise)
