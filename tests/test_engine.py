"""The session engine: turn-taking, rounds, jumps, privacy, clocks, time-outs and the event log."""

from __future__ import annotations

import json

import pytest

from reconnect.core import engine
from reconnect.core.engine import EventRejected, Record, State, new_state
from reconnect.core.events import (
    EVENT_TYPES,
    Advance,
    Answer,
    Back,
    Choose,
    EndTimeout,
    Event,
    JumpTo,
    Pass,
    Pause,
    Rate,
    Reopen,
    Resume,
    SetTimeout,
    Start,
    TakeTimeout,
    TimeUp,
)
from reconnect.core.events import decode as from_record
from reconnect.core.events import encode as to_record
from reconnect.core.trail import replay as replay_trail
from reconnect.core.view import SideBySide, view
from reconnect.format import Exercise, load_text

from conftest import SPEAKER_LISTENER

SAMPLE = SPEAKER_LISTENER

EXTRAS = '''format = 1
id = "extras"
title = "Extras"
category = "connection"
summary = "Everything else."
minutes = 10
source = "Tests"
roles = ["sender", "receiver"]
timeout_minutes = 15

[[steps]]
id = "hello"
kind = "say"
text = "Hello {first} and {second}; {sender} sends."
to = "second"

[[steps]]
id = "pick"
kind = "choice"
text = "Who starts, {first}?"
options = ["{first} starts", { label = "{second} starts", goto = "note" }]

[[steps]]
id = "open"
kind = "answer"
text = "{you}, one word?"
stems = ["I..."]

[[steps]]
id = "together"
kind = "answer"
text = "Write one sentence together."
who = "together"

[[steps]]
id = "note"
kind = "answer"
text = "{sender}, write a note to {receiver}."
who = "sender"

[[steps]]
id = "practice"
kind = "homework"
text = "Practise."
tasks = ["Ask {second} one question"]
due_days = 3

[[steps]]
id = "bye"
kind = "end"
'''

ALEX, SAM = 0, 1


def load(text: str) -> Exercise:
    result = load_text(text)
    assert result.exercise is not None, result.diagnostics
    return result.exercise


@pytest.fixture(scope="module")
def sample() -> Exercise:
    return load(SAMPLE)


@pytest.fixture(scope="module")
def extras() -> Exercise:
    return load(EXTRAS)


def apply(state: State, event: Event) -> State:
    """The state after ``event`` (the facts it produced are tested on their own)."""
    return engine.apply(state, event).state


def replay(exercise: Exercise, events: list[Event]) -> State:
    return replay_trail(exercise, events).state


def started(exercise: Exercise, first: int = 0, at: float = 0.0) -> State:
    return apply(new_state(exercise), Start(at, ("Alex", "Sam"), first))


def go(state: State, *events: Event) -> State:
    for event in events:
        state = apply(state, event)
    return state


def rate_both(state: State, first: int, second: int, at: float) -> State:
    """Both partners rate a private rating step: hand over, rate, hand over, rate."""
    return go(state, Advance(at), Rate(at, first), Advance(at), Rate(at, second))


def here(state: State) -> str:
    v = view(state, state.last_at)
    return v.step_id if v.expects != "finished" else "<finished>"


def to_speak(exercise: Exercise, first: int = 0, at: float = 10.0) -> State:
    """Past the calm check-in (no break) and the topic, at the start of the first turn."""
    state = rate_both(started(exercise, first), 5, 7, 1.0)
    state = go(state, Advance(2.0), Choose(at, "Money"))
    assert here(state) == "speak"
    return state


# starting and turn-taking ---------------------------------------------------------------------


def test_before_start_the_view_asks_for_names_and_events_are_refused(sample: Exercise) -> None:
    state = new_state(sample)
    assert view(state, 0).expects == "start"
    for event in (Advance(1), Back(1), Pause(1), Resume(1), Rate(1, 3), TakeTimeout(1),
                  EndTimeout(1), Reopen(1), JumpTo(1, "speak"), TimeUp(1)):
        with pytest.raises(EventRejected, match="not started"):
            apply(state, event)


