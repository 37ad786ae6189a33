"""The progress store: durability, privacy, recovery and every query the app relies on."""

from __future__ import annotations

import math
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import reconnect.storage.migrations as migrations_module
from reconnect.storage.migrations import SCHEMA_VERSION
from reconnect.storage.store import (
    CHECKPOINT_EVERY,
    CheckinPoint,
    CheckinValue,
    Couple,
    Homework,
    Place,
    SessionRecord,
    Store,
    StoredEvent,
    StoreError,
)
from store_damage import damage

SRC = Path(__file__).resolve().parent.parent / "src"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(folder: Path) -> Iterator[Store]:
    with Store.open(folder) as opened:
        yield opened


def new_session(store: Store, at: float = 1000.0, **overrides: object) -> int:
    fields: dict[str, object] = {
        "exercise_id": "gratitude-basics",
        "exercise_title": "Gratitude basics",
        "exercise_digest": "sha256:abc",
        "exercise_source": 'id = "gratitude-basics"\ntitle = "Gratitude basics"\n',
        "exercise_path": "/exercises/gratitude.toml",
        "partners": ("Alex", "Sam"),
        "at": at,
    }
    fields.update(overrides)
    return store.start_session(**fields)  # type: ignore[arg-type]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_calm(message: str, *names: object) -> None:
    """A user-facing error: one line, one sentence, naming what it is about, no traceback."""
    assert "\n" not in message
    assert "Traceback" not in message
    assert message.endswith(".")
    for name in names:
        assert str(name) in message


# -- opening, pragmas, permissions -----------------------------------------------------------


def test_open_creates_database_in_folder_with_expected_pragmas(store: Store, folder: Path) -> None:
    assert store.path == folder / "reconnect.db"
    assert store.path.is_file()
    assert store.moved_aside is None
    conn = store._conn
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    assert conn.isolation_level is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folder_and_files_are_private_whatever_the_umask(folder: Path) -> None:
    old = os.umask(0)
    try:
        with Store.open(folder) as store:
            session = new_session(store)
            store.append_event(session, "answer", {"text": "hello"}, 1001.0)
            assert mode(folder) == 0o700
            assert mode(store.path) == 0o600
            wal = Path(f"{store.path}-wal")
            shm = Path(f"{store.path}-shm")
            assert wal.exists() and mode(wal) == 0o600
            assert shm.exists() and mode(shm) == 0o600
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_existing_loose_permissions_are_tightened(folder: Path) -> None:
    Store.open(folder).close()
    os.chmod(folder, 0o755)
    os.chmod(folder / "reconnect.db", 0o644)
    with Store.open(folder) as store:
        assert mode(folder) == 0o700
        assert mode(store.path) == 0o600


def test_close_is_idempotent_and_a_closed_store_refuses_work(folder: Path) -> None:
    store = Store.open(folder)
    store.close()
    store.close()
    with pytest.raises(RuntimeError):
        store.session_count()


# -- couples, sessions, events ---------------------------------------------------------------


def test_save_couple_upserts_and_lists_most_recent_first(store: Store) -> None:
    first = store.save_couple("Alex", "Sam", 100.0)
    second = store.save_couple("Jo", "Kim", 200.0)
    assert first != second
    assert store.save_couple("Alex", "Sam", 300.0) == first  # same pair: same row, bumped
    assert store.couples() == [
        Couple(first, "Alex", "Sam", 300.0),
        Couple(second, "Jo", "Kim", 200.0),
    ]
    assert store.save_couple("Sam", "Alex", 50.0) not in (first, second)  # order is meaningful
    assert len(store.couples(limit=2)) == 2


def test_the_latest_couple_is_the_one_who_used_reconnect_last(store: Store) -> None:
    """Home and History both ask the store (one rule): a shared laptop shows the streak and
    check-ins of the couple who used it last, never a mix."""
    assert store.latest_couple() is None
    first = store.save_couple("Alex", "Sam", 100.0)
    second = store.save_couple("Jo", "Kim", 200.0)
    assert store.latest_couple() == Couple(second, "Jo", "Kim", 200.0)
    store.save_couple("Alex", "Sam", 300.0)  # they came back
    assert store.latest_couple() == Couple(first, "Alex", "Sam", 300.0)
    store.save_couple("Ana", "Luis", 300.0)  # the same moment: the newer couple
    latest = store.latest_couple()
    assert latest is not None and (latest.partner_a, latest.partner_b) == ("Ana", "Luis")


