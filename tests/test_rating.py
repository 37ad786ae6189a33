"""The rating scale: one widget that draws its numbers, their boxes and the words at both ends,
and takes arrow keys, digits and clicks."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from textual.app import App, ComposeResult

from reconnect.tui.widgets.rating import RatingScale, cell_edges

from pilot_helpers import settle


class ScaleApp(App[None]):
    def __init__(self, labels: tuple[str, str] = ("Not calm at all", "Completely calm")) -> None:
        super().__init__()
        self.labels = labels
        self.chosen: list[int] = []
        self.nothing = 0

    def compose(self) -> ComposeResult:
        yield RatingScale(0, 10, self.labels, id="rating")

    def on_rating_scale_chosen(self, event: RatingScale.Chosen) -> None:
        self.chosen.append(event.value)

    def on_rating_scale_nothing_chosen(self, _event: RatingScale.NothingChosen) -> None:
        self.nothing += 1


def rows(scale: RatingScale) -> list[str]:
    return [scale.render_line(y).text for y in range(scale.size.height)]


async def test_the_numbers_sit_in_boxes_with_the_words_for_both_ends_under_them():
    app = ScaleApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        scale = app.query_one(RatingScale)
        assert not scale.children  # one widget to lay out, style and draw
        assert scale.region.width == 5 * 11 + 2
        top, numbers, bottom, ends = rows(scale)
        assert top == "╭───╮" * 11
        assert numbers == "".join(f"│{n:^3}│" for n in range(10)) + "│10 │"
        assert bottom == "╰───╯" * 11
        assert ends.startswith("0 = Not calm at all") and ends.endswith("Completely calm = 10")


async def test_digits_arrows_and_enter_choose_and_confirm():
    app = ScaleApp()
    async with app.run_test(size=(80, 10)) as pilot:
        scale = app.query_one(RatingScale)
        scale.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.nothing == 1 and app.chosen == []
        await pilot.press("right")  # from nothing: the middle
        assert scale.value == 5
        await pilot.press("up")
        assert scale.value == 6
        await pilot.press("1", "0")  # ten, on a scale that goes to ten
        assert scale.value == 10
        await pilot.press("left", "enter")
        await settle(pilot)
        assert app.chosen == [9]


async def test_a_click_on_a_number_chooses_it():
    app = ScaleApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        scale = app.query_one(RatingScale)
        # the fourth box (3): the scale's padding, then three boxes of five columns
        await pilot.click(RatingScale, offset=(1 + 3 * 5 + 2, 1))
        await settle(pilot)
        assert scale.value == 3 and scale.has_focus
        await pilot.click(RatingScale, offset=(3, 3))  # the words under it: nothing
        assert scale.value == 3


@pytest.mark.parametrize("width", [40, 30])
async def test_a_narrow_scale_drops_the_boxes_and_keeps_every_number(width: int) -> None:
    app = ScaleApp()
    async with app.run_test(size=(width, 10)) as pilot:
        await settle(pilot)
        scale = app.query_one(RatingScale)
        assert scale.tight and scale.has_class("-tight")
        numbers, *ends = rows(scale)
        assert numbers.split() == [str(n) for n in range(11)]
        assert "╭" not in numbers and ends
        starts = [found.start() for found in re.finditer(r"\d+", numbers)][:10]  # 0 to 9
        assert len({b - a for a, b in pairwise(starts)}) == 1  # evenly spaced
        used = cell_edges(11, scale.size.width)[-1]
        assert numbers[:used].split() == [str(n) for n in range(11)]  # what is left over
        assert not numbers[used:].strip()  # stays blank at the right


async def test_long_words_at_the_ends_wrap_within_their_half_of_the_scale():
    app = ScaleApp(("Not calm at all, my heart is racing", "Completely calm and settled"))
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        scale = app.query_one(RatingScale)
        ends = rows(scale)[3:]
        assert len(ends) >= 2 and scale.size.height == 3 + len(ends)
        half = scale.size.width // 2
        left = [row[:half].strip() for row in ends]
        right = [row[half:].strip() for row in ends]
        assert " ".join(part for part in left if part) == "0 = Not calm at all, my heart is racing"
        assert " ".join(part for part in right if part) == "Completely calm and settled = 10"
        assert all(len(row.rstrip()) == scale.size.width for row, part in zip(ends, right,
                                                                               strict=True)
                   if part)  # the high end's words end under the last number


def test_every_number_gets_the_same_columns_so_they_are_evenly_spaced():
    assert cell_edges(11, 55) == [5 * n for n in range(12)]
    edges = cell_edges(11, 40)
    assert edges[0] == 0 and edges[-1] == 33  # what is left over stays blank at the right
    assert {b - a for a, b in pairwise(edges)} == {3}
    assert cell_edges(11, 30)[-1] == 22  # two columns each at the least
    assert cell_edges(11, 20)[-1] == 22  # and the last ones cut off below that


async def test_a_nought_means_nought_unless_it_follows_a_one_typed_just_before(monkeypatch):
    """Arrowing to 1, or typing 1 and later 0, then 0 chose 10, the other end of the scale."""
    app = ScaleApp()
    async with app.run_test(size=(80, 10)) as pilot:
        scale = app.query_one(RatingScale)
        scale.focus()
        await pilot.press("1", "0")
        assert scale.value == 10  # typed together: ten
        await pilot.press("2", "left", "0")  # arrowed to 1, then 0
        assert scale.value == 0
        monkeypatch.setattr("reconnect.tui.widgets.rating.TEN_WITHIN_SECONDS", 0.0)
        await pilot.press("1", "0")  # the 0 a moment after the 1
        assert scale.value == 0