def test_start_enters_the_first_step(sample: Exercise) -> None:
    state = started(sample, at=5.0)
    v = view(state, 5.0)
    assert state.started and state.names == ("Alex", "Sam") and state.last_at == 5.0
    assert (v.expects, v.step_id, v.kind, v.step_number, v.step_total) == (
        "handover", "calm-before", "rating", 1, 8)
    assert v.private and v.scale == (0, 10)
    assert v.scale_labels == ("", "") and v.text == ""  # Alex has not got the laptop yet
    handed = view(apply(state, Advance(6.0)), 6.0)
    assert handed.scale_labels == ("Not calm at all", "Completely calm")
    with pytest.raises(EventRejected, match="already started"):
        apply(state, Start(6, ("Kim", "Lee")))


@pytest.mark.parametrize("first", [0, 1])
def test_who_speaks_and_listens_in_each_round(sample: Exercise, first: int) -> None:
    state = to_speak(sample, first)
    v = view(state, 10)
    assert (v.speaker, v.listener) == (first, 1 - first)
    assert (v.round, v.rounds) == (1, 2)
    names = ("Alex", "Sam")
    assert v.text.startswith(f"{names[first]}, you hold the floor")
    assert v.listener_text.startswith(f"{names[1 - first]}, listen")
    assert v.stems == ("I feel ... when ...",)
    assert v.listener_stems == ("What I hear you saying is...",)
    # the turn, then each partner's private wish, then the swap: round two, roles swapped
    state = go(state, Advance(20), Advance(21), Answer(22, "a"), Advance(23), Answer(24, "b"))
    assert here(state) == "swap"
    state = apply(state, Advance(25))
    v = view(state, 25)
    assert v.step_id == "speak" and (v.round, v.rounds) == (2, 2)
    assert (v.speaker, v.listener) == (1 - first, first)
    assert v.text.startswith(f"{names[1 - first]}, you hold the floor")
    assert state.position.swapped and state.position.rounds_done("swap") == 1


def test_rounds_end_and_roles_are_restored_after_the_loop(sample: Exercise) -> None:
    state = to_speak(sample, first=0)
    for round_number, at in ((1, 20.0), (2, 40.0)):
        state = go(state, Advance(at), Advance(at), Answer(at, f"r{round_number}a"), Advance(at),
                   Answer(at, f"r{round_number}b"))
        assert here(state) == "swap"
        assert view(state, at).round == round_number
        state = apply(state, Advance(at + 1))
    assert here(state) == "show"
    assert not state.position.swapped and state.position.loops == ()
    assert state.holder("speaker") == ALEX and state.holder("listener") == SAM
    assert (view(state, 50).round, view(state, 50).rounds) == (1, 1)
    # answers carry their round
    rounds = [(r.round, r.partner, r.value) for r in state.records if r.step == "wish"]
    assert rounds == [(1, ALEX, "r1a"), (1, SAM, "r1b"), (2, SAM, "r2a"), (2, ALEX, "r2b")]


def test_three_rounds_alternate_and_restore() -> None:
    text = SAMPLE.replace('repeat_from = "speak"', 'repeat_from = "speak"\nrounds = 3')
    exercise = load(text)
    state = to_speak(exercise, first=1)
    speakers = []
    for at in (20.0, 40.0, 60.0):
        speakers.append(view(state, at).speaker)
        state = go(state, Advance(at), Advance(at), Answer(at, "x"), Advance(at), Answer(at, "y"),
                   Advance(at))
    assert speakers == [SAM, ALEX, SAM]
    assert here(state) == "show" and not state.position.swapped


# jumps and branches ---------------------------------------------------------------------------


def test_choice_with_goto_and_without(sample: Exercise) -> None:
    state = rate_both(started(sample), 5, 7, 1)
    state = apply(state, Advance(2))
    v = view(state, 2)
    assert v.expects == "choice" and v.options == ("Money", "Something small")
    via_goto = apply(state, Choose(3, "Something small"))
    via_next = apply(state, Choose(3, "Money"))
    assert here(via_goto) == here(via_next) == "speak"
    assert via_goto.records[-1] == Record("topic", 1, None, "Something small", 3)
    with pytest.raises(EventRejected, match="not an option"):
        apply(state, Choose(3, "money"))


