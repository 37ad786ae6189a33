"""The progress store: everything a couple has done, kept in one SQLite file.

What partners write cannot be typed again, so the store is built to never lose it:

* every event (an answer, a rating, a step reached) is saved with everything derived from it
  (where the session stands, check-ins, the finish, homework, the draft it replaces) in one
  ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction, in WAL mode with ``synchronous=FULL``; once
  :meth:`Store.append_event` returns, all of it survives a killed terminal or a power cut, and
  if it raises, none of it was written;
* the event log is append-only; a resumed session is rebuilt from it, and the session keeps the
  exercise text it started with, so editing the file on disk never changes it underneath them;
* a damaged file is moved aside, never deleted, and a newer file format is refused untouched;
  the full check of a file (``PRAGMA quick_check``) runs off the launch path, before the first
  write; a read that meets damage first moves the file aside the same way;
* a save never waits for the write-ahead log to be copied into the file: SQLite would do it
  inside the save that takes the log past 1,000 pages (a pause on one key press in every 250
  or so); here a thread does it in a quiet moment after a save, on a connection of its own
  (:data:`CHECKPOINT_EVERY`);
* deleted answers do not linger: ``secure_delete`` overwrites them, and deleting checkpoints
  the write-ahead log so no old page keeps them;
* everything is private to the user: the folder is 0700 and the files are 0600.

Failures the user can do something about (permissions, a full disk, a damaged file) become a
:class:`StoreError` whose text is one calm sentence for the screen. Programming mistakes (an
unknown session id, a payload that is not JSON) stay ordinary ``ValueError``/``TypeError``.

This module is plain Python and the standard library: no terminal UI imports, and nothing from
the session engine (it is opened at start-up, before any session is).
"""


import json
import os
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from reconnect.errors import ReconnectError
from reconnect.files import os_cause
from reconnect.i18n import N_, _
from reconnect.locations import database_path, ensure_private_dir
from reconnect.storage import migrations

BUSY_TIMEOUT_MS = 5000
CHECKPOINT_EVERY = 100
"""Saves between two copies of the write-ahead log into the file, made by a thread of the
store's own after a save (a session's event is about four pages of the log). The log holds
everything saved either way; this only bounds its size and keeps reads quick."""
CHECKPOINT_QUIET = 0.3
"""Seconds without a save before the copy starts: a couple's next key press, or the typing
kept as a draft, then finds the disk free."""
LOG_LIMIT_BYTES = 16 * 1024 * 1024
"""A write-ahead log this large is copied and emptied inside the save that finds it so:
saves in a quick row (an import, not a couple at a key) leave the thread no quiet moment to
finish in, and the log would otherwise grow until the store is closed."""
STATUSES = ("active", "finished", "abandoned")
PHASES = ("before", "after", "")
_COMPANIONS = ("-wal", "-shm")

class StoreError(ReconnectError):
    """Something the user can act on went wrong; ``str(error)`` is meant for the screen."""


class _Damaged(Exception):
    """Internal: the file is not a healthy SQLite database and should be moved to ``target``."""

    def __init__(self, reason: str, target: Path | None = None):
        super().__init__(reason)
        self.target = target


# Rows are immutable named tuples rather than dataclasses: they are plain records, and a
# named tuple costs a sixth as much to define, which matters to the start-up budget.


class StoredEvent(NamedTuple):
    seq: int
    at: float
    type: str
    payload: dict[str, Any]


class Couple(NamedTuple):
    id: int
    partner_a: str
    partner_b: str
    last_used_at: float


class Place(NamedTuple):
    """Where a session stands, kept on the session row so lists need not replay events: the
    current step and how far along the couple's path it is ("part 3 of 9")."""

    step_id: str
    part: int
    parts: int


class CheckinValue(NamedTuple):
    measure: str
    phase: str  # 'before', 'after' or ''
    partner: int  # 0 for partner A, 1 for partner B
    value: int


class NewHomework(NamedTuple):
    text: str
    due_at: float | None


class DraftRow(NamedTuple):
    """Unsent words in one answer box of a session."""

    step_id: str
    partner: int | None
    round: int
    text: str
    at: float


class SessionRecord(NamedTuple):
    """A session as lists show it (its exercise text is read on its own: :meth:`exercise_text`)."""

    id: int
    couple_id: int | None
    exercise_id: str
    exercise_title: str
    exercise_digest: str
    exercise_path: str
    partner_a: str
    partner_b: str
    started_at: float
    updated_at: float
    finished_at: float | None
    status: str
    step_id: str
    step_number: int
    step_total: int
    language: str = "en"
    """The language the session was run in (``en``, ``es``...): its transcript speaks it."""


