"""Both partners' answers side by side, shown at the same moment so nobody goes first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reconnect.core.view import SideBySide
from reconnect.i18n import _


class RevealPanel(Vertical):
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
        self.names = names
        self.questions = questions

    def compose(self) -> ComposeResult:
        for item in self.items:
            if self.questions:
                yield Static(Content(item.question), classes="question")
            with Horizontal():
                for partner in (0, 1):
                    answer = item.answers[partner]
                    box = VerticalScroll(classes=f"answer partner-{partner}")
                    box.border_title = Content(self.names[partner])  # a name, never markup
                    with box:
                        yield Static(Content(answer if answer is not None
                                             else _("(no answer)")))
