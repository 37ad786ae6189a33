"""The seam between engine and store: save first, pinned exercise versions, resume by replay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from conftest import DATA
from reconnect import engine, session
from reconnect.format import load_text
from reconnect.store import Store, StoreError


def walkthrough():
    result = load_text((DATA / "walkthrough.toml").read_text(), str(DATA / "walkthrough.toml"))
    assert result.exercise is not None
    return result.exercise


def test_every_event_is_saved_before_it_takes_effect(store, clock):
    running = session.start(walkthrough(), ("Alex", "Sam"), 1, store=store, clock=clock)
    running.send(engine.Advance(clock()))
    running.send(engine.Rate(clock(), 3))
    record = store.session(running.session_id)
    assert record is not None and (record.partner_a, record.partner_b) == ("Alex", "Sam")
    assert [e.type for e in store.events(running.session_id)] == ["start", "advance", "rate"]
    points = store.checkin_points()
    assert [(p.measure, p.phase, p.partner, p.value) for p in points] == [
        ("calm", "before", 1, 3)]  # the partner who starts answers first


def test_a_failed_save_leaves_the_state_where_it_was(store, clock, monkeypatch):
    running = session.start(walkthrough(), ("Alex", "Sam"), 0, store=store, clock=clock)
    before = running.state

    def broken(*args, **kwargs):
        raise StoreError("Could not save: the disk is full.")

    monkeypatch.setattr(store, "append_event", broken)
    with pytest.raises(session.SaveFailed, match="disk is full"):
        running.send(engine.Advance(clock()))
    assert running.state == before


def test_resume_uses_the_exercise_text_the_session_started_with(store, clock):
    exercise = walkthrough()
    running = session.start(exercise, ("Alex", "Sam"), 0, store=store, clock=clock)
    running.send(engine.Advance(clock()))
    # the file on disk changes afterwards; the saved session must not change underneath them
    resumed = session.resume(store, running.session_id, clock)
    assert resumed.exercise.digest == exercise.digest
    assert resumed.view().step_id == "calm-before"
    # a private rating picks up at its hand-over: the laptop may be in other hands now
    assert resumed.view().expects == "handover"


def test_a_session_whose_pinned_text_no_longer_loads_says_why(store, clock):
    exercise = walkthrough()
    running = session.start(exercise, ("Alex", "Sam"), 0, store=store, clock=clock)
    store._connection().execute(  # simulate a session saved by a reconnect with another format
        "UPDATE sessions SET exercise_source = ? WHERE id = ?",
        (exercise.source_text.replace("format = 1", "format = 9"), running.session_id))
    with pytest.raises(session.CannotResume, match="cannot read"):
        session.resume(store, running.session_id, clock)


def test_reopening_freezes_a_running_turn_at_the_moment_the_app_stopped(store, clock):
    running = session.start(walkthrough(), ("Alex", "Sam"), 0, store=store, clock=clock)
    running.send(engine.JumpTo(clock(), "speak"))
    clock.advance(45)
    running.send(engine.Pause(clock()))
    running.send(engine.Resume(clock()))
    clock.advance(3600)  # the laptop was closed for an hour
    resumed = session.resume(store, running.session_id, clock)
    view = resumed.view()
    assert view.expects == "paused"
    assert view.remaining == pytest.approx(75)


def test_demo_sessions_write_nothing(private_data_dir, clock):
    running = session.start(walkthrough(), ("Alex", "Sam"), 0, store=None, clock=clock)
    running.send(engine.Advance(clock()))
    running.send(engine.Rate(clock(), 5))
    assert not running.saving
    assert not private_data_dir.exists()


def test_homework_is_filed_once_when_the_step_is_passed(store, clock, tmp_path):
    text = textwrap.dedent("""
        format = 1
        id = "hw"
        title = "Homework"
        category = "gratitude"
        summary = "s"
        minutes = 5
        source = "Adapted from a test"

        [[steps]]
        id = "practice"
        kind = "homework"
        text = "{first}, thank {second} once a day."
        tasks = ["Say what it shows about them"]
        due_days = 3

        [[steps]]
        id = "done"
        kind = "end"
    """)
    exercise = load_text(text).exercise
    assert exercise is not None
    running = session.start(exercise, ("Alex", "Sam"), 0, store=store, clock=clock)
    running.send(engine.Advance(clock()))
    running.send(engine.Back(clock()))
    running.send(engine.Advance(clock()))
    items = store.open_homework()
    assert len(items) == 1
    assert items[0].text.startswith("Alex, thank Sam once a day.")
    assert items[0].due_at == pytest.approx(clock() + 3 * 86400)


KILLED_RUN = """
import os, sys, time
from pathlib import Path
from reconnect import engine, session
from reconnect.format import load_file
from reconnect.store import Store

store = Store.open(Path(sys.argv[1]))
exercise = load_file(sys.argv[2]).exercise
running = session.start(exercise, ("Alex", "Sam"), 0, store=store)
for event in (engine.Advance(time.time()), engine.Rate(time.time(), 6),
              engine.Advance(time.time()), engine.Rate(time.time(), 8)):
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
        resumed = session.resume(store, unfinished[0].id, clock)
        view = resumed.view()
        assert view.expects == "reveal"
        assert view.revealed[0].answers == ("6", "8")
