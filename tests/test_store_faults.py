"""Damaged and hostile files: what a fault-injection run found, each as it was reported."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect.errors import ReconnectError
from reconnect.format.library import Library
from reconnect.storage.store import Store
from reconnect.tui.app import make_app
from store_damage import damage

from pilot_helpers import settle


def fill(store: Store, sessions: int, words: int = 300) -> None:
    for number in range(sessions):
        session = store.start_session(
            exercise_id="x", exercise_title="X", exercise_digest="", exercise_source="",
            exercise_path="", partners=("Alex", "Sam"), at=float(number))
        store.append_event(session, "answer", {"text": "words " * words}, float(number))


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file of 2,200 sessions, made once for the tests that damage a copy of it (each save
    is durable: made anew for each test, it took seconds)."""
    folder = tmp_path_factory.mktemp("big")
    with Store.open(folder) as store:
        fill(store, 2200)
    path = folder / "reconnect.db"
    assert path.stat().st_size > 4 * 1024 * 1024  # once too large to be checked at opening
    return path


def big_damaged_store(big_store: Path, folder: Path) -> bytes:
    folder.mkdir(mode=0o700)
    path = folder / "reconnect.db"
    path.write_bytes(big_store.read_bytes())
    path.chmod(0o600)
    return damage(path)


def test_a_damaged_file_over_4_mib_is_moved_aside_on_first_read(tmp_path: Path,
                                                                 big_store: Path) -> None:
    """The report: StoreError at store.couples, a crash on the first read."""
    folder = tmp_path / "data"
    damaged = big_damaged_store(big_store, folder)
    with Store.open(folder) as store:
        with pytest.raises(ReconnectError, match="moved to"):
            store.unfinished_sessions()
        assert store.moved_aside is not None
        assert store.moved_aside.read_bytes() == damaged  # moved, never changed or deleted
        assert store.unfinished_sessions() == []  # a fresh file from now on
        assert store.couples() == []


async def test_the_app_opens_on_a_damaged_file_and_says_where_it_went(tmp_path: Path, clock,
                                                                     big_store: Path) -> None:
    folder = tmp_path / "data"
    big_damaged_store(big_store, folder)
    store = Store.open(folder)
    app = make_app(library=Library(()), store=store, clock=clock)
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)  # the background check of the file
        await settle(pilot)
        assert store.moved_aside is not None
        messages = [n.message for n in app._notifications]
        assert any("moved to" in message for message in messages), messages
    store.close()


def three_sessions_without(tmp_path: Path, table: str) -> Path:
    """A data folder holding three sessions, whose file then lost ``table``."""
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        fill(store, 3, words=2)
    conn = sqlite3.connect(folder / "reconnect.db")
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    conn.close()
    return folder


@pytest.mark.parametrize("table", ["checkins", "homework", "settings", "couples", "drafts"])
def test_a_lost_table_that_held_nothing_irreplaceable_is_recreated(tmp_path: Path,
                                                                  table: str) -> None:
    folder = three_sessions_without(tmp_path, table)
    with Store.open(folder) as store:
        assert store.moved_aside is None
        assert store.session_count() == 3  # the sessions and their answers are all there
        assert store.checkin_points() == [] and store.open_homework() == []
        store.set_setting("safety_notice_seen", "yes")
        assert store.couples() == []


@pytest.mark.parametrize("table", ["sessions", "events"])
def test_a_file_that_lost_its_sessions_or_events_is_moved_aside(tmp_path: Path,
                                                              table: str) -> None:
    folder = three_sessions_without(tmp_path, table)
    with Store.open(folder) as store:
        assert store.moved_aside is not None and store.moved_aside.exists()
        assert store.session_count() == 0


def test_no_traceback_ever_reaches_the_person_at_the_keyboard(tmp_path: Path) -> None:
    """The report: a missing table gave a traceback at start on the fast path."""
    code = ("import sys\nimport reconnect.tui.launch as launch\n"
            "def broken(**kwargs):\n    raise RuntimeError('no such table: events')\n"
            "launch.launch = broken\nfrom reconnect.cli.entry import main\n"
            f"sys.argv = ['reconnect', '--data-dir', {str(tmp_path)!r}]\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                            timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "something went wrong: no such table: events" in result.stderr


def test_copies_of_damaged_files_and_new_data_folders_are_private_under_any_umask(
        tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = tmp_path / "deep" / "er" / "data"
        with Store.open(folder) as store:
            fill(store, 40, words=50)
            assert store._conn is not None
            store._conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the answers in the -wal
            fill(store, 10, words=50)
            wal = Path(f"{store.path}-wal")
            assert wal.stat().st_size > 0
            store._recover()  # as a damaged file found on first use would be
            moved = store.moved_aside
        assert moved is not None
        for made in (moved, Path(f"{moved}-wal")):
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
        for parent in (tmp_path / "deep", tmp_path / "deep" / "er", folder):
            assert stat.S_IMODE(parent.stat().st_mode) == 0o700, parent
    finally:
        os.umask(old)
