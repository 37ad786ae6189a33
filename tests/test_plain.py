"""The line mode in-process: sentences from Views, timer announcements, the prompt loop over a
whole exercise (every step kind) through a pipe, and words that are never lost."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest

from reconnect.cli.entry import plain_wanted, quick_command
from reconnect.core import events as ev
from reconnect.core import session as core
from reconnect.core.view import Expect, View
from reconnect.errors import ReconnectError
from reconnect.format import load_file
from reconnect.plain import words
from reconnect.plain.home import launch
from reconnect.plain.session import Quit, SessionLoop
from reconnect.plain.terminal import EndOfInput, Keyboard, Output, wrap
from reconnect.plain.timers import Announcer
from reconnect.safety import HELPLINES
from reconnect.storage.store import Store

from conftest import DATA, ROOT, FakeClock

FRONT_ENDS = DATA / "front_ends"
EVERY_KIND = FRONT_ENDS / "every-kind.toml"

# Every step kind of tests/data/front_ends/every-kind.toml, typed line by line: the safety
# notice, the exercise by id, names, who starts, then each moment in turn.
WHOLE_EXERCISE = [
    "",                                 # the safety notice, read
    "every-kind",                       # chosen by id (a number works too)
    "Alex", "Sam", "1",                 # names, Alex starts
    "", "7", "", "6",                   # rating: hand-over, rating, hand-over, rating
    "",                                 # both ratings revealed
    "",                                 # say
    "1",                                # choice: a short break first
    "", "yes",                          # break, ended early with both agreeing
    "",                                 # turn, Alex speaks
    "",                                 # swap
    "",                                 # turn, Sam speaks
    "",                                 # swap
    "", "a quiet dinner", "", "a long walk",   # private answers, each after a hand-over
    "",                                 # reveal
    "cook together",                    # an answer written together
    "",                                 # homework
    "",                                 # end
    "",                                 # the summary, back to the library
]


def exercise():
    result = load_file(EVERY_KIND)
    assert result.exercise is not None, result.diagnostics
    return result.exercise


def run_piped(lines: Sequence[str], data_dir: Path, *, demo: bool = False,
              width: int | None = None) -> tuple[int, str]:
    """Run the line mode with ``lines`` as its standard input (a pipe), output captured."""
    read, write = os.pipe()
    os.write(write, "".join(line + "\n" for line in lines).encode())
    os.close(write)
    out = io.StringIO()
    try:
        code = launch(data_dir=data_dir, folders=[ROOT / "exercises", FRONT_ENDS], demo=demo,
                      stdin=read, stdout=out, width=width)
    finally:
        os.close(read)
    return code, out.getvalue()


def test_the_library_says_which_exercises_are_in_another_language(tmp_path):
    from reconnect import i18n

    with i18n.speaking("es"):
        code, text = run_piped([""], tmp_path)  # past the safety notice, then the input ends
    assert code == 0
    listed = " ".join(text.split())
    assert "Tomarse una pausa, 25 minutos. Planeen" in listed  # translated: nothing more
    assert "Repair Attempts, 25 minutos. (En inglés.) Find the words" in listed
    code, text = run_piped([""], tmp_path)
    listed = " ".join(text.split())
    assert "(In English.)" not in listed and "Repair Attempts, 25 minutes. Find" in listed


# a whole exercise ----------------------------------------------------------------------------


def test_a_whole_exercise_piped_in_walks_every_step_kind_and_saves_it(tmp_path):
    kinds = {step.kind.value for step in exercise().steps}
    assert len(kinds) == 10  # the test exercise has every kind of step
    code, text = run_piped(WHOLE_EXERCISE, tmp_path)
    assert code == 0
    in_order = [
        "Before you begin: safety.",
        "Every Kind.",
        "Pass the laptop to Alex. Sam, please look away.",
        "How calm do you feel right now, Alex?",
        "Type a number from 0 to 10, then press Enter. 0 means Not calm at all. 10 means",
        "Pass the laptop to Sam. Alex, please look away.",
        "Alex: 7.", "Sam: 6.",
        "Welcome, Alex and Sam.",
        "1. Yes, a short break first.",
        "A break for both of you.", "2 minutes.",
        "Are you both calm enough to come back now?",
        "Alex speaks, Sam listens.", "10 seconds.", "Press Enter when done.",
        "Time to swap roles.",
        "Sam speaks, Alex listens.",
        "Alex's turn, in private.", "Sam's turn, in private.",
        "Alex wrote: a quiet dinner.", "Sam wrote: a long walk.",
        "Write down one thing you will do together.",
        "Say thank you for one small thing each day.",
        "Thank you both. This exercise is over.",
        "Well done: Every Kind.",
        "Alex, calm: 7 before, not asked again after.",
        "1. Homework: Practise until next time. It is due in 7 days.",
        "Goodbye. Everything is saved.",
    ]
    at = 0
    for expected in in_order:
        found = text.find(expected, at)
        assert found >= 0, f"{expected!r} missing (or out of order) after {text[at - 200:at]!r}"
        at = found + len(expected)
    assert "\x1b" not in text  # not a terminal: no colour, nothing else either
    with Store.open(tmp_path) as store:
        record = store.recent_sessions()[0]
        assert record.status == "finished"
        answers = [event.payload for event in store.events(record.id) if event.type == "answer"]
    assert answers == [{"text": "a quiet dinner"}, {"text": "a long walk"},
                       {"text": "cook together"}]


def test_the_output_reads_as_sentences_with_no_symbol_said(tmp_path):
    """Every line ends as a sentence or a clause (a screen reader runs an unended line into the
    next), and nothing a screen reader would read out as a symbol or a box line is printed."""
    _, text = run_piped(WHOLE_EXERCISE + ["?"], tmp_path, width=10_000)
    prompts = ("Your answer: ", "Your rating: ", "Your choice: ", "Name: ")
    for line in text.splitlines():
        for prompt in prompts:
            line = line.replace(prompt, "")
        line = line.strip()
        if not line:
            continue
        assert line[-1] in ".?!:,", f"not a whole sentence: {line!r}"
        for character in line:
            assert unicodedata.category(character) not in ("So", "Sm", "Sk", "Co"), \
                (character, line)
            assert character not in "·•→|*#_=<>~^`[]{}\\", (character, line)


def test_lines_wrap_at_the_terminal_width_and_never_split_a_phone_number(tmp_path):
    _, text = run_piped(["q"], tmp_path)
    assert max(len(line) for line in text.splitlines()) <= 80
    for number in HELPLINES:
        assert any(number in line for line in text.splitlines()), number
    assert all(len(line) <= 40 for line in wrap("call 1-800-799-7233, or text START to 88788 "
                                                 * 3, 40))
    assert "1-800-799-7233," in wrap("a " * 30 + "1-800-799-7233, b", 40)[-1]


def test_the_safety_notice_is_shown_once_then_on_request(tmp_path):
    _, first = run_piped(["", "q"], tmp_path)
    assert "Before you begin: safety." in first
    _, second = run_piped(["safety", "q"], tmp_path)
    assert second.count("Before you begin: safety.") == 1  # asked for, not first-run
    _, third = run_piped(["q"], tmp_path)
    assert "Before you begin" not in third


def test_demo_mode_saves_nothing_and_shows_facilitator_notes(tmp_path):
    lines = ["every-kind", "", "", "1", "", "7", "", "6", "", "q"]
    code, text = run_piped(lines, tmp_path, demo=True)
    assert code == 0
    assert "Demonstration: nothing is saved." in text
    assert "Facilitator note: Let the couple settle before the first turn." in text
    assert "Goodbye. This was a demonstration: nothing was saved." in text
    assert not (tmp_path / "reconnect.db").exists()


def test_a_demonstration_never_says_anything_is_saved(tmp_path):
    """Words at home, in the command lists at home and during a session, and at the end."""
    lines = ["?", "every-kind", "", "", "1", "?", "q"]
    code, text = run_piped(lines, tmp_path, demo=True)
    assert code == 0
    assert "Choose an exercise to try." in text and "left off" not in text
    home_list, session_list = text.split("Here is what you can type now.")[1:3]
    for listed in (home_list, session_list):
        assert "nothing is saved" in listed
        assert "Everything is saved" not in listed and "stays saved" not in listed
    _, saved = run_piped(["", "?", "q"], tmp_path)  # outside a demonstration it is saved
    assert "Everything is saved" in saved.split("Here is what you can type now.")[1]


def test_commands_can_be_typed_in_the_language_spoken(tmp_path):
    """In Spanish, "ayuda", "seguridad", "pausa", "tiempo fuera", "más" and "salir" work as
    help, safety, pause, time-out, longer and quit do (and the English words still work)."""
    from reconnect import i18n

    i18n.install("es")
    lines = ["", "ayuda", "seguridad", "every-kind", "Alex", "Sam", "1", "", "5", "", "5", "",
             "", "pausa", "seguir", "tiempo fuera", "más", "help", "salir"]
    code, text = run_piped(lines, tmp_path)
    assert code == 0
    assert text.count("Esto es lo que pueden escribir ahora.") == 2
    assert text.count("Antes de empezar: su seguridad.") == 2  # the first run, then asked
    assert "En pausa. El reloj se detuvo." in text
    assert "dentro de 20 minutos" in text
    assert "dentro de 25 minutos" in text  # the time-out, made five minutes longer
    assert "ayuda, o un signo de interrogación: esta lista." in text
    assert "Escriban ayuda" in text and "Escriban help" not in text


def test_words_typed_at_a_hand_over_hand_it_over_and_are_kept_for_the_answer(tmp_path):
    """"Sam, press Enter when you are ready": Sam types the answer straight away. The laptop
    is handed over, the words wait (unshown) in the answer box, and Enter on an empty line
    sends them; they are never refused or lost."""
    lines = WHOLE_EXERCISE[:WHOLE_EXERCISE.index("a quiet dinner") - 1]
    lines += ["a quiet dinner", "", "a long walk", "", "", "cook together", "", "", "", "q"]
    code, text = run_piped(lines, tmp_path)
    assert code == 0
    assert "Your words are kept, not shown." in text
    assert "That is not something to do here" not in text
    with Store.open(tmp_path) as store:
        record = store.recent_sessions()[0]
        answers = [event.payload["text"] for event in store.events(record.id)
                   if event.type == "answer"]
    assert answers[:2] == ["a quiet dinner", "a long walk"]


def test_question_mark_lists_what_works_at_that_moment(tmp_path):
    lines = ["", "every-kind", "Alex", "Sam", "1", "?", "", "?", "t", "?", "q"]
    _, text = run_piped(lines, tmp_path)
    handover, rating, timeout = text.split("Here is what you can type now.")[1:4]
    assert "Enter alone goes on." in handover and "A number" not in handover
    assert "A number saves your rating." in rating
    assert "t, or time-out" in rating
    assert "Enter alone comes back from the time-out." in timeout
    assert "longer: 5 more minutes" in timeout and "pause" not in timeout


def test_resume_carries_on_a_session_left_in_the_middle(tmp_path):
    run_piped(["", "every-kind", "Alex", "Sam", "2", "", "4", "home", "q"], tmp_path)
    _, text = run_piped(["1", "", "5", "", "q"], tmp_path)
    assert "1. Resume Every Kind, part 1 of 13, Alex and Sam." in text
    assert "Pass the laptop to Alex." in text  # Sam started and has rated: Alex's turn
    assert "Sam: 4." in text and "Alex: 5." in text


def test_homework_can_be_marked_done(tmp_path):
    run_piped(WHOLE_EXERCISE, tmp_path)
    _, text = run_piped(["1", "yes", "q"], tmp_path)
    assert "Marked as done." in text
    _, after = run_piped(["q"], tmp_path)
    assert "Homework until next time" not in after


# the prompt loop, with a clock the test moves ---------------------------------------------------


class ScriptedKeyboard(Keyboard):
    """Lines from a script; each wait for a line moves the fake clock on by ``step`` seconds
    (so timers run) until the script's next line is due."""

    def __init__(self, clock: FakeClock, script: Sequence[tuple[float, str]]) -> None:
        super().__init__(fd=-1)
        self.tty = False
        self.clock = clock
        self.script = list(script)

    def read_line(self, timeout: float | None) -> str | None:
        if not self.script:
            raise EndOfInput()
        wait, line = self.script[0]
        if wait > 0:
            step = min(wait, timeout or wait)
            self.clock.advance(step)
            self.script[0] = (wait - step, line)
            return None
        self.script.pop(0)
        return line


