"""Escape sequences in exercise *file names* never reach the terminal: a clipboard write
(OSC 52) or a window-title change in a name is shown written out, never obeyed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect.format.library import load_library
from reconnect.tui.app import make_app

from pilot_helpers import settle

HOSTILE = "evil\x1b]52;c;ZXZpbA==\x07\x1b]0;owned\x07\x9b2J"


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / f"folder{HOSTILE}"
    folder.mkdir()
    (folder / f"{HOSTILE}.toml").write_text("format = 1\nid = \"broken\"\n", encoding="utf-8")
    (folder / f"twin{HOSTILE}.toml").write_text("format = 1\nid = \"broken\"\n",
                                                encoding="utf-8")
    return folder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def assert_inert(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text, repr(text[:300])


@pytest.mark.parametrize("output", ["full", "concise", "github", "json"])
def test_check_writes_hostile_names_out(hostile_folder: Path, output: str) -> None:
    result = run("check", "--format", output, str(hostile_folder))
    assert result.returncode == 1
    assert_inert(result.stdout + result.stderr)
    if output != "json":
        assert "\\x1b]52;c;ZXZpbA==\\x07" in result.stdout  # shown, so it can be found


def test_list_walk_and_usage_errors_write_hostile_names_out(hostile_folder: Path,
                                                            tmp_path: Path) -> None:
    listed = run("--data-dir", str(tmp_path / "data"), "--exercises", str(hostile_folder),
                 "list")
    assert_inert(listed.stdout + listed.stderr)
    assert "\\x1b" in listed.stderr
    walked = run("walk", str(hostile_folder / f"{HOSTILE}.toml"))
    assert_inert(walked.stdout + walked.stderr)
    missing = run("check", str(hostile_folder / f"gone{HOSTILE}.toml"))
    assert missing.returncode == 2
    assert_inert(missing.stderr)


async def test_the_home_problems_panel_writes_hostile_names_out(hostile_folder: Path, store,
                                                                clock) -> None:
    store.set_setting("safety_notice_seen", "yes")
    library = load_library([hostile_folder])
    app = make_app(library=library, store=store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#problems").render())
        assert "could not be loaded" in shown
        assert_inert(shown)
        assert "\\x1b" in shown
