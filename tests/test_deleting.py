"""Your data, your choice: discarding, deleting and forgetting, with nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import Button, OptionList

from reconnect.core import events as ev
from reconnect.storage import journal
from reconnect.storage.store import Store
from reconnect.tui.dialogs.confirm import ConfirmDialog
from reconnect.tui.screens.history import HistoryScreen

from pilot_helpers import familiar_app, settle

SECRET = "a-secret-wish-nobody-else-may-read"
OTHER = "an-answer-that-stays"


def raw_bytes(folder: Path) -> bytes:
    """Everything in the progress file and its journal, as bytes on the disk."""
    return b"".join(path.read_bytes() for path in sorted(folder.glob("reconnect.db*"))
                    if path.is_file())


def saved_answer(store: Store, exercise, clock, text: str, names=("Alex", "Sam")) -> int:
    running = journal.begin(store, exercise, names, 0, clock=clock)
    running.send(ev.JumpTo(clock(), "wish"))
    running.send(ev.Advance(clock()))
    running.send(ev.Answer(clock(), text))
    return running.journal.session_id


def test_a_deleted_session_leaves_no_trace_of_its_answers_in_the_raw_files(
        store, sample_library, clock, private_data_dir):
    exercise = sample_library.get("walkthrough")
    secret = saved_answer(store, exercise, clock, SECRET)
    saved_answer(store, exercise, clock, OTHER)
    assert SECRET.encode() in raw_bytes(private_data_dir)
    store.delete_session(secret)
    data = raw_bytes(private_data_dir)
    assert SECRET.encode() not in data  # secure_delete, and the journal emptied
    assert OTHER.encode() in data or store.session_count() == 1
    assert store.session(secret) is None and store.events(secret) == []


def test_deleting_a_couple_deletes_all_their_sessions(store, sample_library, clock,
                                                      private_data_dir):
    exercise = sample_library.get("walkthrough")
    couple = store.save_couple("Alex", "Sam", clock())
    for _ in range(3):
        running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock,
                                couple_id=couple)
        running.send(ev.JumpTo(clock(), "wish"))
        running.send(ev.Advance(clock()))
        running.send(ev.Answer(clock(), SECRET))
    other = store.save_couple("Kim", "Lee", clock())
    kept = journal.begin(store, exercise, ("Kim", "Lee"), 0, clock=clock, couple_id=other)
    assert store.delete_couple(couple) == 3
    assert [c.partner_a for c in store.couples()] == ["Kim"]
    assert [s.id for s in store.recent_sessions()] == [kept.journal.session_id]
    assert SECRET.encode() not in raw_bytes(private_data_dir)


async def test_home_discards_an_unfinished_session_only_when_asked_twice(sample_library, store,
                                                                        clock):
    session_id = saved_answer(store, sample_library.get("walkthrough"), clock, SECRET)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Walkthrough" in dialog.question and "Alex and Sam" in dialog.question
        assert dialog.focused is dialog.query_one("#no", Button)  # a stray Enter keeps it
        await pilot.press("enter")
        await settle(pilot)
        assert store.session(session_id) is not None
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("right", "enter")  # a deliberate choice
        await settle(pilot)
        assert store.session(session_id) is None
        assert not store.unfinished_sessions()


async def test_history_deletes_a_session_and_a_couple_after_asking(sample_library, store, clock):
    exercise = sample_library.get("walkthrough")
    couple = store.save_couple("Alex", "Sam", clock())
    for _ in range(2):
        journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock, couple_id=couple)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.pause(0.3)
        assert isinstance(app.screen, HistoryScreen)
        assert len(app.screen.query_one("#sessions", OptionList).options) == 2
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "Delete" in app.screen.question
        await pilot.press("right", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        assert store.session_count() == 1
        await pilot.press("c")
        await settle(pilot)
        assert "Alex and Sam and all 1 of their session" in app.screen.question
        await pilot.press("right", "enter")
        await settle(pilot)
        assert store.session_count() == 0 and store.couples() == []


def forget(data_dir: Path, typed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", "--data-dir", str(data_dir),
                           "forget", "--all"], input=typed, capture_output=True, text=True,
                          timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_forget_all_asks_for_the_words_then_deletes_everything_reconnect_wrote(
        tmp_path: Path, sample_library, clock):
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        saved_answer(store, sample_library.get("walkthrough"), clock, SECRET)
    (data_dir / "reconnect.db.corrupt-20260101-000000").write_bytes(SECRET.encode())
    (data_dir / "exercises").mkdir()
    (data_dir / "exercises" / "mine.toml").write_text("format = 1\n")
    refused = forget(data_dir, "yes\n")
    assert refused.returncode == 1 and "Nothing was deleted." in refused.stdout
    assert (data_dir / "reconnect.db").exists()
    done = forget(data_dir, "delete everything\n")
    assert done.returncode == 0, done.stderr
    assert "reconnect.db.corrupt-20260101-000000" in done.stdout  # it names what goes
    left = sorted(path.relative_to(data_dir).as_posix() for path in data_dir.rglob("*"))
    assert left == ["exercises", "exercises/mine.toml"]  # the couple's own files stay


def test_forget_refuses_while_reconnect_is_open(tmp_path: Path):
    from reconnect.storage.lock import acquire

    data_dir = tmp_path / "data"
    Store.open(data_dir).close()
    with acquire(data_dir):
        result = forget(data_dir, "delete everything\n")
    assert result.returncode == 1 and "open in another window" in result.stderr
    assert (data_dir / "reconnect.db").exists()
