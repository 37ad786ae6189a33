"""End to end, in a real terminal: two copies on one data folder, words kept when the window
closes or the process is killed, and a turn's time kept across a restart."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_e2e_tmux import _SKIP, Terminal, open_home

pytestmark = [pytest.mark.e2e]
if _SKIP:
    pytestmark.append(pytest.mark.skip(reason=_SKIP))

EXERCISE = '''\
format = 1
id = "aardvark-trust"
title = "Aardvark Trust"
category = "active-listening"
summary = "A tiny exercise written by the end-to-end test."
minutes = 2
source = "Written for reconnect's end-to-end test"

[[steps]]
id = "talk"
kind = "turn"
seconds = 90
text = "{speaker}, say one thing about your day."

[[steps]]
id = "plan"
kind = "answer"
who = "together"
text = "Write one plan together."

[[steps]]
id = "done"
kind = "end"
'''
TITLE = "Aardvark Trust"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "aardvark-trust.toml").write_text(EXERCISE, encoding="utf-8")
    return tmp_path / "data", exercises


@pytest.fixture
def terms(folders: tuple[Path, Path]) -> Iterator[list[Terminal]]:
    made: list[Terminal] = []
    yield made
    for term in made:
        term.close()


def terminal(terms: list[Terminal], folders: tuple[Path, Path]) -> Terminal:
    term = Terminal(*folders)
    terms.append(term)
    return term


def pid_of(data_dir: Path) -> int:
    """The process holding the data folder (the lock file says which)."""
    return int((data_dir / "reconnect.lock").read_text().strip())


def begin(term: Terminal) -> None:
    """From home: our exercise is first in the library (an 'A' title on the first shelf)."""
    term.wait_for(TITLE)
    term.send("Enter")
    term.wait_for("Type the first name, then press Enter.")
    term.type("Alex")
    term.send("Enter")
    term.wait_for("Type the second name")
    term.type("Sam")
    term.send("Enter")
    term.wait_for("Who starts?")
    term.send("Enter")
    term.wait_for("Press Enter to begin.")
    term.send("Enter")
    term.wait_for("ALEX speaks")


def to_the_answer_box(term: Terminal) -> None:
    begin(term)
    term.send("Enter")  # done speaking
    term.wait_for("Write one plan together.", "Ctrl+S to save")


def drafts(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "reconnect.db") as conn:
        return [row[0] for row in conn.execute("SELECT text FROM drafts")]


def test_a_second_copy_says_reconnect_is_already_open_and_changes_nothing(terms, folders):
    data_dir, _ = folders
    first = terminal(terms, folders)
    open_home(first, first_run=True, title=TITLE)
    second = terminal(terms, folders)
    second.start(show_exit=True)
    second.wait_for("reconnect is already open", "Read History", "A demonstration", "Quit")
    second.send("Escape")  # quit
    second.wait_for("EXIT 1")
    with sqlite3.connect(data_dir / "reconnect.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    # the first copy carries on as if nothing happened
    begin(first)


def test_a_second_copy_can_read_history_or_run_a_demonstration(terms, folders):
    first = terminal(terms, folders)
    open_home(first, first_run=True, title=TITLE)
    second = terminal(terms, folders)
    second.start()
    second.wait_for("reconnect is already open", "Read History")
    second.send("Enter")  # Read History (it has the focus)
    second.wait_for("Past sessions", "No sessions yet.")
    second.send("Escape")
    second.wait_for("reconnect is already open")
    second.send("Right", "Enter")  # A demonstration
    second.wait_for("Demonstration · nothing is saved", TITLE)


def test_after_kill_9_of_the_first_copy_the_next_one_opens_normally(terms, folders):
    data_dir, _ = folders
    first = terminal(terms, folders)
    open_home(first, first_run=True, title=TITLE)
    os.kill(pid_of(data_dir), signal.SIGKILL)
    first.wait_for_exit()
    second = terminal(terms, folders)
    screen = open_home(second, first_run=False, title=TITLE)
    assert "already open" not in screen
    begin(second)


@pytest.mark.parametrize("how", ["close the window", "SIGTERM", "SIGINT"])
def test_unsent_words_are_kept_when_the_window_closes_or_a_signal_comes(terms, folders, how):
    data_dir, _ = folders
    term = terminal(terms, folders)
    open_home(term, first_run=True, title=TITLE)
    to_the_answer_box(term)
    term.type("we walk on sundays")
    term.wait_for("we walk on sundays")
    pid = pid_of(data_dir)
    if how == "close the window":
        term.tmux("kill-session", "-t", term.session)  # the terminal hangs up: SIGHUP
    else:
        os.kill(pid, signal.SIGTERM if how == "SIGTERM" else signal.SIGINT)
    deadline = time.monotonic() + 15
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "reconnect did not stop"
        time.sleep(0.1)
    assert drafts(data_dir) == ["we walk on sundays"]


def test_kill_9_loses_at_most_the_last_two_seconds_of_typing(terms, folders):
    data_dir, _ = folders
    term = terminal(terms, folders)
    open_home(term, first_run=True, title=TITLE)
    to_the_answer_box(term)
    term.type("kept words")
    term.wait_for("kept words")
    deadline = time.monotonic() + 2.5  # typing stops; the kept copy follows within seconds
    while time.monotonic() < deadline and drafts(data_dir) != ["kept words"]:
        time.sleep(0.1)
    os.kill(pid_of(data_dir), signal.SIGKILL)
    term.wait_for_exit()
    assert drafts(data_dir) == ["kept words"]
    # and the words come back, with typing going on after them
    again = terminal(terms, folders)
    open_home(again, first_run=False, title=TITLE)
    again.wait_for(f"Resume: {TITLE}")
    again.send("Enter")
    again.wait_for("kept words")
    again.type(" too")
    again.wait_for("kept words too")


@pytest.mark.parametrize("how", ["Ctrl+Q", "kill -9"])
def test_a_turn_resumes_with_the_time_that_was_really_left(terms, folders, how):
    """The report: quitting at 1:23 left came back at 1:30 (the time of the last event)."""
    from reconnect.storage import journal
    from reconnect.storage.store import Store

    data_dir, _ = folders
    term = terminal(terms, folders)
    open_home(term, first_run=True, title=TITLE)
    begin(term)
    time.sleep(4.5)  # the turn runs, with no event saved meanwhile
    stopped = time.time()
    if how == "Ctrl+Q":
        term.send("C-q")
    else:
        os.kill(pid_of(data_dir), signal.SIGKILL)
    term.wait_for_exit()
    with Store.open(data_dir) as store:
        (record,) = store.unfinished_sessions()
        began = store.events(record.id)[0].at
        resumed = journal.resume(store, record.id, clock=lambda: stopped + 3600)
        shown = resumed.view()
    assert shown.expects == "paused"
    ran = 90 - (shown.remaining or 0)
    slack = 0.6 if how == "Ctrl+Q" else 2.6  # kill -9 loses at most the last two seconds
    assert stopped - began - slack <= ran <= stopped - began + 0.1, (ran, stopped - began)
    again = terminal(terms, folders)
    open_home(again, first_run=False, title=TITLE)
    again.wait_for(f"Resume: {TITLE}")
    again.send("Enter")
    again.wait_for("PAUSED", "Press p or space to carry on.")