def test_session_round_trip_keeps_everything_exactly(store: Store) -> None:
    couple = store.save_couple("Zoë", "李雷", 10.0)
    source = '[exercise]\ntitle = "Ünïcode \\"quoted\\""\n' + "x" * 20_000
    session = store.start_session(
        exercise_id="ex-1",
        exercise_title="Title with émoji 💞",
        exercise_digest="sha256:0123",
        exercise_source=source,
        exercise_path="/home/u/exercises/ex 1.toml",
        partners=("Zoë", "李雷"),
        at=12.5,
        couple_id=couple,
        place=Place("intro", 1, 9),
    )
    assert store.session(session) == SessionRecord(
        id=session, couple_id=couple, exercise_id="ex-1", exercise_title="Title with émoji 💞",
        exercise_digest="sha256:0123",
        exercise_path="/home/u/exercises/ex 1.toml", partner_a="Zoë", partner_b="李雷",
        started_at=12.5, updated_at=12.5, finished_at=None, status="active",
        step_id="intro", step_number=1, step_total=9,
    )
    assert store.exercise_text(session) == source  # kept once, apart from the session row
    assert store.session(session + 1000) is None
    plain = new_session(store)
    record = store.session(plain)
    assert record is not None and record.couple_id is None
    assert (record.step_id, record.step_number, record.step_total) == ("", 0, 0)


def test_start_session_with_unknown_couple_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        new_session(store, couple_id=999)
    assert store.session_count() == 0


def test_append_event_numbers_events_per_session_and_updates_progress(store: Store) -> None:
    one = new_session(store, at=1.0)
    two = new_session(store, at=2.0)
    payload = {"text": "Thank you — ☕ — every morning.\nReally.", "n": [1, 2.5, None, True]}
    assert store.append_event(one, "answer", payload, 10.0) == 1
    assert store.append_event(one, "step", {}, 11.0, place=Place("s2", 2, 5)) == 2
    assert store.append_event(two, "answer", {"x": 1}, 12.0) == 1
    assert store.append_event(one, "answer", {"y": "z"}, 13.0) == 3
    assert store.events(one) == [
        StoredEvent(1, 10.0, "answer", payload),
        StoredEvent(2, 11.0, "step", {}),
        StoredEvent(3, 13.0, "answer", {"y": "z"}),
    ]
    assert store.events(two) == [StoredEvent(1, 12.0, "answer", {"x": 1})]
    record = store.session(one)
    assert record is not None
    assert record.updated_at == 13.0
    assert (record.step_id, record.step_number, record.step_total) == ("s2", 2, 5)
    assert store.events(999) == []


def test_payload_is_stored_as_readable_utf8_json(store: Store) -> None:
    session = new_session(store)
    store.append_event(session, "answer", {"text": "café"}, 5.0)
    assert store._conn is not None
    (raw,) = store._conn.execute("SELECT payload FROM events").fetchone()
    assert raw == '{"text": "café"}'


def test_lone_surrogate_in_an_answer_is_kept_not_refused(store: Store) -> None:
    session = new_session(store)
    payload = {"text": "bad byte \udcff here"}
    store.append_event(session, "answer", payload, 5.0)
    assert store.events(session)[0].payload == payload


def test_events_survive_close_and_reopen(folder: Path) -> None:
    with Store.open(folder) as store:
        session = new_session(store)
        for i in range(20):
            store.append_event(session, "answer", {"i": i}, 100.0 + i)
    with Store.open(folder) as store:
        events = store.events(session)
        assert [event.payload["i"] for event in events] == list(range(20))
        assert [event.seq for event in events] == list(range(1, 21))
        assert store.append_event(session, "answer", {"i": 20}, 200.0) == 21


def test_two_stores_on_one_file_never_reuse_a_seq(folder: Path) -> None:
    with Store.open(folder) as first, Store.open(folder) as second:
        session = new_session(first)
        seqs = [
            (first if i % 2 else second).append_event(session, "answer", {"i": i}, float(i))
            for i in range(10)
        ]
        assert seqs == list(range(1, 11))


