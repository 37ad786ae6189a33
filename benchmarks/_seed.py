"""Seed a benchmark library and data folder: 200 exercises and 10,000 or 100,000 sessions.

Shared by the benchmarks. The library is the bundled exercises plus generated copies (each a
bundled file with its top-level ``id``/``title`` rewritten to ``bench-NNN`` / "Benchmark
exercise NNN") in an extra folder. The progress file is created by
:meth:`reconnect.storage.store.Store.open` (so its schema is the store's own), then filled in one
raw SQLite transaction for speed, then opened again through the store to check it is valid.

The sessions end today, one or two a day going back, so the most recent couple has a streak and
check-ins over time, as a long-time user's home screen shows them. A seeded folder is kept in
the system's temporary folder (keyed by size, schema and day) so that repeated runs need not seed
100,000 sessions again; ``fresh=True`` seeds anew.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import reconnect  # noqa: F401
except ImportError:  # a source checkout that is not installed: use src/
    sys.path.insert(0, str(ROOT / "src"))

from reconnect import locations  # noqa: E402
from reconnect.storage.migrations import SCHEMA_VERSION, text_key  # noqa: E402
from reconnect.storage.store import Store  # noqa: E402

LIBRARY_SIZE = 200
SESSIONS = 10_000
EVENTS_PER_SESSION = 20
ACTIVE = 150  # unfinished sessions (the home screen offers the newest three)
ABANDONED = 250
COUPLES = (("Alex", "Sam"), ("Robin", "Kai"), ("Maria", "João"), ("Lee", "Jordan"),
           ("Noor", "Elif"))
_HEADER_ID = re.compile(r'^id = ".*"$', re.MULTILINE)
_HEADER_TITLE = re.compile(r'^title = ".*"$', re.MULTILINE)


@dataclass(frozen=True)
class Seeded:
    data_dir: Path
    exercises_dir: Path
    library_size: int
    bench_titles: tuple[str, ...]
    database_bytes: int
    sessions: int
    events: int
    checkins: int



def bundled_files() -> list[Path]:
    return sorted(locations.bundled_exercises_dir().glob("*.toml"))


def rewrite_header(text: str, exercise_id: str, title: str) -> str:
    """Rewrite the top-level id and title (the part before the first ``[[steps]]``)."""
    head, sep, steps = text.partition("[[steps]]")
    head, ids = _HEADER_ID.subn(f'id = "{exercise_id}"', head, count=1)
    head, titles = _HEADER_TITLE.subn(f'title = "{title}"', head, count=1)
    if ids != 1 or titles != 1:
        raise ValueError("no top-level id/title line to rewrite")
    return head + sep + steps


def seed_library(folder: Path, total: int = LIBRARY_SIZE) -> tuple[str, ...]:
    """Write ``total - bundled`` generated exercises into ``folder``; return their titles."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = bundled_files()
    if not sources:
        raise SystemExit(f"no bundled exercises found in {locations.bundled_exercises_dir()}")
    titles = []
    for number in range(1, max(0, total - len(sources)) + 1):
        source = sources[(number - 1) % len(sources)]
        title = f"Benchmark exercise {number:03d}"
        text = rewrite_header(source.read_text(encoding="utf-8"), f"bench-{number:03d}", title)
        (folder / f"bench-{number:03d}.toml").write_text(text, encoding="utf-8")
        titles.append(title)
    return tuple(titles)


def _exercise_rows() -> list[tuple[str, str, str, str, str]]:
    """(id, title, digest, source text, path) of each bundled exercise, as sessions keep them."""
    rows = []
    for path in bundled_files():
        text = path.read_text(encoding="utf-8")
        exercise_id = re.search(r'^id = "(.*)"$', text, re.MULTILINE)
        title = re.search(r'^title = "(.*)"$', text, re.MULTILINE)
        if exercise_id is None or title is None:
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append((exercise_id.group(1), title.group(1), digest, text, str(path)))
    return rows


def _events(rng: random.Random, names: tuple[str, str], start: float, count: int,
            ) -> list[tuple[float, str, str, list[tuple[str, str, int, int]]]]:
    """A plausible event log: start, a rating check-in from each partner, then steps."""
    at = start
    log: list[tuple[float, str, str, list[tuple[str, str, int, int]]]] = [
        (at, "start", json.dumps({"names": list(names), "first": rng.randrange(2)}), []),
    ]
    pattern = ["advance", "rate", "advance", "rate", "advance"]
    partner = 0
    while len(log) < count:
        kind = pattern[len(log) - 1] if len(log) - 1 < len(pattern) else rng.choice(
            ("advance", "advance", "advance", "answer", "pause", "resume", "timeup"))
        at += rng.uniform(5, 120)
        checkins: list[tuple[str, str, int, int]] = []
        if kind == "rate":
            value = rng.randint(3, 10)
            payload = {"value": value}
            checkins.append(("calm", "before", partner, value))
            partner = 1 - partner
        elif kind == "answer":
            payload = {"text": rng.choice(("Thank you for cooking on Tuesday.",
                                           "I felt unheard when the plans changed.",
                                           "A walk by the river, just the two of us."))}
        else:
            payload = {}
        log.append((at, kind, json.dumps(payload), checkins))
    return log


