"""The seam between engine and store: one save per event, pinned exercise versions, resume by
replay, drafts kept with the session."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from reconnect.core import events as ev
from reconnect.core import session
from reconnect.core.trail import CannotResume
from reconnect.core.view import DraftKey
from reconnect.format import load_text
from reconnect.storage import journal
from reconnect.storage.store import Store

from conftest import DATA


def walkthrough():
    result = load_text((DATA / "walkthrough.toml").read_text(), str(DATA / "walkthrough.toml"))
    assert result.exercise is not None
    return result.exercise


HOMEWORK = textwrap.dedent("""
    format = 1
    id = "hw"
    title = "Homework"
    category = "gratitude"
    summary = "s"
    minutes = 5
    source = "Adapted from a test"

    [[steps]]
    id = "calm"
    kind = "rating"
    text = "How calm, {you}?"
    labels = ["Not calm", "Calm"]
    measure = "calm"
    checkin = "after"

    [[steps]]
    id = "practice"
    kind = "homework"
    text = "{first}, thank {second} once a day."
    tasks = ["Say what it shows about them"]
    due_days = 3
""")


def homework_exercise():
    exercise = load_text(HOMEWORK).exercise
    assert exercise is not None
    return exercise


def test_every_event_is_saved_before_it_takes_effect(store, clock):
    running = journal.begin(store, walkthrough(), ("Alex", "Sam"), 1, clock=clock)
    session_id = running.journal.session_id
    running.send(ev.Advance(clock()))
    running.send(ev.Rate(clock(), 3))
    record = store.session(session_id)
    assert record is not None and (record.partner_a, record.partner_b) == ("Alex", "Sam")
    assert [e.type for e in store.events(session_id)] == ["start", "advance", "rate"]
    points = store.checkin_points()
    assert [(p.measure, p.phase, p.partner, p.value) for p in points] == [
        ("calm", "before", 1, 3)]  # the partner who starts answers first


def test_a_failed_save_leaves_the_state_where_it_was(store, clock, monkeypatch):
    running = journal.begin(store, walkthrough(), ("Alex", "Sam"), 0, clock=clock)
    before = running.state

    def broken(*args: Any, **kwargs: Any) -> None:
        from reconnect.storage.store import StoreError

        raise StoreError("Could not save: the disk is full.")

    monkeypatch.setattr(store, "append_event", broken)
    with pytest.raises(session.SaveFailed, match="disk is full"):
        running.send(ev.Advance(clock()))
    assert running.state == before
    assert len(running.events) == 1


class FailingConnection:
    """A connection whose n-th statement inside a write fails as a full disk would."""

    def __init__(self, real: sqlite3.Connection, fail_at: int) -> None:
        self.real = real
        self.fail_at = fail_at
        self.count = 0

    def _tick(self, sql: str) -> None:
        if sql.strip().upper() in ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"):
            if sql.strip().upper() == "COMMIT":
                self._maybe_fail()
            return
        self._maybe_fail()

    def _maybe_fail(self) -> None:
        self.count += 1
        if self.count == self.fail_at:
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self.real.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self.real.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _at_homework(store, clock):
    running = journal.begin(store, homework_exercise(), ("Alex", "Sam"), 0, clock=clock)
    for event in (ev.Advance(clock()), ev.Rate(clock(), 4), ev.Advance(clock()),
                  ev.Rate(clock(), 6), ev.Advance(clock())):
        running.send(event)
    assert running.view().step_id == "practice"
    return running


def _disk(store, session_id):
    """What the store holds for a session: its events, check-ins, homework and place."""
    record = store.session(session_id)
    return ([e.type for e in store.events(session_id)], len(store.checkin_points()),
            [h.text for h in store.open_homework()], record.status, record.step_id)


def test_each_write_of_an_event_fails_alone_and_leaves_disk_and_screen_agreeing(store, clock):
    """Leaving the homework step writes the event, the session's place, the homework and the
    finish. Each statement of that save is made to fail in turn: every time, none of it is on
    disk and the session shows the same moment; then it saves once, and resume agrees."""
    running = _at_homework(store, clock)
    session_id = running.journal.session_id
    disk_before, screen_before = _disk(store, session_id), running.view()
    real = store._conn
    failures = 0
    for fail_at in range(1, 50):
        store._conn = FailingConnection(real, fail_at)
        try:
            running.send(ev.Advance(clock()))
        except session.SaveFailed:
            failures += 1
            assert _disk(store, session_id) == disk_before, f"statement {fail_at}"
            assert running.view() == screen_before
            continue
        finally:
            store._conn = real
        break
    assert failures >= 5  # the event, its seq, check-ins, homework, drafts, the finish...
    events = [e.type for e in store.events(session_id)]
    assert events.count("advance") == disk_before[0].count("advance") + 1
    assert len(store.open_homework()) == 1
    assert store.session(session_id).status == "finished"
    assert running.state.finished


def test_homework_failing_once_does_not_move_the_session_on(store, clock):
    """The reported bug: the homework failed to save but the advance was already committed,
    so the retry saved a second advance and resuming skipped a step."""
    running = _at_homework(store, clock)
    session_id = running.journal.session_id
    real = store._conn
    # statement 1 updates the session, 2 reads the next seq, 3 inserts the event, 4 the
    # check-ins, 5 the homework
    store._conn = FailingConnection(real, 5)
    with pytest.raises(session.SaveFailed):
        running.send(ev.Advance(clock()))
    store._conn = real
    assert running.view().step_id == "practice"
    events_before = [e.type for e in store.events(session_id)]
    assert events_before.count("advance") == 3
    store.close()
    reopened = Store.open(store.path.parent)
    try:
        resumed = journal.resume(reopened, session_id, clock)
        assert resumed.view().step_id == "practice"
    finally:
        reopened.close()


def test_resume_uses_the_exercise_text_the_session_started_with(store, clock):
    exercise = walkthrough()
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    running.send(ev.Advance(clock()))
    # the file on disk changes afterwards; the saved session must not change underneath them
    resumed = journal.resume(store, running.journal.session_id, clock)
    assert resumed.exercise.digest == exercise.digest
    assert resumed.view().step_id == "calm-before"
    # a private rating picks up at its hand-over: the laptop may be in other hands now
    assert resumed.view().expects == "handover"


def test_a_session_whose_pinned_text_no_longer_loads_says_why(store, clock):
    exercise = walkthrough()
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    session_id = running.journal.session_id
    store._connection().execute(  # simulate a session saved by a reconnect with another format
        "UPDATE exercise_texts SET source = ? WHERE key ="
        " (SELECT text_key FROM sessions WHERE id = ?)",
        (exercise.source_text.replace("format = 1", "format = 9"), session_id))
    with pytest.raises(CannotResume, match="cannot read"):
        journal.resume(store, session_id, clock)


def test_reopening_freezes_a_running_turn_at_the_moment_the_app_stopped(store, clock):
    running = journal.begin(store, walkthrough(), ("Alex", "Sam"), 0, clock=clock)
    running.send(ev.JumpTo(clock(), "speak"))
    clock.advance(45)
    running.send(ev.Pause(clock()))
    running.send(ev.Resume(clock()))
    clock.advance(3600)  # the laptop was closed for an hour
    resumed = journal.resume(store, running.journal.session_id, clock)
    view = resumed.view()
    assert view.expects == "paused"
    assert view.remaining == pytest.approx(75)


def test_demo_sessions_write_nothing(private_data_dir, clock):
    running = session.begin(walkthrough(), ("Alex", "Sam"), 0, clock=clock, demo=True)
    running.send(ev.Advance(clock()))
    running.send(ev.Rate(clock(), 5))
    assert not running.saving
    assert [type(e) for e in running.events] == [ev.Start, ev.Advance, ev.Rate]
    assert not private_data_dir.exists()


def test_homework_is_filed_once_when_the_step_is_passed(store, clock):
    running = _at_homework(store, clock)
    running.send(ev.Advance(clock()))  # the last step: this finishes the session
    running.send(ev.Back(clock()))
    assert running.view().step_id == "practice"
    running.send(ev.Advance(clock()))
    items = store.open_homework()
    assert len(items) == 1
    assert items[0].text.startswith("Alex, thank Sam once a day.")
    assert items[0].text.endswith("- Say what it shows about them")
    assert items[0].due_at == pytest.approx(clock() + 3 * 86400)
    assert store.session(running.journal.session_id).status == "finished"


# drafts ------------------------------------------------------------------------------------

TEXT_STEP = textwrap.dedent("""
    format = 1
    id = "write"
    title = "Write"
    category = "gratitude"
    summary = "s"
    minutes = 5
    source = "Adapted from a test"

    [[steps]]
    id = "thanks"
    kind = "answer"
    text = "{you}, one thank-you?"

    [[steps]]
    id = "done"
    kind = "end"
