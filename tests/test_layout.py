"""The layouts a couple meets at 40x12, 80x24 and 120x40, as the hands-on trial found them."""

from __future__ import annotations

from textual.widgets import OptionList, RadioButton

from reconnect.core import events as ev
from reconnect.tui.widgets.rating import RatingScale

from pilot_helpers import familiar_app, open_exercise, screen_text, settle, walkthrough_at


async def test_at_40x12_a_turn_keeps_its_time_and_the_time_out_key_in_view(sample_library,
                                                                          store, clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await walkthrough_at(pilot, app, clock, "speak")
        clock.advance(18)
        await pilot.pause(0.3)
        rows = screen_text(app)
        assert any("1:42 left" in row for row in rows), rows
        assert "^t Time-out" in rows[-1]
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.session.view().expects == "timeout"


async def test_a_rating_shows_every_number_and_both_labels_with_notes_open_at_80x24(
        sample_library, clock):
    from reconnect.tui.app import make_app

    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await pilot.press("enter")  # begin with the sample names
        await settle(pilot)
        app.screen.session.send(ev.Advance(clock()))
        app.screen.show_moment()
        await settle(pilot)
        await pilot.press("n")  # the facilitator notes, beside the exercise
        await settle(pilot)
        assert app.screen.query_one("#notes").display
        rating = app.screen.query_one(RatingScale)
        assert rating.region.right <= app.screen.query_one("#notes").region.x
        numbers = rating.render_line(1 if not rating.tight else 0).text
        assert numbers.replace("│", " ").split() == [str(n) for n in range(11)]  # none cut
        text = "\n".join(screen_text(app))
        assert "0 = Not calm at all" in text and "Completely calm = 10" in text
        assert "10" in text


async def test_the_end_labels_sit_under_the_ends_of_the_scale_at_120x40(sample_library, store,
                                                                       clock):
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await walkthrough_at(pilot, app, clock)
        await pilot.press("enter")  # the hand-over
        await settle(pilot)
        rating = app.screen.query_one(RatingScale)
        assert rating.region.width < 70  # as wide as its numbers, not the whole screen
        assert not rating.tight
        boxes, ends = rating.render_line(2).text, rating.render_line(3).text
        assert ends.startswith("0 = Not calm at all")
        assert ends.rstrip().endswith("Completely calm = 10")
        assert len(ends.rstrip()) == len(boxes.rstrip())  # under the last number's box


async def test_a_long_name_never_cuts_the_who_starts_choices(sample_library, store, clock):
    store.save_couple("Alexandra-Katharina von Hohenberg-Smith",
                      "Maximilian Bartholomew Ferguson-Lee", clock())
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await settle(pilot)
        for button in app.screen.query(RadioButton):
            label = str(button.label)
            assert button.region.width >= len(label) + 4, label  # the whole name, and its dot
        begin = app.screen.query_one("#begin")
        assert begin.region.bottom <= 24  # still in view


async def test_homework_is_folded_so_the_library_stays_in_view(sample_library, store, clock):
    for number in range(5):
        session = store.start_session(exercise_id="x", exercise_title="X", exercise_digest="",
                                      exercise_source="", exercise_path="",
                                      partners=("Alex", "Sam"), at=clock())
        store.add_homework(session, f"Homework {number}\n- first\n- second\n- third", clock(),
                           clock() + 3 * 86400)
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = screen_text(app)
        first_exercise = next(n for n, row in enumerate(rows) if "Walkthrough" in row)
        assert first_exercise < 14, rows
        assert any("and 2 more" in row for row in rows)
        assert any("Homework 0" in row and "3 tasks" in row for row in rows)
        # back home again, every line is as it was (one lost its last bullet before)
        library = app.screen.query_one("#library", OptionList)
        before = [str(option.prompt) for option in library.options]
        app.screen.refresh_library()
        await settle(pilot)
        assert [str(option.prompt) for option in library.options] == before


async def test_a_screen_made_large_again_drops_the_time_from_the_progress_line(sample_library,
                                                                                store, clock):
    """Small, the time joins the progress line; large again, the big countdown has it and the
    progress line loses it (it stayed there once, no longer moving)."""
    from reconnect.tui.widgets.drawn_words import DrawnWords

    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await walkthrough_at(pilot, app, clock, "speak")
        progress = app.screen.query_one("#progress", DrawnWords)
        assert "left" not in progress.text
        await pilot.resize_terminal(50, 15)
        await settle(pilot)
        assert "left" in progress.text
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert "left" not in progress.text
        assert any("left" in row for row in screen_text(app))  # the countdown's own caption


async def test_at_80x24_a_turn_s_footer_shows_every_key_whole_quit_included(sample_library,
                                                                          store, clock):
    # the command palette's key is left out of a session's footer (Ctrl+P still opens it),
    # so the way out is never cut to "^q" at the common terminal size
    app = familiar_app(sample_library, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await walkthrough_at(pilot, app, clock, "speak")
        footer = screen_text(app)[-1]
        for words in ("^t Time-out", "f1 Safety", "⏎ Continue", "b Back", "p Pause",
                      "^l Library", "^q Quit"):
            assert words in footer
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert type(app.screen).__name__ == "CommandPalette"
