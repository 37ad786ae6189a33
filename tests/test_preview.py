"""``reconnect preview``: the file runs with sample names, reloads when saved, and a file with
problems shows its diagnostics instead of failing."""

from __future__ import annotations

import os

from reconnect.core import events as ev
from reconnect.format.library import Library
from reconnect.tui.app import make_app
from reconnect.tui.screens.problems import ProblemsScreen
from reconnect.tui.screens.session import SessionScreen

from conftest import DATA
from pilot_helpers import settle

GOOD = (DATA / "walkthrough.toml").read_text()


def touch_later(path, text: str) -> None:
    """Save new text with a clearly newer modification time (some filesystems are coarse)."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


async def test_preview_runs_the_file_with_sample_names_and_saves_nothing(tmp_path, clock,
                                                                        private_data_dir):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.view().names == ("Alex", "Sam")
        assert not app.screen.session.saving
    assert not private_data_dir.exists()


async def test_preview_reloads_at_the_same_step_when_the_file_is_saved(tmp_path, clock):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.session.send(ev.JumpTo(clock(), "speak"))
        touch_later(path, GOOD.replace("you hold the floor", "the floor is yours"))
        app.reload_preview_if_saved()
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        view = app.screen.session.view()
        assert view.step_id == "speak"
        assert "the floor is yours" in view.text


async def test_a_broken_file_shows_its_problems_then_runs_once_fixed(tmp_path, clock):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace('kind = "swap"', 'kind = "swapp"'))
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        report = str(app.screen.query_one("#diagnostics").render())
        assert "error[R116]" in report and "did you mean `swap`?" in report
        touch_later(path, GOOD)
        app.reload_preview_if_saved()
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_preview_from_a_step_and_warnings_beside_the_exercise(tmp_path, clock):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace('category = "active-listening"', 'category = "listening"'))
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path,
                   start_at="wish")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.session.view().step_id == "wish"
        notes = str(app.screen.query_one("#notes-text").render())
        assert "R118" in notes
