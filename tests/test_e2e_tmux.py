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
PARTS = 8
"""The usual path: check-in, turn, swap, turn, swap, wish, reveal, end."""
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

    def start(self, *, show_exit: bool = False) -> None:
        """Start reconnect in a fresh tmux session (the previous one must have ended). With
        ``show_exit``, the pane stays after reconnect ends and shows ``EXIT <code>``."""
        self.session = f"s{uuid.uuid4().hex[:8]}"
        command = " ".join(shlex.quote(part) for part in (
            # the pane's own size, whatever COLUMNS and LINES the test run inherited
            "env", "-u", "COLUMNS", "-u", "LINES",
            f"RECONNECT_DATA_DIR={self.data_dir}", "TERM=xterm-256color",
            str(RECONNECT), "--data-dir", str(self.data_dir),
            "--exercises", str(self.exercises_dir)))
        if show_exit:
            command += '; echo "EXIT $?"; sleep 60'
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

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        """Poll every 0.1 s until every one of ``texts`` is on the same screen; fail showing
        the last screen. Every check waits for what it checks: the app draws in its own time."""
        return self.wait_until(lambda screen: all(text in screen for text in texts),
                               " and ".join(map(repr, texts)), timeout)

    def wait_for_line(self, pattern: str, timeout: float = 15.0) -> str:
        """Poll until one line of the screen matches the regular expression ``pattern``."""
        return self.wait_until(
            lambda screen: any(re.search(pattern, line) for line in screen.splitlines()),
            f"a line matching {pattern!r}", timeout)

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


def open_home(term: Terminal, *, first_run: bool, title: str = TITLE) -> str:
    term.start()
    if first_run:
        notice = term.wait_for("not therapy")
        assert "Before you begin" in notice
        term.send("Enter")
        term.wait_until_gone("not therapy")
    return term.wait_for(title)


def choose_exercise_and_begin(term: Terminal) -> None:
    """Highlight our exercise (the first one is highlighted already), choose it, name, begin."""
    downs = library_position(term)
    if downs:
        term.send(*["Down"] * downs)
    term.send("Enter")
    term.wait_for("First partner", "Begin", "Type the first name, then press Enter.")
    term.type("Alex")
    # the names also label the "who starts" choices, so the screen shows where the typing went
    term.wait_for("Alex")
    term.send("Enter")  # to the second name
    term.wait_for("Type the second name")
    term.type("Sam")
    term.wait_until(lambda s: "Sam" in s and "The second partner" not in s,
                    "Sam as the second partner")
    term.wait_until(lambda s: "AlexSam" not in s, "the names in their own fields")
    term.send("Enter")  # to "who starts": Enter never begins by surprise
    term.wait_for("Who starts? The arrow keys move, Enter chooses.")
    term.send("Enter")  # choose the highlighted partner, and on to Begin
    term.wait_for("Press Enter to begin.")
    term.send("Enter")
    term.wait_for(f"part 1 of {PARTS}")


def rate(term: Terminal, who: str, digit: str) -> None:
    """A private check-in: hand-over, Enter, then a digit and Enter."""
    term.wait_for(f"Pass the laptop to {who}", "please look away")
    term.send("Enter")
    term.wait_for("0 = Not calm at all",
                  f"How calm do you feel right now, {who.capitalize()}?")
    term.type(digit)
    term.send("Enter")


