"""A footer too narrow for all of its keys leaves out the least needed ones, never a time-out,
the safety notice or the way out; the keys it leaves out still work."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from reconnect.tui.widgets.key_footer import KeyFooter, KeyWords, fitted, key_width

from pilot_helpers import settle


def words(key: str, description: str) -> KeyWords:
    return KeyWords(key, key, description, key, True, "")


ROW = [words("ctrl+t", "Tiempo fuera"), words("f1", "Seguridad"), words("enter", "Continuar"),
       words("b", "Atrás"), words("p", "Pausa"), words("ctrl+l", "Biblioteca"),
       words("ctrl+q", "Salir")]


def test_keys_that_do_not_fit_go_from_the_end_of_the_row_but_never_the_kept_ones():
    every = sum(key_width(key) for key in ROW)
    assert fitted(ROW, every) == ROW
    assert [key.key for key in fitted(ROW, every - 1)] == [
        "ctrl+t", "f1", "enter", "b", "p", "ctrl+q"]
    assert [key.key for key in fitted(ROW, 10)] == ["ctrl+t", "f1", "ctrl+q"]


class Narrow(App[None]):
    BINDINGS = [
        Binding("ctrl+t", "note('time-out')", "A calm-down break for both of you"),
        Binding("f1", "note('safety')", "The safety notice"),
        Binding("b", "note('back')", "Back one step"),
        Binding("ctrl+l", "note('library')", "Back to the library of exercises"),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyFooter(show_command_palette=False)

    def action_note(self, what: str) -> None:
        self.notes.append(what)


def shown(app: App[None]) -> list[str]:
    return [key.description for key in app.query(FooterKey) if key.display]


async def test_a_narrow_footer_keeps_the_time_out_safety_and_quit_and_the_rest_still_work():
    app = Narrow()
    async with app.run_test(size=(90, 10)) as pilot:
        await settle(pilot)
        assert set(shown(app)) == {"A calm-down break for both of you", "The safety notice",
                                   "Back one step", "Quit"}
        await pilot.press("ctrl+l")  # left out of the footer, not out of reach
        assert app.notes == ["library"]
        await pilot.resize_terminal(160, 10)
        await settle(pilot)
        assert set(shown(app)) == {"A calm-down break for both of you", "The safety notice",
                                   "Back one step", "Back to the library of exercises", "Quit"}
        await pilot.resize_terminal(70, 10)
        await settle(pilot)
        assert set(shown(app)) == {"A calm-down break for both of you", "The safety notice",
                                   "Quit"}
