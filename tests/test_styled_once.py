"""A screen just made is styled once, when its widgets are mounted, not a second time when it
first appears; a theme changed while it is hidden still shows when the couple comes back."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.color import Color
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reconnect.tui.screens.styled_once import StyledOnceScreen


class Words(StyledOnceScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("words", id="words")


class TextualWords(Screen[None]):
    """The same screen as Textual's own, which restyles itself when it first appears."""

    def compose(self) -> ComposeResult:
        yield Static("words", id="words")


class Over(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("over")


class Styles(App[None]):
    CSS = "#words { color: $accent; }"

    def __init__(self) -> None:
        super().__init__()
        self.restyled: list[DOMNode] = []

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        self.restyled.append(node)
        super().update_styles(node, animate)

    def accent(self) -> Color:
        return Color.parse(self.get_css_variables()["accent"])


async def test_a_new_screen_is_not_restyled_when_it_first_appears() -> None:
    app = Styles()
    async with app.run_test() as pilot:
        ours, textuals = Words(), TextualWords()
        await app.push_screen(textuals)
        await pilot.pause()
        await app.push_screen(ours)
        await pilot.pause()
        assert textuals in app.restyled  # what the override saves
        assert ours not in app.restyled
        assert ours.query_one("#words", Static).styles.color == app.accent()


async def test_a_theme_changed_while_a_screen_is_hidden_shows_when_it_is_back() -> None:
    app = Styles()
    async with app.run_test() as pilot:
        app.theme = "textual-dark"
        screen = Words()
        await app.push_screen(screen)
        await pilot.pause()
        before = app.accent()
        await app.push_screen(Over())
        app.theme = "gruvbox"
        await pilot.pause()
        await app.pop_screen()
        await pilot.pause()
        assert app.accent() != before
        assert screen.query_one("#words", Static).styles.color == app.accent()