def test_choice_options_as_shown_with_names_filled_in(extras: Exercise) -> None:
    state = apply(started(extras, first=1), Advance(1))
    v = view(state, 1)
    assert v.text == "Who starts, Sam?"
    assert v.options == ("Sam starts", "Alex starts")
    # the screen sends the label it shows; the record keeps the label from the file
    jumped = apply(state, Choose(2, "Alex starts"))
    assert here(jumped) == "note"
    assert jumped.records[-1].value == "{second} starts"
    assert here(apply(state, Choose(2, "{first} starts"))) == "open"


def test_low_calm_rating_branches_to_the_break(sample: Exercise) -> None:
    for low_first in (True, False):
        ratings = (2, 9) if low_first else (9, 2)
        state = rate_both(started(sample), *ratings, 1)
        assert view(state, 1).expects == "reveal"
        state = apply(state, Advance(2))
        v = view(state, 2)
        assert v.step_id == "cool-down" and v.kind == "break"
        assert v.remaining == 20 * 60 and v.total_seconds == 1200
        # the break's goto leads to the turn, past the topic
        state = apply(state, Advance(3))
        assert here(state) == "speak"


def test_calm_ratings_do_not_branch(sample: Exercise) -> None:
    state = apply(rate_both(started(sample), 3, 10, 1), Advance(2))
    assert here(state) == "topic"


def test_branches_use_the_newest_answers() -> None:
    exercise = load(SAMPLE)
    state = rate_both(started(exercise), 1, 1, 1)
    state = apply(state, Back(2))  # re-rate: the old records stay, the newest count
    state = rate_both(state, 8, 8, 3)
    assert len([r for r in state.records if r.step == "calm-before"]) == 4
    assert here(apply(state, Advance(4))) == "topic"


def test_jump_to_for_demonstrations(sample: Exercise) -> None:
    state = apply(started(sample), JumpTo(1, "show"))
    assert here(state) == "show"
    assert here(apply(state, Back(2))) == "calm-before"
    with pytest.raises(EventRejected, match="no step"):
        apply(state, JumpTo(2, "nowhere"))


# answers and privacy ----------------------------------------------------------------------------


def test_private_answers_take_turns_behind_a_hand_over(sample: Exercise) -> None:
    state = go(to_speak(sample, first=1), Advance(20))
    v = view(state, 20)
    assert (v.expects, v.step_id, v.private, v.answerer) == ("handover", "wish", True, SAM)
    assert v.text == ""  # Sam's question, not shown until Sam has the laptop
    state = apply(state, Advance(21))
    assert (view(state, 21).expects, view(state, 21).text) == ("text",
                                                               "Sam, what do you wish for?")
    with pytest.raises(EventRejected):
        apply(state, Advance(21))  # an answer is awaited
    state = apply(state, Answer(22, "a holiday"))
    v = view(state, 22)
    assert (v.expects, v.answerer, v.text) == ("handover", ALEX, "")
    assert view(apply(state, Advance(23)), 23).text == "Alex, what do you wish for?"
    assert v.draft == "" and v.revealed == ()  # nothing of Sam's answer shows
    state = go(state, Advance(23), Answer(24, "more sleep"))
    assert here(state) == "swap"
    assert [(r.partner, r.value) for r in state.records if r.step == "wish"] == [
        (SAM, "a holiday"), (ALEX, "more sleep")]


def test_reveal_shows_both_answers_side_by_side(sample: Exercise) -> None:
    state = to_speak(sample, first=1)
    state = go(state, Advance(20), Advance(20), Answer(20, "sam 1"), Advance(20),
               Answer(20, "alex 1"), Advance(21))
    state = go(state, Advance(30), Advance(30), Answer(30, "alex 2"), Advance(30),
               Answer(30, "sam 2"), Advance(31))
    v = view(state, 40)
    assert v.expects == "continue" and v.kind == "reveal"
    # each round's answers, side by side, so round 1 is not lost behind round 2
    assert v.revealed == (
        SideBySide("wish", "Each of you, what do you wish for? (round 1)", ("alex 1", "sam 1")),
        SideBySide("wish", "Each of you, what do you wish for? (round 2)", ("alex 2", "sam 2")),
    )


def test_rating_reveal_phase(sample: Exercise) -> None:
    state = started(sample, first=1)
    assert view(state, 0).answerer == SAM
    state = go(state, Advance(1), Rate(1, 6))
    assert view(state, 1).answerer == ALEX and view(state, 1).expects == "handover"
    state = go(state, Advance(2), Rate(2, 4))
    v = view(state, 2)
    assert v.expects == "reveal" and v.answerer is None
    assert v.revealed == (SideBySide("calm-before", "How calm do you feel right now, each of you?",
                                   ("4", "6")),)
    assert [(r.partner, r.value) for r in state.records] == [(SAM, 6), (ALEX, 4)]


