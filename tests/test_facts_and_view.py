"""What the engine reports (facts) and what every front end renders (the View): the rules that
used to be worked out again by the screens, the transcript and the store."""

from __future__ import annotations

import pytest

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.facts import (
    PASSED,
    CheckinGiven,
    Finished,
    HomeworkAssigned,
    Paused,
    Recorded,
    Reopened,
    Resumed,
    Revealed,
    StepEntered,
    StepLeft,
    TimeoutBegun,
    TimeoutChanged,
    TimeoutEnded,
    TimeRanOut,
    WentBack,
)
from reconnect.core.view import Action, Expect, continue_event, view
from reconnect.format import Exercise, load_text
from reconnect.format.model import TIMEOUT_MINUTES

from conftest import SPEAKER_LISTENER

WRITING = '''format = 1
id = "writing"
title = "Writing"
category = "connection"
summary = "s"
minutes = 10
source = "Adapted from a test"
disclosure = true

[[steps]]
id = "calm"
kind = "rating"
text = "How calm, {you}?"
labels = ["Not calm", "Calm"]
measure = "calm"
checkin = "before"
can_pass = true
branches = [{ when = "either(calm) <= 2", goto = "rest" }]

[[steps]]
id = "start-up"
kind = "answer"
private = true
can_pass = true
text = "{you}, write how you would raise it gently."

[[steps]]
id = "say-it"
kind = "turn"
seconds = 60
text = "{speaker}, say your start-up to {listener}."
recall = "start-up"

[[steps]]
id = "swap"
kind = "swap"
repeat_from = "say-it"

[[steps]]
id = "both"
kind = "reveal"
show = ["start-up"]

[[steps]]
id = "again"
kind = "say"
to = "first"
text = "{first}, read it once more."
recall = "start-up"

[[steps]]
id = "practise"
kind = "homework"
text = "Practise."
tasks = ["Once a day, {second}."]
due_days = 2

[[steps]]
id = "done"
kind = "end"

[[steps]]
id = "rest"
kind = "break"
minutes = 10
goto = "start-up"
'''


def load(text: str) -> Exercise:
    result = load_text(text)
    assert result.exercise is not None, result.diagnostics
    return result.exercise


class Run:
    """A session driven event by event, keeping every fact."""

    def __init__(self, text: str = WRITING, first: int = 0) -> None:
        self.at = 1000.0
        self.facts: list = []
        self.state = engine.new_state(load(text))
        self(ev.Start, ("Alex", "Sam"), first)

    def __call__(self, cls, *args, gap: float = 1.0):
        self.at += gap
        self.state, facts = engine.apply(self.state, cls(self.at, *args))
        self.facts.extend(facts)
        return facts

    def view(self, demo: bool = False, now: float | None = None):
        return view(self.state, self.at if now is None else now, demo=demo)

    def of(self, kind: type) -> list:
        return [fact for fact in self.facts if isinstance(fact, kind)]


def rated(run: Run, first: int = 6, second: int = 7) -> Run:
    run(ev.Advance)
    run(ev.Rate, first)
    run(ev.Advance)
    run(ev.Rate, second)
    return run


# facts --------------------------------------------------------------------------------------


def test_starting_enters_the_first_step_as_part_one() -> None:
    run = Run()
    (entered,) = run.of(StepEntered)
    assert entered.visit.step_id == "calm" and entered.visit.part == 1
    assert entered.visit.round == 1 and entered.visit.holders == (0, 1)


def test_ratings_give_check_ins_and_reveal_themselves_when_both_are_in() -> None:
    run = Run(first=1)
    run(ev.Advance)
    facts = run(ev.Rate, 6)
    assert facts == (Recorded(run.at, "calm", 1, 1, 6),
                     CheckinGiven(run.at, "calm", "calm", "before", 1, 6))
    run(ev.Advance)
    facts = run(ev.Rate, 3)
    assert Revealed(run.at, (("calm", 1),)) in facts
    assert run.state.is_revealed("calm", 1)


def test_a_pass_is_recorded_as_a_pass_and_never_counts_in_a_condition() -> None:
    run = Run()
    run(ev.Advance)
    facts = run(ev.Pass)
    assert facts[0] == Recorded(run.at, "calm", 1, 0, PASSED)
    assert not [fact for fact in facts if isinstance(fact, CheckinGiven)]
    run(ev.Advance)
    run(ev.Rate, 8)
    run(ev.Advance)
    # "either(calm) <= 2" does not hold: Alex passed, Sam rated 8
    assert run.view().step_id == "start-up"
    assert run.view().expects == Expect.HANDOVER


def test_passing_is_only_for_questions_that_allow_it() -> None:
    run = Run(SPEAKER_LISTENER)
    run(ev.Advance)
    with pytest.raises(engine.EventRejected, match="cannot be passed"):
        run(ev.Pass)
    assert Action.PASS not in run.view().actions


