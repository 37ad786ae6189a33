"""The one way to respond right now, under a session's prompt: a hint, an answer box, a rating,
options or a reveal.

A moment is described as :class:`Part` values, not widgets. Each kind of part gets its widget
the first time a moment needs it; after that the widget stays mounted and later moments refill
it, show it or hide it. Changing words and ``display`` costs one layout of the screen, in the
frame of the key press; mounting a widget costs styling it, composing it and a layout more.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reconnect.core import engine
from reconnect.core.view import SideBySide
from reconnect.i18n import _
from reconnect.tui.widgets.one_layout import Column, Line
from reconnect.tui.widgets.rating import RatingScale
from reconnect.tui.widgets.reveal import RevealPanel
from reconnect.tui.widgets.words import set_words

ROLES = ("return-time", "way-back", "apart", "paused", "handover", "answer", "returner", "rating",
         "choices", "reveal", "ratings", "suggestions", "tasks", "hint")
"""Every part a moment can have, in the order they stand on the screen. A reveal step's answers
(under their questions) and a rating's two numbers (under the prompt) are laid out apart, so
each keeps its own panel."""


class Returner(Line, can_focus=True):
    """Under an answer box: where Esc puts the focus, in view, saying how to go back.

    Tab or Enter returns to the box; nothing typed here runs a shortcut."""

    BINDINGS = [Binding("enter", "back_to_answer", _("Back to the answer"), show=False)]

    def __init__(self, tip: str) -> None:
        super().__init__(Content(tip), classes="hint", id="returner")
        self.tip = tip

    def show_tip(self, tip: str) -> None:
        self.tip = tip
        if not self.has_focus:  # focused, it says how to go back until it loses the focus
            set_words(self, tip)

    def on_focus(self) -> None:
        set_words(self, _("You left the answer box. Tab or Enter goes back to it."))
        self.add_class("left-box")

    def on_blur(self) -> None:
        set_words(self, self.tip)
        self.remove_class("left-box")

    def action_back_to_answer(self) -> None:
        for answer in self.screen.query("#answer"):
            answer.focus()
            return


class Part(ABC):
    """One piece of a moment's answer area: what it shows, and how its widget shows it."""

    @property
    @abstractmethod
    def role(self) -> str:
        """Which of :data:`ROLES` this is: one widget at most plays each."""

    @abstractmethod
    def make(self) -> Widget:
        """A new widget showing this part."""

    def fits(self, widget: Widget) -> bool:
        """Whether ``widget`` (made by a part of the same role) can show this part."""
        return True

    @abstractmethod
    def fill(self, widget: Widget) -> None:
        """Show this part in ``widget``, as if it had just been made for it."""

    def empty(self, widget: Widget) -> None:  # noqa: B027 (most parts have nothing to forget)
        """``widget`` is being hidden: let it keep nothing a later moment should not show."""


@dataclass(frozen=True)
class Words(Part):
    """Plain lines: a hint, the hand-over, the pause, the advice for a time-out."""

    kind: str
    """Its role, and its class in the style sheet."""
    text: str

    @property
    def role(self) -> str:
        return self.kind

    def make(self) -> Widget:
        return Line(Content(self.text), classes=self.kind)

    def fill(self, widget: Widget) -> None:
        assert isinstance(widget, Static)
        set_words(widget, self.text)


@dataclass(frozen=True)
class Entry(Part):
    """The answer box: a hidden one for a private answer, a roomy one otherwise."""

    private: bool
    draft: str

    @property
    def role(self) -> str:
        return "answer"

    def make(self) -> Widget:
        if self.private:
            return Input(self.draft, placeholder=_("Type your answer; it stays hidden"),
                         password=True, id="answer", max_length=engine.MAX_ANSWER,
                         select_on_focus=False)  # typing adds to a kept draft
        return TextArea(self.draft, id="answer", soft_wrap=True, tab_behavior="focus",
                        placeholder=_("Type your answer"))

    def fits(self, widget: Widget) -> bool:
        return isinstance(widget, Input) if self.private else isinstance(widget, TextArea)

    def fill(self, widget: Widget) -> None:
        # the words shown are the kept draft, never what the box held for the moment before
        if isinstance(widget, Input):
            widget.password = True  # hidden again for each answer; Ctrl+R shows it
        fill_box(widget, self.draft)

    def empty(self, widget: Widget) -> None:
        fill_box(widget, "")


