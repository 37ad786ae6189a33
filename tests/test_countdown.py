"""The countdown's large digits are Textual's own, drawn a character at a time, in colours
that follow the moment."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.renderables.digits import Digits

from reconnect.tui.widgets.countdown import Countdown, clock_text, digit_rows


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


class CountdownApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Countdown(id="countdown")


def colours(countdown: Countdown, y: int) -> set[str]:
    return {segment.style.color.triplet.hex for segment in countdown.render_line(y)
            if segment.text.strip() and segment.style and segment.style.color
            and segment.style.color.triplet}


async def test_the_rows_kept_for_a_time_change_colour_when_time_is_up_and_when_paused():
    app = CountdownApp()
    async with app.run_test(size=(40, 6)) as pilot:
        countdown = app.query_one(Countdown)
        countdown.show(5, caption="left", time_up=False, frozen=False)
        await pilot.pause()
        running, caption = colours(countdown, 0), colours(countdown, 3)
        assert countdown.render_line(3).text.startswith("left")
        countdown.show(5, caption="left", time_up=True, frozen=False)  # the same time
        await pilot.pause()
        assert colours(countdown, 3) not in (set(), caption)  # the words under it warn
        assert all(segment.style.bold for segment in countdown.render_line(3)
                   if segment.text.strip())
        countdown.show(5, caption="paused", time_up=False, frozen=True)
        await pilot.pause()
        assert colours(countdown, 0) not in (set(), running)
        assert countdown.render_line(3).text.startswith("paused")
        assert [countdown.render_line(y).text.rstrip() for y in range(3)] == list(
            digit_rows("0:05"))
