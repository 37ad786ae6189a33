"""The countdown's large digits are Textual's own, drawn a character at a time."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.renderables.digits import Digits

from reconnect.tui.widgets.countdown import clock_text, digit_rows


def digits_drawn_whole(time: str) -> tuple[str, ...]:
    rows = "".join(segment.text for segment in Digits(time).render(Style())
                   if isinstance(segment, Segment))
    return tuple(rows.split("\n")[:3])


@pytest.mark.parametrize("seconds", [0, 1, 9, 10, 59, 60, 61, 119.2, 600, 3599, 3600, 7265])
def test_the_digits_are_the_ones_textual_draws_for_the_whole_time(seconds):
    time = clock_text(seconds)
    assert digit_rows(time) == digits_drawn_whole(time)
    assert len({len(row) for row in digit_rows(time)}) == 1  # three rows of one width


def test_times_that_differ_in_one_character_differ_in_their_digits():
    assert digit_rows("1:00") != digit_rows("1:08")
    assert digit_rows("1:00")[0][:3] == digit_rows("1:08")[0][:3]  # the minute stays put