def test_shared_and_role_answers(extras: Exercise) -> None:
    state = started(extras, first=0)
    v = view(state, 0)
    assert v.text == "Hello Alex and Sam; Alex sends."
    assert v.audience == "Sam"  # to = "second"
    state = go(state, Advance(1), Choose(2, "Alex starts"))
    v = view(state, 2)
    assert (v.step_id, v.expects, v.private, v.answerer) == ("open", "text", False, ALEX)
    assert v.text == "Alex, one word?" and v.stems == ("I...",)
    state = apply(state, Answer(3, "calm"))
    assert view(state, 3).answerer == SAM and view(state, 3).expects == "text"
    state = apply(state, Answer(4, "tired"))
    v = view(state, 4)
    assert v.step_id == "together" and v.answerer is None
    state = apply(state, Answer(5, "We talk."))
    assert state.records[-1] == Record("together", 1, None, "We talk.", 5)
    v = view(state, 5)
    assert v.step_id == "note" and v.answerer == ALEX
    assert v.text == "Alex, write a note to Sam."
    state = apply(state, Answer(6, "Thanks"))
    assert state.records[-1].partner == ALEX
    v = view(state, 6)
    assert v.kind == "homework" and v.tasks == ("Ask Sam one question",)


def test_non_private_answers_offer_the_earlier_answer_as_a_draft(extras: Exercise) -> None:
    state = go(started(extras), Advance(1), Choose(2, "Alex starts"), Answer(3, "calm"))
    assert view(state, 3).draft == ""  # Sam has not answered yet
    state = apply(state, Back(4))  # back to the beginning of the step
    v = view(state, 4)
    assert v.step_id == "open" and v.answerer == ALEX and v.draft == "calm"


# back ---------------------------------------------------------------------------------------------


def test_back_goes_to_the_start_of_the_step_then_to_the_previous_step(sample: Exercise) -> None:
    state = go(to_speak(sample), Advance(20), Advance(21))  # wish, Alex is writing
    assert view(state, 21).expects == "text"
    state = apply(state, Back(22))
    v = view(state, 22)
    assert (v.step_id, v.expects, v.answerer) == ("wish", "handover", ALEX)
    state = apply(state, Back(23))
    v = view(state, 23)
    assert v.step_id == "speak" and v.remaining == 120  # the turn starts over
    state = apply(state, Back(24))
    assert here(state) == "topic"
    assert view(state, 24).expects == "choice"  # a choice starts at its entry
    state = apply(state, Back(25))
    assert here(state) == "calm-before" and view(state, 25).expects == "handover"
    assert len(state.path) == 1
    with pytest.raises(EventRejected, match="first step"):
        apply(state, Back(26))


def test_back_in_a_private_step_restarts_at_the_hand_over(sample: Exercise) -> None:
    state = go(to_speak(sample), Advance(20), Advance(21), Answer(22, "secret"))
    v = view(state, 22)
    assert (v.expects, v.answerer) == ("handover", SAM)
    state = apply(state, Back(23))
    v = view(state, 23)
    assert (v.step_id, v.expects, v.answerer) == ("wish", "handover", ALEX)
    assert state.position.answered == 0
    state = apply(state, Advance(24))
    v = view(state, 24)
    assert v.expects == "text" and v.draft == ""  # a private answer is never shown again
    # the answer was not removed
    assert [r.value for r in state.records if r.step == "wish"] == ["secret"]


def test_back_from_the_rating_reveal_keeps_the_ratings(sample: Exercise) -> None:
    state = rate_both(started(sample), 4, 6, 1)
    state = apply(state, Back(2))
    assert view(state, 2).expects == "handover" and state.position.answered == 0
    assert [r.value for r in state.records] == [4, 6]


def test_back_across_the_swap_restores_the_round(sample: Exercise) -> None:
    state = to_speak(sample)
    state = go(state, Advance(20), Advance(20), Answer(20, "a"), Advance(20), Answer(20, "b"),
               Advance(21))
    assert view(state, 21).round == 2 and state.position.swapped
    state = apply(state, Back(22))
    assert here(state) == "swap" and not state.position.swapped
    assert view(state, 22).round == 1


