"""Session screen details: the time-out length, demonstration jumps, the theme that persists,
and answers that are too long."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.tui.app import make_app
from reconnect.tui.dialogs.jump import JumpDialog

from pilot_helpers import (
    enter_names,
    familiar_app,
    open_exercise,
    screen_text,
    settle,
    walkthrough_at,
)


async def test_time_out_length_can_be_changed_and_moves_the_return_time(sample_library, store,
                                                                       clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.session.state.timeout.minutes == 20
        await pilot.press("plus", "plus", "minus")
        await settle(pilot)
        assert app.screen.session.state.timeout.minutes == 25
        assert "(25 minutes)" in str(app.screen.query_one(".return-time").render())
        clock.advance(5 * 60)
        assert app.screen.session.view().timeout_remaining == 20 * 60
    types = [e.type for e in store.events(store.recent_sessions()[0].id)]
    assert types.count("settimeout") == 3


async def test_a_small_screen_shows_how_to_come_back_from_a_time_out_and_reads_on(
        sample_library, store, clock):
    """The way back stands right under the return time, so a small window cuts off an idea
    for the time apart instead; Page Down and the arrows read the rest (the words take no
    focus, so nothing else would)."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(50, 20)) as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("ctrl+t")
        await settle(pilot)
        stage = app.screen.query_one("#stage")
        way_back = app.screen.query_one(".way-back")
        assert stage.max_scroll_y > 0  # more than fits
        assert way_back.region.bottom <= stage.region.bottom  # and the way back is in view
        assert "Press Enter when you are both ready" in " ".join(screen_text(app))
        await pilot.press("pagedown")
        await settle(pilot)
        assert stage.scroll_y == stage.max_scroll_y
        assert "come back at the agreed time" in " ".join(screen_text(app))
        await pilot.press("up")
        await settle(pilot)
        assert stage.scroll_y == stage.max_scroll_y - 1
        assert app.screen.session.state.timeout is not None  # reading never ends the time-out


async def test_demonstration_can_jump_to_any_step(sample_library, clock):
    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await pilot.press("enter")  # the sample names are filled in and Begin has the focus
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JumpDialog)
        steps = app.screen.query_one("#steps", OptionList)
        steps.highlighted = [o.id for o in steps.options].index("wish")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.view().step_id == "wish"