class CheckinPoint(NamedTuple):
    session_id: int
    at: float
    measure: str
    phase: str
    partner: int
    value: int


class Homework(NamedTuple):
    id: int
    session_id: int
    text: str
    created_at: float
    due_at: float | None
    done_at: float | None


_SESSION_COLUMNS = (
    "id, couple_id, exercise_id, exercise_title, exercise_digest,"
    " exercise_path, partner_a, partner_b, started_at, updated_at, finished_at, status,"
    " step_id, step_number, step_total, language"
)
_HOMEWORK_COLUMNS = "id, session_id, text, created_at, due_at, done_at"


class Store:
    """An open progress file. Use :meth:`open`; safe to share between threads."""

    moved_aside: Path | None
    path: Path

    def __init__(self, connection: sqlite3.Connection, path: Path, moved_aside: Path | None, *,
                 read_only: bool = False, verified: bool = False):
        self._conn: sqlite3.Connection | None = connection
        self._lock = threading.RLock()  # Textual workers may call in from other threads
        self._verify_lock = threading.Lock()
        self._companions_private = False
        self._verified = threading.Event()
        if verified or read_only:
            self._verified.set()
        self._written = False
        self._saves_since_checkpoint = 0
        self._last_save = 0.0
        self._checkpointer: threading.Thread | None = None
        self._hurry = threading.Event()
        self.path = path
        self.moved_aside = moved_aside
        self.read_only = read_only

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False) -> "Store":
        """Open (creating, migrating or replacing a damaged file as needed) the store in ``folder``.

        ``moved_aside`` is set when a damaged file had to be moved out of the way, so the app
        can tell the couple where their old data went. With ``read_only``, nothing is created,
        migrated or written (a second copy of reconnect reading History).
        """
        folder = Path(folder)
        path = database_path(folder)
        if read_only:
            return cls(_connect_read_only(path), path, None, read_only=True)
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            cause = os_cause(exc)
            raise StoreError(_("Could not create the data folder {folder}: {cause}.").format(
                folder=folder, cause=cause)) from exc
        moved_aside = None
        if not _looks_like_sqlite(path):
            # Garbage is moved before SQLite sees it: closing would delete a -wal it cannot use.
            moved_aside = _move_aside(path, _aside_name(path))
        try:
            connection = _connect(path)
        except _Damaged as damaged:
            moved_aside = _move_aside(path, damaged.target or _aside_name(path))
            try:
                connection = _connect(path)
            except _Damaged as exc:  # a brand-new file should never be damaged
                raise StoreError(_("Could not create a fresh progress file {path}: {cause}.")
                                 .format(path=path, cause=exc)) from exc
        return cls(connection, path, moved_aside)

    def close(self) -> None:
        self.settle()  # the last connection to close empties the log into the file
        with self._lock:
            if self._conn is None:
                return
            if not self.read_only:
                try:
                    self._conn.execute("PRAGMA optimize")  # keeps the planner's statistics fresh
                except sqlite3.Error:
                    pass  # closing must not fail just because housekeeping did
            self._conn.close()
            self._conn = None

    def settle(self) -> None:
        """Copy the write-ahead log into the file now if a copy is waiting for a quiet
        moment, and wait for it to be done."""
        checkpointer = self._checkpointer
        if checkpointer is not None:
            self._hurry.set()
            checkpointer.join()

    def _checkpoint_soon(self) -> None:
        """After a save: every :data:`CHECKPOINT_EVERY` saves, copy the write-ahead log into
        the file on a thread of its own, once no save has come for :data:`CHECKPOINT_QUIET`
        seconds (a copy beside a save makes the save wait for the disk)."""
        self._last_save = time.monotonic()
        self._saves_since_checkpoint += 1
        if self._saves_since_checkpoint < CHECKPOINT_EVERY:
            return
        if self._checkpointer is not None and self._checkpointer.is_alive():
            return  # the one waiting copies this save too
        self._saves_since_checkpoint = 0
        try:
            log_bytes = os.stat(f"{self.path}-wal").st_size
        except OSError:
            log_bytes = 0
        if log_bytes > LOG_LIMIT_BYTES:
            try:
                self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # the save is made; the log holds it, and a later save tries again
            return
        self._hurry.clear()
        self._checkpointer = threading.Thread(target=self._checkpoint_when_quiet,
                                              name="reconnect-checkpoint", daemon=True)
        self._checkpointer.start()

    def _checkpoint_when_quiet(self) -> None:
        while not self._hurry.is_set():
            quiet = time.monotonic() - self._last_save
            if quiet >= CHECKPOINT_QUIET:
                break
            self._hurry.wait(CHECKPOINT_QUIET - quiet)
        _checkpoint(self.path)

    def verify(self) -> None:
        """Check the whole file once (``PRAGMA quick_check``), before anything is written.

        The app runs this in the background right after launch; the first write waits for it.
        A damaged file is moved aside (never deleted) and a fresh one takes its place, which
        ``moved_aside`` then names.
        """
        if self._verified.is_set():
            return
        with self._verify_lock:
            if self._verified.is_set():
                return  # another thread checked it meanwhile
            if _quick_check(self.path):
                self._recover()
            self._verified.set()

    def _recover(self) -> None:
        """Move a damaged file aside and start a fresh one (only before this copy wrote)."""
        with self._lock:
            target = _aside_name(self.path)
            try:
                # the connection keeps the -wal on disk; copy it before closing deletes it
                _copy_companions(self.path, target)
            finally:
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
            self.moved_aside = _move_aside(self.path, target)
            self._conn = _connect(self.path)
            self._verified.set()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- couples -------------------------------------------------------------------------

    def save_couple(self, partner_a: str, partner_b: str, at: float) -> int:
        """Remember a pair of names (in this order) and mark them as just used."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO couples (partner_a, partner_b, created_at, last_used_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (partner_a, partner_b)"
                " DO UPDATE SET last_used_at = excluded.last_used_at",
                (partner_a, partner_b, at, at),
            )
            row = conn.execute(
                "SELECT id FROM couples WHERE partner_a = ? AND partner_b = ?",
                (partner_a, partner_b),
            ).fetchone()
        return int(row[0])

    def latest_couple(self) -> Couple | None:
        """The couple who used reconnect most recently: home and History show their streak and
        check-ins, never a mix of couples on a shared laptop."""
        found = self.couples(limit=1)
        return found[0] if found else None

    def couples(self, limit: int = 50) -> list[Couple]:
        """Known couples, most recently used first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, partner_a, partner_b, last_used_at FROM couples"
                " ORDER BY last_used_at DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Couple(*row) for row in rows]

    # -- sessions and events -------------------------------------------------------------

    def start_session(
        self,
        *,
        exercise_id: str,
        exercise_title: str,
        exercise_digest: str,
        exercise_source: str,
        exercise_path: str,
        partners: tuple[str, str],
        at: float,
        couple_id: int | None = None,
        place: Place | None = None,
        first_event: tuple[str, dict[str, Any]] | None = None,
        language: str = "en",
    ) -> int:
        """Create an active session (with its first event, in the same transaction) and return
        its id. ``language`` is the language it is run in."""
        partner_a, partner_b = partners
        step = place or Place("", 0, 0)
        text = _payload_json(first_event[1]) if first_event is not None else None
        key = migrations.text_key(exercise_source)
        with self._write() as conn:
            if couple_id is not None:
                _require(conn, "couples", couple_id)
            conn.execute("INSERT OR IGNORE INTO exercise_texts (key, source) VALUES (?, ?)",
                         (key, exercise_source))
            cursor = conn.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}, exercise_source, text_key)"
                " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'active', ?, ?, ?, ?, '', ?)",
                (
                    couple_id, exercise_id, exercise_title, exercise_digest,
                    exercise_path, partner_a, partner_b, at, at,
                    step.step_id, step.part, step.parts, language, key,
                ),
            )
            session_id = int(cursor.lastrowid or 0)
            if first_event is not None:
                conn.execute(
                    "INSERT INTO events (session_id, seq, at, type, payload)"
                    " VALUES (?, 1, ?, ?, ?)", (session_id, at, first_event[0], text))
        return session_id

    def append_event(
        self,
        session_id: int,
        type: str,
        payload: dict[str, Any],
        at: float,
        *,
        place: Place | None = None,
        checkins: Sequence[CheckinValue] = (),
        homework: Sequence[NewHomework] = (),
        finished_at: float | None = None,
        answered: Sequence[tuple[str, int | None, int]] = (),
    ) -> int:
        """Save one event and everything derived from it in ONE transaction; return its seq.

        With it go: where the session now stands (``place``), the check-ins it gave, homework
        it assigned, the session's finish, and the removal of the drafts of the answer boxes
        it answered (``answered``: step id, partner, round). Everything is validated before the
        database is touched, so a bad call leaves no trace, and a failure part-way (a full
        disk) leaves none either.
        """
        text = _payload_json(payload)
        rows = [_checkin_row(value) for value in checkins]
        with self._write() as conn:
            if place is None:
                cursor = conn.execute(
                    "UPDATE sessions SET updated_at = ? WHERE id = ?", (at, session_id)
                )
            else:
                cursor = conn.execute(
                    "UPDATE sessions SET updated_at = ?, step_id = ?, step_number = ?,"
                    " step_total = ? WHERE id = ?",
                    (at, place.step_id, place.part, place.parts, session_id),
                )
            if cursor.rowcount == 0:
                raise ValueError(f"there is no session {session_id}")
            # Safe without a race: BEGIN IMMEDIATE holds the write lock until COMMIT.
            (seq,) = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            conn.execute(
                "INSERT INTO events (session_id, seq, at, type, payload) VALUES (?, ?, ?, ?, ?)",
                (session_id, seq, at, type, text),
            )
            conn.executemany(
                "INSERT INTO checkins (session_id, seq, at, measure, phase, partner, value)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(session_id, seq, at, *row) for row in rows],
            )
            conn.executemany(
                "INSERT INTO homework (session_id, text, created_at, due_at) VALUES (?, ?, ?, ?)",
                [(session_id, item.text, at, item.due_at) for item in homework],
            )
            conn.executemany(
                "DELETE FROM drafts WHERE session_id = ? AND step_id = ? AND partner IS ?"
                " AND round = ?", [(session_id, *box) for box in answered])
            if finished_at is not None:
                conn.execute(
                    "UPDATE sessions SET status = 'finished', finished_at = ?, updated_at = ?"
                    " WHERE id = ?", (finished_at, finished_at, session_id))
        return int(seq)

    def mark_seen(self, session_id: int, at: float) -> None:
        """Note that the app was running ``session_id`` at ``at`` (see ``seen_at``)."""
        with self._write() as conn:
            conn.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", (at, session_id))

    def seen_at(self, session_id: int) -> float | None:
        """When the app was last seen running the session, if it noted it."""
        with self._read() as conn:
            row = conn.execute("SELECT seen_at FROM sessions WHERE id = ?",
                               (session_id,)).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    # -- deleting ------------------------------------------------------------------------

    def delete_session(self, session_id: int) -> None:
        """Delete one session and everything it holds: its events (the answers), check-ins,
        homework and drafts. Nothing of it lingers in the file (see :meth:`_forget_pages`)."""
        with self._write() as conn:
            _delete_sessions(conn, [session_id])
        self._forget_pages()

    def delete_couple(self, couple_id: int) -> int:
        """Delete a couple and all their sessions; returns how many sessions went."""
        with self._write() as conn:
            ids = [row[0] for row in conn.execute(
                "SELECT id FROM sessions WHERE couple_id = ?", (couple_id,))]
            _delete_sessions(conn, ids)
            conn.execute("DELETE FROM couples WHERE id = ?", (couple_id,))
        self._forget_pages()
        return len(ids)

    def _forget_pages(self) -> None:
        """``secure_delete`` zeroes freed pages in the file; the write-ahead log still holds the
        old pages until a checkpoint, so copy them back and empty it now."""
        self.settle()
        with self._lock:
            try:
                self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                raise StoreError(_sqlite_message("save to", self.path, exc)) from exc

    # -- drafts --------------------------------------------------------------------------

    def drafts(self, session_id: int) -> list[DraftRow]:
        """The unsent words kept for a session's answer boxes."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT step_id, partner, round, text, at FROM drafts WHERE session_id = ?"
                " ORDER BY rowid", (session_id,)).fetchall()
        return [DraftRow(*row) for row in rows]

    def keep_drafts(self, session_id: int, drafts: Sequence[DraftRow]) -> None:
        """Replace a session's kept drafts with ``drafts`` (an empty box keeps nothing)."""
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE session_id = ?", (session_id,))
            conn.executemany(
                "INSERT OR REPLACE INTO drafts (session_id, step_id, partner, round, text, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, *draft) for draft in drafts if draft.text.strip()])

    def events(self, session_id: int) -> list[StoredEvent]:
        """A session's events in the order they happened."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT seq, at, type, payload FROM events WHERE session_id = ? ORDER BY seq",
                (session_id,),
            ).fetchall()
        return [StoredEvent(seq, at, kind, json.loads(payload)) for seq, at, kind, payload in rows]

    def session(self, session_id: int) -> SessionRecord | None:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        return None if row is None else SessionRecord(*row)

    def exercise_text(self, session_id: int) -> str:
        """The exact exercise text a session started with ("" for an unknown session)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT COALESCE(t.source, s.exercise_source) FROM sessions AS s"
                " LEFT JOIN exercise_texts AS t ON t.key = s.text_key WHERE s.id = ?",
                (session_id,)).fetchone()
        return "" if row is None or row[0] is None else str(row[0])

    def finish_session(self, session_id: int, at: float, status: str = "finished") -> None:
        """Close a session as ``finished`` or ``abandoned``."""
        if status not in ("finished", "abandoned"):
            raise ValueError(f"a session cannot be finished as {status!r}")
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE sessions SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?",
                (status, at, at, session_id),
            )
            if cursor.rowcount == 0:
                raise ValueError(f"there is no session {session_id}")

    def unfinished_sessions(self, limit: int = 5) -> list[SessionRecord]:
        """Active sessions, most recently touched first (the home screen's "continue")."""
        return self._sessions(
            "WHERE status = 'active' ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,)
        )

    def recent_sessions(self, limit: int = 50, offset: int = 0) -> list[SessionRecord]:
        """All sessions, newest start first, a page at a time."""
        return self._sessions("ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", (limit, offset))

    def session_count(self, couple_id: int | None = None) -> int:
        """How many sessions are saved (with ``couple_id``, that couple's)."""
        with self._read() as conn:
            if couple_id is None:
                return int(conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
            return int(conn.execute("SELECT COUNT(*) FROM sessions WHERE couple_id = ?",
                                    (couple_id,)).fetchone()[0])

    def session_days(self, limit: int = 400, couple_id: int | None = None, *,
                     until_gap: bool = False) -> list[str]:
        """Distinct local dates ('YYYY-MM-DD') with a finished session, newest first; with
        ``couple_id``, only that couple's sessions (a therapist's laptop holds several). With
        ``until_gap``, the days stop before the first day without one (a streak needs no more).

        Dates are computed here rather than in SQL so they use the same local time as the
        Python code that compares them with today. Each day costs one step down an index (the
        newest session before the day already found, or, in a row, a session within the day
        before), so the cost follows the number of days asked for, not how many sessions there
        were on each.
        """
        couple, params = ("", ()) if couple_id is None else (" AND couple_id = ?",
                                                             (couple_id,))
        query = ("SELECT finished_at FROM sessions WHERE status = 'finished'"
                 f" AND finished_at < ?{couple} ORDER BY finished_at DESC LIMIT 1")
        days: list[date] = []
        before = sys.float_info.max  # a number, so the statement reads back as SQL
        with self._read() as conn:
            while len(days) < limit:
                row = conn.execute(query, (before, *params)).fetchone()
                if row is None:
                    break
                days.append(datetime.fromtimestamp(row[0]).date())
                if until_gap:
                    days.extend(self._days_before(conn, days[0], limit - 1, couple, params))
                    break
                before = _midnight(days[-1])
        return [day.isoformat() for day in days]

    @staticmethod
    def _days_before(conn: sqlite3.Connection, newest: date, limit: int, couple: str,
                     params: tuple[int, ...]) -> Iterator[date]:
        """The days in a row before ``newest`` that have a finished session, newest first, up
        to ``limit`` of them. A streak of a year is hundreds of days; rather than a statement
        per day, each statement asks about a run of days at once (8, then twice as many, up
        to 64), one step down the index for each day, inside SQLite."""
        run = 8
        day, stop = newest, _midnight(newest)
        while limit > 0:
            wanted = [day - timedelta(days=number) for number in range(1, min(run, limit) + 1)]
            values = ", ".join("(?, ?, ?)" for _ in wanted)
            bounds: list[float] = []
            for number, one in enumerate(wanted):
                start = _midnight(one)  # each day ends where the day after it began
                bounds += (number, start, stop)
                stop = start
            found = {number for (number,) in conn.execute(
                f"WITH run (number, start, stop) AS (VALUES {values})"
                " SELECT number FROM run WHERE EXISTS (SELECT 1 FROM sessions"
                " WHERE status = 'finished' AND finished_at >= run.start"
                f" AND finished_at < run.stop{couple})", (*bounds, *params))}
            for number, one in enumerate(wanted):
                if number not in found:
                    return
                yield one
            limit -= len(wanted)
            day = wanted[-1]
            run = min(run * 2, 64)

    # -- check-ins -----------------------------------------------------------------------

    def checkin_points(self, since: float | None = None, limit: int = 500,
                       couple_id: int | None = None) -> list[CheckinPoint]:
        """The newest ``limit`` check-ins (at or after ``since``; with ``couple_id``, only that
        couple's), returned oldest first."""
        conditions: list[str] = []
        params: list[Any] = []
        if since is not None:
            conditions.append("c.at >= ?")
            params.append(since)
        if couple_id is not None:
            # correlated, so the walk goes down the check-ins' time index and stops at `limit`
            # rather than gathering and sorting all of a couple's check-ins first
            conditions.append("EXISTS (SELECT 1 FROM sessions AS s WHERE s.id = c.session_id"
                              " AND s.couple_id = ?)")
            params.append(couple_id)
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT c.session_id, c.at, c.measure, c.phase, c.partner, c.value"
                f" FROM checkins AS c {where} ORDER BY c.at DESC, c.rowid DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [CheckinPoint(*row) for row in reversed(rows)]

    # -- homework ------------------------------------------------------------------------

    def add_homework(self, session_id: int, text: str, at: float, due_at: float | None) -> int:
        with self._write() as conn:
            _require(conn, "sessions", session_id)
            cursor = conn.execute(
                "INSERT INTO homework (session_id, text, created_at, due_at) VALUES (?, ?, ?, ?)",
                (session_id, text, at, due_at),
            )
        return int(cursor.lastrowid or 0)

    def open_homework(self) -> list[Homework]:
        """Homework not yet done, soonest due first; undated homework last."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_HOMEWORK_COLUMNS} FROM homework WHERE done_at IS NULL"
                " ORDER BY due_at IS NULL, due_at, created_at, id"
            ).fetchall()
        return [Homework(*row) for row in rows]

    def mark_homework_done(self, homework_id: int, at: float) -> None:
        """Mark homework done; marking it again keeps the first completion time."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE homework SET done_at = COALESCE(done_at, ?) WHERE id = ?",
                (at, homework_id),
            )
            if cursor.rowcount == 0:
                raise ValueError(f"there is no homework {homework_id}")

    # -- settings ------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- plumbing ------------------------------------------------------------------------

    def _sessions(self, clause: str, params: tuple[Any, ...]) -> list[SessionRecord]:
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions {clause}", params)
            return [SessionRecord(*row) for row in rows.fetchall()]

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the progress store has been closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of the block is saved, or (on any error) none of it."""
        if self.read_only:
            raise StoreError(_("This copy of reconnect only reads: another window is "
                               "saving."))
        self.verify()  # a damaged file is caught before anything is written to it
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise StoreError(_sqlite_message("save to", self.path, exc)) from exc
            except BaseException:
                _rollback(conn)
                raise
            self._written = True
            self._checkpoint_soon()
            if not self._companions_private:
                # SQLite gives -wal/-shm the database file's mode; make sure regardless.
                self._companions_private = _make_companions_private(self.path)

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as exc:
                if _is_damage(exc) and not self._written and not self.read_only:
                    # damage met on first use: handled as the check at opening would have
                    self._recover()
                    raise StoreError(
                        _("The progress file was damaged, so it was moved to {path} (nothing "
                          "was deleted) and reconnect started a fresh one.").format(
                              path=self.moved_aside)) from exc
                raise StoreError(_sqlite_message("read from", self.path, exc)) from exc


def _midnight(day: date) -> float:
    """The moment ``day`` begins in local time: sessions that finished from then until the
    next day's midnight have ``day`` as their local date."""
    return datetime.combine(day, datetime.min.time()).timestamp()


