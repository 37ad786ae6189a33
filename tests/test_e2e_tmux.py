"""End to end: the installed ``reconnect`` in a real terminal (tmux), driven by real key presses.

These tests run the command that ``pip install`` put next to the running interpreter, inside a
tmux pane of a fixed size, with a private data folder and a small exercise written by the test
itself (so they do not depend on the bundled library). Each tmux server runs on its own socket,
so nothing here touches anyone's tmux sessions.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

RECONNECT = Path(sys.executable).parent / "reconnect"
WIDTH, HEIGHT = 100, 30
TITLE = "Zebra Walkthrough E2E"
EXERCISE_ID = "zebra-walkthrough-e2e"

# One of each moment the test walks: a private rating check-in, a timed turn with a swap, a
# private written answer for each partner, a reveal of both answers, and the end.
EXERCISE = f'''\
format = 1
id = "{EXERCISE_ID}"
title = "{TITLE}"
category = "active-listening"
summary = "A tiny exercise written by the end-to-end test."
minutes = 1
source = "Written for reconnect's end-to-end test"

[[steps]]
id = "calm"
kind = "rating"
text = "How calm do you feel right now, {{you}}?"
scale = [0, 10]
labels = ["Not calm at all", "Completely calm"]
measure = "calm"
checkin = "before"

[[steps]]
id = "talk"
kind = "turn"
speaker = "speaker"
seconds = 90
text = "{{speaker}}, say one thing you enjoyed this week."
listener_text = "{{listener}}, just listen."

[[steps]]
id = "pass"
kind = "swap"
repeat_from = "talk"
rounds = 2
text = "Time to swap roles."

[[steps]]
id = "wish"
kind = "answer"
private = true
text = "{{you}}, write one small wish for next week."

[[steps]]
id = "both-wishes"
kind = "reveal"
show = ["wish"]
text = "Here are your wishes, side by side."

[[steps]]
id = "done"
kind = "end"
text = "Thank you both. This walkthrough is over."
'''
STEPS = 6
ALEX_WISH = "a quiet dinner"
SAM_WISH = "a long walk"


def _tmux_missing() -> str | None:
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if not RECONNECT.exists():
        return f"reconnect is not installed next to {sys.executable} (pip install -e .)"
    return None


_SKIP = _tmux_missing()
if _SKIP:
    pytestmark = [pytest.mark.e2e, pytest.mark.skip(reason=_SKIP)]


class Terminal:
    """One tmux server (on a private socket) showing reconnect in a 100x30 pane."""

    def __init__(self, data_dir: Path, exercises_dir: Path) -> None:
        # a private server socket in a short folder (socket paths are limited to ~100 bytes)
        self.socket_dir = Path(tempfile.mkdtemp(prefix="rc-e2e-"))
        self.socket = str(self.socket_dir / "tmux")
        self.data_dir = data_dir
        self.exercises_dir = exercises_dir
        self.session = ""
        self.last_screen = ""

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True,
                              text=True, check=check, timeout=10)

    def start(self) -> None:
        """Start reconnect in a fresh tmux session (the previous one must have ended)."""
        self.session = f"s{uuid.uuid4().hex[:8]}"
        command = " ".join(shlex.quote(part) for part in (
            "env", f"RECONNECT_DATA_DIR={self.data_dir}", "TERM=xterm-256color",
            str(RECONNECT), "--data-dir", str(self.data_dir),
            "--exercises", str(self.exercises_dir)))
        self.tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", self.session,
                  command)

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.session, check=False).returncode == 0

    def send(self, *keys: str) -> None:
        """Named keys, as tmux spells them: ``Enter``, ``Down``, ``C-q``..."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Literal text, one key per character."""
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        if result.returncode == 0:
            self.last_screen = result.stdout
        return self.last_screen

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll every 0.1 s until ``text`` is on the screen; fail showing the last screen."""
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def wait_until(self, test: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not appear within {timeout} s. The screen showed:\n"
                            f"{screen}")
            time.sleep(0.1)

    def wait_until_gone(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} was still there after {timeout} s. The screen showed:\n"
                            f"{screen}")
            time.sleep(0.1)

    def wait_for_exit(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                pytest.fail(f"reconnect did not exit within {timeout} s. The screen showed:\n"
                            f"{self.screen()}")
            time.sleep(0.1)

    def appears(self, text: str, timeout: float) -> bool:
        """Like :meth:`wait_for`, but says whether ``text`` appeared instead of failing."""
        deadline = time.monotonic() + timeout
        while text not in self.screen():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / f"{EXERCISE_ID}.toml").write_text(EXERCISE, encoding="utf-8")
    term = Terminal(tmp_path / "data", exercises)
    try:
        yield term
    finally:
        term.close()


def library_position(term: Terminal) -> int:
    """How many exercises come before ours on the home screen (``reconnect list`` order)."""
    result = subprocess.run(
        [str(RECONNECT), "--data-dir", str(term.data_dir), "--exercises",
         str(term.exercises_dir), "list", "--json"],
        capture_output=True, text=True, timeout=30, check=True)
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert EXERCISE_ID in ids, f"the test exercise did not load: {result.stderr}"
    return ids.index(EXERCISE_ID)


def open_home(term: Terminal, *, first_run: bool) -> str:
    term.start()
    if first_run:
        notice = term.wait_for("not therapy")
        assert "Before you begin" in notice
        term.send("Enter")
        term.wait_until_gone("not therapy")
    return term.wait_for(TITLE)


def choose_exercise_and_begin(term: Terminal) -> None:
    """Highlight our exercise (the first one is highlighted already), choose it, name, begin."""
    downs = library_position(term)
    if downs:
        term.send(*["Down"] * downs)
    term.send("Enter")
    term.wait_for("First partner")
    term.wait_for("Begin")
    time.sleep(0.3)  # the first name takes the focus just after the first paint
    term.type("Alex")
    # the names also label the "who starts" choices, so the screen shows where the typing went
    term.wait_for("Alex")
    term.send("Enter")  # to the second name
    time.sleep(0.3)  # the focus moves after the key is handled; wait like a person would
    term.type("Sam")
    screen = term.wait_until(lambda s: "Sam" in s and "The second partner" not in s,
                             "Sam as the second partner")
    assert "AlexSam" not in screen
    term.send("Enter")  # Enter in the second name begins (or, in older versions, goes to Begin)
    if not term.appears(f"step 1 of {STEPS}", timeout=3):
        term.send("Enter")  # press Begin
        term.wait_for(f"step 1 of {STEPS}")


def rate(term: Terminal, who: str, digit: str) -> None:
    """A private check-in: hand-over, Enter, then a digit and Enter."""
    screen = term.wait_for(f"Pass the laptop to {who}")
    assert "please look away" in screen
    term.send("Enter")
    screen = term.wait_for("0 = Not calm at all")
    assert f"How calm do you feel right now, {who.capitalize()}?" in screen
    time.sleep(0.2)  # the scale takes the focus just after it is painted
    term.type(digit)
    term.send("Enter")


def answer_privately(term: Terminal, who: str, text: str) -> None:
    term.wait_for(f"Pass the laptop to {who}")
    term.send("Enter")
    screen = term.wait_for("it stays hidden")
    assert f"{who.capitalize()}, write one small wish" in screen
    time.sleep(0.2)
    term.type(text)
    # the typing is hidden: one dot per character, never the words themselves
    screen = term.wait_for("•" * len(text))
    assert text not in screen
    term.send("Enter")


def session_rows(data_dir: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(data_dir / "reconnect.db") as conn:
        return conn.execute("SELECT exercise_id, status, step_number FROM sessions").fetchall()


def test_walk_a_whole_exercise_with_real_keys(terminal: Terminal) -> None:
    term = terminal
    home = open_home(term, first_run=True)
    assert "Choose an exercise" in home

    choose_exercise_and_begin(term)

    # step 1: a private rating check-in for each partner, then both ratings revealed
    rate(term, "ALEX", "7")
    rate(term, "SAM", "4")
    screen = term.wait_for("Press Enter to continue")
    assert f"step 1 of {STEPS}" in screen
    lines = screen.splitlines()
    assert any(re.search(r"\bAlex\b.*\bSam\b", line) for line in lines), screen
    assert any(re.search(r"\b7\b.*\b4\b", line) for line in lines), screen
    term.send("Enter")

    # step 2: a timed turn, round 1 of 2: Alex speaks, the countdown runs
    screen = term.wait_for("ALEX speaks")
    assert "SAM listens" in screen
    assert f"step 2 of {STEPS}" in screen and "round 1 of 2" in screen
    assert "Alex, say one thing you enjoyed this week." in screen
    assert "Sam, just listen." in screen
    assert "left" in screen
    first = screen
    deadline = time.monotonic() + 5
    while term.screen() == first:  # the big digits tick down
        assert time.monotonic() < deadline, f"the countdown did not move:\n{first}"
        time.sleep(0.1)

    # either partner calls a time-out: a calm break with an agreed return, then back here
    term.send("C-t")
    screen = term.wait_for("TIME-OUT")
    assert "Agreed return" in screen and "(20 minutes)" in screen
    term.send("+")
    term.wait_for("(25 minutes)")
    term.send("Enter")
    screen = term.wait_for("ALEX speaks")
    assert f"step 2 of {STEPS}" in screen and "round 1 of 2" in screen
    term.send("Enter")

    # step 3: the swap, then round 2 with the roles the other way round
    term.wait_for("Time to swap roles.")
    term.send("Enter")
    screen = term.wait_for("SAM speaks")
    assert "ALEX listens" in screen and "round 2 of 2" in screen
    assert "Sam, say one thing you enjoyed this week." in screen
    term.send("Enter")
    term.wait_for(f"step 3 of {STEPS}  ·  round 2 of 2")
    term.send("Enter")

    # step 4: a private written answer for each partner
    answer_privately(term, "ALEX", ALEX_WISH)
    answer_privately(term, "SAM", SAM_WISH)

    # step 5: both answers at once, side by side on the same lines
    screen = term.wait_for(SAM_WISH)
    assert f"step 5 of {STEPS}" in screen
    assert "Here are your wishes, side by side." in screen
    assert any(ALEX_WISH in line and SAM_WISH in line for line in screen.splitlines()), screen
    assert any("Alex" in line and "Sam" in line for line in screen.splitlines()), screen
    term.send("Enter")

    # step 6: the end, then the summary, then home
    screen = term.wait_for("This walkthrough is over.")
    assert f"step 6 of {STEPS}" in screen
    term.send("Enter")
    screen = term.wait_for(f"Well done: {TITLE}")
    assert "Alex and Sam" in screen
    assert session_rows(term.data_dir) == [(EXERCISE_ID, "finished", STEPS)]
    term.send("Enter")
    screen = term.wait_for("Choose an exercise")
    assert "Resume:" not in screen

    term.send("C-q")
    term.wait_for_exit()


def test_quit_in_the_middle_and_resume_at_the_same_step(terminal: Terminal) -> None:
    term = terminal
    open_home(term, first_run=True)
    choose_exercise_and_begin(term)
    rate(term, "ALEX", "8")
    rate(term, "SAM", "6")
    term.wait_for("Press Enter to continue")
    term.send("Enter")
    term.wait_for("ALEX speaks")
    term.send("Enter")
    term.wait_for("Time to swap roles.")
    term.send("Enter")
    term.wait_for("SAM speaks")
    term.send("Enter")
    term.wait_for(f"step 3 of {STEPS}  ·  round 2 of 2")
    term.send("Enter")
    answer_privately(term, "ALEX", ALEX_WISH)
    screen = term.wait_for("Pass the laptop to SAM")
    assert f"step 4 of {STEPS}" in screen

    # quit half-way through the step: Alex has answered, Sam has not
    term.send("C-q")
    term.wait_for_exit()
    assert session_rows(term.data_dir) == [(EXERCISE_ID, "active", 4)]

    # start again: no safety notice this time, and the home screen offers to resume
    screen = open_home(term, first_run=False)
    assert "not therapy" not in screen
    screen = term.wait_for(f"Resume: {TITLE}")
    assert f"step 4 of {STEPS}" in screen and "Alex & Sam" in screen
    time.sleep(0.2)
    term.send("Enter")  # the resume line is the first one highlighted

    # the same step, the same moment: Sam's turn to answer, Alex's answer kept
    screen = term.wait_for("Pass the laptop to SAM")
    assert f"{TITLE}  ·  step 4 of {STEPS}" in screen
    answer_privately(term, "SAM", SAM_WISH)
    screen = term.wait_for(SAM_WISH)
    assert ALEX_WISH in screen and f"step 5 of {STEPS}" in screen

    term.send("C-q")
    term.wait_for_exit()