def test_back_from_the_end_returns_to_the_last_step(sample: Exercise) -> None:
    state = apply(started(sample), JumpTo(1, "done"))
    state = apply(state, Advance(2))
    assert state.finished and view(state, 2).expects == "finished"
    state = apply(state, Back(3))
    assert not state.finished and here(state) == "done"


# clocks, pauses and time-outs -------------------------------------------------------------------


def test_turn_clock_counts_down(sample: Exercise) -> None:
    state = to_speak(sample, at=10)
    assert view(state, 10).remaining == 120 and view(state, 10).total_seconds == 120
    assert view(state, 40).remaining == 90
    assert not view(state, 129).time_up
    assert view(state, 500).remaining == 0 and view(state, 500).time_up


def test_pause_freezes_the_clock_and_resume_restarts_it(sample: Exercise) -> None:
    state = apply(to_speak(sample, at=10), Pause(40))
    v = view(state, 1000)
    assert v.expects == "paused" and v.remaining == 90
    for event in (Advance(50), Back(50), Pause(50), TimeUp(500)):
        with pytest.raises(EventRejected, match="paused"):
            apply(state, event)
    state = apply(state, Resume(100))
    assert view(state, 100).remaining == 90
    assert view(state, 110).remaining == 80 and view(state, 110).expects == "continue"
    with pytest.raises(EventRejected, match="not paused"):
        apply(state, Resume(111))


def test_time_up_only_once_the_countdown_is_over(sample: Exercise) -> None:
    state = to_speak(sample, at=10)
    with pytest.raises(EventRejected, match="not finished"):
        apply(state, TimeUp(100))
    done = apply(state, TimeUp(131))
    assert done.time_up and view(done, 131).time_up
    assert view(done, 131).expects == "continue"  # nothing is cut off
    with pytest.raises(EventRejected):
        apply(started(sample), TimeUp(5000))  # no clock at all
    paused = go(state, Pause(20), Resume(60))  # 40 s frozen: zero is now at 170
    with pytest.raises(EventRejected):
        apply(paused, TimeUp(150))
    assert apply(paused, TimeUp(171)).time_up


@pytest.mark.parametrize("where_", ["speak", "rating-half", "show"])
def test_time_out_from_anywhere_returns_exactly_there(sample: Exercise, where_: str) -> None:
    if where_ == "speak":
        state = to_speak(sample, at=10)
    elif where_ == "rating-half":
        state = go(started(sample), Advance(1), Rate(2, 3), Advance(10))
    else:
        state = apply(started(sample), JumpTo(10, "show"))
    before = view(state, 40)
    state = apply(state, TakeTimeout(40))
    v = view(state, 100)
    assert v.expects == "timeout" and v.timeout_minutes == 20
    assert v.timeout_remaining == 20 * 60 - 60
    for event in (Advance(100), Back(100), Pause(100), Resume(100), TakeTimeout(100)):
        with pytest.raises(EventRejected):
            apply(state, event)
    state = apply(state, EndTimeout(40 + 1300))
    after = view(state, 40 + 1300)
    if where_ == "rating-half":
        # a private answer comes back through its hand-over: someone else may hold the laptop
        assert before.expects == "rating" and after.expects == "handover"
        assert after.answerer == before.answerer
        after = view(apply(state, Advance(40 + 1300)), 40 + 1300)
    assert after == before
    assert view(state, 1350).remaining == (None if before.remaining is None else
                                            before.remaining - 10)


def test_time_out_length(sample: Exercise, extras: Exercise) -> None:
    assert view(apply(started(sample), TakeTimeout(1, 5)), 1).timeout_minutes == 5
    assert view(apply(started(extras), TakeTimeout(1)), 1).timeout_minutes == 15
    for minutes in (241, -1):
        with pytest.raises(EventRejected):
            apply(started(sample), TakeTimeout(1, minutes))
    with pytest.raises(EventRejected, match="no time-out"):
        apply(started(sample), EndTimeout(1))