def seed_store(data_dir: Path, *, sessions: int = SESSIONS, events: int = EVENTS_PER_SESSION,
               seed: int = 20240601) -> tuple[int, int, int]:
    """Fill a new store in ``data_dir``; returns (sessions, events, check-ins) written."""
    rng = random.Random(seed)
    store = Store.open(data_dir)
    store.set_setting("safety_notice_seen", "yes")  # the home screen, not the first-run notice
    couple_ids = [store.save_couple(a, b, 1_600_000_000.0 + number)
                  for number, (a, b) in enumerate(COUPLES)]
    path = store.path
    store.close()

    exercises = _exercise_rows()
    now = time.time()
    session_rows = []
    event_rows = []
    checkin_rows = []
    texts = {text_key(text): text for _, _, _, text, _ in exercises}
    spacing = min(43_200.0, 86_400.0 * 3650 / sessions)  # one or two a day, ten years at most
    latest = len(COUPLES) - 1  # the couple used last: their streak and check-ins show on home
    for number in range(1, sessions + 1):
        exercise_id, title, digest, text, source_path = rng.choice(exercises)
        couple = latest if number > sessions - 60 else rng.randrange(len(COUPLES))
        names = COUPLES[couple]
        started = now - (sessions - number) * spacing - 4000 - rng.uniform(0, 1000)
        log = _events(rng, names, started, events)
        updated = min(log[-1][0], now - 60)
        # three unfinished sessions of the latest couple, older than its last finished ones
        newest_unfinished = sessions - 60 < number <= sessions - 57
        if newest_unfinished or number % max(2, sessions // ACTIVE) == 1:
            status, finished, step = "active", None, rng.randint(2, 12)
        elif number % max(2, sessions // ABANDONED) == 0:
            status, finished, step = "abandoned", updated, rng.randint(2, 12)
        else:
            status, finished, step = "finished", updated, 14
        session_rows.append((number, couple_ids[couple], exercise_id, title, digest,
                             text_key(text), source_path, names[0], names[1], started, updated,
                             finished, status, "step", step, 14))
        for seq, (at, kind, payload, checkins) in enumerate(log, start=1):
            event_rows.append((number, seq, at, kind, payload))
            checkin_rows.extend((number, seq, at, *c) for c in checkins)
        if status == "finished":  # the closing check-in, one event per partner
            for partner in (0, 1):
                seq = len(log) + 1 + partner
                at = updated + partner
                value = rng.randint(4, 10)
                event_rows.append((number, seq, at, "rate", json.dumps({"value": value})))
                checkin_rows.append((number, seq, at, "calm", "after", partner, value))

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO exercise_texts (key, source) VALUES (?, ?)",
                         list(texts.items()))
        conn.executemany(
            "INSERT INTO sessions (id, couple_id, exercise_id, exercise_title, exercise_digest,"
            " text_key, exercise_path, partner_a, partner_b, started_at, updated_at,"
            " finished_at, status, step_id, step_number, step_total, exercise_source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", session_rows)
        conn.executemany("INSERT INTO events (session_id, seq, at, type, payload)"
                         " VALUES (?, ?, ?, ?, ?)", event_rows)
        conn.executemany("INSERT INTO checkins (session_id, seq, at, measure, phase, partner,"
                         " value) VALUES (?, ?, ?, ?, ?, ?, ?)", checkin_rows)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()

    # open through the store once more: it must accept the file as its own
    with Store.open(data_dir) as check:
        check.verify()
        assert check.moved_aside is None, "the seeded file was refused by the store"
        assert check.session_count() == sessions
        assert len(check.unfinished_sessions(limit=3)) == min(3, ACTIVE, sessions)
    return len(session_rows), len(event_rows), len(checkin_rows)


def seed(base: Path, *, sessions: int = SESSIONS, library: int = LIBRARY_SIZE) -> Seeded:
    """Seed ``base/exercises`` and ``base/data``."""
    exercises_dir = base / "exercises"
    data_dir = base / "data"
    titles = seed_library(exercises_dir, library)
    counts = seed_store(data_dir, sessions=sessions)
    size = sum(p.stat().st_size for p in data_dir.glob(locations.DATABASE_NAME + "*"))
    return Seeded(data_dir, exercises_dir, len(bundled_files()) + len(titles), titles, size,
                  *counts)


def cached(*, sessions: int = SESSIONS, library: int = LIBRARY_SIZE,
           fresh: bool = False) -> Seeded:
    """A seeded folder for these sizes, made today with this schema: reused, or made now."""
    import shutil
    import tempfile

    day = time.strftime("%Y%m%d")
    base = Path(tempfile.gettempdir()) / "reconnect-bench" / (
        f"s{sessions}-l{library}-v{SCHEMA_VERSION}-{day}")
    done = base / "seeded.json"
    if done.is_file() and not fresh:
        return Seeded(**{**json.loads(done.read_text()), "data_dir": base / "data",
                         "exercises_dir": base / "exercises",
                         "bench_titles": tuple(json.loads(done.read_text())["bench_titles"])})
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    seeded = seed(base, sessions=sessions, library=library)
    done.write_text(json.dumps({**seeded.__dict__, "data_dir": "", "exercises_dir": "",
                                "bench_titles": list(seeded.bench_titles)}))
    return seeded


if __name__ == "__main__":
    import tempfile

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="rc-seed-"))
    print(seed(target))