async def test_jumping_is_only_for_demonstrations(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("j")
        await settle(pilot)
        assert not isinstance(app.screen, JumpDialog)


async def test_the_chosen_theme_is_remembered(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
    again = make_app(library=sample_library, store=store, clock=clock)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


SHARED = """
format = 1
id = "shared"
title = "Shared"
category = "connection"
summary = "One answer, written together."
minutes = 5
source = "Adapted from a test"

[[steps]]
id = "plan"
kind = "answer"
who = "together"
text = "What will you do together this week?"

[[steps]]
id = "done"
kind = "end"
"""


def shared_answer_app(store, clock):
    """The app over one exercise whose first moment is a shared answer box."""
    from reconnect.format import load_text
    from reconnect.format.library import Library

    store.set_setting("safety_notice_seen", "yes")
    return make_app(library=Library.of([load_text(SHARED).exercise]), store=store, clock=clock)


async def at_the_shared_answer(pilot, app) -> None:
    await settle(pilot)
    await open_exercise(pilot, app, "shared")
    await enter_names(pilot)


async def test_a_huge_answer_is_refused_calmly_and_kept_on_screen(store, clock):
    app = shared_answer_app(store, clock)
    async with app.run_test(notifications=True) as pilot:
        await at_the_shared_answer(pilot, app)
        entry = app.screen.query_one("#answer", TextArea)
        huge = "words " * (engine.MAX_ANSWER // 6 + 10)
        entry.text = huge
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.session.view().expects == "text"
        assert app.screen.query_one("#answer", TextArea).text == huge  # nothing lost
        assert any("longer than" in n.message for n in app._notifications)
        entry.text = "A walk on Sunday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.session.view().kind == "end"


async def test_the_notice_that_an_answer_is_empty_goes_once_typing_begins(store, clock):
    """It stayed in the corner while the partner typed the answer it asked for; a notice
    that an answer is too long stays while it is being shortened."""
    app = shared_answer_app(store, clock)
    async with app.run_test(notifications=True) as pilot:
        await at_the_shared_answer(pilot, app)
        entry = app.screen.query_one("#answer", TextArea)
        await pilot.press("ctrl+s")  # nothing typed
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["The answer is empty."]
        await pilot.press("space")  # a space is still nothing
        await settle(pilot)
        assert app._notifications
        await pilot.press("A")
        await settle(pilot)
        assert not app._notifications
        entry.text = "words " * (engine.MAX_ANSWER // 6 + 10)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("longer than" in n.message for n in app._notifications)
        await pilot.press("backspace")
        await settle(pilot)
        assert any("longer than" in n.message for n in app._notifications)


async def test_unsent_words_survive_a_time_out_and_quitting(sample_library, store, clock):
    from textual.widgets import Input

    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        app.screen.session.send(ev.JumpTo(clock(), "wish"))
        app.screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")  # hand-over done
        await settle(pilot)
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")  # back from the time-out: the hand-over first
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#answer", Input).value == "half a thought"
        await pilot.press(*" more")
        await pilot.press("ctrl+q")
    again = make_app(library=sample_library, store=store, clock=clock)
    async with again.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")  # resume
        await settle(pilot)
        await pilot.press("enter")  # hand-over
        await settle(pilot)
        assert again.screen.query_one("#answer", Input).value == "half a thought more"
        await pilot.press("enter")
        await settle(pilot)
        assert again.screen.session.view().expects == "handover"  # saved; the other partner next
    answers = [e.payload["text"] for e in store.events(store.recent_sessions()[0].id)
               if e.type == "answer"]
    assert answers == ["half a thought more"]


async def test_ending_a_calm_down_break_early_asks_first(sample_library, store, clock):
    from reconnect.tui.dialogs.confirm import ConfirmDialog

    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)
        session = app.screen.session
        session.send(ev.JumpTo(clock(), "cool-down"))
        app.screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep resting
        await settle(pilot)
        assert session.view().kind == "break"
        clock.advance(20 * 60)
        await pilot.press("enter")  # the break is over: no question
        await settle(pilot)
        assert session.view().step_id == "speak"


async def test_enter_on_a_rating_with_nothing_chosen_says_what_to_do_until_it_is_chosen(
        sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(notifications=True) as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("enter")  # hand-over
        await settle(pilot)
        await pilot.press("enter")  # nothing chosen yet
        await settle(pilot)
        assert app.screen.session.view().expects == "rating"
        assert any("Choose a number first" in n.message for n in app._notifications)
        await pilot.press("5", "enter")  # chosen: the moment moves on, and the notice goes
        await settle(pilot)
        assert app.screen.session.view().expects == "handover"
        assert not any("Choose a number first" in n.message for n in app._notifications)
        assert "Choose a number first" not in "\n".join(screen_text(app))


async def test_facilitator_notes_make_room_on_a_narrow_screen(sample_library, clock):
    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await pilot.press("enter")
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        assert not notes.display
        await pilot.press("n")
        await settle(pilot)
        assert notes.display
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert notes.display


async def test_unsent_words_are_kept_however_the_app_is_asked_to_close(sample_library, store,
                                                                      clock, monkeypatch):
    """The browser mode closes a tab's app with Textual's ExitApp (not Ctrl+Q): the words typed
    but not sent are kept all the same, not only by the regular keeping while typing."""
    from textual import messages

    from reconnect.tui.screens import session as session_screen

    monkeypatch.setattr(session_screen, "DRAFT_SAVE_SECONDS", 3600)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        session = await walkthrough_at(pilot, app, clock, "wish")
        await pilot.press("enter")  # the hand-over
        await settle(pilot)
        await pilot.press(*"half a wish")
        assert session.unsaved_drafts  # typed, and not kept yet
        app.post_message(messages.ExitApp())
        await settle(pilot)
    record = store.recent_sessions()[0]
    assert [draft.text for draft in store.drafts(record.id)] == ["half a wish"]


async def test_the_footer_is_drawn_again_only_when_its_keys_change(sample_library, store, clock):
    """Textual tells a footer of new keys far more often than the keys a couple sees change
    (every focus move, every refresh)."""
    from reconnect.tui.widgets.key_footer import KeyFooter

    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await walkthrough_at(pilot, app, clock, "swap")
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        drawn: list[bool] = []
        refresh = footer.refresh

        def counted(*args, **kwargs):
            drawn.append(True)
            return refresh(*args, **kwargs)

        footer.refresh = counted  # type: ignore[method-assign]
        before = footer.shown
        screen.refresh_bindings()  # asked to, with nothing changed
        await settle(pilot)
        assert footer.shown == before and drawn == []
        screen.session.send(ev.JumpTo(clock(), "wish"))  # a private answer: other keys
        screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")  # the laptop has reached the partner who answers
        await settle(pilot)
        assert drawn
        shown = set(footer.shown)
        assert "Save answer" in shown and "Show/hide typing" in shown
        assert "Back" not in shown  # a letter key is refused while an answer box is shown