def test_store_can_be_used_from_another_thread(store: Store) -> None:
    session = new_session(store)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            store.append_event(session, "answer", {"from": "thread"}, 3.0)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []
    assert store.events(session)[0].payload == {"from": "thread"}


# -- failed appends leave everything intact ---------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [{"when": object()}, {"x": math.nan}, {"x": math.inf}, ["not", "a", "dict"], {(1, 2): "key"}],
)
def test_non_json_payload_is_refused_before_touching_the_database(
    store: Store, payload: object
) -> None:
    session = new_session(store, at=1.0)
    store.append_event(session, "answer", {"kept": True}, 2.0)
    with pytest.raises(TypeError):
        store.append_event(
            session, "answer", payload, 3.0, place=Place("x", 9, 9)  # type: ignore[arg-type]
        )
    assert store.events(session) == [StoredEvent(1, 2.0, "answer", {"kept": True})]
    record = store.session(session)
    assert record is not None and record.updated_at == 2.0 and record.step_id == ""
    assert store.append_event(session, "answer", {"next": 1}, 4.0) == 2


def test_append_to_unknown_session_writes_nothing(store: Store) -> None:
    with pytest.raises(ValueError):
        store.append_event(42, "answer", {}, 1.0, checkins=[CheckinValue("mood", "", 0, 3)])
    assert store.checkin_points() == []
    assert store.events(42) == []


@pytest.mark.parametrize(
    "bad",
    [CheckinValue("mood", "during", 0, 3), CheckinValue("mood", "before", 2, 3),
     CheckinValue("mood", "before", 0, 2.5)],  # type: ignore[arg-type]
)
def test_invalid_checkin_is_refused_before_the_event_is_written(
    store: Store, bad: CheckinValue
) -> None:
    session = new_session(store)
    good = CheckinValue("mood", "before", 0, 4)
    with pytest.raises((ValueError, TypeError)):
        store.append_event(session, "rating", {}, 5.0, checkins=[good, bad])
    assert store.events(session) == []
    assert store.checkin_points() == []


def test_checkins_are_in_the_same_transaction_as_their_event(store: Store) -> None:
    session = new_session(store, at=1.0)
    seq = store.append_event(
        session, "rating", {"measure": "closeness"}, 10.0,
        checkins=[
            CheckinValue("closeness", "before", 0, 6),
            CheckinValue("closeness", "before", 1, 8),
        ],
    )
    assert store.checkin_points() == [
        CheckinPoint(session, 10.0, "closeness", "before", 0, 6),
        CheckinPoint(session, 10.0, "closeness", "before", 1, 8),
    ]
    assert store._conn is not None
    assert store._conn.execute("SELECT DISTINCT seq FROM checkins").fetchall() == [(seq,)]
    # Make the check-in insert fail after the event row went in: the event must vanish too.
    store._conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON checkins BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(StoreError) as caught:
        store.append_event(
            session, "rating", {}, 20.0, place=Place("after", 5, 5),
            checkins=[CheckinValue("closeness", "after", 0, 9)],
        )
    assert_calm(str(caught.value), store.path)
    assert [event.seq for event in store.events(session)] == [1]
    assert len(store.checkin_points()) == 2
    record = store.session(session)
    assert record is not None and record.updated_at == 10.0 and record.step_id == ""
    store._conn.execute("DROP TRIGGER temp.refuse")
    assert store.append_event(session, "rating", {}, 21.0) == 2


def test_disk_full_gives_a_calm_error_and_loses_nothing(store: Store) -> None:
    session = new_session(store)
    for i in range(5):
        store.append_event(session, "answer", {"i": i}, float(i))
    assert store._conn is not None
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" is now full
    with pytest.raises(StoreError) as caught:
        store.append_event(session, "answer", {"text": "x" * 100_000}, 99.0)
    assert_calm(str(caught.value), store.path)
    assert "disk is full" in str(caught.value)
    assert [event.payload for event in store.events(session)] == [{"i": i} for i in range(5)]
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.append_event(session, "answer", {"text": "x" * 100_000}, 100.0) == 6


# -- a killed process keeps every committed event ---------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from reconnect.storage.store import Store, Place

    store = Store.open(Path(sys.argv[1]))
    session = store.start_session(
        exercise_id="e", exercise_title="E", exercise_digest="d", exercise_source="src",
        exercise_path="p", partners=("A", "B"), at=1.0,
    )
    for i in range(40):
        store.append_event(session, "answer", {"i": i, "text": "words " * 50}, 2.0 + i,
                           place=Place(f"s{i}", i + 1, 40))
    print("ready", session, flush=True)
    if sys.argv[2] == "exit":
        os._exit(0)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("ending", ["exit", "sigkill"])