def loop_for(clock: FakeClock, script: Sequence[tuple[float, str]], *,
             journal: core.Journal | None = None) -> tuple[SessionLoop, io.StringIO]:
    session = core.begin(exercise(), ("Alex", "Sam"), 0, clock=clock, demo=journal is None)
    session.journal = journal
    out = io.StringIO()
    loop = SessionLoop(session, Output(out, color=False, width=80),
                       ScriptedKeyboard(clock, script))
    return loop, out


def to_turn() -> list[tuple[float, str]]:
    return [(0, ""), (0, "7"), (0, ""), (0, "6"), (0, ""), (0, ""), (0, "2")]


def test_a_timed_turn_is_announced_at_the_start_halfway_and_at_zero_with_a_bell(clock):
    loop, out = loop_for(clock, [*to_turn(), (12, ""), (0, "q")])
    with pytest.raises(Quit):
        loop.run()
    text = out.getvalue()
    turn = text[text.index("Alex speaks, Sam listens."):]
    assert turn.index("10 seconds.") < turn.index("Half the time is left: 5 seconds.") \
        < turn.index("\aThe time is up. Finish your thought, then press Enter.")
    assert "\r" not in text and "\x1b" not in text  # nothing redrawn in place


def test_announcer_marks_half_thirty_seconds_and_never_a_mark_already_passed():
    def turn(remaining: float, part: int = 1) -> View:
        return View(expects=Expect.CONTINUE, step_id="talk", part=part, remaining=remaining,
                    total_seconds=180)

    announcer = Announcer()
    assert announcer.due(turn(180)) == []
    assert announcer.due(turn(100)) == []
    assert announcer.due(turn(90)) == [("Half the time is left: 90 seconds.", False)]
    assert announcer.due(turn(60)) == []
    assert announcer.due(turn(30)) == [("30 seconds left.", False)]
    assert announcer.due(turn(0)) == []  # zero is the engine's cue for a turn
    later = Announcer()
    assert later.due(turn(40, part=2)) == []  # first seen after halfway: not news
    assert later.due(turn(29, part=2)) == [("30 seconds left.", False)]
    timeout = View(expects=Expect.TIMEOUT, timeout_remaining=10, timeout_minutes=20,
                   timeout_return_at=1_800_001_200.0)
    assert announcer.due(timeout) == []
    assert announcer.due(replace_remaining(timeout, 0)) == [
        ("The time-out is over. Time to come back, when you are both ready.", True)]


