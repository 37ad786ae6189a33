"""Home: resume first, homework due (until marked done), the library, the couple's streak and
their check-ins over time."""

from __future__ import annotations

import textwrap

from textual.widgets import OptionList, Static

from reconnect.core import events as ev
from reconnect.format import load_text
from reconnect.format.library import Library
from reconnect.storage import journal
from reconnect.tui.app import make_app
from reconnect.tui.dialogs.confirm import ConfirmDialog

from conftest import DATA
from pilot_helpers import settle

HOMEWORK = textwrap.dedent("""
    format = 1
    id = "thanks"
    title = "Thanks"
    category = "gratitude"
    summary = "One thank-you."
    minutes = 5
    source = "Adapted from a test"

    [[steps]]
    id = "close-before"
    kind = "rating"
    text = "How close, {you}?"
    labels = ["Far", "Close"]
    measure = "closeness"
    checkin = "before"

    [[steps]]
    id = "practice"
    kind = "homework"
    text = "Thank each other once a day."
    tasks = ["Say what it shows about them"]
    due_days = 2

    [[steps]]
    id = "close-after"
    kind = "rating"
    text = "How close now, {you}?"
    labels = ["Far", "Close"]
    measure = "closeness"
    checkin = "after"
""")


def finish(store, clock, exercise, before=(3, 4), after=(6, 8)):
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    for value in before:
        running.send(ev.Advance(clock()))
        running.send(ev.Rate(clock(), value))
    for event in (ev.Advance(clock()), ev.Advance(clock())):
        running.send(event)
    for value in after:
        running.send(ev.Advance(clock()))
        running.send(ev.Rate(clock(), value))
    running.send(ev.Advance(clock()))
    assert running.state.finished
    return running


def texts(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#library", OptionList).options]


async def test_homework_streak_and_checkins_on_home(store, clock):
    exercise = load_text(HOMEWORK).exercise
    store.set_setting("safety_notice_seen", "yes")
    finish(store, clock, exercise)
    clock.advance(86400)
    finish(store, clock, exercise, before=(5, 5), after=(7, 7))
    app = make_app(library=Library.of([exercise]), store=store, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        shown = texts(app)
        assert shown[0] == "Homework until next time"
        assert "Thank each other once a day." in shown[1] and "due tomorrow" in shown[1]
        assert not shown[1].startswith("Homework")  # the heading above says so once
        assert "2 days in a row together" in str(app.screen.query_one("#streak", Static).render())
        plot = app.screen.query_one("#home-checkins")
        assert str(plot.render()).startswith("Closeness")
        option_list = app.screen.query_one("#library", OptionList)
        option_list.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        remaining = [t for t in texts(app) if "Thank each other" in t]
        assert len(remaining) == 1  # one of the two homework items is done; one stays
    assert len(store.open_homework()) == 1


async def test_no_streak_or_picture_before_anything_is_done(store, clock):
    store.set_setting("safety_notice_seen", "yes")
    library = Library.of([load_text((DATA / "walkthrough.toml").read_text()).exercise])
    app = make_app(library=library, store=store, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#progress-strip").display
        assert not app.screen.query("#streak")


async def test_in_a_demonstration_every_word_says_nothing_is_saved(clock):
    from reconnect.tui.screens.home import HomeScreen

    library = Library.of([load_text((DATA / "walkthrough.toml").read_text()).exercise])
    app = make_app(library=library, store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        if not isinstance(screen, HomeScreen):  # the safety notice comes first
            await pilot.press("escape")
            await settle(pilot)
            screen = app.screen
        assert isinstance(screen, HomeScreen)
        intro = screen.intro_text()
        assert intro == "Choose an exercise to try. This is a demonstration: nothing is saved."
        assert "left off" not in intro
        quit_binding = next(b for b in app.BINDINGS if getattr(b, "id", "") == "app.quit")
        assert "Outside a demonstration" in (quit_binding.tooltip or "")
        from reconnect.tui.screens.session import SessionScreen

        library_key = next(b for b in SessionScreen.BINDINGS
                           if getattr(b, "id", "") == "session.library")
        assert "Outside a demonstration" in (library_key.tooltip or "")


async def test_a_rating_given_by_one_partner_never_shows_on_home_before_the_other_rates(
        store, clock):
    """Alex rated, then the window was closed before Sam's turn: home, which either partner may
    open, showed Alex's number in its check-in picture."""
    store.set_setting("safety_notice_seen", "yes")
    exercise = load_text((DATA / "walkthrough.toml").read_text()).exercise
    assert exercise is not None
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    running.send(ev.Advance(clock()))  # the laptop to Alex
    running.send(ev.Rate(clock(), 7))  # Alex's private rating; then the window closes
    app = make_app(library=Library.of([exercise]), store=store, clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#home-checkins")
        assert "7" not in " ".join(texts(app))