def test_killed_process_keeps_every_committed_event(folder: Path, ending: str) -> None:
    if ending == "sigkill" and not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), ending],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().split()
        assert line[0] == "ready"
        if ending == "sigkill":
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    session = int(line[1])
    with Store.open(folder) as store:
        assert store.moved_aside is None
        assert [event.payload["i"] for event in store.events(session)] == list(range(40))
        record = store.session(session)
        assert record is not None
        assert (record.step_id, record.step_number, record.updated_at) == ("s39", 40, 41.0)


def _save_many(store: Store, session: int, count: int, first: int = 0) -> None:
    for i in range(first, first + count):
        store.append_event(session, "answer", {"i": i, "text": "words " * 20}, 2.0 + i,
                           place=Place(f"s{i}", i + 1, 5000))


def test_a_save_never_copies_the_write_ahead_log_into_the_file_itself(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite's own checkpoint runs inside the save that takes the log past 1,000 pages (about
    # 250 saves here): a pause of tens of milliseconds on that key press. Saves must leave
    # the file alone; the copy is the store's thread's work, kept from running here.
    monkeypatch.setattr("reconnect.storage.store._checkpoint", lambda path: None)
    with Store.open(folder) as store:
        session = new_session(store)
        _save_many(store, session, 1)
        before = store.path.read_bytes()
        _save_many(store, session, 400, first=1)
        assert store.path.read_bytes() == before
        assert [event.payload["i"] for event in store.events(session)] == list(range(401))


def test_the_store_copies_the_log_into_the_file_after_saves_so_it_stays_small(
        folder: Path) -> None:
    wal = folder / "reconnect.db-wal"
    with Store.open(folder) as store:
        session = new_session(store)
        file_before = store.path.read_bytes()
        _save_many(store, session, CHECKPOINT_EVERY - 1)  # with the start: one batch of saves
        sizes = []
        for batch in range(5):
            store.settle()  # a couple's next key press comes long after the copy is done
            sizes.append(wal.stat().st_size)
            _save_many(store, session, CHECKPOINT_EVERY, first=(batch + 1) * CHECKPOINT_EVERY - 1)
        one_batch = sizes[0]
        # the log is written from its start again once it was copied: five batches of saves
        # take the room of about one, not five
        assert max(sizes) < 2 * one_batch
        assert store.path.read_bytes() != file_before  # the saves were copied into the file
    with Store.open(folder) as store:
        assert [event.payload["i"] for event in store.events(session)] == list(
            range(6 * CHECKPOINT_EVERY - 1))


def test_saves_in_a_quick_row_still_keep_the_log_within_its_limit(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # saves one after another leave the thread no quiet moment to copy all of the log; past
    # its limit, the save that finds it so copies and empties it
    monkeypatch.setattr("reconnect.storage.store._checkpoint", lambda path: None)
    monkeypatch.setattr("reconnect.storage.store.LOG_LIMIT_BYTES", 256 * 1024)
    wal = folder / "reconnect.db-wal"
    with Store.open(folder) as store:
        session = new_session(store)
        largest = 0
        for batch in range(6):
            _save_many(store, session, CHECKPOINT_EVERY, first=batch * CHECKPOINT_EVERY)
            largest = max(largest, wal.stat().st_size)
        # a batch is about 1.6 MiB of log: each one ends by emptying it
        assert wal.stat().st_size < 256 * 1024
        assert largest < 2 * 1024 * 1024
    with Store.open(folder) as store:
        assert [event.payload["i"] for event in store.events(session)] == list(
            range(6 * CHECKPOINT_EVERY))


def test_closing_waits_for_the_copy_under_way_and_leaves_no_log(folder: Path) -> None:
    store = Store.open(folder)
    session = new_session(store)
    _save_many(store, session, CHECKPOINT_EVERY)  # the last save starts a copy
    store.close()
    assert not (folder / "reconnect.db-wal").exists()
    assert not any(thread.name == "reconnect-checkpoint" for thread in threading.enumerate())
    with Store.open(folder) as store:
        assert len(store.events(session)) == CHECKPOINT_EVERY


# -- damaged and foreign files --------------------------------------------------------------

CORRUPT_NAME = re.compile(r"^reconnect\.db\.corrupt-\d{8}-\d{6}$")


def test_garbage_file_is_moved_aside_with_its_bytes_and_a_fresh_store_works(folder: Path) -> None:
    folder.mkdir()
    garbage = b"this is not a database at all \x00\xff" * 400
    wal_garbage = b"stale journal" * 10
    (folder / "reconnect.db").write_bytes(garbage)
    (folder / "reconnect.db-wal").write_bytes(wal_garbage)
    with Store.open(folder) as store:
        moved = store.moved_aside
        assert moved is not None and moved.parent == folder
        assert CORRUPT_NAME.match(moved.name)
        assert moved.read_bytes() == garbage
        assert Path(f"{moved}-wal").read_bytes() == wal_garbage
        session = new_session(store)
        assert store.append_event(session, "answer", {"fresh": True}, 2.0) == 1
        assert store.session_count() == 1
    with Store.open(folder) as store:
        assert store.moved_aside is None
        assert store.session_count() == 1


def test_damaged_pages_are_caught_by_quick_check_and_moved_aside(folder: Path) -> None:
    with Store.open(folder) as store:
        for i in range(50):
            session = new_session(store, at=float(i))
            store.append_event(session, "answer", {"text": "words " * 100}, float(i))
    path = folder / "reconnect.db"
    data = damage(path, ("events",))
    with Store.open(folder) as store:
        assert store.moved_aside is None  # opening does not read every page (start-up time)
        store.set_setting("theme", "textual-light")  # the first write checks the file first
        assert store.moved_aside is not None
        assert store.moved_aside.read_bytes() == data
        assert store.session_count() == 0
        assert store.get_setting("theme") == "textual-light"  # written to the fresh file


def test_quick_check_failure_moves_file_aside_and_keeps_its_journal(tmp_path: Path) -> None:
    """A crash leaves a database plus a -wal holding the newest data; both must survive."""
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    with Store.open(live) as store:
        session = new_session(store)
        store.append_event(session, "answer", {"text": "only in the journal"}, 2.0)
        assert store._conn is not None
        # A NULL where the schema says NOT NULL is exactly what quick_check reports.
        store._conn.execute("CREATE TABLE t (x)")
        store._conn.execute("INSERT INTO t VALUES (NULL)")
        store._conn.execute("PRAGMA writable_schema = ON")
        store._conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE TABLE t (x NOT NULL)' WHERE name = 't'"
        )
        store._conn.execute("PRAGMA writable_schema = OFF")
        crashed.mkdir()
        for name in ("reconnect.db", "reconnect.db-wal"):  # what a power cut would leave
            (crashed / name).write_bytes((live / name).read_bytes())
    wal_bytes = (crashed / "reconnect.db-wal").read_bytes()
    assert len(wal_bytes) > 0
    with Store.open(crashed) as store:
        store.verify()  # as the app does in the background right after launch
        moved = store.moved_aside
        assert moved is not None and CORRUPT_NAME.match(moved.name)
        assert Path(f"{moved}-wal").read_bytes() == wal_bytes
        assert store.session_count() == 0
    check = sqlite3.connect(f"file:{moved}?mode=ro", uri=True)
    rows = check.execute("SELECT payload FROM events").fetchall()
    assert rows == [('{"text": "only in the journal"}',)]
    check.close()


def test_second_damage_in_the_same_second_gets_its_own_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda fmt: "20240102-030405")
    folder.mkdir()
    moved: list[Path] = []
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        (folder / "reconnect.db").write_bytes(content)
        with Store.open(folder) as store:
            assert store.moved_aside is not None
            moved.append(store.moved_aside)
    assert moved[0].name == "reconnect.db.corrupt-20240102-030405"
    assert moved[1].name == "reconnect.db.corrupt-20240102-030405-2"
    assert moved[0].read_bytes() == b"first garbage" * 100
    assert moved[1].read_bytes() == b"second garbage" * 100


