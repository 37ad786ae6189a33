"""Damaging a progress file the way a failing disk would, for the tests of what the store does."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

PAGE_SIZE = 4096


def pages_of(path: Path, names: tuple[str, ...] | None = None) -> list[int]:
    """The page numbers of the tables and indexes ``names`` (every one but the schema's own
    table when None), from SQLite's dbstat table; the test is skipped without it."""
    with closing(sqlite3.connect(path)) as conn:
        try:
            rows = conn.execute("SELECT name, pageno FROM dbstat").fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite library has no dbstat table to find the pages with")
    return sorted(page for name, page in rows
                  if (name in names if names is not None else name != "sqlite_schema"))


def damage(path: Path, names: tuple[str, ...] | None = None) -> bytes:
    """Overwrite the start of every page of ``names`` (see :func:`pages_of`); the file header
    and the schema stay readable, as when a disk loses some sectors. Returns the new bytes."""
    pages = pages_of(path, names)
    assert len(pages) > 8, "too small a file to damage meaningfully"
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * PAGE_SIZE
        data[start : start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    return bytes(data)
