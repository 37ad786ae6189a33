"""A progress file written by the first released reconnect (schema 1) is upgraded in place: every
event kept exactly, every session replays as before, each exercise text stored once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reconnect.core.events import decode_all
from reconnect.core.trail import replay
from reconnect.format import load_text
from reconnect.storage import journal, migrations
from reconnect.storage.migrations import SCHEMA_VERSION
from reconnect.storage.store import Store, StoredEvent

from conftest import DATA

OLD = DATA / "progress-v1.db"
"""Written by reconnect 0dcabb2 (the version released before this schema): three sessions, one
finished with answers, pauses and a time-out, one unfinished with a kept draft, and a third on
the same exercise text as the first."""


def old_rows(path: Path) -> tuple[dict[int, list[tuple]], dict[int, str]]:
    conn = sqlite3.connect(path)
    events: dict[int, list[tuple]] = {}
    for row in conn.execute("SELECT session_id, seq, at, type, payload FROM events ORDER BY 1, 2"):
        events.setdefault(row[0], []).append(row[1:])
    texts = dict(conn.execute("SELECT id, exercise_source FROM sessions"))
    conn.close()
    return events, texts


def test_the_upgrade_keeps_every_event_and_every_session_replays_the_same(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(OLD, folder / "reconnect.db")
    events_before, texts_before = old_rows(folder / "reconnect.db")
    assert len(texts_before) == 3 and sum(map(len, events_before.values())) > 50
    with Store.open(folder) as store:
        assert store._connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for session_id, rows in events_before.items():
            after = [(e.seq, e.at, e.type, e.payload) for e in store.events(session_id)]
            import json

            assert after == [(seq, at, kind, json.loads(payload))
                             for seq, at, kind, payload in rows], f"session {session_id}"
            assert store.exercise_text(session_id) == texts_before[session_id]
            record = store.session(session_id)
            assert record is not None
            upgraded = journal.trail_of(store, record)
            exercise = load_text(texts_before[session_id]).exercise
            assert exercise is not None
            original = replay(exercise, decode_all(
                StoredEvent(seq, at, kind, json.loads(payload))
                for seq, at, kind, payload in rows))
            assert upgraded.rejected == () and original.rejected == ()
            assert upgraded.state == original.state and upgraded.facts == original.facts
        conn = store._connection()
        assert conn.execute("SELECT COUNT(*) FROM exercise_texts").fetchone() == (2,)
        assert conn.execute("SELECT COUNT(*) FROM sessions WHERE exercise_source != ''"
                            ).fetchone() == (0,)
        drafts = store.drafts(2)
        assert [d.text for d in drafts] == ["half a sentence"]
    finished = [s for s in texts_before if events_before[s]]
    assert finished


def test_the_upgraded_file_resumes_with_its_draft_and_shows_its_transcript(tmp_path: Path,
                                                                          clock):
    from reconnect.reports.transcript import stored_transcript

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(OLD, folder / "reconnect.db")
    with Store.open(folder) as store:
        record = store.session(1)
        assert record is not None and record.status == "finished"
        text = stored_transcript(store, record)
        assert "from the old version" in text and "- Status: Finished" in text
        resumed = journal.resume(store, 2, clock)
        assert resumed.view().expects == "handover"  # a private letter: the laptop is passed
        from reconnect.core import events as ev

        resumed.send(ev.Advance(clock()))
        assert resumed.view().draft == "half a sentence"


def test_a_file_that_stores_each_text_once_is_far_smaller(tmp_path: Path):
    """The point of the upgrade: a session row was three quarters exercise text."""
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        source = (Path(__file__).parent.parent / "exercises" / "speaker-listener.toml"
                  ).read_text(encoding="utf-8")
        for number in range(300):
            store.start_session(exercise_id="speaker-listener", exercise_title="S",
                                exercise_digest="d", exercise_source=source, exercise_path="",
                                partners=("Alex", "Sam"), at=float(number))
        conn = store._connection()
        assert conn.execute("SELECT COUNT(*) FROM exercise_texts").fetchone() == (1,)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (folder / "reconnect.db").stat().st_size < 300 * len(source) / 4


def test_version_6_gives_every_earlier_session_the_language_it_was_run_in(tmp_path: Path):
    """Before version 6 reconnect spoke only English, so every saved session was run in it."""
    from reconnect.storage.migrations import MIGRATIONS

    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / "reconnect.db", isolation_level=None)
    for migration in MIGRATIONS[:4]:
        for step in migration:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO exercise_texts (key, source) VALUES ('k', 'text')")
    conn.execute(
        "INSERT INTO sessions (id, exercise_id, exercise_title, exercise_digest,"
        " exercise_source, exercise_path, partner_a, partner_b, started_at, updated_at,"
        " status, text_key) VALUES (7, 'time-out', 'Taking a Time-Out', 'd', '', '', 'Alex',"
        " 'Sam', 1.0, 2.0, 'finished', 'k')")
    conn.close()
    with Store.open(folder) as store:
        assert store._connection().execute("PRAGMA user_version").fetchone()[0] == 6
        record = store.session(7)
        assert record is not None and record.language == "en"
        assert store.exercise_text(7) == "text"
        later = store.start_session(exercise_id="x", exercise_title="X", exercise_digest="",
                                    exercise_source="s", exercise_path="",
                                    partners=("Ana", "Luis"), at=3.0, language="es")
        assert store.session(later).language == "es"


@pytest.mark.parametrize("text", ["", "format = 1\n", "¿Qué sentiste? 🙂\n" * 400, "\udcff half"])
def test_a_text_is_kept_under_its_sha256(text):
    import hashlib

    from reconnect.files import sha256_hex

    data = text.encode("utf-8", "surrogatepass")
    assert migrations.text_key(text) == hashlib.sha256(data).hexdigest() == sha256_hex(data)
