"""Widgets that need one layout of the screen per change, not two.

Textual lays the screen out, and then lays it out again whenever a widget's size changed in the
first layout: setting the new size asks for another. The widgets here are measured by the first
layout (their words wrapped at the width they are given), so the second finds every widget
where it already is; it still costs the work of a layout and a frame and, in a terminal, comes
a frame or two later (Textual draws at most 60 frames a second), after the step is shown.
A session's step changes the size of the prompt, the countdown, the answer area and the keys in
the footer on most key presses, so each of them is one of these.
"""

from __future__ import annotations

from textual._compositor import Compositor, ReflowResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static


class OneLayout(Widget):
    """A widget whose new size, set by a layout, asks for no layout more.

    Named after the Textual class it is mixed into (``class Line(Static, OneLayout)``): Textual
    matches style rules to a widget along its first base classes only."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        # the size is kept, and the widget repainted if it changed, as Textual does for a
        # region scrolled into view (layout=False); what can change a layout still asks for
        # one: new words, a scroll bar appearing, a style
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class Line(Static, OneLayout):
    """Words: a Static laid out once per change."""


class Row(Horizontal, OneLayout):
    """Widgets side by side, laid out once per change."""


class Column(Vertical, OneLayout):
    """Widgets one under another, laid out once per change."""


class Scroll(VerticalScroll, OneLayout):
    """A scrolling column, laid out once per change (its scroll bars still follow its
    content)."""


class OneArrangeCompositor(Compositor):
    """Textual's compositor, which arranges the screen once per layout, not twice.

    A widget shown or repainted while it is hidden marks the compositor's map of every widget
    out of date; a layout then arranges every widget, but leaves that mark, so the first widget
    whose size the layout changed (``Widget.size``, asked when it is marked for repainting)
    has the whole screen arranged a second time. A step that starts a timed turn shows the
    countdown and changes the prompt's size: half a millisecond more, each time.

    It relies on a private part of Textual's compositor (Textual is held to 8.2 in
    ``pyproject.toml``); ``tests/test_drawn_words.py`` fails if a later Textual changes it."""

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        result = super().reflow(parent, size)
        # the map just made places every widget, hidden or not, as the full map does
        self._full_map_invalidated = False
        return result
