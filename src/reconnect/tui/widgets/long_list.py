"""Long option lists: a cursor that stops at the ends, filling a few options at a time after
the first screenful is shown, and one-line options drawn without Textual's wrapping."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Item = TypeVar("Item")

STEP = 20
"""Options added per frame: laying out 20 takes a few milliseconds, so a key pressed while a
long list is still being filled is handled at the next frame, not after the whole list."""


class LongList(OptionList):
    """An option list whose cursor stops at its first and last options.

    Textual's wraps around: Up on the first option of a library of a hundred exercises would
    jump to the last one, far from where the eye was, and the screen scrolls away with it."""

    def action_cursor_up(self) -> None:
        if self.highlighted is None or any(
                not option.disabled for option in self.options[:self.highlighted]):
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is None or any(
                not option.disabled for option in self.options[self.highlighted + 1:]):
            super().action_cursor_down()


class OneLine(Visual):
    """An option's words that usually fit on one line, such as a past session in History.

    Textual wraps an option's words to measure its height and again to draw it, which is most
    of the cost of showing a long list. Words that fit the width need neither: they are drawn
    as they are. Words that do not fit are wrapped as Textual wraps them."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.one_line = "\n" not in content.plain

    def __str__(self) -> str:
        return self.content.plain

    def fits(self, rules: RulesMap, width: int) -> bool:
        return self.one_line and self.content.cell_length + 2 * rules.get("line_pad", 0) <= width

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if (not self.fits(options.rules, width) or options.selection is not None
                or options.post_style is not None or options.rules.get("line_pad", 0)
                or options.rules.get("text_align", "left") not in ("left", "start")):
            return self.content.render_strips(width, height, style, options)
        segments = [Segment(text, part.rich_style)
                    for text, part in self.content.render(style, "", options.get_style)]
        return [Strip(segments, self.content.cell_length)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1 if self.fits(rules, width) else self.content.get_height(rules, width)


def add_in_steps(option_list: OptionList, items: Sequence[Item],
                 make: Callable[[Item], Option], count: int | None = None) -> None:
    """Add an option made of each of ``items`` to ``option_list``, :data:`STEP` at a time, one
    step per frame (the first now), so the app answers keys between them. Each option is made
    only when its step comes (``make``), so the first frame pays for none of them. While
    another screen is over the list's, the steps wait for it to be shown again. Stops if the
    list is gone or was refilled meanwhile (its options are then no longer the ones these
    follow)."""
    if count is None:
        count = option_list.option_count
    if not items or not option_list.is_attached or option_list.option_count != count:
        return
    screen = option_list.screen
    if not screen.is_active:  # (``is_current`` is true of the screen just beneath, too)
        # Another screen was opened over this one, perhaps by a key pressed before the list
        # was full: the rest waits until this screen is shown again, rather than slowing the
        # other screen's first frame, and nothing is laid out behind it meanwhile.
        shown_again = option_list.app.screen_change_signal

        def carry_on(shown: Screen[object]) -> None:
            if shown is screen:
                shown_again.unsubscribe(option_list)
                add_in_steps(option_list, items, make, count)

        shown_again.subscribe(option_list, carry_on)
        return
    option_list.add_options([make(item) for item in items[:STEP]])
    if len(items) > STEP:
        option_list.call_after_refresh(add_in_steps, option_list, items[STEP:], make,
                                       count + STEP)
