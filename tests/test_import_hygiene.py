"""The layers point one way, the core never imports Textual, and quick commands never pay for it.

The packages form layers, lowest first:

    base (text, locations, errors, files, i18n, safety) → format → core → storage → reports
        → front ends (tui, plain, web) → cli

A module may import from its own layer and the layers below it, never from one above. The front
ends share a level but not their code: the full-screen app (``tui``), the line mode (``plain``)
and the browser mode (``web``) each render the View on their own, and none imports another. Code
that generates the schema and the docs at build time (``reconnect.generate``) may read the
format, and nothing at run time imports it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "reconnect"

LAYERS = ["base", "format", "core", "storage", "reports", "tui", "cli"]
FRONT_ENDS = {"tui", "plain", "web"}
"""Front ends: one level of LAYERS ("tui"), none importing another."""
PACKAGES = {"format", "core", "storage", "reports", "tui", "plain", "web", "cli", "generate"}

CORE = [
    "reconnect.format",
    "reconnect.format.loader",
    "reconnect.format.library",
    "reconnect.format.report",
    "reconnect.core.engine",
    "reconnect.core.view",
    "reconnect.core.session",
    "reconnect.core.trail",
    "reconnect.core.advice",
    "reconnect.storage.store",
    "reconnect.storage.journal",
    "reconnect.reports.summary",
    "reconnect.reports.transcript",
    "reconnect.reports.progress",
    "reconnect.reports.walk",
    "reconnect.reports.handout",
    "reconnect.text",
    "reconnect.locations",
    "reconnect.errors",
    "reconnect.files",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in PACKAGES:
        return parts[1]
    if parts[1:2] == ["__main__"]:
        return "cli"
    return "base"


def is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return ((SRC / relative).with_suffix(".py").is_file()
            or (SRC / relative / "__init__.py").is_file())


def imports_of(path: Path) -> set[str]:
    """Every reconnect module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("reconnect"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("reconnect"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if is_module(candidate) else node.module)
    return found


MODULES = sorted(SRC.rglob("*.py"))


def level(layer: str) -> int:
    return LAYERS.index("tui" if layer in FRONT_ENDS else layer)


def test_the_tree_has_the_layers_it_claims() -> None:
    assert {layer_of(module_name(path)) for path in MODULES} == \
        set(LAYERS) | FRONT_ENDS | {"generate"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    own = layer_of(module_name(path))
    for imported in imports_of(path):
        theirs = layer_of(imported)
        if own == "generate":
            assert theirs in ("base", "format", "generate"), imported
            continue
        assert theirs != "generate", f"run-time code imports the build-time {imported}"
        assert level(theirs) <= level(own), \
            f"{module_name(path)} ({own}) imports {imported} ({theirs})"
        if own in FRONT_ENDS and theirs in FRONT_ENDS:
            assert theirs == own, f"the front end {own} imports another one: {imported}"


def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_core_modules_import_no_textual_or_rich() -> None:
    modules = loaded_after("\n".join(f"import {module}" for module in CORE))
    assert not {name for name in modules if name.split(".")[0] in ("textual", "rich")}


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["check", "--help"], ["--version"],
                                  ["list", "--json"], ["explain", "R201"], ["where"]])
def test_quick_commands_do_not_import_textual(argv: list[str], tmp_path: Path) -> None:
    code = ("import sys\nfrom reconnect.cli.commands import app\n"
            f"sys.argv = ['reconnect', '--data-dir', {str(tmp_path)!r}, *{argv!r}]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n")
    modules = loaded_after(code)
    assert "textual" not in modules
    assert "textual.app" not in modules


SESSION_MODULES = {"reconnect.core.events", "reconnect.core.facts", "reconnect.core.engine",
                   "reconnect.core.view", "reconnect.core.session", "reconnect.storage.store"}


@pytest.mark.parametrize("argv", [["check", "{file}"], ["list"]])
def test_checking_and_listing_load_nothing_about_sessions(argv: list[str],
                                                          tmp_path: Path) -> None:
    """An editor's on-save check pays for the format and the walking rules, not for the events,
    facts and engine of a running session (their dataclasses alone cost tens of ms)."""
    exercise = SRC.parents[1] / "exercises" / "time-out.toml"
    argv = [part.replace("{file}", str(exercise)) for part in argv]
    code = ("import sys\nfrom reconnect.cli.commands import app\n"
            f"sys.argv = ['reconnect', '--data-dir', {str(tmp_path)!r}, *{argv!r}]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n")
    modules = loaded_after(code)
    assert "reconnect.format.library" in modules  # the command really ran
    assert not modules & SESSION_MODULES, sorted(modules & SESSION_MODULES)


def test_an_everyday_launch_loads_neither_the_checker_s_words_nor_openssl(tmp_path: Path) -> None:
    """Once the data folder's index knows the library, opening the store and the library (what
    the home screen needs) loads no diagnostics and no hashlib: a file with problems, a new
    bundled file or a session begun pays for them, the launch does not."""
    code = ("from pathlib import Path\n"
            "from reconnect import locations\n"
            "from reconnect.format.library import load_library\n"
            "from reconnect.storage.store import Store\n"
            f"data = Path({str(tmp_path)!r})\n"
            "Store.open(data).close()\n"
            "library = load_library([locations.bundled_exercises_dir()],"
            " locations.library_index_path(data))\n"
            "assert library.entries and not library.problems\n")
    loaded_after(code)  # the first launch makes the store and the index
    modules = loaded_after(code)
    assert "reconnect.format.library" in modules and "sqlite3" in modules
    assert not modules & {"hashlib", "_hashlib", "reconnect.format.diagnostics"}, \
        sorted(modules & {"hashlib", "_hashlib", "reconnect.format.diagnostics"})


def test_checking_one_file_does_not_load_openssl(tmp_path: Path) -> None:
    """An editor's on-save check hashes the file with CPython's own SHA-256, not hashlib's
    OpenSSL, which costs more to load than the check of a small file."""
    exercise = SRC.parents[1] / "exercises" / "time-out.toml"
    code = ("import os, sys\n"
            f"os.environ['RECONNECT_DATA_DIR'] = {str(tmp_path)!r}\n"
            f"sys.argv = ['reconnect', 'check', {str(exercise)!r}]\n"
            "from reconnect.cli import entry\n"
            "try:\n    entry.main()\nexcept SystemExit as done:\n    assert done.code == 0\n")
    modules = loaded_after(code)
    assert "reconnect.format.loader" in modules
    assert not modules & {"hashlib", "_hashlib"}


def test_the_line_mode_imports_no_textual_rich_or_web_server() -> None:
    modules = loaded_after("import reconnect.plain.home, reconnect.plain.session")
    assert not {name for name in modules
                if name.split(".")[0] in ("textual", "rich", "typer", "aiohttp",
                                          "textual_serve")}


def test_only_serve_loads_the_web_server() -> None:
    modules = loaded_after("import reconnect.cli.entry, reconnect.tui.app, reconnect.plain.home")
    assert not {name for name in modules if name.split(".")[0] in ("aiohttp", "textual_serve")}


def test_translations_are_read_with_the_standard_library_only() -> None:
    """Babel makes the catalogues in development; at run time gettext reads them."""
    modules = loaded_after("import reconnect.cli.commands, reconnect.tui.app, "
                           "reconnect.plain.home, reconnect.reports.handout\n"
                           "from reconnect import i18n; i18n.install('es')")
    assert "gettext" in modules
    assert not {name for name in modules if name.split(".")[0] == "babel"}
