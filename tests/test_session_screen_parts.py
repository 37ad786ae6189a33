"""The answer area keeps the widget of each kind of moment once it is made: a later moment of
the same kind shows it again, refilled, and never shows what it held for someone else."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from reconnect.core import events as ev
from reconnect.tui.dialogs.confirm import ConfirmDialog
from reconnect.tui.widgets.interaction import Interaction
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.rating import RatingScale

from pilot_helpers import (
    counting_layouts,
    familiar_app,
    screen_text,
    settle,
    wait_until,
    walkthrough_at,
)


async def test_the_second_rating_is_the_same_scale_with_nothing_chosen(sample_library, store,
                                                                      clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock)  # the check-in: the laptop goes to Alex
        screen = app.screen
        await pilot.press("enter")
        await settle(pilot)
        area = screen.query_one(Interaction)
        widgets = list(area.query("*"))
        scale = screen.query_one(RatingScale)
        await pilot.press("7", "enter")  # Alex's rating; the laptop goes to Sam
        await settle(pilot)
        assert not scale.display
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.view().expects == "rating"
        assert list(area.query("*")) == widgets  # nothing mounted, nothing removed
        assert scale.display and screen.focused is scale
        assert scale.value is None  # Sam starts from no number: Alex's stays hidden


async def test_the_second_private_answer_box_holds_nothing_of_the_first(sample_library, store,
                                                                        clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock, "wish")
        screen = app.screen
        await pilot.press("enter")  # the hand-over to Alex
        await settle(pilot)
        box = screen.query_one("#answer", Input)
        await pilot.press(*"my secret wish", "ctrl+r")  # Alex shows the typing to check it
        assert not box.password
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.view().expects == "handover"
        assert not box.display and box.value == ""
        await pilot.press("enter")  # Sam's turn
        await settle(pilot)
        assert screen.query_one("#answer", Input) is box
        assert box.display and screen.focused is box
        assert box.value == "" and box.password  # hidden again, and empty
        assert "secret" not in " ".join(screen_text(app))
        await pilot.press(*"mine")
        await pilot.press("enter")
        await settle(pilot)
    answers = [e.payload["text"] for e in store.events(store.recent_sessions()[0].id)
               if e.type == "answer"]
    assert answers == ["my secret wish", "mine"]


async def test_back_from_a_dialog_nothing_hidden_has_the_focus(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test() as pilot:
        await walkthrough_at(pilot, app, clock, "wish")
        screen = app.screen
        await pilot.press("enter", *"a wish", "enter")  # an answer box was shown, then hidden
        await settle(pilot)
        screen.session.send(ev.JumpTo(clock(), "cool-down"))
        screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")  # leaving the break early asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep resting
        await settle(pilot)
        assert app.screen is screen
        assert screen.focused is None  # a break has nothing to type into
        assert screen.session.view().kind == "break"


async def test_the_footer_changes_its_keys_in_place(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await walkthrough_at(pilot, app, clock, "swap")
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        screen.session.send(ev.JumpTo(clock(), "wish"))
        screen.show_moment()
        await settle(pilot)
        await pilot.press("enter")  # an answer box: other keys
        await settle(pilot)
        assert not footer.children  # drawn by the footer itself, not by a widget per key
        words = set(footer.shown)
        assert {"Time-out", "Save answer", "Show/hide typing", "Leave the box"} <= words
        assert "Back" not in words
        rows = screen_text(app)
        assert "Save answer" in rows[-1] and "Back" not in rows[-1]


async def test_a_paused_turn_offers_one_key_to_resume(sample_library, store, clock):
    """While paused, Enter, p and space all carry on: the footer said "Continue" and "Pause"
    side by side, and a couple read "Pause" as the way to pause again."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await walkthrough_at(pilot, app, clock, "swap")
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        await pilot.press("enter")  # Sam's turn to speak
        await settle(pilot)
        assert {"Continue", "Pause"} <= set(footer.shown)
        await pilot.press("space")
        await settle(pilot)
        assert screen.session.view().expects == "paused"
        assert "Resume" in footer.shown
        assert "Continue" not in footer.shown and "Pause" not in footer.shown
        assert "Resume" in screen_text(app)[-1]
        await pilot.press("enter")  # still carries on, though not in the footer
        await settle(pilot)
        view = screen.session.view()
        assert view.kind == "turn" and view.expects != "paused"
        assert {"Continue", "Pause"} <= set(footer.shown) and "Resume" not in footer.shown


