"""The real app, driven with key presses through whole exercises (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from reconnect.core import events as ev
from reconnect.format.library import Library, load_library
from reconnect.tui.app import make_app
from reconnect.tui.dialogs.safety import SafetyDialog
from reconnect.tui.screens.home import HomeScreen
from reconnect.tui.screens.session import SessionScreen
from reconnect.tui.screens.setup import SetupScreen
from reconnect.tui.screens.summary import SummaryScreen
from reconnect.tui.widgets.banner import TurnBanner
from reconnect.tui.widgets.countdown import Countdown, digit_rows

from pilot_helpers import (
    enter_names,
    familiar_app,
    open_exercise,
    screen_text,
    settle,
    wait_until,
    walk_session,
    walkthrough_at,
)


def banner(app) -> str:
    return app.screen.query_one("#banner", TurnBanner).text


async def test_safety_notice_is_shown_over_home_on_first_run_only(sample_library, store, clock):
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SafetyDialog)
        assert isinstance(app.screen_stack[-2], HomeScreen)  # over home, not instead of it
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    again = make_app(library=sample_library, store=store, clock=clock)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(again.screen, SafetyDialog)


async def test_the_garbage_collector_is_back_on_once_the_first_screen_is_drawn(
        sample_library, store, clock):
    """The command line turns Python's collector off for the start-up (cli/entry.py); a long
    day of sessions needs it on again, so the app turns it back on after the first frame."""
    import gc

    gc.disable()
    try:
        app = familiar_app(sample_library, store, clock)
        async with app.run_test() as pilot:
            await wait_until(pilot, gc.isenabled, "the collector to be turned back on")
            assert isinstance(app.screen, HomeScreen)
    finally:
        gc.enable()


def test_the_command_line_starts_the_app_with_the_collector_off(monkeypatch, tmp_path):
    import gc
    import sys

    from reconnect.cli import entry
    from reconnect.tui import launch

    seen: list[bool] = []

    def fake_launch(**_: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(launch, "launch", fake_launch)
    monkeypatch.setattr(sys, "argv", ["reconnect", "--data-dir", str(tmp_path)])
    monkeypatch.delenv("RECONNECT_PLAIN", raising=False)
    monkeypatch.setattr(entry, "plain_wanted", lambda _flag: False)
    try:
        with pytest.raises(SystemExit) as ended:
            entry.main()
    finally:
        gc.enable()
    assert ended.value.code == 0 and seen == [False]


async def test_home_lists_library_by_category_and_problem_files(tmp_path, store, clock):
    folder = tmp_path / "ex"
    folder.mkdir()
    good = (Path(__file__).parent / "data" / "walkthrough.toml").read_text()
    (folder / "good.toml").write_text(good)
    (folder / "broken.toml").write_text('format = 1\nid = "broken"\ntitle = [\n')
    library = load_library([folder])
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=library, store=store, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        options = app.screen.query_one("#library", OptionList).options
        texts = [str(option.prompt) for option in options]
        assert texts[0] == "Active listening"
        assert any("Walkthrough" in text and "20 min" in text for text in texts)
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "broken.toml:3" in problems


async def test_walkthrough_end_to_end_saves_every_answer(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        assert isinstance(app.screen, SetupScreen)
        await enter_names(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Pass the laptop to ALEX" in banner(app)
        seen = await walk_session(pilot, app, rating="7", answer="More time together")
        assert isinstance(app.screen, SummaryScreen)
        assert "cool-down" not in seen  # calm ratings do not branch to the break
        checkins = str(app.screen.query_one("#checkins", Static).render())
        assert "Alex · calm: 7" in checkins
    sessions = store.recent_sessions()
    assert len(sessions) == 1 and sessions[0].status == "finished"
    answers = [e.payload["text"] for e in store.events(sessions[0].id) if e.type == "answer"]
    assert answers == ["More time together"] * 4  # two partners, two rounds


async def test_low_calm_rating_branches_to_a_break(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("enter", "1", "enter", "enter", "8", "enter")
        await settle(pilot)
        await pilot.press("enter")  # past the reveal
        await settle(pilot)
        assert app.screen.session.view().kind == "break"
        assert app.screen.query_one("#countdown").display


async def test_turn_banner_countdown_and_gentle_cue(sample_library, store, clock, monkeypatch):
    app = familiar_app(sample_library, store, clock)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test() as pilot:
        session = await walkthrough_at(pilot, app, clock, "speak")
        assert "ALEX speaks" in banner(app) and "SAM listens" in banner(app)
        countdown = app.screen.query_one(Countdown)
        shown = "\n".join(screen_text(app))
        assert all(row.strip() in shown for row in digit_rows("2:00"))
        assert "Time is up" not in shown
        clock.advance(119.5)
        app.screen.tick()
        assert bells == []
        clock.advance(1)
        app.screen.tick()
        await settle(pilot)
        assert bells == [1]
        assert session.state.time_up  # recorded, and the turn is not cut off
        assert session.view().kind == "turn"
        assert countdown.has_class("time-up")
        assert "Time is up" in "\n".join(screen_text(app))


async def test_pause_freezes_the_timer_and_time_out_returns_to_the_same_place(
        sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        session = await walkthrough_at(pilot, app, clock, "speak")
        clock.advance(30)
        await pilot.press("p")
        await settle(pilot)
        assert session.view().expects == "paused"
        clock.advance(600)
        assert session.view().remaining == pytest.approx(90)
        await pilot.press("p")
        await pilot.press("t")
        await settle(pilot)
        assert session.view().expects == "timeout"
        assert "TIME-OUT" in banner(app)
        clock.advance(20 * 60)
        await pilot.press("enter")
        await settle(pilot)
        view = session.view()
        assert view.step_id == "speak" and view.remaining == pytest.approx(90)


async def test_ctrl_t_calls_a_time_out_even_while_typing(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        session = await walkthrough_at(pilot, app, clock, "wish")
        await pilot.press("enter")  # hand-over done
        await settle(pilot)
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert session.view().expects == "timeout"


async def test_quit_and_resume_exactly_where_they_were(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("enter", "4", "enter", "enter", "6", "enter", "enter")
        await settle(pilot)
        before = app.screen.session.view()
        assert before.step_id == "topic"
        await pilot.press("ctrl+q")
    resumed = make_app(library=sample_library, store=store, clock=clock)
    async with resumed.run_test() as pilot:
        await settle(pilot)
        option_list = resumed.screen.query_one("#library", OptionList)
        first = option_list.get_option_at_index(option_list.highlighted)
        assert first.id.startswith("resume:")
        assert "Walkthrough" in str(first.prompt) and "part 2 of 10" in str(first.prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(resumed.screen, SessionScreen)
        assert resumed.screen.session.view().step_id == "topic"
        assert resumed.screen.session.view().names == ("Alex", "Sam")


async def test_names_are_remembered_and_checked(sample_library, store, clock):
    store.set_setting("safety_notice_seen", "yes")
    store.save_couple("Robin", "Kai", clock())
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        assert app.screen.query_one("#name-0", Input).value == "Robin"
        assert app.screen.query_one("#name-1", Input).value == "Kai"
        second = app.screen.query_one("#name-1", Input)
        second.value = "robin"
        second.focus()
        await settle(pilot)
        await pilot.press("enter")  # Enter in the second name moves on, it never begins
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#who-starts")
        await pilot.press("enter", "enter")  # who starts, then Begin
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "same" in str(app.screen.query_one("#setup-message", Static).render())
        message = app.screen.query_one("#setup-message", Static)
        assert app.screen.focused is second  # back to the name to fix
        second.value = "  "
        # the change clears the old message: wait for that before pressing Enter again
        await wait_until(pilot, lambda: str(message.render()) == "", "the message cleared")
        await pilot.press("enter")  # an empty name is not moved on from
        await wait_until(pilot, lambda: "Type a name first" in str(message.render()),
                         "the message asking for a name in the box")
        assert app.screen.focused is second
        begin = app.screen.query_one("#begin")
        begin.focus()
        # Textual's Button ignores a press while it still shows the last one (0.2 s)
        await wait_until(pilot, lambda: not begin.has_class("-active"), "Begin released")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "enter a name" in str(message.render()),
                         "the message asking for a name")
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.focused is second  # the empty one


async def test_hostile_names_and_answers_are_shown_literally(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await enter_names(pilot, "[@click=app.quit]Al[/]", "Sam [b]")
        assert isinstance(app.screen, SessionScreen)
        assert "[@CLICK=APP.QUIT]AL[/]" in banner(app)
        session = app.screen.session
        session.send(ev.JumpTo(clock(), "wish"))
        app.screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"[/] oops [red]")
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
    record = store.recent_sessions()[0]
    assert record.partner_a == "[@click=app.quit]Al[/]"


async def test_a_failed_save_keeps_what_was_typed(sample_library, store, clock, monkeypatch):
    from reconnect.storage.store import StoreError

    app = familiar_app(sample_library, store, clock)
    async with app.run_test(notifications=True) as pilot:
        session = await walkthrough_at(pilot, app, clock, "wish")
        await pilot.press("enter")
        await settle(pilot)

        def full(*args, **kwargs):
            raise StoreError("Could not save: the disk is full.")

        monkeypatch.setattr(store, "append_event", full)
        await pilot.press(*"precious words", "enter")
        await settle(pilot)
        assert app.screen.query_one("#answer", Input).value == "precious words"
        assert session.view().expects == "text"
        monkeypatch.undo()
        await pilot.press("enter")
        await settle(pilot)
        assert session.view().expects == "handover"
    saved = [e.payload for e in store.events(store.recent_sessions()[0].id) if e.type == "answer"]
    assert saved == [{"text": "precious words"}]


async def test_demo_mode_writes_nothing(sample_library, private_data_dir, clock):
    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # no safety notice over a demonstration
        assert "nothing is saved" in app.sub_title
        await open_exercise(pilot, app, "walkthrough")
        assert app.screen.query_one("#name-0", Input).value == "Alex"
        await pilot.click("#begin")
        await settle(pilot)
        assert app.screen.query_one("#notes-text")  # facilitator notes panel
        await walk_session(pilot, app)
    assert not private_data_dir.exists()


# 80x24 is walked screen by screen in test_pseudo_locale.py and the snapshots
@pytest.mark.parametrize("size", [(40, 12), (200, 60)])
async def test_sizes_do_not_crash(sample_library, store, clock, size):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=size) as pilot:
        await walkthrough_at(pilot, app, clock)
        assert app.size == size  # each case runs at its own size
        await walk_session(pilot, app)


async def test_shrinking_the_window_mid_session_does_not_crash(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert app.size == (40, 12)
        await walk_session(pilot, app)


def representative() -> list[str]:
    """The fewest bundled exercises that together have every step kind and every shelf.

    Every branch of every exercise is walked through the engine in test_exercises.py; here a
    set that uses every kind of step and every category is walked through the real screens.
    """
    from reconnect.format import load_file

    from conftest import ROOT

    features: dict[str, set[str]] = {}
    for path in sorted((ROOT / "exercises").glob("*.toml")):
        exercise = load_file(path).exercise
        assert exercise is not None, path
        features[exercise.id] = ({step.kind.value for step in exercise.steps}
                                 | {f"shelf:{exercise.category}"}
                                 | {"private" for step in exercise.steps if step.is_private})
    wanted = set().union(*features.values())
    chosen: list[str] = []
    while wanted:
        best = max(sorted(features), key=lambda name: len(features[name] & wanted))
        chosen.append(best)
        wanted -= features[best]
    return chosen


@pytest.mark.parametrize(("exercise_id", "rating"),
                         [(name, "2" if number % 2 else "8")
                          for number, name in enumerate(representative())])
async def test_representative_exercises_walk_to_the_end_through_the_screens(
        bundled: Library, store, clock, exercise_id, rating):
    """Low and high ratings alternate, so both a break and the calm path are drawn."""
    assert bundled.get(exercise_id) is not None, [p.summary for p in bundled.problems]
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=bundled, store=store, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, exercise_id)
        await enter_names(pilot)
        await walk_session(pilot, app, rating=rating)
        assert isinstance(app.screen, SummaryScreen)
    assert store.recent_sessions()[0].status == "finished"
