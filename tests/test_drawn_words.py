"""Words a widget draws from lines it makes once per change: the banner, the progress line and
the prompt. They must look as Textual's own text widgets would, follow the theme, and never
read their words as markup."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from reconnect.tui.widgets.banner import PARTNER_COLOURS, TurnBanner
from reconnect.tui.widgets.drawn_words import DrawnWords
from reconnect.tui.widgets.one_layout import OneArrangeCompositor

from pilot_helpers import counting_layouts


class WordsApp(App[None]):
    CSS = """
    #words { height: auto; padding: 0 1; }
    #fixed { height: 1; }
    """

    def compose(self) -> ComposeResult:
        yield TurnBanner(id="banner")
        yield DrawnWords(id="words")
        yield DrawnWords(id="fixed")
        yield Static("under", id="under")


def screen_text(app: App[None]) -> list[str]:
    """Every row of the screen, blank ones too, as drawn."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def row_colours(widget: Widget, y: int) -> set[str]:
    return {str(segment.style.color.triplet.hex) for segment in widget.render_line(y)
            if segment.text.strip() and segment.style and segment.style.color
            and segment.style.color.triplet}


async def test_the_banner_s_words_sit_in_the_middle_of_its_three_rows():
    app = WordsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.query_one(TurnBanner).show_turn("ANA speaks", 0)
        await pilot.pause()
        rows = screen_text(app)[:3]
        assert rows[0].strip() == rows[2].strip() == ""
        assert rows[1] == " " * 15 + "ANA speaks"  # 40 columns


async def test_words_are_shown_literally_and_wrap_at_the_width_inside_the_padding():
    app = WordsApp()
    async with app.run_test(size=(20, 10)) as pilot:
        words = app.query_one("#words", DrawnWords)
        words.show("[bold]x[/] one two three four five")
        await pilot.pause()
        assert words.text == "[bold]x[/] one two three four five"
        # 18 columns inside the padding
        assert screen_text(app)[3:5] == [" [bold]x[/] one two", " three four five"]
        assert app.query_one("#under").region.y == 6  # the height follows the words


async def test_words_that_change_their_height_lay_the_screen_out_and_others_do_not():
    app = WordsApp()
    async with app.run_test(size=(20, 10)) as pilot:
        words = app.query_one("#words", DrawnWords)
        fixed = app.query_one("#fixed", DrawnWords)
        words.show("one line")
        await pilot.pause()
        layouts = counting_layouts(app.screen)
        words.show("another line")
        fixed.show("a fixed height: the words may be longer than the line")
        await pilot.pause()
        assert layouts == []
        assert screen_text(app)[3] == " another line"
        words.show("now words that need three lines here")
        await pilot.pause()
        assert layouts == [1]
        assert app.query_one("#under").region.y == 7  # three lines of words now


async def test_the_lines_follow_a_change_of_colour_and_of_theme():
    app = WordsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        banner = app.query_one(TurnBanner)
        banner.show_turn("ANA speaks", 0)
        await pilot.pause()
        assert row_colours(banner, 1) == {"#ffffff"}
        assert {segment.style.bgcolor.triplet.hex for segment in banner.render_line(1)} == {
            PARTNER_COLOURS[0]}
        banner.show_turn("TOGETHER", None)  # the shared colours, from the theme
        await pilot.pause()
        before = row_colours(banner, 1)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = row_colours(banner, 1)
        assert before != after


class GrowingScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self._compositor = OneArrangeCompositor()  # as the session screen has it

    def compose(self) -> ComposeResult:
        yield DrawnWords(id="words")
        hidden = Static("shown later", id="later")
        hidden.display = False
        yield hidden


class Growing(App[None]):
    def on_mount(self) -> None:
        self.push_screen(GrowingScreen())


async def test_a_layout_that_shows_a_widget_arranges_the_screen_once():
    app = Growing()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GrowingScreen)
        compositor = screen._compositor
        arranged: list[int] = []
        arrange = compositor._arrange_root

        def arrange_counted(*args, **kwargs):
            arranged.append(1)
            return arrange(*args, **kwargs)

        compositor._arrange_root = arrange_counted  # type: ignore[method-assign]
        layouts = counting_layouts(screen)
        screen.query_one("#later").display = True  # a hidden widget shown marks the map stale
        screen.query_one("#words", DrawnWords).show("words\nthat grow")  # a size changes
        await pilot.pause()
        assert screen_text(app)[:3] == ["words", "that grow", "shown later"]
        # the layout's own arrangement only (its map places every widget), however many
        # layouts the machine's timing split this into
        assert layouts
        assert arranged == layouts