def test_file_from_a_newer_reconnect_is_refused_and_left_untouched(folder: Path) -> None:
    folder.mkdir()
    path = folder / "reconnect.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES ('precious')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(folder)
    message = str(caught.value)
    assert_calm(message, path)
    assert "was written by a newer reconnect" in message and "upgrade reconnect" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["reconnect.db"]


# -- folders and files we cannot use -----------------------------------------------------------


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root ignores permissions")
def test_unwritable_parent_folder_gives_a_calm_error(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    os.chmod(parent, 0o500)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(parent / "data")
        assert_calm(str(caught.value), parent / "data")
        assert "permission" in str(caught.value)
    finally:
        os.chmod(parent, 0o700)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_locked_data_folder_of_our_own_is_made_private_and_usable(folder: Path) -> None:
    Store.open(folder).close()
    os.chmod(folder, 0o500)
    os.chmod(folder / "reconnect.db", 0o400)
    with Store.open(folder) as store:
        assert mode(folder) == 0o700 and mode(store.path) == 0o600
        assert store.append_event(new_session(store), "answer", {}, 1.0) == 1


def test_folder_below_a_regular_file_gives_a_calm_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("I am a file")
    target = tmp_path / "afile" / "sub"
    with pytest.raises(StoreError) as caught:
        Store.open(target)
    assert_calm(str(caught.value), target)
    assert (tmp_path / "afile").read_text() == "I am a file"


def test_database_path_that_is_a_folder_gives_a_calm_error(folder: Path) -> None:
    (folder / "reconnect.db").mkdir(parents=True)
    with pytest.raises(StoreError) as caught:
        Store.open(folder)
    assert_calm(str(caught.value), folder / "reconnect.db")


# -- migrations -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zero-bytes", "empty-sqlite"])
def test_version_zero_database_is_migrated(folder: Path, kind: str) -> None:
    folder.mkdir()
    path = folder / "reconnect.db"
    if kind == "zero-bytes":
        path.touch()
    else:
        conn = sqlite3.connect(path)
        conn.execute("VACUUM")  # writes a real, empty version-0 database
        conn.close()
        assert path.stat().st_size > 0
    with Store.open(folder) as store:
        assert store.moved_aside is None
        assert store._conn is not None
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in rows}
        assert {"couples", "sessions", "events", "checkins", "homework", "settings"} <= tables
        session = new_session(store)
        assert store.append_event(session, "answer", {}, 1.0) == 1