def test_a_running_time_out_can_be_lengthened(sample: Exercise) -> None:
    with pytest.raises(EventRejected, match="no time-out"):
        apply(started(sample), SetTimeout(1, 30))
    state = apply(started(sample), TakeTimeout(0))
    longer = apply(state, SetTimeout(60, 30))
    v = view(longer, 120)
    assert v.expects == "timeout" and v.timeout_minutes == 30
    assert v.timeout_remaining == 30 * 60 - 120
    for minutes in (0, 241, True):
        with pytest.raises(EventRejected):
            apply(state, SetTimeout(60, minutes))


def test_time_out_while_paused_comes_back_paused(sample: Exercise) -> None:
    state = go(to_speak(sample, at=10), Pause(30), TakeTimeout(40), EndTimeout(500))
    v = view(state, 600)
    assert v.expects == "paused" and v.remaining == 100
    assert view(apply(state, Resume(700)), 710).remaining == 90


def test_reopen_freezes_a_running_clock_where_the_app_stopped(sample: Exercise) -> None:
    state = go(to_speak(sample, at=10), Pause(30), Resume(50))
    assert state.last_at == 50
    reopened = apply(state, Reopen(5000))
    v = view(reopened, 5000)
    assert v.expects == "paused" and v.remaining == 100  # 20 s used before the pause, 0 after
    assert reopened.last_at == 5000
    resumed = apply(reopened, Resume(5010))
    assert view(resumed, 5020).remaining == 90
    # nothing running: reopening changes nothing but the time
    calm = apply(started(sample), Reopen(99))
    assert not calm.paused and view(calm, 99).expects == "handover"
    paused = apply(state, Pause(60))
    assert apply(paused, Reopen(90)).clock == paused.clock


def test_break_clock(sample: Exercise) -> None:
    state = apply(rate_both(started(sample), 0, 0, 1), Advance(100))
    assert view(state, 160).remaining == 20 * 60 - 60


# finishing --------------------------------------------------------------------------------------


def test_a_whole_session_to_the_end(sample: Exercise) -> None:
    state = to_speak(sample)
    for at in (20.0, 40.0):
        state = go(state, Advance(at), Advance(at), Answer(at, "x"), Advance(at), Answer(at, "y"),
                   Advance(at))
    state = go(state, Advance(50))
    v = view(state, 50)
    assert v.step_id == "done" and v.text == "Well done."
    state = apply(state, Advance(60))
    v = view(state, 60)
    assert state.finished and state.step is None
    assert v.expects == "finished" and v.step_number == v.step_total == 8
    assert v.names == ("Alex", "Sam")
    for event in (Advance(61), Rate(61, 3), Pause(61), TakeTimeout(61), JumpTo(61, "speak")):
        with pytest.raises(EventRejected, match="finished"):
            apply(state, event)


def test_reaching_the_last_step_finishes(extras: Exercise) -> None:
    state = apply(started(extras), JumpTo(1, "bye"))
    assert apply(state, Advance(2)).finished


# the event log ----------------------------------------------------------------------------------

ALL_EVENTS: list[Event] = [
    Start(1.0, ("Alex", "Sam"), 1),
    Advance(2.0),
    Back(3.0),
    Answer(4.0, "hello\nworld"),
    Rate(5.0, 7),
    Choose(6.0, "Money"),
    Pause(7.0),
    Resume(8.0),
    TimeUp(9.0),
    TakeTimeout(10.0, 5),
    TakeTimeout(10.5),
    SetTimeout(10.7, 30),
    EndTimeout(11.0),
    Reopen(12.0),
    JumpTo(13.0, "speak"),
    Pass(14.0),
]


def test_every_event_type_is_covered() -> None:
    assert {type(e) for e in ALL_EVENTS} == set(EVENT_TYPES.values())


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda e: type(e).__name__)
def test_events_round_trip_through_records(event: Event) -> None:
    kind, payload = to_record(event)
    assert kind == type(event).__name__.lower()
    stored = json.loads(json.dumps(payload))  # what the store keeps
    assert "at" not in stored
    assert from_record(kind, stored, event.at) == event


@pytest.mark.parametrize(
    ("kind", "payload", "at"),
    [
        ("explode", {}, 1.0),
        ("start", {"names": ["Alex"]}, 1.0),
        ("start", {"names": "Alex"}, 1.0),
        ("rate", {}, 1.0),
        ("rate", {"value": 3, "extra": 1}, 1.0),
        ("advance", {"at": 3}, 1.0),
        ("advance", {}, "soon"),
        ("advance", {}, None),
    ],
)
def test_malformed_records_raise_value_error(kind: str, payload: dict, at: object) -> None:
    with pytest.raises(ValueError):
        from_record(kind, payload, at)  # type: ignore[arg-type]


