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


async def _to_round_two_with_a_draft(app, clock, pilot) -> None:
    """Both rate, pick a topic, round 1 (both wishes), swap, then round 2's turn; then Sam's
    half-typed wish in round 2."""
    session = app.screen.session
    for event in (ev.Advance(clock()), ev.Rate(clock(), 6), ev.Advance(clock()),
                  ev.Rate(clock(), 7), ev.Advance(clock()), ev.Choose(clock(), "Money"),
                  ev.Advance(clock()), ev.Advance(clock()), ev.Answer(clock(), "r1 alex"),
                  ev.Advance(clock()), ev.Answer(clock(), "r1 sam"), ev.Advance(clock()),
                  ev.Advance(clock()), ev.Advance(clock())):
        session.send(event)
    app.screen.show_moment()
    await settle(pilot)
    view = session.view()
    assert (view.step_id, view.round, view.answerer) == ("wish", 2, 1)
    assert session.keep_draft("half a thought")


async def test_reload_replays_the_session_keeping_round_roles_answers_and_draft(tmp_path, clock):
    """The reported case: at round 2 of 2 the reload came back at round 1, roles reversed."""
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _to_round_two_with_a_draft(app, clock, pilot)
        touch_later(path, GOOD.replace("what do you wish for?", "what do you hope for?"))
        app.reload_preview_if_saved()
        await settle(pilot)
        session = app.screen.session
        view = session.view()
        assert (view.step_id, view.round, view.rounds, view.answerer) == ("wish", 2, 2, 1)
        assert view.text == "Sam, what do you hope for?"  # the edit shows
        assert view.draft == "half a thought"  # the typed words came along
        assert [(r.round, r.value) for r in session.state.records if r.step == "wish"] == [
            (1, "r1 alex"), (1, "r1 sam")]


async def test_reload_falls_back_to_the_nearest_step_and_says_so(tmp_path, clock):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await _to_round_two_with_a_draft(app, clock, pilot)
        # the topic choice loses its "Money" option: the events no longer fit
        touch_later(path, GOOD.replace('options = ["Money",', 'options = ["Work",'))
        app.reload_preview_if_saved()
        await settle(pilot)
        assert app.screen.session.view().step_id == "wish"
        messages = [n.message for n in app._notifications]
        assert any("no longer fits" in message and "`wish`" in message for message in messages)


async def test_a_broken_save_then_a_fix_carries_on_where_it_was(tmp_path, clock):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _to_round_two_with_a_draft(app, clock, pilot)
        touch_later(path, GOOD.replace('kind = "swap"', 'kind = "swapp"'))
        app.reload_preview_if_saved()
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        touch_later(path, GOOD)
        app.reload_preview_if_saved()
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        view = app.screen.session.view()
        assert (view.step_id, view.round, view.answerer) == ("wish", 2, 1)
        assert view.draft == "half a thought"


async def test_preview_runs_a_translation_and_one_half_translated(tmp_path, clock):
    """A translation is an exercise of its own: preview runs it in its words; texts still
    marked to translate are warnings beside it (R412), not a reason to refuse it."""
    from reconnect.format.languages import version_of
    from reconnect.format.loader import load_file
    from reconnect.format.templates import translation_text

    from conftest import ROOT

    spanish = ROOT / "exercises" / "es" / "time-out.toml"
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=spanish,
                   start_at="welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "desborde emocional" in app.screen.session.view().text
    original = ROOT / "exercises" / "time-out.toml"
    exercise = load_file(original).exercise
    assert exercise is not None
    half = tmp_path / "pt.toml"
    half.write_text(translation_text(original.read_text(), "pt", version_of(exercise.digest)))
    app = make_app(library=Library(()), store=None, demo=True, clock=clock, preview=half,
                   start_at="welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.view().text.startswith("[to translate] ")
        assert {d.code for d in app.preview_warnings} >= {"R412"}
