"""One writer per data folder: an operating-system lock that a crash releases by itself.

Two copies of reconnect writing one progress file would interleave their events (one partner's
private answer attributed to the other, a reveal skipped on resume). So a copy that saves
anything first takes an exclusive lock on ``reconnect.lock`` in the data folder. The lock is
the kernel's (``flock`` on POSIX, ``msvcrt.locking`` on Windows): it is held while the process
lives and released when it exits, even after ``kill -9`` or a power cut, so a stale lock can
never keep a couple out.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reconnect.errors import ReconnectError
from reconnect.files import os_cause
from reconnect.i18n import _
from reconnect.locations import ensure_private_dir

LOCK_NAME = "reconnect.lock"


def already_open() -> str:
    return _("reconnect is already open in another window on this computer. Two copies at "
             "once could mix up a session, so this one will not start or resume exercises.")


class AlreadyOpen(ReconnectError):
    """Another reconnect holds the data folder."""


class DataLock:
    """The held lock; :meth:`release` (or the process ending) lets it go."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        if self._descriptor is None:
            return
        try:
            _unlock(self._descriptor)
        finally:
            os.close(self._descriptor)
            self._descriptor = None

    def __enter__(self) -> DataLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def acquire(folder: Path) -> DataLock:
    """Take the data folder's lock without waiting. Raises AlreadyOpen when another copy has
    it, or ReconnectError when the folder cannot be used."""
    try:
        ensure_private_dir(folder)
        path = folder / LOCK_NAME
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise ReconnectError(_("Could not use the data folder {folder}: {cause}.").format(
            folder=folder, cause=os_cause(error))) from error
    try:
        _lock(descriptor)
    except OSError:
        os.close(descriptor)
        raise AlreadyOpen(already_open()) from None
    try:  # for a person looking at the folder: which process holds it
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
    except OSError:
        pass
    return DataLock(path, descriptor)


if sys.platform == "win32":  # pragma: no cover - tested on POSIX only
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