def answer_privately(term: Terminal, who: str, text: str) -> None:
    term.wait_for(f"Pass the laptop to {who}", "please look away")
    term.send("Enter")
    term.wait_for("it stays hidden", f"{who.capitalize()}, write one small wish")
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
    open_home(term, first_run=True)
    term.wait_for("Choose an exercise")

    choose_exercise_and_begin(term)

    # part 1: a private rating check-in for each partner, then both ratings revealed
    rate(term, "ALEX", "7")
    rate(term, "SAM", "4")
    term.wait_for("Press Enter to continue", f"part 1 of {PARTS}")
    term.wait_for_line(r"\bAlex\b.*\bSam\b")
    term.wait_for_line(r"\b7\b.*\b4\b")
    term.send("Enter")

    # part 2: a timed turn, round 1 of 2: Alex speaks, the countdown runs
    first = term.wait_for("ALEX speaks", "SAM listens", f"part 2 of {PARTS}", "round 1 of 2",
                          "Alex, say one thing you enjoyed this week.", "Sam, just listen.",
                          "left")
    term.wait_until(lambda screen: screen != first, "the countdown ticking down")

    # either partner calls a time-out: a calm break with an agreed return, then back here
    term.send("C-t")
    term.wait_for("TIME-OUT", "Agreed return", "(20 minutes)")
    term.send("+")
    term.wait_for("(25 minutes)")
    term.send("Enter")
    term.wait_for("ALEX speaks", f"part 2 of {PARTS}", "round 1 of 2")
    term.send("Enter")

    # part 3: the swap, then round 2 with the roles the other way round
    term.wait_for("Time to swap roles.")
    term.send("Enter")
    term.wait_for("SAM speaks", "ALEX listens", "round 2 of 2",
                  "Sam, say one thing you enjoyed this week.")
    term.send("Enter")
    term.wait_for(f"part 5 of {PARTS}  ·  round 2 of 2")
    term.send("Enter")

    # part 6: a private written answer for each partner
    answer_privately(term, "ALEX", ALEX_WISH)
    answer_privately(term, "SAM", SAM_WISH)

    # part 7: both answers at once, side by side on the same lines
    term.wait_for(SAM_WISH, f"part 7 of {PARTS}", "Here are your wishes, side by side.")
    term.wait_until(lambda screen: any(ALEX_WISH in line and SAM_WISH in line
                                       for line in screen.splitlines()), "both wishes on a line")
    term.wait_for_line(r"Alex.*Sam")
    term.send("Enter")

    # part 8: the end, then the summary, then home
    term.wait_for("This walkthrough is over.", f"part 8 of {PARTS}")
    term.send("Enter")
    term.wait_for(f"Well done: {TITLE}", "Alex and Sam")
    assert session_rows(term.data_dir) == [(EXERCISE_ID, "finished", PARTS)]
    term.send("Enter")
    term.wait_for("Choose an exercise")
    term.wait_until(lambda screen: "Resume:" not in screen, "no session to resume")

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
    term.wait_for(f"part 5 of {PARTS}  ·  round 2 of 2")
    term.send("Enter")
    answer_privately(term, "ALEX", ALEX_WISH)
    term.wait_for("Pass the laptop to SAM", "please look away", f"part 6 of {PARTS}")

    # quit half-way through the step: Alex has answered, Sam has not
    term.send("C-q")
    term.wait_for_exit()
    assert session_rows(term.data_dir) == [(EXERCISE_ID, "active", 6)]

    # start again: no safety notice this time, and the home screen offers to resume
    screen = open_home(term, first_run=False)
    assert "not therapy" not in screen
    term.wait_for(f"Resume: {TITLE}", f"part 6 of {PARTS}", "Alex & Sam")
    term.send("Enter")  # the resume line is the first one highlighted

    # the same step, the same moment: Sam's turn to answer, Alex's answer kept
    term.wait_for("Pass the laptop to SAM", f"{TITLE}  ·  part 6 of {PARTS}")
    answer_privately(term, "SAM", SAM_WISH)
    term.wait_for(SAM_WISH, ALEX_WISH, f"part 7 of {PARTS}")

    term.send("C-q")
    term.wait_for_exit()


def test_every_summary_on_the_first_screen_is_shown_whole(terminal: Terminal) -> None:
    """A summary one column too long for the list once its scroll bar appears lost its last
    word: its height was worked out before the bar took two columns (a real terminal only)."""
    rows = json.loads(subprocess.run(
        [str(RECONNECT), "--data-dir", str(terminal.data_dir), "--exercises",
         str(terminal.exercises_dir), "list", "--json"],
        capture_output=True, text=True, timeout=30, check=True).stdout)
    screen = open_home(terminal, first_run=True, title=rows[0]["title"])
    # the scroll bar's thumb: the options below the fold are in the list too
    screen = terminal.wait_for_line(r"[▁▂▃▄▅▆▇█]{2} │\s*$")
    inside = [line.strip().strip("│").strip() for line in screen.splitlines()]
    text = " ".join(" ".join(inside).split())
    shown = [row for row in rows if f"{row['title']} {row['minutes']} min" in text]
    assert len(shown) >= 5
    for row in shown[:-1]:  # the last one shown may run past the bottom of the list
        assert " ".join(row["summary"].split()) in text, (row["title"], screen)
