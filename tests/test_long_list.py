"""A long option list is filled a step at a time after its first screenful, and a key pressed
meanwhile is answered before the list is complete. Its cursor stops at both ends."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reconnect.tui.widgets.long_list import STEP, LongList, OneLine, add_in_steps

from pilot_helpers import wait_until

COUNT = STEP * 5 + 3


def options(prefix: str, count: int = COUNT) -> list[Option]:
    return [Option(f"{prefix} {number}", id=f"{prefix}-{number}") for number in range(count)]


class Lists(App[None]):
    BINDINGS = [("h", "pressed")]

    def __init__(self) -> None:
        super().__init__()
        self.counts_when_pressed: list[int] = []

    def compose(self) -> ComposeResult:
        yield OptionList(*options("first", STEP), id="list")

    def action_pressed(self) -> None:
        self.counts_when_pressed.append(self.query_one(OptionList).option_count)


def later(number: int) -> Option:
    return Option(f"later {number}", id=f"later-{number}")


async def test_every_option_is_added_in_order_and_a_key_is_answered_in_between():
    app = Lists()
    made: list[int] = []

    def make(number: int) -> Option:
        made.append(number)
        return later(number)

    async with app.run_test() as pilot:
        option_list = app.query_one(OptionList)
        add_in_steps(option_list, range(COUNT), make)
        assert option_list.option_count == STEP * 2  # the first step now, the rest per frame
        assert made == list(range(STEP))  # each option is made only when its step comes
        await pilot.press("h")
        await wait_until(pilot, lambda: option_list.option_count == STEP + COUNT,
                         "every option")
        assert app.counts_when_pressed and app.counts_when_pressed[0] < STEP + COUNT
        ids = [option.id for option in option_list.options]
        assert ids == [f"first-{n}" for n in range(STEP)] + [f"later-{n}" for n in range(COUNT)]


async def test_a_list_refilled_meanwhile_is_left_as_refilled():
    app = Lists()
    async with app.run_test() as pilot:
        option_list = app.query_one(OptionList)
        add_in_steps(option_list, range(COUNT), later)
        option_list.clear_options()
        option_list.add_options(options("fresh", 3))
        for _ in range(10):
            await pilot.pause()
        assert [option.id for option in option_list.options] == ["fresh-0", "fresh-1",
                                                                  "fresh-2"]


class Over(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("another screen")


async def test_the_steps_wait_while_another_screen_is_shown_and_carry_on_after() -> None:
    app = Lists()
    async with app.run_test() as pilot:
        option_list = app.query_one(OptionList)
        add_in_steps(option_list, range(COUNT), later)
        app.push_screen(Over())  # at once, as a key pressed before the list is full
        await wait_until(pilot, lambda: isinstance(app.screen, Over), "the other screen")
        waiting = option_list.option_count
        assert waiting == STEP * 2  # the first step only: nothing is added behind the other
        for _ in range(5):
            await pilot.pause()
        assert option_list.option_count == waiting
        app.pop_screen()
        await wait_until(pilot, lambda: option_list.option_count == STEP + COUNT,
                         "every option, once the list is shown again")
        ids = [option.id for option in option_list.options]
        assert ids == [f"first-{n}" for n in range(STEP)] + [f"later-{n}" for n in range(COUNT)]


class Library(App[None]):
    def compose(self) -> ComposeResult:
        yield LongList(Option("Heading", disabled=True), *options("exercise", 30),
                       Option("Footnote", disabled=True), id="library")


async def test_the_cursor_stops_at_the_first_and_last_options_instead_of_wrapping():
    app = Library()
    async with app.run_test(size=(60, 12)) as pilot:
        library = app.query_one(LongList)
        library.focus()
        library.highlighted = 1
        await pilot.press("up")  # the heading above cannot be chosen: stay
        assert library.highlighted == 1
        await pilot.press("down", "down")
        assert library.highlighted == 3
        await pilot.press("end")
        assert library.highlighted == 30
        await pilot.press("down")  # only the footnote below: stay, not back to the top
        assert library.highlighted == 30
        assert library.scroll_offset.y > 0
        await pilot.press("up")
        assert library.highlighted == 29


SESSION = Content.assemble(("Sun 17 Jan, 08:00", "dim"), "  ", ("Walkthrough", "bold"),
                           ("  ·  ", "dim"), "Alex & Sam", ("  ·  ", "dim"),
                           ("part 3 of 12", "italic"))


def drawn(option_list: OptionList) -> list[list[Segment]]:
    """Each row's words and how they look (the position marks Textual adds for selecting
    text are left out: an option list's words cannot be selected)."""
    rows = []
    for y in range(option_list.scrollable_content_region.height):
        plain = [Segment(segment.text, segment.style.clear_meta_and_links()
                         if segment.style else None)
                 for segment in option_list.render_line(y)]
        rows.append(list(Segment.simplify(plain)))
    return rows


@pytest.mark.parametrize("width", [80, 40])  # on one line, and wrapped onto two
async def test_a_one_line_option_looks_as_textual_draws_the_same_words(width: int) -> None:
    app = Library()
    async with app.run_test(size=(width, 12)) as pilot:
        library = app.query_one(LongList)
        library.focus()
        library.clear_options()
        library.add_options([Option(SESSION), Option(SESSION)])
        library.highlighted = 0
        await pilot.pause()
        textuals = drawn(library)
        library.clear_options()
        library.add_options([Option(OneLine(SESSION)), Option(OneLine(SESSION))])
        library.highlighted = 0
        await pilot.pause()
        assert drawn(library) == textuals
        assert str(library.options[0].prompt) == SESSION.plain
        rows = 2 if width == 80 else 4
        assert library.get_content_height(app.size, app.size, library.size.width) == rows


async def test_one_line_words_with_a_line_break_are_drawn_on_two_lines_as_textual_does() -> None:
    two = Content.assemble(("First line", "bold"), "\nsecond line")
    app = Library()
    async with app.run_test(size=(80, 12)) as pilot:
        library = app.query_one(LongList)
        library.clear_options()
        library.add_options([Option(two)])
        await pilot.pause()
        textuals = drawn(library)
        library.clear_options()
        library.add_options([Option(OneLine(two))])
        await pilot.pause()
        assert drawn(library) == textuals
        assert library.get_content_height(app.size, app.size, library.size.width) == 2
