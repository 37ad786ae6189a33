"""Writing files safely, and saying in plain words why a file could not be used.

Every file reconnect writes for the user (a transcript, the library's index, a handout) goes
through :func:`write_atomically`, and every operating-system error shown to the user is worded by
:func:`os_cause`: one helper and one table, so the wording never drifts between screens. The
version of an exercise file is its SHA-256 (:func:`sha256_hex`).
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from reconnect.i18n import N_, _

_OS_CAUSES: dict[int, str] = {
    errno.EACCES: N_("permission was denied"),
    errno.EPERM: N_("permission was denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOTDIR: N_("part of that path is a file, not a folder"),
    errno.EEXIST: N_("a file with that name is in the way"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOENT: N_("a folder on the way does not exist"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _OS_CAUSES[errno.EDQUOT] = N_("the disk quota is used up")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex: the version of an exercise file or of a saved text."""
    return str(_sha256()(data).hexdigest())


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    # hashlib loads OpenSSL first, about 5 ms at every `reconnect check` of a file of a few
    # kilobytes; CPython's own SHA-256 module gives the same digest (the standard library's
    # random module uses its own SHA-512 the same way); hashlib where that module is missing
    for name in ("_sha2", "_sha256"):  # Python 3.12 and later, then 3.11
        try:
            return cast("Callable[[bytes], Any]", importlib.import_module(name).sha256)
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256

    return sha256


def os_cause(error: OSError) -> str:
    """Why ``error`` happened, as a short lower-case phrase (``the disk is full``)."""
    if error.errno in _OS_CAUSES:
        return _(_OS_CAUSES[error.errno])
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]


def write_atomically(path: Path, text: str, *, mode: int = 0o600) -> None:
    """Write ``text`` (UTF-8) to ``path`` with permissions ``mode``, all or nothing.

    The text goes to a temporary file in the same folder, is flushed to disk, and is then renamed
    over ``path``, so a crash or a full disk never leaves half a file (or a damaged older one).
    Errors are raised as ``OSError`` for the caller to explain with :func:`os_cause`.
    """
    import tempfile  # here: start-up writes nothing, and tempfile brings random and shutil

    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=path.parent)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    os.chmod(path, mode)  # mkstemp and fchmod already did; this is for umask-proof certainty
