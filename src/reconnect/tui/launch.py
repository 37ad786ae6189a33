"""Start the TUI from the command line: load the library, open the store, run the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reconnect import locations
from reconnect.library import Library, load_library
from reconnect.store import Store, StoreError


def launch(*, data_dir: Path, folders: Sequence[Path], demo: bool, preview: Path | None = None,
           start_at: str | None = None) -> int:
    """Run the app; returns the process exit code."""
    exercise = None
    if preview is not None:
        from reconnect.format import load_file
        from reconnect.format.report import render

        result = load_file(preview)
        if result.exercise is None:
            sys.stderr.write(render(result.diagnostics))
            sys.stderr.write(f"reconnect: {preview} has problems; fix them and preview again.\n")
            return 1
        exercise = result.exercise
        if start_at and not exercise.has_step(start_at):
            sys.stderr.write(f"reconnect: {preview} has no step `{start_at}`.\n")
            return 2
        library = Library.of([exercise])
    store = None
    if not demo:
        try:
            store = Store.open(data_dir)
        except StoreError as error:
            sys.stderr.write(
                f"reconnect: {error}\nNothing already saved was changed. To use reconnect "
                "without saving, run `reconnect --demo`; to save elsewhere, use --data-dir.\n")
            return 1
    if exercise is None:
        # a demonstration writes nothing, not even the index of titles
        index = None if store is None else locations.library_index_path(data_dir)
        library = load_library(folders, index)
    from reconnect.tui.app import make_app

    app = make_app(library=library, store=store, demo=demo, preview=exercise,
                   start_at=start_at)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0
