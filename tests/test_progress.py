"""The streak and the check-in series: pure functions of what the store returns."""

from __future__ import annotations

from datetime import date

import pytest

from reconnect.reports.progress import checkin_series, streak
from reconnect.storage.store import CheckinPoint

TODAY = date(2027, 1, 15)


@pytest.mark.parametrize(("days", "expected"), [
    ([], 0),
    (["2027-01-15"], 1),
    (["2027-01-14"], 1),  # yesterday still counts: the day is not over
    (["2027-01-13"], 0),  # a gap of a whole day ends it
    (["2027-01-15", "2027-01-14", "2027-01-13"], 3),
    (["2027-01-14", "2027-01-13", "2027-01-11"], 2),  # the gap on the 12th ends it
    (["2027-01-15", "2027-01-15", "2027-01-14", "2027-01-14"], 2),  # duplicates count once
    (["2027-01-13", "2027-01-15", "2027-01-14"], 3),  # any order
    (["2027-01-15", "not a day", ""], 1),  # malformed entries are ignored
    (["2027-01-16"], 0),  # a day in the future (a clock change) is not today
    (["2026-12-31", "2027-01-01"], 0),
])
def test_streak(days, expected):
    assert streak(days, TODAY) == expected


def test_streak_across_a_month_and_year_boundary():
    days = ["2027-01-02", "2027-01-01", "2026-12-31", "2026-12-30"]
    assert streak(days, date(2027, 1, 2)) == 4


def point(session: int, at: float, phase: str, partner: int, value: int,
          measure: str = "calm") -> CheckinPoint:
    return CheckinPoint(session, at, measure, phase, partner, value)


def test_checkin_series_averages_partners_per_session_in_time_order():
    points = [
        point(2, 200, "before", 0, 4),
        point(2, 201, "before", 1, 5),
        point(2, 290, "after", 0, 7),
        point(2, 291, "after", 1, 8),
        point(1, 100, "before", 0, 2),
        point(1, 101, "before", 1, 4),
        point(1, 190, "after", 0, 6),  # the other partner's "after" never came
        point(3, 300, "before", 0, 9),  # only one partner so far
    ]
    series = checkin_series(points)
    assert list(series) == ["calm"]
    calm = series["calm"]
    assert [s.session_id for s in calm.sessions] == [1, 2]
    assert calm.before == (3.0, 4.5)
    assert calm.after == (7.5,)
    assert calm.sessions[0].after is None
    assert (calm.low, calm.high) == (2, 8)  # 9 and 6 were never seen by the other partner


def test_checkin_series_keeps_measures_apart_and_skips_unphased_ratings():
    points = [
        point(1, 100, "before", 0, 3, "closeness"),
        point(1, 100, "before", 1, 5, "closeness"),
        point(1, 101, "before", 0, 6, "calm"),
        point(1, 101, "before", 1, 8, "calm"),
        point(1, 102, "", 0, 1, "calm"),  # a rating that is not a check-in
        point(1, 102, "", 1, 1, "calm"),
        point(1, 190, "after", 0, 8, "calm"),
        point(1, 190, "after", 1, 8, "calm"),
    ]
    series = checkin_series(points)
    assert list(series) == ["calm", "closeness"]
    assert series["calm"].before == (7.0,) and series["calm"].after == (8.0,)
    assert series["closeness"].before == (4.0,) and series["closeness"].after == ()
    assert series["calm"].low == 6


def test_a_partner_who_rated_again_counts_once_with_the_newest_rating():
    points = [
        point(1, 100, "before", 0, 2),
        point(1, 105, "before", 0, 6),  # went back and rated again
        point(1, 106, "before", 1, 4),
    ]
    assert checkin_series(points)["calm"].before == (5.0,)


def test_no_points_no_series():
    assert checkin_series([]) == {}


def test_bars_use_a_fixed_scale_so_heights_compare_across_sessions():
    from reconnect.reports.progress import bars

    assert bars([0, 10]) == "▁█"
    assert bars([5]) == bars([5, 5])[0]
    assert bars([3, 4]) != bars([7, 9])  # a sparkline scaled to its own range draws these alike
    assert bars([]) == ""
    assert bars([-3, 14]) == "▁█"  # out-of-range values are clamped, never an error


def test_a_check_in_stays_out_of_the_picture_until_both_partners_have_given_it():
    """The first partner's number is private until the second has rated (the session may be
    closed in between, and either partner may open the home screen)."""
    first = [point(1, 100, "before", 0, 7)]
    assert checkin_series(first) == {}
    both = [*first, point(1, 101, "before", 1, 3)]
    assert checkin_series(both)["calm"].before == (5.0,)


def test_the_bundled_measures_are_named_in_the_language_spoken_and_others_as_written() -> None:
    from reconnect import i18n
    from reconnect.reports.progress import Series, SessionCheckin
    from reconnect.reports.summary import CheckinChange
    from reconnect.reports.vocabulary import measure_words
    from reconnect.tui.widgets.checkin_plot import plot_content

    series = {"closeness": Series("closeness", (SessionCheckin(1, 1.0, 6.0, 7.0),), 6, 7)}
    assert measure_words("closeness") == "closeness"
    assert measure_words("self-care") == "self care"
    assert plot_content(series).plain.startswith("Closeness")
    with i18n.speaking("es"):
        assert measure_words("closeness") == "cercanía"
        assert measure_words("self-care") == "self care"  # an exercise's own: as it is
        assert plot_content(series).plain.startswith("Cercanía")
        assert str(CheckinChange("Ana", "calm", 4, 6)) == "Ana · calma: 4 → 6 (+2)"