async def test_a_turn_coming_and_going_lays_the_screen_out_once(sample_library, store, clock):
    """The banner, the countdown and the sentence starters of a turn appear, and go, in one
    layout of the screen (Textual would lay it out again for each widget whose size changed,
    a frame or two after the turn is shown)."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await walkthrough_at(pilot, app, clock, "swap")
        screen = app.screen
        layouts: list[str] = []
        lay_out = screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(screen.session.view().kind)
            lay_out(*args, **kwargs)

        screen._refresh_layout = counted
        await pilot.press("enter")  # Sam's turn to speak
        await settle(pilot)
        assert screen.session.view().speaker == 1 and screen.query_one("#countdown").display
        assert layouts == ["turn"]
        await pilot.press("enter")  # the private question after it: the laptop goes round
        await settle(pilot)
        assert screen.session.view().expects == "handover"
        assert not screen.query_one("#countdown").display
        assert layouts == ["turn", "answer"]


async def test_keys_that_come_later_in_a_session_are_drawn_without_a_layout(
        sample_library, store, clock):
    """Back is not shown on a session's first moment; when it comes, the footer only draws
    its line again (a key made on that press used to cost it a second layout and frame)."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await walkthrough_at(pilot, app, clock)
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        assert "Back" not in footer.shown
        for _ in range(6):
            view = screen.session.view()
            if view.expects == "rating":
                await pilot.press("5")
            layouts = counting_layouts(screen)
            await pilot.press("enter")
            await settle(pilot)
            if "Back" in footer.shown:
                break
        assert "Back" in footer.shown
        assert len(layouts) <= 1  # the step's own layout, if it needs one; none for the keys
        assert "Back" in screen_text(app)[-1]


async def test_a_smaller_reveal_after_a_larger_one_reuses_its_rows_and_shows_only_its_own():
    """A reveal of one answer after one of three hides (and empties) the two rows it does not
    need instead of making the panel again: mounting a reveal's rows took 100 ms or more."""
    from textual.app import App, ComposeResult

    from reconnect.core.view import SideBySide
    from reconnect.tui.widgets.reveal import RevealPanel

    three = tuple(SideBySide(f"q{n}", f"Question {n}?", (f"Alex says {n}", f"Sam says {n}"))
                  for n in range(3))
    one = (SideBySide("q9", "Last question?", ("Alex, last", None)),)

    class Panel(App[None]):
        def compose(self) -> ComposeResult:
            yield RevealPanel(three, ("Alex", "Sam"))

    app = Panel()
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(RevealPanel)
        panel.show_answers(three, ("Alex", "Sam"))
        await settle(pilot)
        assert "Sam says 2" in "\n".join(screen_text(app))
        assert panel.fits(one, questions=True) and not panel.fits(three * 2, questions=True)
        made = set(panel.query("*"))
        panel.show_answers(one, ("Alex", "Sam"))
        await settle(pilot)
        shown = "\n".join(screen_text(app))
        assert "Last question?" in shown and "Alex, last" in shown and "(no answer)" in shown
        assert "says" not in shown and "Question 1" not in shown
        assert set(panel.query("*")) == made
        hidden = [str(line.render()) for line in panel.query(".answer Static")
                  if not all(node.display for node in line.ancestors_with_self
                             if node is not panel.app and node is not panel.screen)]
        assert hidden and all(words == "" for words in hidden)


