"""Before an exercise: the two names (remembered) and who starts, with a coin flip."""

from __future__ import annotations

from typing import Any

from textual import events, getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from reconnect.core.engine import NAME_LIMIT, check_names
from reconnect.format.model import Exercise
from reconnect.i18n import N_, _, ngettext
from reconnect.text import clean_name
from reconnect.tui.app import ReconnectApp
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.title_bar import TitleBar


class NameInput(Input):
    """A partner's name. Enter moves on to the next choice (it never begins the exercise), and
    whatever is typed or pasted after the Enter lands in the next field, however fast it comes:
    "Alex⏎Sam" in one burst gives one name per field."""

    def __init__(self, value: str, *, next_field: str, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.next_field = next_field
        self.moved_on = False

    def _following(self) -> Widget | None:
        found = self.screen.query(f"#{self.next_field}")
        return found.first() if found else None

    async def _on_key(self, event: events.Key) -> None:
        if self.moved_on and self.screen.focused is not self:
            # typed before the focus moved on: handled as if typed now, by whatever has the
            # focus (an Enter for who starts goes through its key binding, a letter lands
            # after the next field's own focus handling, so nothing selects it to be typed over)
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            # handled here, in order with the typing, rather than by the binding (which runs
            # only after the keys already on their way here)
            event.stop()
            event.prevent_default()
            if not clean_name(self.value):
                # an empty name is not moved on from: a name typed next would land in the
                # wrong partner's box
                self.screen.query_one("#setup-message", Static).update(
                    Content(_("Type a name first, then press Enter.")))
                return
            self.moved_on = True
            following = self._following()
            if following is not None:
                self.screen.set_focus(following)  # now: every key from here on goes there
            self.post_message(self.Submitted(self, self.value))
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        following = self._following()
        if len(lines) > 1 and isinstance(following, Input):
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor(lines[0])
            following.value = " ".join(lines[1:])
            following.focus()
            return
        super()._on_paste(event)

    def _on_focus(self, event: events.Focus) -> None:
        self.moved_on = False
        super()._on_focus(event)


class StarterChoice(RadioSet):
    """Who starts: arrows move, Enter chooses the highlighted one and moves on to Begin."""

    BINDINGS = [Binding("enter", "choose", _("Choose"), show=False)]

    def action_choose(self) -> None:
        self.action_toggle_button()
        # now, not after a refresh: an Enter right behind this one presses Begin
        self.screen.set_focus(self.screen.query_one("#begin", Button))


SETUP_HINTS = {
    "name-0": N_("Type the first name, then press Enter."),
    "name-1": N_("Type the second name, then press Enter."),
    "who-starts": N_("Who starts? The arrow keys move, Enter chooses."),
    "begin": N_("Press Enter to begin."),
    "couples": N_("Choose a couple, or type new names below."),
}


class SetupScreen(StyledOnceScreen[tuple[tuple[str, str], int] | None]):
    app = getters.app(ReconnectApp)

    BINDINGS = [
        Binding("escape", "cancel", _("Back to the library"), id="setup.cancel"),
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
            minutes = ngettext("{minutes} minute", "{minutes} minutes",
                               exercise.minutes).format(minutes=exercise.minutes)
            yield Static(Content(f"{minutes} · {exercise.summary}"),
                         classes="muted")
            if len(self.couples) > 1:
                yield Select(((Content(f"{a} & {b}"), number)
                              for number, (a, b) in enumerate(self.couples)),
                             prompt=_("Choose a couple, or type new names"), id="couples",
                             allow_blank=True)
            with Horizontal(id="names"):
                with Vertical(classes="name-field"):
                    yield Label(Content(_("First partner")))
                    yield NameInput(self.remembered[0], placeholder=_("Name"), id="name-0",
                                    next_field="name-1", max_length=NAME_LIMIT * 4)
                with Vertical(classes="name-field"):
                    yield Label(Content(_("Second partner")))
                    yield NameInput(self.remembered[1], placeholder=_("Name"), id="name-1",
                                    next_field="who-starts", max_length=NAME_LIMIT * 4)
            yield Label(Content(_("Who starts?")))
            with StarterChoice(id="who-starts"):
                yield RadioButton(Content(_("The first partner")), id="start-0", value=True)
                yield RadioButton(Content(_("The second partner")), id="start-1")
                yield RadioButton(Content(_("Flip a coin")), id="start-coin")
            yield Static("", id="setup-message", markup=False)
            yield Button(Content(_("Begin")), variant="primary", id="begin")
            yield Static("", id="setup-hint", markup=False)
            if self.app.demo:
                yield Static(Content(_("Demonstration: nothing you enter here is saved.")),
                             classes="muted")
        yield KeyFooter()

    def on_mount(self) -> None:
        first_empty = "#name-0" if not self.remembered[0] else "#name-1"
        target = first_empty if not all(self.remembered) else "#begin"
        self.query_one(target).focus()
        self.update_labels()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Say what Enter does in the field that has the focus."""
        hint = SETUP_HINTS.get(event.widget.id or "")
        self.query_one("#setup-hint", Static).update(Content(_(hint) if hint else ""))

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            first, second = self.couples[event.value]
            self.query_one("#name-0", Input).value = first
            self.query_one("#name-1", Input).value = second

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.update_labels()
        self.query_one("#setup-message", Static).update("")

    def update_labels(self) -> None:
        first = clean_name(self.query_one("#name-0", Input).value) or _("The first partner")
        second = clean_name(self.query_one("#name-1", Input).value) or _("The second partner")
        self.query_one("#start-0", RadioButton).label = Content(first)
        self.query_one("#start-1", RadioButton).label = Content(second)
        self.fit_choices()

    def on_resize(self) -> None:
        self.fit_choices()

    def fit_choices(self) -> None:
        """Who starts: side by side where the names fit on one line, else one under another,
        so a long name is never cut."""
        labels = [str(button.label) for button in self.query(RadioButton)]
        needed = sum(len(label) + 8 for label in labels) + 4  # each: "▐●▌ " and a margin
        self.query_one("#who-starts").set_class(needed > self.size.width - 4, "stacked")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.focused is not event.input:
            # the field already moved the focus on, and a quick Enter may have moved it
            # further (who starts was chosen, Begin has it): pulling it back would make the
            # next Enter choose again instead of beginning
            return
        if event.input.id == "name-0":
            self.query_one("#name-1", Input).focus()
        else:
            self.query_one("#who-starts", RadioSet).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "begin":
            self.begin()

    def begin(self) -> None:
        names, problem = check_names(self.query_one("#name-0", Input).value,
                                     self.query_one("#name-1", Input).value)
        message = self.query_one("#setup-message", Static)
        if names is None:
            message.update(Content(problem))
            # back to the name to fix: the first one left empty, else the second
            fields = [self.query_one(f"#name-{number}", Input) for number in (0, 1)]
            empty = [field for field in fields if not clean_name(field.value)]
            (empty or fields[1:])[0].focus()
            return
        pressed = self.query_one("#who-starts", RadioSet).pressed_button
        choice = pressed.id if pressed is not None else "start-0"
        if choice == "start-coin":
            first = self.app.rng.randrange(2)
            self.notify(_("The coin says {name} starts.").format(name=names[first]),
                        markup=False)
        else:
            first = 1 if choice == "start-1" else 0
        self.dismiss((names, first))

    def action_cancel(self) -> None:
        self.dismiss(None)
