"""The progress file's schema, one migration per version.

``MIGRATIONS[i]`` takes a database from ``PRAGMA user_version`` i to i + 1. Never edit a
released entry; append a new one. A migration is a list of steps, each a SQL statement or a
function for changes SQL alone cannot make. (Statements are run one by one because
``executescript`` would COMMIT the surrounding transaction half-way.) The SQL avoids RETURNING
and NULLS LAST so that older system SQLite libraries (Debian 11 ships 3.34) work too.
"""

import json
import re
import sqlite3
from collections.abc import Callable, Sequence

from reconnect.files import sha256_hex

MigrationStep = str | Callable[[sqlite3.Connection], None]
Migration = Sequence[MigrationStep]


def text_key(source: str) -> str:
    """The key an exercise text is stored under: the SHA-256 of its UTF-8 bytes."""
    return sha256_hex(source.encode("utf-8", "surrogatepass"))


def _texts_once(conn: sqlite3.Connection) -> None:
    """Move every session's copy of its exercise text into exercise_texts, once per text."""
    rows = conn.execute(
        "SELECT id, exercise_source FROM sessions WHERE exercise_source != ''").fetchall()
    for session_id, source in rows:
        key = text_key(source)
        conn.execute("INSERT OR IGNORE INTO exercise_texts (key, source) VALUES (?, ?)",
                     (key, source))
        conn.execute("UPDATE sessions SET text_key = ?, exercise_source = '' WHERE id = ?",
                     (key, session_id))


def _drafts_from_settings(conn: sqlite3.Connection) -> None:
    """Version 1 kept drafts as JSON in the settings table (``drafts:<session>`` holding
    ``{"step|partner|round": text}``); move them to their own table."""
    rows = conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE 'drafts:%'").fetchall()
    for key, value in rows:
        try:
            session_id = int(key.split(":", 1)[1])
            kept = json.loads(value)
        except (ValueError, IndexError):
            continue
        if not isinstance(kept, dict):
            continue
        exists = conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if exists is None:
            continue
        for box, text in kept.items():
            step_id, _, rest = str(box).partition("|")
            partner_text, _, round_text = rest.partition("|")
            try:
                partner = None if partner_text in ("", "None") else int(partner_text)
                round_number = int(round_text)
            except ValueError:
                continue
            if partner not in (None, 0, 1) or not isinstance(text, str) or not text.strip():
                continue
            conn.execute(
                "INSERT OR REPLACE INTO drafts (session_id, step_id, partner, round, text, at)"
                " VALUES (?, ?, ?, ?, ?, 0)", (session_id, step_id, partner, round_number, text))
    conn.execute("DELETE FROM settings WHERE key LIKE 'drafts:%'")


MIGRATIONS: list[Migration] = [
    # 1: couples, sessions, the event log, check-ins, homework, settings
    (
        """CREATE TABLE couples (
            id INTEGER PRIMARY KEY,
            partner_a TEXT NOT NULL,
            partner_b TEXT NOT NULL,
            created_at REAL NOT NULL,
            last_used_at REAL NOT NULL,
            UNIQUE (partner_a, partner_b))""",
        "CREATE INDEX couples_by_last_used ON couples (last_used_at)",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            couple_id INTEGER REFERENCES couples (id),
            exercise_id TEXT NOT NULL,
            exercise_title TEXT NOT NULL,
            exercise_digest TEXT NOT NULL,
            exercise_source TEXT NOT NULL,
            exercise_path TEXT NOT NULL,
            partner_a TEXT NOT NULL,
            partner_b TEXT NOT NULL,
            started_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
            step_id TEXT NOT NULL DEFAULT '',
            step_number INTEGER NOT NULL DEFAULT 0,
            step_total INTEGER NOT NULL DEFAULT 0)""",
        # One index per home-screen question, each ending in the column it is sorted by.
        "CREATE INDEX sessions_by_status_updated ON sessions (status, updated_at)",
        "CREATE INDEX sessions_by_started ON sessions (started_at)",
        "CREATE INDEX sessions_by_status_finished ON sessions (status, finished_at)",
        "CREATE INDEX sessions_by_couple ON sessions (couple_id)",
        """CREATE TABLE events (
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            seq INTEGER NOT NULL,
            at REAL NOT NULL,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (session_id, seq))""",
        """CREATE TABLE checkins (
            session_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            at REAL NOT NULL,
            measure TEXT NOT NULL,
            phase TEXT NOT NULL CHECK (phase IN ('before', 'after', '')),
            partner INTEGER NOT NULL CHECK (partner IN (0, 1)),
            value INTEGER NOT NULL,
            FOREIGN KEY (session_id, seq) REFERENCES events (session_id, seq))""",
        "CREATE INDEX checkins_by_at ON checkins (at)",
        "CREATE INDEX checkins_by_event ON checkins (session_id, seq)",
        """CREATE TABLE homework (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            text TEXT NOT NULL,
            created_at REAL NOT NULL,
            due_at REAL,
            done_at REAL)""",
        "CREATE INDEX homework_open ON homework (due_at) WHERE done_at IS NULL",
        "CREATE INDEX homework_by_session ON homework (session_id)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: unsent words in answer boxes, kept with their session (not in the settings table) so
    # that saving an answer removes its draft in the same transaction
    (
        """CREATE TABLE drafts (
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            step_id TEXT NOT NULL,
            partner INTEGER CHECK (partner IN (0, 1)),
            round INTEGER NOT NULL,
            text TEXT NOT NULL,
            at REAL NOT NULL)""",
        "CREATE UNIQUE INDEX drafts_by_box ON drafts (session_id, step_id, IFNULL(partner, -1),"
        " round)",
        _drafts_from_settings,
    ),
    # 3: when the app was last seen running a session, so a turn's clock resumes with the time
    # that was really left, even after the window was closed mid-turn
    ("ALTER TABLE sessions ADD COLUMN seen_at REAL",),
    # 4: each exercise text stored once, keyed by its SHA-256, instead of in every session (a
    # session row was three quarters exercise text); sessions point at it with text_key
    (
        "CREATE TABLE exercise_texts (key TEXT PRIMARY KEY, source TEXT NOT NULL)",
        "ALTER TABLE sessions ADD COLUMN text_key TEXT",
        _texts_once,
    ),
    # 5: a couple's finished sessions, newest first, straight from one index, so the streak
    # reads the same few rows however long the history on this computer is
    ("CREATE INDEX sessions_by_couple_finished ON sessions (couple_id, status, finished_at)",),
    # 6: the language a session was run in (its transcript is written in it); every session
    # before it was run in English, the only language reconnect spoke
    ("ALTER TABLE sessions ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",),
]

SCHEMA_VERSION = len(MIGRATIONS)
"""The newest schema this reconnect writes; files with a higher user_version are refused."""

COMPACT_AFTER = frozenset({4})
"""Versions whose migration frees much of an existing file (the store compacts it after)."""


_CREATES = re.compile(r"^\s*CREATE\s+(?:TABLE\s+(\w+)|(?:UNIQUE\s+)?INDEX\s+\w+\s+ON\s+(\w+))",
                      re.IGNORECASE)


def tables(version: int = SCHEMA_VERSION) -> dict[str, list[str]]:
    """Each table of the schema at ``version``, with the statements that make it and its
    indexes, in order (to recreate a lost table exactly as the migrations made it)."""
    found: dict[str, list[str]] = {}
    for migration in MIGRATIONS[:version]:
        for step in migration:
            if not isinstance(step, str):
                continue
            match = _CREATES.match(step)
            if match:
                found.setdefault(match.group(1) or match.group(2), []).append(step)
    return found
