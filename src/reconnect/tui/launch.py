"""Start the TUI from the command line: load the library, open the store, run the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reconnect import locations
from reconnect.format.library import Library, load_library
from reconnect.storage.store import Store, StoreError


def launch(*, data_dir: Path, folders: Sequence[Path], demo: bool, preview: Path | None = None,
           start_at: str | None = None) -> int:
    """Run the app; returns the process exit code."""
    library = Library(())
    store = None
    if not demo:
        try:
            store = Store.open(data_dir)
        except StoreError as error:
            sys.stderr.write(
                f"reconnect: {error}\nNothing already saved was changed. To use reconnect "
                "without saving, run `reconnect --demo`; to save elsewhere, use --data-dir.\n")
            return 1
    if preview is None:
        # a demonstration writes nothing, not even the index of titles
        index = None if store is None else locations.library_index_path(data_dir)
        library = load_library(folders, index)
    from reconnect.tui.app import make_app

    app = make_app(library=library, store=store, demo=demo, preview=preview,
                   start_at=start_at)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0