def test_migrations_are_applied_in_order_in_one_transaction(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(folder) as store:
        store.set_setting("kept", "yes")
    original = list(migrations_module.MIGRATIONS)
    broken = [*original, ("CREATE TABLE half (x)", "THIS IS NOT SQL")]
    monkeypatch.setattr(migrations_module, "MIGRATIONS", broken)
    with pytest.raises(StoreError) as caught:
        Store.open(folder)
    assert_calm(str(caught.value), folder / "reconnect.db")
    conn = sqlite3.connect(folder / "reconnect.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()

    def add_note_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    working = [*original, ("CREATE TABLE extra (x)",), (add_note_column,)]
    monkeypatch.setattr(migrations_module, "MIGRATIONS", working)
    with Store.open(folder) as store:
        assert store._conn is not None
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 2
        columns = [row[1] for row in store._conn.execute("PRAGMA table_info(sessions)")]
        assert "note" in columns
        assert store.get_setting("kept") == "yes"


# -- lists the home screen shows --------------------------------------------------------------


def test_unfinished_recent_and_count_with_hundreds_of_sessions(store: Store) -> None:
    ids = [new_session(store, at=1000.0 + i) for i in range(300)]
    for i, session in enumerate(ids):
        if i % 3 == 1:
            store.finish_session(session, 5000.0 + i)
        elif i % 3 == 2:
            store.finish_session(session, 5000.0 + i, status="abandoned")
    # Touch an old active session so it becomes the most recently updated one.
    store.append_event(ids[0], "answer", {}, 9000.0)
    assert store.session_count() == 300
    unfinished = store.unfinished_sessions()
    assert [s.id for s in unfinished] == [ids[0], ids[297], ids[294], ids[291], ids[288]]
    assert all(s.status == "active" and s.finished_at is None for s in unfinished)
    assert len(store.unfinished_sessions(limit=1000)) == 100
    recent = store.recent_sessions(limit=10)
    assert [s.id for s in recent] == ids[::-1][:10]
    page = store.recent_sessions(limit=10, offset=295)
    assert [s.id for s in page] == ids[4::-1]
    finished = store.session(ids[1])
    assert finished is not None and finished.status == "finished" and finished.finished_at == 5001.0
    abandoned = store.session(ids[2])
    assert abandoned is not None and abandoned.status == "abandoned"


def test_finish_session_validates_its_arguments(store: Store) -> None:
    session = new_session(store)
    with pytest.raises(ValueError):
        store.finish_session(session, 2.0, status="active")
    with pytest.raises(ValueError):
        store.finish_session(session + 1, 2.0)
    record = store.session(session)
    assert record is not None and record.status == "active"


def test_checkin_points_newest_window_returned_oldest_first(store: Store) -> None:
    session = new_session(store)
    for i in range(10):
        store.append_event(
            session, "rating", {}, 100.0 + i, checkins=[CheckinValue("mood", "after", i % 2, i)]
        )
    points = store.checkin_points(limit=3)
    assert [p.value for p in points] == [7, 8, 9]
    assert [p.value for p in store.checkin_points(since=105.0)] == [5, 6, 7, 8, 9]
    assert [p.value for p in store.checkin_points(since=105.0, limit=2)] == [8, 9]
    assert points[0] == CheckinPoint(session, 107.0, "mood", "after", 1, 7)


def local(year: int, month: int, day: int, hour: int) -> float:
    return datetime(year, month, day, hour).timestamp()


def test_session_days_are_distinct_local_dates_of_finished_sessions(store: Store) -> None:
    plan = [
        (local(2024, 3, 1, 9), "finished"),
        (local(2024, 3, 1, 21), "finished"),
        (local(2024, 3, 2, 23), "finished"),
        (local(2024, 3, 4, 0), "abandoned"),
        (local(2024, 3, 5, 8), "finished"),
    ]
    for at, status in plan:
        store.finish_session(new_session(store, at=at - 60), at, status=status)
    new_session(store, at=local(2024, 3, 6, 12))  # still active: no day
    assert store.session_days() == ["2024-03-05", "2024-03-02", "2024-03-01"]
    assert store.session_days(limit=2) == ["2024-03-05", "2024-03-02"]
    assert store.session_days(until_gap=True) == ["2024-03-05"]  # the 4th has none
    store.finish_session(new_session(store, at=local(2024, 3, 4, 7)), local(2024, 3, 4, 8))
    assert store.session_days(until_gap=True) == ["2024-03-05", "2024-03-04"]


@pytest.fixture
def berlin_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time with daylight saving (the clocks went forward on 31 March 2024)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.tuples(st.integers(0, 40), st.sampled_from([0, 1, 59, 600, 1380, 1439]),
                               st.booleans(), st.sampled_from([None, 0, 1])),
                     max_size=60),
       limit=st.sampled_from([1, 3, 8, 9, 24, 25, 400]))
