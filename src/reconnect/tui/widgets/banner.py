"""The banner that says, unmistakably, who holds the floor and who listens."""

from __future__ import annotations

from reconnect.tui.widgets.drawn_words import DrawnWords

PARTNER_COLOURS = ("#1f5f99", "#a34e12")
"""Each partner's background, with white words (both pass WCAG AA for bold text)."""


class TurnBanner(DrawnWords):
    """A wide, coloured line: ``ALEX speaks · SAM listens``, or whose turn it is to answer.

    Each partner keeps one colour for the whole session, so the colour alone already tells
    them whose moment it is. The colour is set on the widget itself rather than by a CSS class:
    a class change makes Textual match the whole style sheet again, on every turn.
    """

    DEFAULT_CSS = """
    TurnBanner {
        width: 1fr;
        height: 3;
        text-style: bold;
        background: $boost;
        color: $foreground;
    }
    """
    CENTRE = True

    partner: int | None = None
    """Whose colour the banner has (None: the shared one)."""

    def show_turn(self, words: str, partner: int | None) -> None:
        """Show ``words`` in ``partner``'s colour (None: the shared one)."""
        self.show(words)
        if partner == self.partner:
            return
        self.partner = partner
        if partner is None:
            self.styles.clear_rule("background")
            self.styles.clear_rule("color")
        else:
            self.styles.background = PARTNER_COLOURS[partner]
            self.styles.color = "#ffffff"
