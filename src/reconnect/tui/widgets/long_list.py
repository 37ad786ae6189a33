"""Long option lists: a cursor that stops at the ends, and filling a few options at a time
after the first screenful is shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

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


def add_in_steps(option_list: OptionList, items: Sequence[Item],
                 make: Callable[[Item], Option], count: int | None = None) -> None:
    """Add an option made of each of ``items`` to ``option_list``, :data:`STEP` at a time, one
    step per frame (the first now), so the app answers keys between them. Each option is made
    only when its step comes (``make``), so the first frame pays for none of them. Stops if
    the list is gone or was refilled meanwhile (its options are then no longer the ones these
    follow)."""
    if count is None:
        count = option_list.option_count
    if not items or not option_list.is_attached or option_list.option_count != count:
        return
    if not option_list.screen.is_current:
        # another screen was opened over this one: nobody is waiting for a key here, and
        # one layout of the rest costs less than a layout per step behind the other screen
        option_list.add_options([make(item) for item in items])
        return
    option_list.add_options([make(item) for item in items[:STEP]])
    if len(items) > STEP:
        option_list.call_after_refresh(add_in_steps, option_list, items[STEP:], make,
                                       count + STEP)
