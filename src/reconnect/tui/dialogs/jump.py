"""Demonstration mode: jump straight to any step of the exercise."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reconnect.format import Exercise
from reconnect.i18n import _


class JumpDialog(ModalScreen[str | None]):
    """Lists every step with its number and kind; Enter jumps, Esc closes."""

    BINDINGS = [Binding("escape", "close", _("Close"), id="jump.close")]

    def __init__(self, exercise: Exercise, current: str) -> None:
        super().__init__()
        self.exercise = exercise
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(_("Jump to a step")), classes="dialog-title")
            options = []
            for number, step in enumerate(self.exercise.steps, start=1):
                preview = step.text.replace("\n", " ")
                if len(preview) > 30:  # one line per step, even at 80 columns
                    preview = preview[:29] + "…"
                label = Text.assemble((f"{number:>2}. ", "dim"), (step.id, "bold"),
                                      (f"  {step.kind}", "italic"), f"  {preview}")
                options.append(Option(label, id=step.id))
            yield OptionList(*options, id="steps", markup=False)

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        ids = [step.id for step in self.exercise.steps]
        steps.highlighted = ids.index(self.current) if self.current in ids else 0
        steps.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
