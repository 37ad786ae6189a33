"""Start the TUI from the command line: take the data folder's lock, open the store, load the
library, run the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reconnect import locations
from reconnect.errors import ExitCode, ReconnectError, nothing_changed
from reconnect.format.library import Library, load_library
from reconnect.storage.lock import AlreadyOpen, DataLock, acquire
from reconnect.storage.store import Store

FRAME_HANDOVER_SECONDS = 0.001
"""How long the app's thread may keep Python before the terminal writer gets a turn."""


def launch(*, data_dir: Path, folders: Sequence[Path], demo: bool, preview: Path | None = None,
           start_at: str | None = None) -> int:
    """Run the app; returns the process exit code."""
    library = Library(())
    store = None
    lock: DataLock | None = None
    second_copy = False
    if not demo:
        try:
            lock = acquire(data_dir)
        except AlreadyOpen:
            # another window saves to this folder: this copy may only read (History), or
            # run a demonstration
            second_copy = True
        except ReconnectError as error:
            sys.stderr.write(f"reconnect: {error}\n{nothing_changed('reconnect --demo')}\n")
            return ExitCode.PROBLEMS
        try:
            store = Store.open(data_dir, read_only=second_copy)
        except ReconnectError as error:
            if not second_copy:
                if lock is not None:
                    lock.release()
                sys.stderr.write(f"reconnect: {error}\n{nothing_changed('reconnect --demo')}\n")
                return ExitCode.PROBLEMS
    if preview is None:
        # a demonstration (or a second copy) writes nothing, not even the index of titles
        index = None if store is None or second_copy else locations.library_index_path(data_dir)
        library = load_library(folders, index)
    from reconnect.tui.app import make_app

    app = make_app(library=library, store=store, demo=demo, preview=preview,
                   start_at=start_at, second_copy=second_copy)
    # Textual hands each finished frame to a thread that writes it to the terminal, while the
    # app goes on with what follows the frame. Python lets a waiting thread in only every
    # 5 ms by default, so a frame often reached the terminal 5 ms after it was ready.
    sys.setswitchinterval(FRAME_HANDOVER_SECONDS)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
        if lock is not None:
            lock.release()
    return app.return_code or 0
