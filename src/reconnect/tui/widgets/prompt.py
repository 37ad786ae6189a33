"""What a step asks of the couple, with the sentence starters under it."""

from __future__ import annotations

from textual.content import Content

from reconnect.tui.widgets.drawn_words import DrawnWords


class Prompt(DrawnWords):
    """The step's words in bold, and its sentence starters under them, muted: one widget.

    The starters come and go with timed turns; as a widget of their own they were shown and
    hidden on those key presses, each time a widget more for the layout and the frame. Words as
    many lines long as the ones before leave everything else where it is, so a step of similar
    length is drawn without laying the screen out (most steps are a few lines long)."""

    COMPONENT_CLASSES = {"prompt--words", "prompt--starters"}

    DEFAULT_CSS = """
    Prompt { height: auto; }
    Prompt > .prompt--words { text-style: bold; }
    Prompt > .prompt--starters { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.starters = ""

    def say(self, words: str, starters: str = "") -> None:
        """Show ``words`` and ``starters`` (both literally), if they are not shown already."""
        if (words, starters) != (self.words, self.starters):
            self.words, self.starters = words, starters
            self.changed()

    def content(self) -> Content:
        # made when drawn, so the styles follow the theme
        parts = [Content.styled(self.words, self.get_visual_style("prompt--words"))]
        if self.starters:
            parts.append(Content.styled(self.starters,
                                        self.get_visual_style("prompt--starters")))
        return Content("\n\n").join(part for part in parts if part)