def test_replay_of_a_recorded_log_equals_applying_the_events(sample: Exercise) -> None:
    events: list[Event] = [
        Start(0, ("Alex", "Sam"), 1), Advance(1), Rate(2, 1), Advance(3), Rate(4, 12),
        Rate(5, 9), Advance(6), Advance(7), Pause(8), Resume(9), Advance(10),
        TakeTimeout(20), Advance(21), EndTimeout(30), Advance(31), Answer(32, "  "),
        Answer(33, "ok"), Advance(34), Back(35), Advance(36), Answer(37, "again"), Advance(38),
        Answer(39, "two"), Advance(40), Reopen(41), Advance(42),
    ]
    state = new_state(sample)
    accepted = 0
    for event in events:
        try:
            state = apply(state, event)
            accepted += 1
        except EventRejected:
            pass
    assert accepted < len(events)  # the log holds rejected events too; replay skips them
    log = [(to_record(e), e.at) for e in events]
    stored = json.loads(json.dumps(log))
    rebuilt = [from_record(kind, payload, at) for (kind, payload), at in stored]
    assert replay(sample, rebuilt) == state
    assert view(replay(sample, rebuilt), 50) == view(state, 50)


# refusals and cleaning --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [-1, 11, 100, True])
def test_ratings_outside_the_scale_are_refused(sample: Exercise, value: int) -> None:
    state = apply(started(sample), Advance(1))
    with pytest.raises(EventRejected, match="from 0 to 10"):
        apply(state, Rate(2, value))
    assert apply(state, Rate(2, 0)).records[-1].value == 0
    assert apply(state, Rate(2, 10)).records[-1].value == 10


def test_a_narrow_scale_is_enforced() -> None:
    exercise = load(SAMPLE.replace('measure = "calm"', 'measure = "calm"\nscale = [1, 5]'))
    state = apply(started(exercise), Advance(1))
    assert view(state, 1).scale == (1, 5)
    for value in (0, 6):
        with pytest.raises(EventRejected, match="from 1 to 5"):
            apply(state, Rate(2, value))


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x1b", "\x1b\u202e\x9b"])
def test_empty_answers_are_refused(sample: Exercise, text: str) -> None:
    state = go(to_speak(sample), Advance(20), Advance(21))
    with pytest.raises(EventRejected, match="empty"):
        apply(state, Answer(22, text))


def test_overlong_answers_are_refused(sample: Exercise) -> None:
    state = go(to_speak(sample), Advance(20), Advance(21))
    with pytest.raises(EventRejected, match="longer"):
        apply(state, Answer(22, "x" * (engine.MAX_ANSWER + 1)))
    assert apply(state, Answer(22, "x" * engine.MAX_ANSWER)).records[-1].value == \
        "x" * engine.MAX_ANSWER


def test_events_that_do_not_fit_the_phase_are_refused(sample: Exercise) -> None:
    handover = started(sample)
    for event in (Rate(1, 3), Answer(1, "x"), Choose(1, "Money")):
        with pytest.raises(EventRejected):
            apply(handover, event)
    rating = apply(handover, Advance(1))
    for event in (Advance(2), Answer(2, "x"), Choose(2, "Money")):
        with pytest.raises(EventRejected):
            apply(rating, event)
    turn = to_speak(sample)
    for event in (Rate(20, 3), Answer(20, "x"), Choose(20, "Money")):
        with pytest.raises(EventRejected):
            apply(turn, event)


@pytest.mark.parametrize(
    "names",
    [("", "Sam"), ("Alex", ""), ("Alex", "Alex"), ("Alex", "alex"), ("Alex", "  ALEX "),
     ("\x1b\x9b", "Sam"), ("   ", "   ")],
)
def test_names_must_be_two_different_non_empty_ones(sample: Exercise, names: tuple) -> None:
    with pytest.raises(EventRejected, match="name"):
        apply(new_state(sample), Start(0, names))