@example(plan=[(day, 600, True, 0) for day in range(41)], limit=400)  # longer than two runs
@example(plan=[(day, 1439, day != 30, None) for day in range(41)], limit=400)
def test_days_in_a_row_match_the_dates_of_every_finished_session(
        berlin_time: None, tmp_path_factory: pytest.TempPathFactory,
        plan: list[tuple[int, int, bool, int | None]], limit: int) -> None:
    """The streak's days, found a run of days at a time, are the days a walk over every
    finished session finds: across the change to summer time, at a minute past and before
    midnight, per couple and for everyone."""
    with Store.open(tmp_path_factory.mktemp("days")) as store:
        couples = [store.save_couple("Alex", "Sam", 1.0), store.save_couple("Kim", "Lee", 1.0)]
        finished: list[tuple[float, int | None]] = []
        for day, minute, done, couple in plan:
            at = datetime(2024, 3, 10).timestamp() + (day * 24 * 60 + minute) * 60
            couple_id = None if couple is None else couples[couple]
            session = new_session(store, at=at - 1, couple_id=couple_id)
            store.finish_session(session, at, status="finished" if done else "abandoned")
            if done:
                finished.append((at, couple_id))
        for couple_id in (None, *couples):
            dates = {datetime.fromtimestamp(at).date() for at, owner in finished
                     if couple_id is None or owner == couple_id}
            expected: list[str] = []
            day = max(dates) if dates else None
            while day in dates and len(expected) < limit:
                expected.append(day.isoformat())
                day -= timedelta(days=1)
            assert store.session_days(limit, couple_id, until_gap=True) == expected