async def test_the_laptop_handed_over_to_a_rating_redraws_only_what_changed(sample_library, store,
                                                                           clock):
    """The focus moving to the scale drew the whole screen again (Textual repaints a screen
    whose focus moves) and worked out the styles of every widget in the scale."""
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await walkthrough_at(pilot, app, clock)  # the check-in: the laptop goes to Alex
        screen = app.screen
        await pilot.press("enter")  # Alex's rating: the scale is made
        await settle(pilot)
        await pilot.press("7", "enter")  # the laptop goes to Sam
        await settle(pilot)
        assert screen.session.view().expects == "handover"
        full_frames: list[int] = []
        restyled: list[int] = []
        full_update = screen._compositor.render_full_update
        update_nodes = app.stylesheet.update_nodes

        def counted_full(*args, **kwargs):
            full_frames.append(1)
            return full_update(*args, **kwargs)

        def counted_styles(nodes, *args, **kwargs):
            nodes = list(nodes)
            restyled.append(len(nodes))
            return update_nodes(nodes, *args, **kwargs)

        screen._compositor.render_full_update = counted_full
        app.stylesheet.update_nodes = counted_styles
        await pilot.press("enter")  # Sam's rating
        await settle(pilot)
        assert screen.session.view().expects == "rating"
        assert screen.focused is screen.query_one(RatingScale)
        assert full_frames == []
        assert sum(restyled) <= 1  # the scale: nothing inside it to restyle


async def walk_to_reveal(pilot, app) -> list[str]:
    """Answer with keys until the reveal shows; the moments passed through."""
    screen = app.screen
    kinds = []
    for _ in range(40):
        view = screen.session.view()
        kinds.append(f"{view.kind}:{view.expects}")
        if view.kind == "reveal":
            return kinds
        if view.expects == "rating":
            await pilot.press("5")
        elif view.expects == "text":
            await pilot.press(*"yes")
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError(f"no reveal after {kinds}")


async def test_the_widgets_of_later_moments_are_made_while_the_first_step_is_read(
        sample_library, store, clock, monkeypatch):
    """A rating, an answer box, the options, a reveal: each was made (and styled and laid
    out) on the key press that first needed it, a reveal's panel in over 90 ms."""
    monkeypatch.setattr("reconnect.tui.screens.session.PREPARE_AFTER_SECONDS", 0.05)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await walkthrough_at(pilot, app, clock)  # the check-in: the laptop goes to Alex
        screen = app.screen
        area = screen.query_one(Interaction)
        await wait_until(pilot, lambda: "reveal" in area.parts, "the later moments' widgets")
        await settle(pilot)
        assert {"rating", "ratings", "choices", "answer", "returner", "reveal"} <= set(area.parts)
        shown = [role for role, widget in area.parts.items() if widget.display]
        assert shown == ["handover"]  # the others wait hidden, and empty
        assert screen.query_one("#answer", Input).value == ""
        made = set(area.query("*"))
        kinds = await walk_to_reveal(pilot, app)
        assert {"rating:rating", "choice:choice", "answer:text", "reveal:continue"} <= set(kinds)
        assert set(area.query("*")) == made  # nothing made or removed on the way
        assert "yes" in "\n".join(screen_text(app))  # both private answers, side by side now


async def test_a_key_pressed_while_those_widgets_are_made_shows_its_moment(sample_library,
                                                                          store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await walkthrough_at(pilot, app, clock)
        screen = app.screen
        preparing = asyncio.create_task(screen.prepare())
        await pilot.press("enter")  # Alex takes the laptop: the rating, while it is made
        await preparing
        await settle(pilot)
        scale = screen.query_one(RatingScale)
        assert screen.session.view().expects == "rating"
        assert scale.display and screen.focused is scale
        assert not screen.query_one(Interaction).parts["handover"].display


async def test_nothing_is_made_once_the_session_screen_has_gone(sample_library, store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await walkthrough_at(pilot, app, clock)
        screen = app.screen
        area = screen.query_one(Interaction)
        await pilot.press("ctrl+l")  # back to the library: the session screen goes
        await settle(pilot)
        home = app.screen
        assert home is not screen and not screen.is_attached
        await screen.prepare()  # a timer that fired as it went: nothing, and no error
        await settle(pilot)
        assert app.screen is home and "rating" not in area.parts