def replace_remaining(view: View, remaining: float) -> View:
    from dataclasses import replace

    return replace(view, timeout_remaining=remaining)


def test_a_time_out_announces_its_return_time_and_a_longer_one_moves_it(clock):
    loop, out = loop_for(clock, [*to_turn(), (0, "t"), (0, "longer"), (0, ""), (0, "q")])
    with pytest.raises(Quit):
        loop.run()
    text = out.getvalue()
    assert re.search(r"Agreed return at \d\d:\d\d, in 20 minutes\.", text)
    assert re.search(r"Agreed return at \d\d:\d\d, in 25 minutes\.", text)
    assert text.count("Time-out: a calm break for both of you.") == 1


def test_pause_works_at_any_prompt_and_enter_carries_on(clock):
    loop, out = loop_for(clock, [(0, ""), (0, "p"), (30, ""), (0, "pause"), (0, "p"),
                                 (0, "q")])
    with pytest.raises(Quit):
        loop.run()
    assert out.getvalue().count("Paused. The clock has stopped.") == 2


class FailingJournal:
    """A journal whose disk is full for the first answer only."""

    def __init__(self) -> None:
        self.failures = 1
        self.saved: list[ev.Event] = []

    def commit(self, event, facts, place) -> None:
        if self.failures and isinstance(event, ev.Answer):
            self.failures -= 1
            raise ReconnectError("The disk is full.")
        self.saved.append(event)

    def keep_drafts(self, drafts) -> None:
        pass