def test_home_screen_queries_use_indexes(store: Store) -> None:
    session = new_session(store)
    store.append_event(session, "rating", {}, 2.0, checkins=[CheckinValue("m", "", 0, 1)])
    couple = store.save_couple("A", "B", 1.0)
    store.finish_session(new_session(store, at=3.0, couple_id=couple), 4.0)
    assert store._conn is not None
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    store.unfinished_sessions()
    store.recent_sessions()
    store.checkin_points()
    store.checkin_points(since=1.0)
    store.session_days()
    store.session_days(couple_id=couple, until_gap=True)
    store.session_days(until_gap=True)
    store.couples()
    store.open_homework()
    store._conn.set_trace_callback(None)
    selects = sorted({s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))})
    assert len(selects) == 11
    for sql in selects:
        plan = " | ".join(row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "INDEX" in plan, (sql, plan)
        if "homework" not in sql:  # the open-homework list is tiny and sorts nulls last
            assert "TEMP B-TREE" not in plan, (sql, plan)


# -- homework and settings --------------------------------------------------------------------


def test_homework_round_trip_order_and_completion(store: Store) -> None:
    session = new_session(store)
    undated = store.add_homework(session, "Write one note of thanks", 10.0, None)
    later = store.add_homework(session, "Walk together", 11.0, 500.0)
    sooner = store.add_homework(session, "Cook dinner — together", 12.0, 200.0)
    assert store.open_homework() == [
        Homework(sooner, session, "Cook dinner — together", 12.0, 200.0, None),
        Homework(later, session, "Walk together", 11.0, 500.0, None),
        Homework(undated, session, "Write one note of thanks", 10.0, None, None),
    ]
    store.mark_homework_done(sooner, 300.0)
    store.mark_homework_done(sooner, 400.0)  # a second tap keeps the first time
    assert [h.id for h in store.open_homework()] == [later, undated]
    assert store._conn is not None
    row = store._conn.execute("SELECT done_at FROM homework WHERE id = ?", (sooner,)).fetchone()
    assert row == (300.0,)
    with pytest.raises(ValueError):
        store.mark_homework_done(9999, 1.0)
    with pytest.raises(ValueError):
        store.add_homework(session + 50, "orphan", 1.0, None)


def test_settings_round_trip(folder: Path) -> None:
    with Store.open(folder) as store:
        assert store.get_setting("theme") is None
        assert store.get_setting("theme", "dark") == "dark"
        store.set_setting("theme", "light")
        store.set_setting("theme", "high-contrast")
        store.set_setting("name", "")
    with Store.open(folder) as store:
        assert store.get_setting("theme", "dark") == "high-contrast"
        assert store.get_setting("name", "fallback") == ""


def test_streak_days_and_checkins_can_be_one_couples_own(tmp_path):
    with Store.open(tmp_path / "d") as store:
        ours = store.save_couple("Alex", "Sam", 1.0)
        theirs = store.save_couple("Robin", "Kai", 2.0)
        for couple, at, value in ((ours, 1_800_000_000.0, 4), (theirs, 1_800_090_000.0, 9)):
            session = store.start_session(
                exercise_id="x", exercise_title="X", exercise_digest="d", exercise_source="",
                exercise_path="", partners=("a", "b"), at=at, couple_id=couple)
            store.append_event(session, "rate", {"value": value}, at,
                               checkins=[CheckinValue("calm", "before", 0, value)])
            store.finish_session(session, at + 60)
        assert len(store.session_days()) == 2
        assert len(store.session_days(couple_id=ours)) == 1
        assert [p.value for p in store.checkin_points(couple_id=ours)] == [4]
        assert [p.value for p in store.checkin_points(couple_id=theirs)] == [9]
        assert [p.value for p in store.checkin_points()] == [4, 9]


def test_a_folder_where_the_database_should_be_is_reported_and_left_alone(tmp_path):
    folder = tmp_path / "d"
    (folder / "reconnect.db").mkdir(parents=True, mode=0o755)
    os.chmod(folder / "reconnect.db", 0o755)
    with pytest.raises(StoreError, match="folder"):
        Store.open(folder)
    assert oct((folder / "reconnect.db").stat().st_mode & 0o777) == "0o755"
