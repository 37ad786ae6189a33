"""A small picture of check-ins over time: per measure, bars before and bars after.

The data comes ready from :func:`reconnect.reports.progress.checkin_series`; this widget only
draws it.
Measure names come from exercise files, so every label is rendered literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import Static

from reconnect.i18n import _
from reconnect.reports.progress import Series, bars
from reconnect.reports.vocabulary import measure_words

MAX_BARS = 16
"""Bar columns; more sessions than this are summarised (averaged) into the columns."""


def number_text(value: float | None) -> str:
    """``7``, ``6.5`` or ``–``: averages of two whole ratings need at most one decimal."""
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _fit(values: Sequence[float], width: int) -> list[float]:
    """At most ``width`` values: the oldest sessions are averaged together to make room."""
    if len(values) <= width:
        return list(values)
    size = len(values) / width
    chunks = [values[int(i * size):int((i + 1) * size)] for i in range(width)]
    return [sum(chunk) / len(chunk) for chunk in chunks if chunk]


MEASURE_WIDTH = 16


def placeholder() -> str:
    return _("No check-ins yet. When an exercise asks how you feel before and after, your "
             "answers will show here over time.")


def plot_content(series: Mapping[str, Series]) -> Content:
    """The whole picture as one piece of text: one row per measure, columns padded with spaces
    (one renderable is far cheaper to lay out than a widget per label)."""
    if not series:
        return Content.assemble((placeholder(), "$text-muted"))
    rows: list[str | tuple[str, str]] = []
    for number, (measure, one) in enumerate(series.items()):
        if number:
            rows.append("\n")
        name = measure_words(measure).capitalize()[:MEASURE_WIDTH - 1]
        rows.append((name.ljust(MEASURE_WIDTH), "bold"))
        phases = ((_("before"), one.before), (_("after"), one.after))
        width = max(7, *(len(phase) + 1 for phase, _values in phases))
        for phase, values in phases:
            recent = _fit(values, MAX_BARS)
            rows.append((phase.ljust(width), "$text-muted"))
            rows.append((bars(recent) or "·", "$accent"))
            rows.append(" " + number_text(values[-1] if values else None).ljust(5))
        scale = (_("ratings {low}–{high}").format(low=one.low, high=one.high)
                 if one.low != one.high else _("ratings {low}").format(low=one.low))
        rows.append((scale, "$text-muted"))
    return Content.assemble(*rows)


class CheckinPlot(Static):
    """One labelled row per measure: ``Calm  before ▂▄▆ 6  after ▃▅█ 8  ratings 2–9``."""

    DEFAULT_CSS = """
    CheckinPlot { height: auto; }
    """

    def __init__(self, series: Mapping[str, Series], *, id: str | None = None) -> None:
        super().__init__(plot_content(series), id=id)
        self.series = dict(series)