def test_a_private_answer_is_revealed_only_by_a_reveal_step() -> None:
    run = rated(Run())
    run(ev.Advance)  # past the ratings
    for text in ("alex gently", "sam gently"):
        run(ev.Advance)
        run(ev.Answer, text)
    assert not run.state.is_revealed("start-up", 1)
    while run.view().step_id != "both":
        run(ev.Advance)
    assert run.state.is_revealed("start-up", 1)
    assert Revealed in {type(fact) for fact in run.facts if getattr(fact, "answers", None) ==
                        (("start-up", 1),)}


def test_leaving_a_step_says_how_long_its_countdown_ran() -> None:
    run = rated(Run())
    run(ev.Advance)
    for text in ("a", "b"):
        run(ev.Advance)
        run(ev.Answer, text)
    assert run.view().step_id == "say-it"
    facts = run(ev.Advance, gap=42.0)
    (left,) = [fact for fact in facts if isinstance(fact, StepLeft)]
    assert left.visit.step_id == "say-it" and left.ran == pytest.approx(42.0)


def test_pause_time_out_and_reopen_are_facts_with_where_they_happened() -> None:
    run = rated(Run())
    run(ev.Advance)
    assert run(ev.Pause)[0] == Paused(run.at, run.state.visit)
    resumed = run(ev.Resume, gap=30)[0]
    assert isinstance(resumed, Resumed) and resumed.began == run.at - 30
    begun = run(ev.TakeTimeout)[0]
    assert isinstance(begun, TimeoutBegun) and begun.minutes == 20
    assert run(ev.SetTimeout, 30)[0] == TimeoutChanged(run.at, 30)
    ended = run(ev.EndTimeout, gap=600)[0]
    assert isinstance(ended, TimeoutEnded) and ended.minutes == 30 and ended.began == begun.at
    assert ended.where is not None and ended.where.step_id == "start-up"
    reopened = run(ev.Reopen)[0]
    assert isinstance(reopened, Reopened) and reopened.where == run.state.visit


def test_the_gentle_cue_is_given_once() -> None:
    run = rated(Run())
    run(ev.Advance)
    for text in ("a", "b"):
        run(ev.Advance)
        run(ev.Answer, text)
    assert run.view().step_id == "say-it"
    assert run.view(now=run.at + 61).cue_due
    facts = run(ev.TimeUp, gap=61)
    assert isinstance(facts[0], TimeRanOut)
    assert not run.view().cue_due
    with pytest.raises(engine.EventRejected):
        run(ev.TimeUp)


def test_homework_is_assigned_once_with_names_and_a_due_date_then_the_end() -> None:
    run = rated(Run())
    run(ev.JumpTo, "practise")
    facts = run(ev.Advance)
    (homework,) = [fact for fact in facts if isinstance(fact, HomeworkAssigned)]
    assert homework.tasks == ("Once a day, Sam.",)
    assert homework.due_at == run.at + 2 * 86400
    run(ev.Back)
    assert run.view().step_id == "practise"
    assert not [fact for fact in run(ev.Advance) if isinstance(fact, HomeworkAssigned)]
    assert isinstance(run(ev.Advance)[-1], Finished)


def test_going_back_is_a_fact_and_the_part_goes_back_with_it() -> None:
    run = rated(Run())
    run(ev.Advance)
    assert run.view().part == 2
    facts = run(ev.Back)
    assert any(isinstance(fact, WentBack) for fact in facts)
    assert run.view().part == 1


# the view --------------------------------------------------------------------------------------


def test_progress_counts_the_couples_path_and_never_goes_down_going_on() -> None:
    """A loop goes back to an earlier step of the file, but the part keeps counting up."""
    run = rated(Run())
    parts = []
    while run.view().expects != Expect.FINISHED:
        current = run.view()
        parts.append((current.part, current.parts))
        if current.expects == Expect.TEXT:
            run(ev.Answer, "words")
        else:
            run(ev.Advance)
    numbers = [part for part, _ in parts]
    assert numbers == sorted(numbers)
    assert all(part <= total for part, total in parts)
    assert parts[-1][0] == parts[-1][1]  # the end is the last part of the path


def test_the_actions_allowed_at_each_moment() -> None:
    run = Run()
    handover = run.view()
    assert handover.expects == Expect.HANDOVER
    assert handover.actions == {Action.CONTINUE, Action.PAUSE, Action.TIMEOUT}
    run(ev.Advance)
    assert run.view().actions == {Action.RATE, Action.PASS, Action.PAUSE, Action.TIMEOUT,
                                  Action.BACK}
    run(ev.Pause)
    assert run.view().actions == {Action.RESUME, Action.TIMEOUT}
    run(ev.Resume)
    run(ev.TakeTimeout)
    assert run.view().actions == {Action.END_TIMEOUT, Action.LONGER, Action.SHORTER}
    assert Action.JUMP not in run.view().actions


