"""Words a widget draws itself, from lines made once per change of the words, width or style.

A ``Static`` renders its words through Textual's general path on each change (the widget's
renderable, its alignment, links and selection, the width measured for a layout, then the
words wrapped again to draw them). The session's banner, progress line and prompt change on
nearly every key press and need none of that generality: here the words are wrapped once into
lines, which both the layout (their height) and the drawing (the lines) use.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style

from reconnect.tui.widgets.one_layout import OneLayout


class DrawnWords(OneLayout):
    """Words, wrapped to the widget's width and drawn a line at a time.

    :meth:`show` draws plain words, literally. Subclasses that draw more say what
    (:meth:`content`) and call :meth:`changed` when it changes. ``CENTRE`` puts each line in
    the middle of the widget's width, and the lines in the middle of its height."""

    DEFAULT_CSS = "DrawnWords { height: auto; }"
    CENTRE = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.words = ""
        self._made: tuple[int, Style, list[Strip]] | None = None

    def show(self, words: str) -> None:
        """Show ``words``, if they are not shown already."""
        if words != self.words:
            self.words = words
            self.changed()

    def content(self) -> Content:
        """The words, styled, with their line breaks."""
        return Content(self.words)

    @property
    def text(self) -> str:
        """The words as plain text, as the widget shows them."""
        return self.content().plain

    def changed(self) -> None:
        """The words changed: draw them again, and lay the screen out again only when they now
        take another number of lines in a widget whose height follows them."""
        self._made = None
        self.refresh()
        if not self.styles.height or not self.styles.height.is_auto:
            return  # a fixed height: new words cannot move anything
        gutter = self.styles.gutter
        width, height = self.outer_size
        if width <= gutter.width or len(self.lines(width - gutter.width)) != height - gutter.height:
            self.refresh(layout=True, repaint=False)

    def lines(self, width: int) -> list[Strip]:
        """The words wrapped to ``width`` cells, a strip per line, each ``width`` cells long."""
        style = self.visual_style
        made = self._made
        if made is not None and made[0] == width and made[1] == style:
            return made[2]
        rich_style = style.rich_style
        strips = []
        for line in self.content().wrap(max(1, width)):
            segments = line.render_segments(style)
            length = line.cell_length
            if self.CENTRE and length < width:
                left = (width - length) // 2
                segments.insert(0, Segment(" " * left, rich_style))
                length += left
            strips.append(Strip(segments, length).extend_cell_length(width, rich_style))
        self._made = (width, style, strips)
        return strips

    def notify_style_update(self) -> None:
        # the theme or a class changed the styles the lines were made with
        self._made = None
        super().notify_style_update()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        gutter = self.styles.gutter
        width, height = self.outer_size
        width -= gutter.width
        lines = self.lines(width)
        if self.CENTRE:
            y -= max(0, height - gutter.height - len(lines)) // 2
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)
