"""Before an exercise: the two names (remembered) and who starts, with a coin flip."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from reconnect.format import Exercise
from reconnect.text import clean_name
from reconnect.tui.widgets.title_bar import TitleBar

NAME_LIMIT = 40


def check_names(first: str, second: str) -> tuple[tuple[str, str] | None, str]:
    """Cleaned names, or None and a calm sentence saying what to change."""
    names = (clean_name(first, NAME_LIMIT), clean_name(second, NAME_LIMIT))
    if not names[0] or not names[1]:
        return None, "Please enter a name for each of you."
    if names[0].casefold() == names[1].casefold():
        return None, "The two names are the same. Add an initial so the screen can tell you apart."
    return names, ""


class SetupScreen(Screen[tuple[tuple[str, str], int] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back to the library", id="setup.cancel"),
    ]

    def __init__(self, exercise: Exercise, remembered: tuple[str, str],
                 couples: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__()
        self.exercise = exercise
        self.remembered = remembered
        self.couples = couples
        """Other couples who used this computer (a therapist's laptop), most recent first."""

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        yield TitleBar()
        with VerticalScroll(id="setup"):
            yield Static(Content(exercise.title), classes="screen-title")
            minutes = "1 minute" if exercise.minutes == 1 else f"{exercise.minutes} minutes"
            yield Static(Content(f"{minutes} · {exercise.summary}"),
                         classes="muted")
            if len(self.couples) > 1:
                yield Select(((Content(f"{a} & {b}"), number)
                              for number, (a, b) in enumerate(self.couples)),
                             prompt="Choose a couple, or type new names", id="couples",
                             allow_blank=True)
            with Horizontal(id="names"):
                with Vertical(classes="name-field"):
                    yield Label("First partner")
                    yield Input(self.remembered[0], placeholder="Name", id="name-0",
                                max_length=NAME_LIMIT)
                with Vertical(classes="name-field"):
                    yield Label("Second partner")
                    yield Input(self.remembered[1], placeholder="Name", id="name-1",
                                max_length=NAME_LIMIT)
            yield Label("Who starts?")
            with RadioSet(id="who-starts"):
                yield RadioButton("The first partner", id="start-0", value=True)
                yield RadioButton("The second partner", id="start-1")
                yield RadioButton("Flip a coin", id="start-coin")
            yield Static("", id="setup-message", markup=False)
            yield Button("Begin", variant="primary", id="begin")
            if self.app.demo:  # type: ignore[attr-defined]
                yield Static(Content("Demonstration: nothing you enter here is saved."),
                             classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        first_empty = "#name-0" if not self.remembered[0] else "#name-1"
        target = first_empty if not all(self.remembered) else "#begin"
        self.query_one(target).focus()
        self.update_labels()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            first, second = self.couples[event.value]
            self.query_one("#name-0", Input).value = first
            self.query_one("#name-1", Input).value = second

    def on_input_changed(self, _: Input.Changed) -> None:
        self.update_labels()
        self.query_one("#setup-message", Static).update("")

    def update_labels(self) -> None:
        first = clean_name(self.query_one("#name-0", Input).value) or "The first partner"
        second = clean_name(self.query_one("#name-1", Input).value) or "The second partner"
        self.query_one("#start-0", RadioButton).label = Content(first)
        self.query_one("#start-1", RadioButton).label = Content(second)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name-0":
            self.query_one("#name-1", Input).focus()
        else:
            self.begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "begin":
            self.begin()

    def begin(self) -> None:
        names, problem = check_names(self.query_one("#name-0", Input).value,
                                     self.query_one("#name-1", Input).value)
        message = self.query_one("#setup-message", Static)
        if names is None:
            message.update(Content(problem))
            return
        pressed = self.query_one("#who-starts", RadioSet).pressed_button
        choice = pressed.id if pressed is not None else "start-0"
        if choice == "start-coin":
            first = self.app.rng.randrange(2)  # type: ignore[attr-defined]
            self.notify(f"The coin says {names[first]} starts.", markup=False)
        else:
            first = 1 if choice == "start-1" else 0
        self.dismiss((names, first))

    def action_cancel(self) -> None:
        self.dismiss(None)