def test_jumping_and_facilitator_notes_are_for_demonstrations_only() -> None:
    text = WRITING.replace('checkin = "before"', 'checkin = "before"\nfacilitator = "A note."')
    run = Run(text)
    assert Action.JUMP in run.view(demo=True).actions
    assert run.view(demo=True).facilitator == "A note."
    assert Action.JUMP not in run.view().actions and run.view().facilitator == ""


def test_the_time_out_carries_its_return_time_and_its_bounds_live_in_one_place() -> None:
    run = Run()
    run(ev.TakeTimeout)
    shown = run.view()
    assert shown.timeout_return_at == run.at + 20 * 60
    low, high = TIMEOUT_MINUTES
    for _ in range(100):
        change = engine.timeout_changed(run.state, longer=True)
        if change is None:
            break
        run(ev.SetTimeout, change.minutes)
    assert run.view().timeout_minutes == high and Action.LONGER not in run.view().actions
    for _ in range(100):
        change = engine.timeout_changed(run.state, longer=False)
        if change is None:
            break
        run(ev.SetTimeout, change.minutes)
    assert run.view().timeout_minutes == low and Action.SHORTER not in run.view().actions
    with pytest.raises(engine.EventRejected, match=f"from {low} to {high}"):
        run(ev.SetTimeout, low - 1)


def test_what_going_on_means_at_each_moment() -> None:
    run = Run()
    assert isinstance(continue_event(run.view(), 1.0), ev.Advance)
    run(ev.Advance)
    assert continue_event(run.view(), 1.0) is None  # a rating is awaited
    run(ev.Pause)
    assert isinstance(continue_event(run.view(), 1.0), ev.Resume)
    run(ev.TakeTimeout)
    assert isinstance(continue_event(run.view(), 1.0), ev.EndTimeout)


def test_a_break_asks_before_it_ends_early() -> None:
    run = rated(Run(), 1, 9)
    run(ev.Advance)
    shown = run.view()
    assert shown.kind == "break"
    assert shown.confirm_continue.startswith("The break has about 10 minutes left.")
    assert run.view(now=run.at + 10 * 60 - 30).confirm_continue == ""  # nearly over


def test_a_recalled_answer_is_shown_to_its_writer_and_hidden_until_revealed() -> None:
    run = rated(Run())
    run(ev.Advance)
    for text in ("alex's start-up", "sam's start-up"):
        run(ev.Advance)
        run(ev.Answer, text)
    shown = run.view()
    assert shown.step_id == "say-it" and shown.speaker == 0
    assert shown.recalled is not None
    assert (shown.recalled.partner, shown.recalled.text) == (0, "alex's start-up")
    assert shown.recalled.hidden  # private and not yet revealed: only when Alex asks
    run(ev.Advance)
    run(ev.Advance)  # the swap: round 2, Sam speaks
    shown = run.view()
    assert shown.speaker == 1 and shown.recalled is not None
    assert shown.recalled.text == "sam's start-up"
    run(ev.Advance)
    run(ev.Advance)  # the reveal
    run(ev.Advance)
    shown = run.view()
    assert shown.step_id == "again" and shown.audience == "Alex"
    assert shown.recalled is not None and not shown.recalled.hidden


def test_an_unsent_draft_is_offered_back_for_its_own_box_only() -> None:
    from reconnect.core.view import DraftKey

    run = rated(Run())
    run(ev.Advance)
    run(ev.Advance)
    assert run.view().expects == Expect.TEXT
    drafts = {DraftKey("start-up", 0, 1): "kept words", DraftKey("start-up", 1, 1): "Sam's"}
    assert view(run.state, run.at, drafts=drafts).draft == "kept words"
    assert view(run.state, run.at, drafts=drafts).entry == DraftKey("start-up", 0, 1)


def test_nothing_of_a_private_question_shows_at_its_hand_over_even_paused() -> None:
    """At "Pass the laptop to Sam. Alex, please look away." the question is Sam's: a pause or a
    time-out there must not put it on the screen while Alex can still see it."""
    run = Run()
    question = run.view()  # Alex is handed the laptop for the private check-in
    assert question.expects == Expect.HANDOVER
    run(ev.Pause)
    for shown in (run.view(), run.view(demo=True)):
        assert shown.expects == Expect.PAUSED
        assert shown.text == "" and shown.stems == () and shown.options == ()
        assert shown.scale_labels == ("", "")
    run(ev.Resume)
    run(ev.Advance)  # Alex has the laptop: now the question shows
    answering = run.view()
    assert answering.expects == Expect.RATING and answering.text
    assert answering.scale_labels != ("", "")
