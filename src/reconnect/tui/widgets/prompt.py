"""What a step asks of the couple, with the sentence starters under it."""

from __future__ import annotations

from textual.content import Content

from reconnect.tui.widgets.one_layout import OneLayout


class Prompt(OneLayout):
    """The step's words in bold, and its sentence starters under them, muted: one widget.

    The starters come and go with timed turns; as a widget of their own they were shown and
    hidden on those key presses, each time a widget more for the layout and the frame."""

    COMPONENT_CLASSES = {"prompt--words", "prompt--starters"}

    DEFAULT_CSS = """
    Prompt { height: auto; }
    Prompt > .prompt--words { text-style: bold; }
    Prompt > .prompt--starters { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = ""
        self.starters = ""

    def say(self, words: str, starters: str = "") -> None:
        """Show ``words`` and ``starters`` (both literally), if they are not shown already."""
        if (words, starters) == (self.words, self.starters):
            return
        self.words, self.starters = words, starters
        self.refresh()  # drawn anew: the words and their size kept by Textual are dropped
        width, height = self.size
        # words as many lines long as the ones before leave everything else where it is, so
        # the screen needs drawing but not laying out (most steps are a few lines long); a
        # layout uses the height measured here
        if not width or self.get_content_height(self.container_size, self.app.size,
                                                width) != height:
            self.refresh(layout=True, repaint=False)

    def render(self) -> Content:
        # made when drawn, so the styles follow the theme
        parts = [Content.styled(self.words, self.get_visual_style("prompt--words"))]
        if self.starters:
            parts.append(Content.styled(self.starters,
                                        self.get_visual_style("prompt--starters")))
        return Content("\n\n").join(part for part in parts if part)