@pytest.mark.parametrize("first", [2, -1, 0.0, "0", None])
def test_first_partner_is_zero_or_one(sample: Exercise, first: object) -> None:
    with pytest.raises(EventRejected):
        apply(new_state(sample), Start(0, ("Alex", "Sam"), first))  # type: ignore[arg-type]


def test_names_and_answers_are_cleaned(sample: Exercise) -> None:
    state = apply(new_state(sample), Start(0, ("Al\x1b[2Jex   \u202eSmith", " Sam\x9b\n"), 0))
    assert state.names == ("Al[2Jex Smith", "Sam")
    assert view(apply(state, Advance(1)), 1).text == (
        "How calm do you feel right now, Al[2Jex Smith?")
    with pytest.raises(EventRejected, match="up to 40"):  # said, never cut silently
        apply(new_state(sample), Start(0, ("x" * 41, "Sam")))
    assert apply(new_state(sample), Start(0, ("x" * 40, "Sam"))).names[0] == "x" * 40
    state = go(to_speak(sample), Advance(20), Advance(21),
               Answer(22, "  I wish\x1b]52;c;ZXZpbA==\x07 for\r\nrest\u202e  "))
    assert state.records[-1].value == "I wish]52;c;ZXZpbA== for\nrest"


def test_events_with_wrong_payload_types_are_refused_not_crashing(sample: Exercise) -> None:
    writing = go(to_speak(sample), Advance(20), Advance(21))
    with pytest.raises(EventRejected):
        apply(writing, Answer(22, 5))  # type: ignore[arg-type]
    choosing = go(rate_both(started(sample), 5, 5, 1), Advance(2))
    for option in ([1], None, 3):
        with pytest.raises(EventRejected):
            apply(choosing, Choose(3, option))  # type: ignore[arg-type]
    with pytest.raises(EventRejected):
        apply(new_state(sample), Start(0, ("Alex",)))  # type: ignore[arg-type]
    with pytest.raises(EventRejected):
        apply(new_state(sample), Start(0, ("Alex", 5)))  # type: ignore[arg-type]
    # and a log holding such an event still replays
    log = [Start(0, ("Alex", "Sam")), Advance(1), Answer(2, 5)]  # type: ignore[arg-type]
    assert replay(sample, log).started


LOOP_EXIT = """
format = 1
id = "loop-exit"
title = "Loop exit"
category = "active-listening"
summary = "A branch leaves a round loop early."
minutes = 10
source = "Adapted from a test"

[[steps]]
id = "speak"
kind = "turn"
text = "{speaker} speaks."

[[steps]]
id = "check"
kind = "rating"
text = "How calm, {you}?"
labels = ["Not calm", "Calm"]
branches = [{ when = "either(check) <= 2", goto = "after" }]

[[steps]]
id = "again"
kind = "swap"
repeat_from = "speak"
rounds = 3

[[steps]]
id = "after"
kind = "say"
text = "{speaker} started."
"""


def test_leaving_a_round_loop_by_a_branch_restores_the_starting_roles():
    from reconnect.format import load_text

    exercise = load_text(LOOP_EXIT).exercise
    assert exercise is not None
    state = apply(new_state(exercise), Start(0, ("Alex", "Sam"), 0))
    state = go(state, Advance(1), Advance(2), Rate(3, 5), Advance(4), Rate(5, 5), Advance(6),
               Advance(7))
    second_round = view(state, 8)
    assert (second_round.step_id, second_round.round, second_round.speaker) == ("speak", 2, 1)
    state = go(state, Advance(9), Advance(10), Rate(11, 1), Advance(12), Rate(13, 1),
               Advance(14))
    after = view(state, 15)
    assert after.step_id == "after"
    assert after.text == "Alex started."  # round 2 swapped the roles; leaving restores them
    assert state.position.loops == ()


def test_after_a_time_out_or_a_restart_a_private_answer_starts_with_its_hand_over(sample):
    state = to_speak(sample, first=0)
    state = go(state, Advance(20))  # past the turn, to the private answer's hand-over
    assert view(state, 22).expects == "handover"
    state = go(state, Advance(23))
    assert view(state, 23).expects == "text"
    after_break = go(state, TakeTimeout(24), EndTimeout(25))
    assert view(after_break, 26).expects == "handover"
    assert view(after_break, 26).answerer == view(state, 23).answerer
    reopened = go(state, Reopen(30))
    assert view(reopened, 31).expects == "handover"
