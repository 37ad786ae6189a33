"""Filling a long option list a few options at a time, after its first screenful is shown."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import OptionList
from textual.widgets.option_list import Option

STEP = 20
"""Options added per frame: laying out 20 takes a few milliseconds, so a key pressed while a
long list is still being filled is handled at the next frame, not after the whole list."""


def add_in_steps(option_list: OptionList, options: Sequence[Option],
                 count: int | None = None) -> None:
    """Add ``options`` to ``option_list`` in steps of :data:`STEP`, one step per frame (the
    first now), so the app answers keys between them. Stops if the list is gone or was
    refilled meanwhile (its options are then no longer the ones these follow)."""
    if count is None:
        count = option_list.option_count
    if not options or not option_list.is_attached or option_list.option_count != count:
        return
    if not option_list.screen.is_current:
        # another screen was opened over this one: nobody is waiting for a key here, and
        # one layout of the rest costs less than a layout per step behind the other screen
        option_list.add_options(options)
        return
    option_list.add_options(options[:STEP])
    if len(options) > STEP:
        option_list.call_after_refresh(add_in_steps, option_list, options[STEP:],
                                       count + STEP)