def test_an_answer_that_fails_to_save_is_kept_and_offered_back(clock):
    journal = FailingJournal()
    steps = [*to_turn(), (0, ""), (0, ""), (0, ""), (0, ""), (0, ""), (0, "our words"),
             (0, ""), (0, "q")]
    loop, out = loop_for(clock, steps, journal=journal)
    with pytest.raises(Quit):
        loop.run()
    text = out.getvalue()
    assert "Not saved: The disk is full. What you entered is kept" in text
    assert "press Enter to try again" in text
    assert "our words" not in text  # a private answer is never printed before the reveal
    answers = [event for event in journal.saved if isinstance(event, ev.Answer)]
    assert [answer.text for answer in answers] == ["our words"]


# choosing the line mode ---------------------------------------------------------------------------


def test_the_line_mode_is_chosen_by_flag_dumb_terminal_or_environment(monkeypatch):
    monkeypatch.delenv("RECONNECT_PLAIN", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not plain_wanted(False)
    assert plain_wanted(True)
    monkeypatch.setenv("TERM", "dumb")
    assert plain_wanted(False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("RECONNECT_PLAIN", "1")
    assert plain_wanted(False)
    monkeypatch.setenv("RECONNECT_PLAIN", "0")
    assert not plain_wanted(False)
    launch_options = quick_command(["--plain", "--demo"])
    assert launch_options is not None and launch_options.plain and launch_options.demo


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert not Output(io.StringIO()).color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Output(Tty()).color
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Output(Tty()).color
    shown = io.StringIO()
    Output(shown, color=True).line("Alex speaks, Sam listens.", strong=True)
    assert re.fullmatch(r"(\x1b\[[0-9;]*m|[^\x1b])*", shown.getvalue())


def test_every_moment_says_who_and_what_in_words():
    view = View(expects=Expect.CONTINUE, kind="turn", speaker=0, listener=1,
                names=("Alex", "Sam"), total_seconds=90, remaining=90.0,
                text="Alex, say one thing.")
    said = " ".join(para.text for para in words.moment("Every Kind", view))
    assert "Alex speaks, Sam listens. 90 seconds. Alex, say one thing. Press Enter when done." \
        in said
    assert words.duration(120) == "2 minutes"
    assert words.duration(150) == "2 minutes and 30 seconds"
    assert words.duration(1) == "1 second"


def test_a_break_ends_with_its_own_words(clock):
    loop, out = loop_for(clock, [*to_turn()[:-1], (0, "1"), (125, ""), (0, "q")])
    with pytest.raises(Quit):
        loop.run()
    text = out.getvalue()
    brk = text[text.index("A break for both of you."):]
    assert brk.index("2 minutes.") < brk.index("Half the time is left: 1 minute.") \
        < brk.index("30 seconds left.") \
        < brk.index("\aThe break is over. Press Enter when you are both ready to come back.")
    assert "Are you both calm enough" not in text  # the time was up: no need to ask


def test_a_second_copy_on_the_same_data_folder_says_so_and_writes_nothing(tmp_path, capfd):
    """One writer per data folder, as in the full-screen app: two copies never write one
    session."""
    from reconnect.storage.lock import acquire

    held = acquire(tmp_path)
    try:
        before = sorted(path.name for path in tmp_path.iterdir())
        code, text = run_piped(WHOLE_EXERCISE, tmp_path)
        assert code == 1
        assert "already open in another window" in capfd.readouterr().err
        assert text == ""  # it stopped before asking anything
        assert sorted(path.name for path in tmp_path.iterdir()) == before
    finally:
        held.release()
    code, _text = run_piped(WHOLE_EXERCISE, tmp_path)  # once the other copy is closed
    assert code == 0
