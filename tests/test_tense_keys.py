"""Keys a couple presses without thinking: typing after Esc, Enter in a name field, pasting two
names, the way back to the library, a save that fails, a draft that comes back."""

from __future__ import annotations

import sqlite3
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from reconnect.core.view import Expect
from reconnect.storage import journal
from reconnect.tui.screens.home import HomeScreen
from reconnect.tui.screens.session import Returner, SessionScreen
from reconnect.tui.screens.setup import SetupScreen

from pilot_helpers import familiar_app, open_exercise, settle, walkthrough_at

SHARED = """format = 1
id = "shared"
title = "Shared"
category = "connection"
summary = "One shared answer."
minutes = 5
source = "Written for the tests"

[[steps]]
id = "plan"
kind = "answer"
who = "together"
text = "Write one plan together."

[[steps]]
id = "done"
kind = "end"
"""


def shared_library():
    from reconnect.format import load_text
    from reconnect.format.library import Library

    exercise = load_text(SHARED).exercise
    assert exercise is not None
    return Library.of([exercise])


async def test_typing_after_esc_never_goes_back_or_calls_a_time_out(store, clock):
    """The report: Esc, then "but" went back a step (b) and called a time-out (t)."""
    app = familiar_app(shared_library(), store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "shared")
        await pilot.press(*"Alex", "tab")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        screen.query_one("#name-1", Input).value = "Sam"
        screen.query_one("#begin").focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert isinstance(screen.focused, TextArea)
        assert screen.focused.id == "answer"
        await pilot.press(*"our ", "escape")
        await settle(pilot)
        assert isinstance(screen.focused, Returner)  # a visible place that says how to return
        assert "Tab or Enter goes back" in str(screen.focused.render())
        before = [e.type for e in store.events(screen.session.journal.session_id)]
        await pilot.press(*"but t p b", "space", "plus")
        await settle(pilot)
        view = screen.session.view()
        assert view.expects == Expect.TEXT and view.step_id == "plan"
        assert [e.type for e in store.events(screen.session.journal.session_id)] == before
        await pilot.press("tab")  # one Tab returns to the box
        await settle(pilot)
        assert isinstance(screen.focused, TextArea)
        await pilot.press("escape", "enter")  # so does Enter
        await settle(pilot)
        assert isinstance(screen.focused, TextArea)
        await pilot.press(*"plan")
        assert screen.focused.text == "our plan"  # typing goes on where it was
        await pilot.press("ctrl+t")  # the time-out key still works while typing
        await settle(pilot)
        assert screen.session.view().expects == Expect.TIMEOUT


