"""Countdowns said out loud, never redrawn: at the start, halfway, 30 seconds left, and zero.

The start is said with the moment itself ("90 seconds."), and zero is the engine's gentle cue
(``View.cue_due``: the front end sends ``TimeUp``) or, for a time-out, the agreed return. The
:class:`Announcer` remembers which marks it has said for which countdown, and a mark already
passed when a countdown is first seen (a session carried on after a break) is never said late.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconnect.core.view import Expect, View
from reconnect.i18n import _
from reconnect.plain.words import duration

LAST_SECONDS = 30
"""The last announcement before zero."""


@dataclass
class Announcer:
    key: object = None
    said: set[str] = field(default_factory=set)

    def due(self, view: View) -> list[tuple[str, bool]]:
        """The announcements to make now (usually none): each a sentence, and whether it is
        the zero mark (said with a bell)."""
        countdown = _countdown(view)
        if countdown is None:
            self.key = None
            return []
        key, total, remaining, zero_words = countdown
        fresh = key != self.key
        if fresh:
            self.key = key
            self.said = set()
        marks = _marks(total, remaining, zero_words)
        if fresh:
            # marks passed before this countdown was first seen are not news
            self.said = {name for name, _ in marks}
            return []
        found = [(words, name == "zero") for name, words in marks if name not in self.said]
        self.said.update(name for name, _ in marks)
        return found[-1:]  # after a long wait only the newest mark is still true

    def seconds_to_next(self, view: View) -> float | None:
        """How long until the next mark, so the wait for input can end in time."""
        countdown = _countdown(view)
        if countdown is None:
            return None
        _key, total, remaining, _zero_words = countdown
        ahead = [remaining - point for point in _points(total) if remaining > point]
        return min(ahead) if ahead else None


def _countdown(view: View) -> tuple[object, float, float, str] | None:
    """(which countdown, its length, what is left, what is said at zero), or None."""
    if view.timeout_remaining is not None and view.timeout_minutes is not None:
        return (("timeout", view.timeout_return_at, view.timeout_minutes),
                view.timeout_minutes * 60, view.timeout_remaining,
                _("The time-out is over. Time to come back, when you are both ready."))
    if view.remaining is None or view.total_seconds is None or view.expects == Expect.PAUSED:
        return None
    return ((view.step_id, view.part, view.round), view.total_seconds, view.remaining, "")


def _points(total: float) -> list[float]:
    points = [total / 2]
    if total / 2 > LAST_SECONDS:
        points.append(LAST_SECONDS)
    return points + [0.0]


def _marks(total: float, remaining: float, zero_words: str) -> list[tuple[str, str]]:
    """The marks reached by ``remaining``, in order, with what is said for each."""
    marks: list[tuple[str, str]] = []
    half = total / 2
    if remaining <= half:
        marks.append(("half", _("Half the time is left: {time}.").format(time=duration(half))))
    if half > LAST_SECONDS and remaining <= LAST_SECONDS:
        marks.append(("last", _("{seconds} seconds left.").format(seconds=LAST_SECONDS)))
    if remaining <= 0 and zero_words:
        marks.append(("zero", zero_words))
    return marks
