"""The banner that says, unmistakably, who holds the floor and who listens."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

PARTNER_CLASSES = ("partner-0", "partner-1")


class TurnBanner(Static):
    """A wide, coloured line: ``ALEX speaks · SAM listens``, or whose turn it is to answer.

    Each partner keeps one colour for the whole session (``partner-0``/``partner-1``), so the
    colour alone already tells them whose moment it is.
    """

    DEFAULT_CSS = """
    TurnBanner {
        width: 1fr;
        height: 3;
        content-align: center middle;
        text-style: bold;
        background: $boost;
        color: $foreground;
    }
    TurnBanner.partner-0 { background: #1f5f99; color: #ffffff; }
    TurnBanner.partner-1 { background: #a34e12; color: #ffffff; }
    """

    def show(self, text: str, partner: int | None) -> None:
        self.update(Content(text))
        for number, name in enumerate(PARTNER_CLASSES):
            self.set_class(partner == number, name)