""")


def text_exercise():
    exercise = load_text(TEXT_STEP).exercise
    assert exercise is not None
    return exercise


def test_drafts_are_kept_with_the_session_and_come_back_with_it(store, clock):
    running = journal.begin(store, text_exercise(), ("Alex", "Sam"), 0, clock=clock)
    assert running.keep_draft("thank you for the tea")
    running.flush_drafts()
    assert [(d.step_id, d.partner, d.round, d.text) for d in store.drafts(
        running.journal.session_id)] == [("thanks", 0, 1, "thank you for the tea")]
    resumed = journal.resume(store, running.journal.session_id, clock)
    assert resumed.view().draft == "thank you for the tea"
    assert store.get_setting(f"drafts:{running.journal.session_id}") is None


def test_an_answer_removes_its_draft_in_the_same_save(store, clock):
    running = journal.begin(store, text_exercise(), ("Alex", "Sam"), 0, clock=clock)
    running.keep_draft("for the tea")
    running.flush_drafts()
    running.send(ev.Answer(clock(), "for the tea"))
    assert store.drafts(running.journal.session_id) == []
    assert DraftKey("thanks", 0, 1) not in running.drafts


def test_a_stale_draft_never_replaces_a_later_answer(store, clock):
    running = journal.begin(store, text_exercise(), ("Alex", "Sam"), 0, clock=clock)
    session_id = running.journal.session_id
    running.keep_draft("old words")
    running.flush_drafts()
    clock.advance(5)
    # another copy (or a crash between two writes) answered after the draft was kept
    store.append_event(session_id, "answer", {"text": "the real answer"}, clock())
    resumed = journal.resume(store, session_id, clock)
    assert resumed.view().step_id == "thanks" and resumed.view().answerer == 1
    resumed.send(ev.Back(clock()))
    assert resumed.view().answerer == 0
    assert resumed.view().draft == "the real answer"


def test_words_are_kept_only_where_an_answer_box_is_shown(store, clock):
    running = journal.begin(store, walkthrough(), ("Alex", "Sam"), 0, clock=clock)
    assert not running.keep_draft("typed into nothing")
    assert running.drafts == {}


def test_drafts_from_an_older_reconnect_move_to_their_table(tmp_path, clock):
    import sqlite3

    from reconnect.storage.migrations import MIGRATIONS

    folder = tmp_path / "old"
    folder.mkdir()
    exercise = text_exercise()
    # a progress file as the first version of reconnect wrote it
    conn = sqlite3.connect(folder / "reconnect.db")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO sessions (id, exercise_id, exercise_title, exercise_digest,"
        " exercise_source, exercise_path, partner_a, partner_b, started_at, updated_at, status)"
        " VALUES (1, 'write', 'Write', '', ?, '', 'Alex', 'Sam', 1, 1, 'active')",
        (exercise.source_text,))
    conn.execute("INSERT INTO events VALUES (1, 1, 1, 'start', ?)",
                 ('{"names": ["Alex", "Sam"], "first": 0}',))
    conn.execute("INSERT INTO settings VALUES ('drafts:1', ?)",
                 ('{"thanks|0|1": "kept by version one"}',))
    conn.commit()
    conn.close()
    session_id = 1
    with Store.open(folder) as store:
        assert [d.text for d in store.drafts(session_id)] == ["kept by version one"]
        assert store.get_setting(f"drafts:{session_id}") is None
        assert journal.resume(store, session_id, clock).view().draft == "kept by version one"


KILLED_RUN = """
import sys, time
from pathlib import Path
from reconnect.core import events as ev
from reconnect.format import load_file
from reconnect.storage import journal
from reconnect.storage.store import Store

store = Store.open(Path(sys.argv[1]))
exercise = load_file(sys.argv[2]).exercise
running = journal.begin(store, exercise, ("Alex", "Sam"), 0)
for event in (ev.Advance(time.time()), ev.Rate(time.time(), 6),
              ev.Advance(time.time()), ev.Rate(time.time(), 8)):
    running.send(event)
print("ready", flush=True)
time.sleep(60)
"""


def test_killed_mid_session_resumes_with_every_answer(private_data_dir, clock):
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(private_data_dir), str(DATA / "walkthrough.toml")],
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    with Store.open(private_data_dir) as store:
        unfinished = store.unfinished_sessions()
        assert len(unfinished) == 1
        resumed = journal.resume(store, unfinished[0].id, clock)
        view = resumed.view()
        assert view.expects == "reveal"
        assert view.revealed[0].answers == ("6", "8")
