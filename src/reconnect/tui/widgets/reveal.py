"""Both partners' answers side by side, shown at the same moment so nobody goes first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reconnect.core.view import SideBySide
from reconnect.i18n import _
from reconnect.tui.widgets.one_layout import Column, Line, Row, Scroll
from reconnect.tui.widgets.words import set_words


def answer_text(item: SideBySide, partner: int) -> str:
    answer = item.answers[partner]
    return answer if answer is not None else _("(no answer)")


class RevealPanel(Column):
    DEFAULT_CSS = """
    RevealPanel { height: auto; }
    RevealPanel .question { color: $text-muted; margin: 1 0 0 0; }
    RevealPanel Horizontal { height: auto; }
    RevealPanel .answer { width: 1fr; height: auto; max-height: 12; padding: 0 1; }
    RevealPanel .answer.partner-0 { border: round #3b82c4; }
    RevealPanel .answer.partner-1 { border: round #d2691e; }
    """

    def __init__(self, items: tuple[SideBySide, ...], names: tuple[str, str], *,
                 questions: bool = True) -> None:
        super().__init__()
        self.items = items
        """The answers it was made for: one row each, kept for smaller reveals later."""
        self.names = names
        self.questions = questions

    def compose(self) -> ComposeResult:
        for item in self.items:
            if self.questions:
                yield Line(Content(item.question), classes="question")
            with Row():
                for partner in (0, 1):
                    box = Scroll(classes=f"answer partner-{partner}")
                    box.border_title = Content(self.names[partner])  # a name, never markup
                    with box:
                        yield Line(Content(answer_text(item, partner)))

    def fits(self, items: tuple[SideBySide, ...], *, questions: bool) -> bool:
        """Whether :meth:`show_answers` can show ``items``: laid out alike, and no more of them
        than there are rows (the rows not needed are hidden)."""
        return len(items) <= len(self.items) and questions == self.questions

    def show_answers(self, items: tuple[SideBySide, ...], names: tuple[str, str]) -> None:
        """Show other answers in the same boxes (as many as :meth:`fits` asks); the rows
        beyond them are hidden and emptied."""
        self.names = names
        questions = list(self.query(".question").results(Static))
        rows = list(self.query_children(Row))
        boxes = list(self.query(".answer").results(VerticalScroll))
        for number, row in enumerate(rows):
            item = items[number] if number < len(items) else None
            row.display = item is not None
            if self.questions:
                questions[number].display = item is not None
                set_words(questions[number], item.question if item else "")
            for partner in (0, 1):
                box = boxes[2 * number + partner]
                if str(box.border_title) != names[partner]:
                    box.border_title = Content(names[partner])
                set_words(box.query_one(Static), answer_text(item, partner) if item else "")
                if box.scroll_offset:  # a long answer read before: this one starts at its top
                    box.scroll_home(animate=False)
