"""Seeded random playthroughs: coverage of every step, stuck runs, reproducibility."""

from __future__ import annotations

import pytest

from reconnect.format import load_text
from reconnect.format.conditions import parse
from reconnect.format.model import (
    Branch,
    BreakStep,
    ChoiceStep,
    EndStep,
    Exercise,
    Option,
    RatingStep,
    SayStep,
    Scale,
)
from reconnect.reports.walk import WalkReport, walk

from test_engine import EXTRAS, SAMPLE


def load(text: str) -> Exercise:
    exercise = load_text(text).exercise
    assert exercise is not None
    return exercise


def looping() -> Exercise:
    """Two steps that send each other round for ever: the checker refuses this (R302)."""
    steps = (
        SayStep(id="here", text="Here.", goto="there"),
        SayStep(id="there", text="There.", goto="here"),
        EndStep(id="end", text="Never seen."),
    )
    return Exercise(id="loop", title="Loop", category="connection", summary="Stuck.",
                    minutes=1, source="Tests", steps=steps)


def test_the_sample_reaches_every_step_and_always_finishes() -> None:
    exercise = load(SAMPLE)
    report = walk(exercise, runs=300, seed=0)
    assert isinstance(report, WalkReport)
    assert report.runs == 300 and report.finished == 300 and report.stuck == ()
    assert set(report.reached) == {step.id for step in exercise.steps}
    assert report.never_reached == ()
    for step_id in ("calm-before", "speak", "wish", "swap", "show", "done"):
        assert report.reached[step_id] == 300  # on every path
    # the break follows a low calm rating: some runs, not all
    assert 0 < report.reached["cool-down"] < 300
    # the topic is skipped whenever the break comes first
    assert 0 < report.reached["topic"] < 300


def test_the_extras_exercise_reaches_every_step() -> None:
    report = walk(load(EXTRAS), runs=200, seed=5)
    assert report.never_reached == () and report.finished == 200


def test_branches_on_extreme_ratings_are_reached() -> None:
    text = SAMPLE.replace('"either(calm-before) <= 2"', '"both(calm-before) == 0"')
    report = walk(load(text), runs=300, seed=2)
    assert report.reached["cool-down"] > 0 and report.never_reached == ()


def test_branches_on_written_answers_are_reached() -> None:
    text = SAMPLE.replace('private = true', 'private = true\n'
                          'branches = [{ when = \'either(wish) == "rest"\', goto = "done" }]')
    exercise = load(text)
    report = walk(exercise, runs=300, seed=0)
    assert report.never_reached == ()
    assert report.reached["show"] < 300  # some runs jumped past the reveal


def test_a_step_nothing_leads_to_is_never_reached() -> None:
    sample = load(SAMPLE)
    island = SayStep(id="island", text="Nobody comes here.")
    exercise = Exercise(id=sample.id, title=sample.title, category=sample.category,
                        summary=sample.summary, minutes=sample.minutes, source=sample.source,
                        steps=sample.steps[:7] + (island,) + sample.steps[7:])
    # "done" ends the session before "island"; "cool-down" jumps away from it
    report = walk(exercise, runs=100, seed=0)
    assert report.never_reached == ("island",)
    assert report.reached["island"] == 0


def test_a_loop_with_no_way_out_gives_stuck_runs() -> None:
    exercise = looping()
    as_file = SAMPLE.split("[[steps]]")[0] + (
        '[[steps]]\nid = "here"\nkind = "say"\ntext = "Here."\ngoto = "there"\n'
        '[[steps]]\nid = "there"\nkind = "say"\ntext = "There."\ngoto = "here"\n'
        '[[steps]]\nid = "end"\nkind = "end"\n')
    assert "R302" in [d.code for d in load_text(as_file).diagnostics]  # the loader refuses it
    report = walk(exercise, runs=5, seed=3, max_events=200)
    assert report.finished == 0
    assert len(report.stuck) == 5
    assert report.reached == {"here": 5, "there": 5, "end": 0}
    assert report.never_reached == ("end",)
    for run, description in enumerate(report.stuck):
        assert description.startswith(f"run {run} (seed 3): stuck at step `")
        assert description.endswith("after 200 events")
        assert "`here`" in description or "`there`" in description