def fill_box(widget: Widget, text: str) -> None:
    """Put ``text`` in an answer box as no one typed it: no draft is kept from it, and a
    roomy box forgets its edits (nothing to undo into)."""
    if isinstance(widget, Input):
        with widget.prevent(Input.Changed):
            widget.value = text
    elif isinstance(widget, TextArea):
        with widget.prevent(TextArea.Changed):
            widget.load_text(text)


@dataclass(frozen=True)
class WayBack(Part):
    """The line under an answer box: how to save, and where Esc goes."""

    tip: str

    @property
    def role(self) -> str:
        return "returner"

    def make(self) -> Widget:
        return Returner(self.tip)

    def fill(self, widget: Widget) -> None:
        assert isinstance(widget, Returner)
        widget.show_tip(self.tip)


@dataclass(frozen=True)
class Rating(Part):
    low: int
    high: int
    labels: tuple[str, str]

    @property
    def role(self) -> str:
        return "rating"

    def make(self) -> Widget:
        return RatingScale(self.low, self.high, self.labels, id="rating")

    def fill(self, widget: Widget) -> None:
        assert isinstance(widget, RatingScale)
        widget.show_scale(self.low, self.high, self.labels)  # one scale serves every rating
        widget.value = None  # each partner starts from no number: the other's stays hidden

    def empty(self, widget: Widget) -> None:
        self.fill(widget)


@dataclass(frozen=True)
class Choices(Part):
    options: tuple[str, ...]

    @property
    def role(self) -> str:
        return "choices"

    def make(self) -> Widget:
        return OptionList(*self.option_lines(), id="choices", markup=False)

    def option_lines(self) -> list[Option]:
        return [Option(Content(label), id=f"option-{number}")
                for number, label in enumerate(self.options)]

    def fill(self, widget: Widget) -> None:
        assert isinstance(widget, OptionList)
        if tuple(str(option.prompt) for option in widget.options) != self.options:
            widget.set_options(self.option_lines())
        elif widget.scroll_y:
            widget.scroll_home(animate=False)
        widget.action_first()  # as a new list starts


@dataclass(frozen=True)
class Reveal(Part):
    items: tuple[SideBySide, ...]
    names: tuple[str, str]
    questions: bool

    @property
    def role(self) -> str:
        return "reveal" if self.questions else "ratings"

    def make(self) -> Widget:
        return RevealPanel(self.items, self.names, questions=self.questions)

    def fits(self, widget: Widget) -> bool:
        assert isinstance(widget, RevealPanel)
        return widget.fits(self.items, questions=self.questions)

    def fill(self, widget: Widget) -> None:
        assert isinstance(widget, RevealPanel)
        widget.show_answers(self.items, self.names)


class Interaction(Column):
    """The one way to respond right now: each part's widget, made once and reused."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: dict[str, Widget] = {}
        """The widget made for each role so far, shown or hidden."""
        self.filled: dict[str, Part] = {}
        """The part each widget shows, or showed last."""

    def ready_for(self, parts: Sequence[Part]) -> bool:
        """Whether the widgets made so far can show ``parts``, without mounting any."""
        for part in parts:
            widget = self.parts.get(part.role)
            if widget is None or not part.fits(widget):
                return False
        return True

    async def make_room(self, parts: Sequence[Part]) -> None:
        """Mount a widget for each of ``parts`` that has none that fits (replacing one that
        does not), each in its place among the others."""
        unfit = [self.parts.pop(part.role) for part in parts
                 if part.role in self.parts and not part.fits(self.parts[part.role])]
        if unfit:
            await self.remove_children(unfit)
        new = {part.role: part.make() for part in parts if part.role not in self.parts}
        for widget in new.values():
            widget.display = False  # until shown, filled: the moment may move on meanwhile
        # consecutive new widgets go in together, before the next part already there
        group: list[Widget] = []
        for role in ROLES:
            if role in new:
                group.append(new[role])
            elif role in self.parts and group:
                await self.mount_all(group, before=self.parts[role])
                group = []
        if group:
            await self.mount_all(group)
        self.parts.update(new)

    def show(self, parts: Sequence[Part]) -> None:
        """Show ``parts`` (their widgets are ready: :meth:`ready_for`), and hide the rest."""
        wanted = {part.role: part for part in parts}
        for role, widget in self.parts.items():
            part = wanted.get(role)
            if part is None:
                if widget.display:
                    self.filled[role].empty(widget)
                    widget.display = False
                continue
            part.fill(widget)
            self.filled[role] = part
            widget.display = True

    def focus_target(self) -> Widget | None:
        """Where the typing should go: the first part shown that takes the focus."""
        return next((widget for widget in self.children
                     if widget.can_focus and widget.display), None)
