"""Forgetting everything: every file reconnect wrote in the data folder, gone for good.

On a shared computer a couple may want no trace left. :func:`written_files` lists what
reconnect wrote (the progress file and its journal, copies of damaged ones moved aside, the
library's index, the lock); :func:`forget_everything` overwrites each with zeros and deletes it.
Exercise files a couple or a therapist put in the folder are theirs, and are left alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from reconnect.errors import ReconnectError
from reconnect.files import os_cause
from reconnect.i18n import N_, _
from reconnect.locations import DATABASE_NAME, library_index_path, user_exercises_dir
from reconnect.storage.lock import LOCK_NAME, acquire

CONFIRMATION = N_("delete everything")
"""What a person types to confirm (a stray key or an Enter can never be it)."""


def written_files(folder: Path) -> list[Path]:
    """The files reconnect wrote in ``folder``, in the order they are deleted (the lock last)."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or path.is_symlink():
            continue
        if name.startswith(DATABASE_NAME) or path == library_index_path(folder) \
                or (name.startswith(f".{library_index_path(folder).name}.")
                    and name.endswith(".tmp")):
            found.append(path)
    lock = folder / LOCK_NAME
    if lock.is_file():
        found.append(lock)
    return found


def forget_everything(folder: Path) -> list[Path]:
    """Delete every file reconnect wrote in ``folder``; returns them. Refuses while reconnect
    is open on the folder (AlreadyOpen), so nothing is deleted under a running session."""
    lock = acquire(folder)
    gone: list[Path] = []
    try:
        for path in written_files(folder):
            if path.name == LOCK_NAME:
                continue
            _shred(path)
            gone.append(path)
    finally:
        lock.release()
    try:
        (folder / LOCK_NAME).unlink()
        gone.append(folder / LOCK_NAME)
    except OSError:
        pass
    try:
        folder.rmdir()  # only when nothing of the couple's own is left in it
    except OSError:
        pass
    return gone


def kept_files(folder: Path) -> list[Path]:
    """What stays: exercise files people put in the folder themselves."""
    exercises = user_exercises_dir(folder)
    return sorted(exercises.rglob("*")) if exercises.is_dir() else []


def _shred(path: Path) -> None:
    """Overwrite with zeros, then delete: the words do not linger in the freed disk blocks of
    this file (a copy-on-write or journaling file system may still keep older blocks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as file:
            remaining = size
            block = b"\0" * 65536
            while remaining > 0:
                written = file.write(block[:remaining])
                remaining -= written
            file.flush()
            os.fsync(file.fileno())
        path.unlink()
    except OSError as error:
        raise ReconnectError(_("Could not delete {path}: {cause}.").format(
            path=path, cause=os_cause(error))) from error