async def test_the_footer_shows_esc_while_typing_and_the_way_back_to_the_library(
        store, clock):
    app = familiar_app(shared_library(), store, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        app.begin(shared_library().get("shared"), ("Alex", "Sam"), 0)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        keys = {binding.key: binding.description for binding in
                (active.binding for active in screen.active_bindings.values())
                if binding.show and screen.check_action(binding.action, ()) }
        assert keys.get("escape") == "Leave the box"
        assert keys.get("ctrl+l") == "Library"
        assert keys.get("ctrl+t") == "Time-out"
        assert "b" not in keys and "p,space" not in keys  # letters type, they do not act
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert store.unfinished_sessions()  # still saved, to resume


async def test_enter_in_the_second_name_moves_on_and_never_begins(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        await pilot.press(*"Alex", "enter", *"Sam", "enter")
        await settle(pilot)
        assert app.screen is screen  # still setting up: who starts has not been chosen
        assert screen.focused is screen.query_one("#who-starts")
        assert "Who starts?" in str(screen.query_one("#setup-hint").render())
        assert screen.query_one("#name-0", Input).value == "Alex"
        assert screen.query_one("#name-1", Input).value == "Sam"


async def test_two_names_pasted_or_typed_in_one_burst_land_one_per_field(sample_library,
                                                                        store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        first = screen.query_one("#name-0", Input)
        second = screen.query_one("#name-1", Input)
        first.focus()
        await settle(pilot)
        first.post_message(events.Paste("Alex\nSam"))
        await settle(pilot)
        assert (first.value, second.value) == ("Alex", "Sam")
        # the same burst as keys, all arriving before the focus moves
        first.value = second.value = ""
        first.focus()
        await settle(pilot)
        for key, character in [*((c, c) for c in "Kim"), ("enter", None),
                               *((c, c) for c in "Lee")]:
            first.post_message(events.Key(key, character))
        await settle(pilot)
        assert (first.value, second.value) == ("Kim", "Lee")


async def test_typing_on_after_a_fast_enter_keeps_every_letter(sample_library, store, clock):
    """In a browser each key comes on its own, a moment apart: the first letter of the second
    name arrived before the field had the focus, and was then selected and typed over."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        first = screen.query_one("#name-0", Input)
        second = screen.query_one("#name-1", Input)
        first.value = second.value = ""
        first.focus()
        await settle(pilot)
        for key, character in [*((c, c) for c in "Kim"), ("enter", None), ("L", "L")]:
            first.post_message(events.Key(key, character))
        await settle(pilot)
        await pilot.press("e", "e")
        await settle(pilot)
        assert (first.value, second.value) == ("Kim", "Lee")


async def test_an_enter_that_comes_before_the_focus_still_chooses_who_starts(sample_library,
                                                                           store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        first = screen.query_one("#name-0", Input)
        first.value = screen.query_one("#name-1", Input).value = ""
        first.focus()
        await settle(pilot)
        for key, character in [*((c, c) for c in "Kim"), ("enter", None),
                               *((c, c) for c in "Lee"), ("enter", None), ("enter", None)]:
            first.post_message(events.Key(key, character))
        await settle(pilot)
        assert screen.query_one("#name-1", Input).value == "Lee"
        assert screen.focused is screen.query_one("#begin")  # who starts was chosen
        await pilot.press("enter")  # Begin
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.state.names == ("Kim", "Lee")


async def test_two_quick_enters_from_the_terminal_choose_who_starts_and_keep_begin_focused(
        sample_library, store, clock):
    """Keys from a terminal reach the app in one burst: the second name's Enter, then the one
    that chooses who starts. The field's late "submitted" message must not pull the focus back
    from Begin, or the next Enter chooses again instead of beginning."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        second = screen.query_one("#name-1", Input)
        screen.query_one("#name-0", Input).value, second.value = "Kim", ""
        second.focus()
        await settle(pilot)
        for key, character in [*((c, c) for c in "Lee"), ("enter", None), ("enter", None)]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert second.value == "Lee"
        assert screen.focused is screen.query_one("#begin")
        await pilot.press("enter")  # Begin
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.state.names == ("Kim", "Lee")


async def test_a_long_name_is_refused_with_a_reason_not_cut(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        screen = app.screen
        screen.query_one("#name-0", Input).value = "A" * 45
        screen.query_one("#name-1", Input).value = "Sam"
        screen.query_one("#begin").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        message = str(screen.query_one("#setup-message").render())
        assert "45 characters long" in message and "up to 40" in message


class FailingOnce:
    """The connection fails the n-th statement of the next save as a full disk would."""

    def __init__(self, real: sqlite3.Connection, fail_at: int) -> None:
        self.real, self.fail_at, self.count = real, fail_at, 0

    def _tick(self, sql: str) -> None:
        if sql.strip().upper() in ("BEGIN IMMEDIATE", "ROLLBACK"):
            return
        self.count += 1
        if self.count == self.fail_at:
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> Any:
        self._tick(sql)
        return self.real.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        self._tick(sql)
        return self.real.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


async def test_a_failed_save_through_the_screens_leaves_disk_and_screen_agreeing(
        sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        session = await walkthrough_at(pilot, app, clock, "wish")
        session_id = session.journal.session_id
        await pilot.press("enter")  # the hand-over
        await settle(pilot)
        for fail_at in range(1, 8):
            before = [e.type for e in store.events(session_id)]
            real = store._conn
            store._conn = FailingOnce(real, fail_at)
            await pilot.press(*f"wish {fail_at}", "enter")
            await settle(pilot)
            store._conn = real
            saved = [e.type for e in store.events(session_id)]
            view = session.view()
            if saved == before:  # not saved: the screen still asks, with the words kept
                assert view.expects == Expect.TEXT and view.answerer == 0
                assert app.screen.query_one("#answer", Input).value.endswith(f"wish {fail_at}")
                app.screen.query_one("#answer", Input).value = ""
            else:  # saved once, and the screen moved on with it
                assert saved == [*before, "answer"]
                assert view.expects == Expect.HANDOVER and view.answerer == 1
                break
        reopened = journal.resume(store, session_id, clock)
        assert reopened.view().answerer == session.view().answerer


async def test_a_restored_draft_keeps_typing_after_its_end(sample_library, store, clock):
    """The report: an answer read `plan2x5zplan2x4DRAFT`, new typing went in front of it."""
    app = familiar_app(shared_library(), store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.begin(shared_library().get("shared"), ("Alex", "Sam"), 0)
        await settle(pilot)
        await pilot.press(*"DRAFT")
        await settle(pilot)
        session_id = app.screen.session.journal.session_id
        app.action_home()
        await settle(pilot)
        app.resume_session(session_id)
        await settle(pilot)
        box = app.screen.query_one("#answer", TextArea)
        assert box.text == "DRAFT"
        await pilot.press(*" and more")
        assert box.text == "DRAFT and more"
