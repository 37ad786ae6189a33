"""A footer too narrow for all of its keys leaves out the least needed ones, never a time-out,
the safety notice or the way out; the keys it leaves out still work."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from reconnect.tui.widgets.key_footer import KeyFooter, KeyWords, fitted, key_width

from pilot_helpers import screen_text, settle


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


class FooterApp(App[None]):
    """A footer alone, over keys that note what they were pressed for."""

    SPARE = 0

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyFooter(spare=self.SPARE, show_command_palette=False)

    def action_note(self, what: str) -> None:
        self.notes.append(what)


class Narrow(FooterApp):
    BINDINGS = [
        Binding("ctrl+t", "note('time-out')", "A calm-down break for both of you"),
        Binding("f1", "note('safety')", "The safety notice"),
        Binding("b", "note('back')", "Back one step"),
        Binding("ctrl+l", "note('library')", "Back to the library of exercises"),
        Binding("ctrl+q", "quit", "Quit"),
    ]


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


class Growing(FooterApp):
    """Back comes and goes in the middle of the row, as it does on a session's steps."""

    BINDINGS = [
        Binding("ctrl+t", "note('time-out')", "Time-out"),
        Binding("enter", "note('continue')", "Continue"),
        Binding("b", "note('back')", "Back"),
        Binding("ctrl+l", "note('library')", "Library"),
        Binding("ctrl+q", "quit", "Quit"),
    ]
    SPARE = 2
    back = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.back if action == "note" and parameters == ("back",) else True


async def test_a_key_coming_in_the_middle_of_the_row_leaves_the_keys_after_it_where_they_are():
    """Each key after it used to take on the words of the key before it, and be drawn anew."""
    app = Growing()
    async with app.run_test(size=(100, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        widgets = {key.description: key for key in app.query(FooterKey) if key.display}
        first = shown(app)
        assert first.index("Continue") + 1 == first.index("Library")
        for going in (True, False, True):
            app.back = going
            app.refresh_bindings()
            footer.show_keys()
            await settle(pilot)
            row = footer_row(app)
            if going:
                with_back = [*first[:first.index("Library")], "Back",
                             *first[first.index("Library"):]]
                assert shown(app) == with_back
                assert row.index("Continue") < row.index("Back") < row.index("Library")
            else:
                assert shown(app) == first
                assert "Back" not in row
            for description, widget in widgets.items():
                assert widget.display and widget.description == description
        assert len(app.query(FooterKey)) == 4 + 2  # the spare keys took Back: nothing made


def footer_row(app: App[None]) -> str:
    return screen_text(app)[-1]