def test_an_end_step_branch_is_followed_and_a_branch_that_always_holds_is_stuck() -> None:
    extra = '\n[[steps]]\nid = "again"\nkind = "say"\ntext = "Once more."\ngoto = "done"\n'
    sometimes = edit_sample('text = "Well done."', 'text = "Well done."\n'
                            'branches = [{ when = "either(calm-before) <= 1", goto = "again" }]')
    last = '\n[[steps]]\nid = "again"\nkind = "say"\ntext = "One more word."\n'
    report = walk(load(sometimes + last), runs=100, seed=0)
    assert report.never_reached == () and report.finished == 100
    assert 0 < report.reached["again"] < 100
    # the checker cannot know a condition always holds; the walk shows it
    always = edit_sample('text = "Well done."', 'text = "Well done."\n'
                         'branches = [{ when = "either(calm-before) >= 0", goto = "again" }]')
    report = walk(load(always + extra), runs=10, seed=0, max_events=300)
    assert report.finished == 0 and len(report.stuck) == 10


def edit_sample(old: str, new: str) -> str:
    assert SAMPLE.count(old) == 1
    return SAMPLE.replace(old, new)


def test_a_choice_that_can_only_loop_gets_stuck_sometimes_not_always() -> None:
    steps = (
        ChoiceStep(id="ask", text="Again?",
             options=(Option("Again", "ask"), Option("Stop", "end"))),
        EndStep(id="end"),
    )
    exercise = Exercise(id="again", title="Again", category="connection", summary="s",
                        minutes=1, source="Tests", steps=steps)
    report = walk(exercise, runs=50, seed=0, max_events=2000)
    assert report.finished == 50  # a fair coin stops soon enough
    stingy = walk(exercise, runs=50, seed=0, max_events=2)
    assert stingy.finished < 50 and len(stingy.stuck) == 50 - stingy.finished


def test_a_directly_built_exercise_with_a_rating_branch() -> None:
    when = "either(mood) <= 1"
    steps = (
        RatingStep(id="mood", text="Mood?", scale=Scale(0, 4, "low", "high"),
             branches=(Branch(parse(when), when, "low"),)),
        SayStep(id="fine", text="Fine.", goto="end"),
        BreakStep(id="low", minutes=5),
        EndStep(id="end"),
    )
    exercise = Exercise(id="mood", title="Mood", category="connection", summary="s",
                        minutes=1, source="Tests", steps=steps)
    report = walk(exercise, runs=100, seed=9)
    assert report.never_reached == () and report.finished == 100


def test_the_same_seed_gives_the_same_report() -> None:
    exercise = load(SAMPLE)
    assert walk(exercise, runs=60, seed=11) == walk(exercise, runs=60, seed=11)
    stuck = looping()
    assert walk(stuck, runs=3, seed=4, max_events=50) == walk(stuck, runs=3, seed=4, max_events=50)


def test_different_seeds_may_differ() -> None:
    exercise = load(SAMPLE)
    # run n uses seed + n, so walks with nearby seeds share most runs: compare distant ones
    reports = {tuple(sorted(walk(exercise, runs=20, seed=seed).reached.items()))
               for seed in (0, 100, 200, 300)}
    assert len(reports) > 1


def test_run_n_of_seed_s_is_run_zero_of_seed_s_plus_n() -> None:
    exercise = looping()
    one = walk(exercise, runs=3, seed=10, max_events=40)
    later = walk(exercise, runs=1, seed=12, max_events=40)
    assert one.stuck[2].split(": ", 1)[1] == later.stuck[0].split(": ", 1)[1]


@pytest.mark.parametrize("runs", [0, 1])
def test_small_walks(runs: int) -> None:
    report = walk(load(SAMPLE), runs=runs, seed=0)
    assert report.runs == runs and report.finished == runs
    assert sum(report.reached.values()) >= (6 if runs else 0)
