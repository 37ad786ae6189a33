"""The core never imports Textual, and the quick commands never pay for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CORE = [
    "reconnect.format",
    "reconnect.format.loader",
    "reconnect.format.report",
    "reconnect.engine",
    "reconnect.store",
    "reconnect.library",
    "reconnect.session",
    "reconnect.summary",
    "reconnect.transcript",
    "reconnect.progress",
    "reconnect.text",
    "reconnect.locations",
]


def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_textual_or_rich(module: str) -> None:
    modules = loaded_after(f"import {module}")
    assert not {name for name in modules if name.split(".")[0] in ("textual", "rich")}


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["check", "--help"], ["--version"]])
def test_quick_commands_do_not_import_textual(argv: list[str], tmp_path) -> None:
    code = ("import sys\nfrom reconnect.cli import app\n"
            f"sys.argv = ['reconnect', '--data-dir', {str(tmp_path)!r}, *{argv!r}]\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n")
    modules = loaded_after(code)
    assert "textual" not in modules
    assert "textual.app" not in modules
