"""How a couple is doing over time: their streak and their check-ins. Pure; no terminal code.

The store answers "which days had a finished session" and "which check-ins were given"; this
module turns those answers into the two things the History screen shows. Both are plain
functions of their inputs (today is passed in), so they are tested without a clock or a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reconnect.storage.store import CheckinPoint


def streak(days: Sequence[str], today: date) -> int:
    """Consecutive days with a finished session, ending today or yesterday.

    Yesterday counts as the end too, so a couple who practise in the evening do not see their
    streak drop to nothing every morning. The streak is the couple's, never one partner's.
    ``days`` are ISO dates ('YYYY-MM-DD') in any order; duplicates and malformed ones are fine.
    """
    known: set[date] = set()
    for day in days:
        try:
            known.add(date.fromisoformat(day))
        except (TypeError, ValueError):
            continue  # a day that cannot be read never breaks the count of the others
    if today in known:
        cursor = today
    elif today - timedelta(days=1) in known:
        cursor = today - timedelta(days=1)
    else:
        return 0
    count = 0
    while cursor in known:
        count += 1
        cursor -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class SessionCheckin:
    """One session's check-ins for one measure: the partners' average before and after."""

    session_id: int
    at: float
    """When the session's first check-in for this measure was given (it orders the plot)."""
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Series:
    """One measure (such as ``calm``) across sessions, oldest first."""

    measure: str
    sessions: tuple[SessionCheckin, ...]
    low: int
    """The lowest value any partner gave; with ``high``, what the plot's height stands for."""
    high: int

    @property
    def before(self) -> tuple[float, ...]:
        """The per-session averages before, in time order (sessions without one left out)."""
        return tuple(s.before for s in self.sessions if s.before is not None)

    @property
    def after(self) -> tuple[float, ...]:
        return tuple(s.after for s in self.sessions if s.after is not None)


def checkin_series(points: Sequence[CheckinPoint]) -> dict[str, Series]:
    """Per measure, each session's average "before" and "after" value, oldest session first.

    Both partners' ratings are averaged, because progress is shown for the couple, not for one
    partner against the other. A partner who rated twice in one session (after going back)
    counts once, with the newest rating, as the engine counts the newest answer. Check-ins
    that are neither "before" nor "after" are not part of the picture.

    A check-in is part of it only once both partners have given it: until the second partner
    rates, the first one's number is as private as at the moment it was given (a session
    closed half-way, a partner who passed), and the home screen is where either may look.
    """
    # (measure, session) -> phase -> partner -> (at, value); the newest rating wins
    newest: dict[tuple[str, int], dict[str, dict[int, tuple[float, int]]]] = {}
    first_at: dict[tuple[str, int], float] = {}
    for point in points:
        if point.phase not in ("before", "after"):
            continue
        key = (point.measure, point.session_id)
        first_at[key] = min(first_at.get(key, point.at), point.at)
        partners = newest.setdefault(key, {}).setdefault(point.phase, {})
        previous = partners.get(point.partner)
        if previous is None or point.at >= previous[0]:
            partners[point.partner] = (point.at, point.value)

    for phases in newest.values():
        for phase in [phase for phase, partners in phases.items() if len(partners) < 2]:
            del phases[phase]

    def average(phases: dict[str, dict[int, tuple[float, int]]], phase: str) -> float | None:
        values = [value for _, value in phases.get(phase, {}).values()]
        return sum(values) / len(values) if values else None

    per_measure: dict[str, list[SessionCheckin]] = {}
    values_seen: dict[str, list[int]] = {}
    for (measure, session_id), phases in newest.items():
        if not phases:
            continue
        per_measure.setdefault(measure, []).append(SessionCheckin(
            session_id, first_at[(measure, session_id)],
            average(phases, "before"), average(phases, "after")))
        values_seen.setdefault(measure, []).extend(
            value for partners in phases.values() for _, value in partners.values())
    return {
        measure: Series(measure, tuple(sorted(sessions, key=lambda s: (s.at, s.session_id))),
                        min(values_seen[measure]), max(values_seen[measure]))
        for measure, sessions in sorted(per_measure.items())
    }


BARS = "▁▂▃▄▅▆▇█"
SCALE = (0, 10)
"""Every rating scale lies within 0..10, so bars drawn against it compare across sessions."""


def bars(values: Sequence[float], low: int = SCALE[0], high: int = SCALE[1]) -> str:
    """One bar per value on a fixed scale: the same rating always draws the same height.

    (A sparkline scaled to its own minimum and maximum would draw 3 -> 4 and 7 -> 9 alike.)
    """
    span = high - low
    return "".join(
        BARS[max(0, min(len(BARS) - 1, round((value - low) / span * (len(BARS) - 1))))]
        for value in values
    )
