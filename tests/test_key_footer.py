"""The footer of keys: one widget drawing its screen's keys. A footer too narrow for all of its
keys leaves out the least needed ones, never a time-out, the safety notice or the way out; the
keys it leaves out still work. A key runs when clicked, unless it is dimmed, and lights up and
explains itself under the pointer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from reconnect.tui.widgets.key_footer import KeyFooter, KeyWords, fitted, key_width

from pilot_helpers import counting_layouts, screen_text, settle


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

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyFooter(show_command_palette=False)

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
    return app.query_one(KeyFooter).shown


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
    back = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.back if action == "note" and parameters == ("back",) else True


async def test_a_key_coming_in_the_middle_of_the_row_is_drawn_in_its_place_without_a_layout():
    app = Growing()
    async with app.run_test(size=(100, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        first = shown(app)
        assert first.index("Continue") + 1 == first.index("Library")
        layouts = counting_layouts(app.screen)
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
        assert layouts == []  # one line, as wide as the screen: new keys only repaint it
        assert not footer.children


def footer_row(app: App[None]) -> str:
    return screen_text(app)[-1]


class Clickable(FooterApp):
    BINDINGS = [
        Binding("ctrl+t", "note('time-out')", "Time-out", tooltip="A calm-down break"),
        Binding("b", "note('back')", "Back"),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Back is shown, dimmed: it does nothing here
        return None if parameters == ("back",) else True


def column_of(app: App[None], words: str) -> int:
    return footer_row(app).index(words)


async def test_a_clicked_key_runs_and_a_dimmed_one_only_rings_the_bell():
    app = Clickable()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        rung: list[bool] = []
        app.bell = lambda: rung.append(True)  # type: ignore[method-assign]
        await pilot.click(KeyFooter, offset=(column_of(app, "Time-out"), 0))
        await settle(pilot)
        assert app.notes == ["time-out"] and not rung
        await pilot.click(KeyFooter, offset=(column_of(app, "Back"), 0))
        await settle(pilot)
        assert app.notes == ["time-out"] and rung == [True]
        await pilot.click(KeyFooter, offset=(70, 0))  # past the last key: nothing
        await settle(pilot)
        assert app.notes == ["time-out"] and rung == [True]
        line = footer.render_line(0)
        back = column_of(app, "Back")
        assert all(segment.style and segment.style.dim
                   for segment in line.crop(back, back + 4)._segments)
        time_out = column_of(app, "Time-out")
        assert not any(segment.style and segment.style.dim
                       for segment in line.crop(time_out, time_out + 8)._segments)


async def test_the_key_under_the_pointer_lights_up_and_gives_its_tooltip():
    app = Clickable()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        time_out = column_of(app, "Time-out")

        def background(column: int) -> object:
            segment = footer.render_line(0).crop(column, column + 1)._segments[0]
            return segment.style.bgcolor if segment.style else None

        before = background(time_out)
        await pilot.hover(KeyFooter, offset=(time_out, 0))
        await settle(pilot)
        assert footer.hovered == "note('time-out')"
        assert footer.tooltip == "A calm-down break"
        assert background(time_out) != before
        assert background(column_of(app, "Quit")) == before  # only the key under it
        await pilot.hover(KeyFooter, offset=(column_of(app, "Quit"), 0))
        await settle(pilot)
        assert footer.hovered == "quit" and footer.tooltip is None
        assert background(time_out) == before


async def test_the_keys_take_the_colours_of_a_new_theme():
    """The footer keeps the style of each part of a key once worked out; a new theme must
    not leave the keys in the old one's colours."""
    app = Clickable()
    async with app.run_test(size=(80, 5)) as pilot:
        await settle(pilot)
        footer = app.query_one(KeyFooter)
        key = column_of(app, "Time-out") - 4  # on the key itself ("^t"), not its words

        def colours() -> tuple[object, object]:
            segment = footer.render_line(0).crop(key, key + 1)._segments[0]
            assert segment.style is not None
            return segment.style.color, segment.style.bgcolor

        before = colours()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert colours() != before
        assert footer.render_line(0).text.rstrip() == footer_row(app).rstrip()  # same keys
