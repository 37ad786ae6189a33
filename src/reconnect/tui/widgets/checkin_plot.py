"""A small picture of check-ins over time: per measure, bars before and bars after.

The data comes ready from :func:`reconnect.reports.progress.checkin_series`; this widget only
draws it.
Measure names come from exercise files, so every label is rendered literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from reconnect.reports.progress import Series, bars

PLACEHOLDER = ("No check-ins yet. When an exercise asks how you feel before and after, "
               "your answers will show here over time.")
MAX_BARS = 16
"""Bar columns; more sessions than this are summarised (averaged) into the columns."""


def number(value: float | None) -> str:
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


class CheckinPlot(Vertical):
    """One labelled row per measure: ``calm  before ▂▄▆ 6  after ▃▅█ 8  ratings 2–9``."""

    DEFAULT_CSS = """
    CheckinPlot { height: auto; }
    CheckinPlot .checkin-row { height: 1; }
    CheckinPlot .checkin-measure { width: 16; text-style: bold; }
    CheckinPlot .checkin-phase { width: 7; color: $text-muted; }
    CheckinPlot .checkin-before, CheckinPlot .checkin-after { margin-right: 1; color: $accent; }
    CheckinPlot .checkin-last { width: 5; }
    CheckinPlot .checkin-scale { width: auto; color: $text-muted; }
    CheckinPlot .checkin-empty { color: $text-muted; }
    """

    def __init__(self, series: Mapping[str, Series], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series = dict(series)

    def compose(self) -> ComposeResult:
        if not self.series:
            yield Static(Content(PLACEHOLDER), classes="checkin-empty")
            return
        for measure, series in self.series.items():
            with Horizontal(classes="checkin-row"):
                yield Static(Content(measure.replace("-", " ").capitalize()),
                             classes="checkin-measure")
                for phase, values in (("before", series.before), ("after", series.after)):
                    yield Static(Content(phase), classes="checkin-phase")
                    recent = _fit(values, MAX_BARS)
                    column = Static(Content(bars(recent) or "·"), classes=f"checkin-{phase}")
                    # one column per session where they fit, so each bar is one session
                    column.styles.width = max(1, len(recent))
                    yield column
                    yield Static(Content(number(values[-1] if values else None)),
                                 classes="checkin-last")
                scale = (f"ratings {series.low}–{series.high}" if series.low != series.high
                         else f"ratings {series.low}")
                yield Static(Content(scale), classes="checkin-scale")