# -- opening ---------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate ``path``; raise ``_Damaged`` if it is not a healthy database."""
    try:
        # The file is the user's alone and always 0600: an existing one is set first (so a copy
        # restored read-only still opens), a new one is created 0600 from its first byte and set
        # again because the umask may have taken bits away.
        _chmod_private(path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        _chmod_private(path)
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    except OSError as exc:
        raise StoreError(_("Could not open the progress file {path}: {cause}.").format(
            path=path, cause=os_cause(exc))) from exc
    except sqlite3.Error as exc:
        raise StoreError(_sqlite_message("open", path, exc)) from exc
    try:
        _prepare(conn, path)
    except (sqlite3.Error, _Damaged) as exc:
        if isinstance(exc, sqlite3.Error) and not _is_damage(exc):
            conn.close()
            raise StoreError(_sqlite_message("open", path, exc)) from exc
        # When the last connection closes, SQLite checkpoints and deletes the -wal, so copy the
        # companions aside while this connection still keeps them on disk.
        target = _aside_name(path)
        try:
            _copy_companions(path, target)
        finally:
            conn.close()
        reason = _sqlite_cause(exc) if isinstance(exc, sqlite3.Error) else str(exc)
        raise _Damaged(reason, target) from exc
    except BaseException:
        conn.close()
        raise
    _make_companions_private(path)
    return conn


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Read the version before anything that writes (even switching to WAL rewrites the
    # header), so that a file from a newer reconnect is left exactly as it was.
    version = _refuse_newer(conn, path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted answers are overwritten, not left
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # not inside a save: see _checkpoint
    if version:
        _repair(conn, version)
    _migrate(conn, path)


def _repair(conn: sqlite3.Connection, version: int) -> None:
    """Recreate the tables a damaged file lost, where that loses nothing the couple wrote.

    Without ``sessions`` or ``events`` the file cannot be used: it is treated as damaged and
    moved aside. The others (check-ins, homework, settings, couples, drafts) are recreated
    empty with their indexes, as the migrations that made them would.
    """
    present = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    wanted = migrations.tables(version)
    missing = [name for name in wanted if name not in present]
    if not missing:
        return
    if {"sessions", "events"} & set(missing):
        raise _Damaged("the table of " + " and ".join(sorted({"sessions", "events"}
                                                                & set(missing))) + " is gone")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in missing:
            for statement in wanted[name]:
                conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


CHECK_CACHE_KIB = 256
"""The page cache of the connection that checks the whole file (SQLite's default is 2 MiB)."""


def _quick_check(path: Path) -> str:
    """What SQLite's quick check finds wrong with ``path`` ("" when it is healthy), read on a
    connection of its own so that the app's reads go on meanwhile."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        return _sqlite_cause(exc)
    try:
        # it reads every page once, so a cache would only hold memory (the app's own
        # connection keeps its cache for the pages it reads again)
        conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        result = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as exc:
        return _sqlite_cause(exc) if _is_damage(exc) else ""
    finally:
        conn.close()
    return "" if result == ["ok"] else "; ".join(result[:3])


def _checkpoint(path: Path) -> None:
    """Copy what the write-ahead log holds into the file (best effort: a failed copy loses
    nothing, the log still holds it all, and the next one tries again). Its own connection
    lets the app save meanwhile; SQLite lets go of Python's lock while it copies."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return
    try:
        for _ in range(3):
            _busy, logged, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if copied >= logged:
                break  # all of it: the next save writes the log from its start again
            # saves came meanwhile; what they wrote is copied too, while it is little
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` for reading only: nothing is created, migrated or changed."""
    if not path.is_file():
        raise StoreError(_("There is no progress file at {path} yet.").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _refuse_newer(conn, path)
    except sqlite3.Error as exc:
        raise StoreError(_sqlite_message("open", path, exc)) from exc
    if version < len(migrations.MIGRATIONS):
        conn.close()
        raise StoreError(_("The progress file {path} is being upgraded by the other window; "
                           "try again in a moment.").format(path=path))
    return conn


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> int:
    version = _user_version(conn)
    newest = len(migrations.MIGRATIONS)
    if version > newest:
        raise StoreError(
            _("The progress file {path} was written by a newer reconnect (format {version}, "
              "this one knows up to {newest}); upgrade reconnect to open it.").format(
                  path=path, version=version, newest=newest)
        )
    return version


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date in one transaction: all migrations apply, or none."""
    target = len(migrations.MIGRATIONS)
    if _user_version(conn) == target:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another reconnect may have migrated meanwhile.
        start = _refuse_newer(conn, path)
        for index in range(start, target):
            for step in migrations.MIGRATIONS[index]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    if start and any(start < version <= target for version in migrations.COMPACT_AFTER):
        conn.execute("VACUUM")  # give back the space a migration freed (once, at upgrade)


def _looks_like_sqlite(path: Path) -> bool:
    """False only for a file that is certainly not SQLite (empty files are new databases)."""
    try:
        with open(path, "rb") as file:
            header = file.read(16)
    except OSError:
        return True  # missing (a new store) or unreadable: opening it will say which
    return header in (b"", b"SQLite format 3\x00")


def _aside_name(path: Path) -> Path:
    """``<name>.corrupt-YYYYMMDD-HHMMSS``, with ``-2``, ``-3``... if that name is taken."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    attempt = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", *_COMPANIONS)):
        attempt += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{attempt}")
    return target


def _copy_companions(path: Path, target: Path) -> None:
    """Copy the -wal and -shm beside ``target``, private to the user (0600) whatever the umask:
    they may hold answers."""
    try:
        for suffix in _COMPANIONS:
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                descriptor = os.open(f"{target}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                                     0o600)
                os.fchmod(descriptor, 0o600)
                with open(companion, "rb") as source, os.fdopen(descriptor, "wb") as copy:
                    shutil.copyfileobj(source, copy)
    except OSError as exc:
        raise StoreError(
            _("The progress file {path} is damaged and could not be moved aside: {cause}.")
            .format(path=path, cause=os_cause(exc))
        ) from exc


def _move_aside(path: Path, target: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) to ``target``; never delete anything.

    The companions keep their usual suffix after the new name (``...corrupt-...-wal``), so a
    recovery tool opening the moved file still finds its journal. They move first: a stale
    -wal left next to a fresh database would be replayed into it.
    """
    try:
        for suffix in _COMPANIONS:
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                os.replace(companion, f"{target}{suffix}")  # may replace our own earlier copy
        os.rename(path, target)
    except OSError as exc:
        raise StoreError(
            _("The progress file {path} is damaged and could not be moved aside: {cause}.")
            .format(path=path, cause=os_cause(exc))
        ) from exc
    return target


# -- small helpers ---------------------------------------------------------------------------


def _payload_json(payload: dict[str, Any]) -> str:
    if not isinstance(payload, dict):
        raise TypeError(f"an event payload must be a dict, not {type(payload).__name__}")
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:  # NaN/Infinity or a circular reference
        raise TypeError(f"the event payload cannot be stored as JSON: {exc}") from exc
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (undecodable terminal input) cannot be stored as UTF-8 text; the
        # \u escape keeps it exactly, so the answer is still saved rather than refused.
        text = json.dumps(payload, ensure_ascii=True, allow_nan=False)
    return text


def _checkin_row(checkin: CheckinValue) -> tuple[str, str, int, int]:
    if checkin.phase not in PHASES:
        raise ValueError(f"a check-in phase must be one of {PHASES}, not {checkin.phase!r}")
    if checkin.partner not in (0, 1) or isinstance(checkin.partner, bool):
        raise ValueError(f"a check-in partner must be 0 or 1, not {checkin.partner!r}")
    if not isinstance(checkin.value, int) or isinstance(checkin.value, bool):
        raise TypeError(f"a check-in value must be an int, not {checkin.value!r}")
    return (checkin.measure, checkin.phase, checkin.partner, checkin.value)


def _delete_sessions(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    rows = [(session_id,) for session_id in ids]
    for table in ("drafts", "checkins", "homework", "events"):
        conn.executemany(f"DELETE FROM {table} WHERE session_id = ?", rows)
    conn.executemany("DELETE FROM sessions WHERE id = ?", rows)
    conn.execute("DELETE FROM exercise_texts WHERE key NOT IN"
                 " (SELECT text_key FROM sessions WHERE text_key IS NOT NULL)")


def _require(conn: sqlite3.Connection, table: str, row_id: int) -> None:
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
        raise ValueError(f"there is no row {row_id} in {table}")


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back by itself (for example when the disk is full).
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _chmod_private(path: Path) -> None:
    if path.is_dir():
        return  # not a database at all: it is reported as such and left exactly as it was
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass  # not our file (a shared mount, say): leave it, as ensure_private_dir does


def _make_companions_private(path: Path) -> bool:
    """Make existing -wal/-shm files 0600; True once both existed and were handled."""
    seen = 0
    for suffix in _COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            _chmod_private(companion)
            seen += 1
    return seen == len(_COMPANIONS)


def _is_damage(exc: sqlite3.Error) -> bool:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


_SQLITE_CAUSES: dict[int, str] = {
    sqlite3.SQLITE_FULL: N_("the disk is full"),
    sqlite3.SQLITE_IOERR: N_("the disk reported an error while reading or writing"),
    sqlite3.SQLITE_READONLY: N_("it can only be read, not written"),
    sqlite3.SQLITE_CANTOPEN: N_("it could not be opened (check that the folder is writable)"),
    sqlite3.SQLITE_PERM: N_("permission was denied"),
    sqlite3.SQLITE_BUSY: N_("another reconnect is using it and did not let go within 5 "
                            "seconds"),
    sqlite3.SQLITE_LOCKED: N_("another reconnect is using it"),
    sqlite3.SQLITE_CORRUPT: N_("the file is damaged"),
    sqlite3.SQLITE_NOTADB: N_("it is not a reconnect progress file"),
}

_SQLITE_ACTIONS: dict[str, str] = {
    "open": N_("Could not open the progress file {path}: {cause}."),
    "read from": N_("Could not read from the progress file {path}: {cause}."),
    "save to": N_("Could not save to the progress file {path}: {cause}."),
}


def _sqlite_cause(exc: sqlite3.Error) -> str:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    known = _SQLITE_CAUSES.get(code)
    return _(known) if known else (str(exc).rstrip(".") or type(exc).__name__)


def _sqlite_message(action: str, path: Path, exc: sqlite3.Error) -> str:
    return _(_SQLITE_ACTIONS[action]).format(path=path, cause=_sqlite_cause(exc))
