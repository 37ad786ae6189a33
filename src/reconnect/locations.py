"""Every place reconnect reads or writes, in one module.

The data folder is ``platformdirs.user_data_path("reconnect")`` unless ``--data-dir`` or the
``RECONNECT_DATA_DIR`` environment variable says otherwise. Nothing is written outside it
(exports go where the user asks). Folders are created lazily and kept private (0700).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "RECONNECT_DATA_DIR"
DATABASE_NAME = "reconnect.db"
USER_EXERCISES = "exercises"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, not yet created: the override, the environment, or the platform's."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # imported here: only commands that touch data pay for it

    return platformdirs.user_data_path("reconnect", appauthor=False)


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def library_index_path(folder: Path) -> Path:
    """The library's small index of titles and summaries, so start-up need not parse files."""
    return folder / "library-index.json"


def user_exercises_dir(folder: Path) -> Path:
    """Where a couple or therapist can drop their own exercise files."""
    return folder / USER_EXERCISES


def bundled_exercises_dir() -> Path:
    """The exercises shipped with reconnect.

    In a wheel they live inside the package; in a source checkout (editable install) they are
    the top-level ``exercises/`` folder.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_exercises"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "exercises"


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and any missing parents) readable by the user alone (0700), whatever
    the umask; an existing folder of the user's is made private too."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            pass  # made meanwhile by another process
        os.chmod(created, 0o700)  # mkdir's mode is filtered by the umask
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass  # a folder we do not own (for example a shared mount): leave it as it is
    return folder
