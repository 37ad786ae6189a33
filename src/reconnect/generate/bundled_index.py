"""The bundled exercises' index, made at build time: ``src/reconnect/format/bundled-index.json``.

Each bundled file's name (with its folder for a translation, such as ``es/time-out.toml``), its
SHA-256 and what the library shows of it (title, shelf, minutes, summary, credit, language).
The app trusts an entry only for a file with that exact digest, so an edited file is always
checked again. A test fails when the shipped index is out of date; regenerate it with::

    python -m reconnect.generate.bundled_index > src/reconnect/format/bundled-index.json
"""

from __future__ import annotations

import hashlib
import json
import sys

from reconnect.format.library import Entry
from reconnect.format.loader import load_file
from reconnect.locations import bundled_exercises_dir

INDEX_VERSION = 2
"""2: entries have a language and `translation_of`, and files in folders are named."""


def index_text() -> str:
    files = {}
    bundled = bundled_exercises_dir()
    for path in sorted(bundled.rglob("*.toml"), key=lambda p: p.relative_to(bundled).parts):
        result = load_file(path)
        if result.exercise is None:
            raise SystemExit(f"{path.name} does not load: {result.errors[0].message}")
        entry = Entry.of(result.exercise)._asdict()
        del entry["path"]  # where the files are depends on how reconnect was installed
        name = path.relative_to(bundled).as_posix()
        files[name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "entry": entry}
    return json.dumps({"version": INDEX_VERSION, "files": files}, indent=1,
                      ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(index_text())
