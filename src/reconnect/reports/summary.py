"""What a session amounts to, in words: check-in changes and homework. No terminal code.

Both come from the engine (its newest check-ins, and the homework facts it reported), so the
summary screen, the line mode and the transcript say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reconnect.core.engine import State
from reconnect.core.facts import Fact, HomeworkAssigned
from reconnect.i18n import _
from reconnect.reports.vocabulary import measure_words


@dataclass(frozen=True)
class CheckinChange:
    """One partner's rating of one measure before and (if asked again) after."""

    name: str
    measure: str
    before: int
    after: int | None
    ended: bool = True
    """The session is over: a missing ``after`` was not asked again (or not yet, if not)."""

    def __str__(self) -> str:
        measure = measure_words(self.measure)
        if self.after is None:
            missing = _("(not asked again)") if self.ended else _("(not asked yet)")
            return f"{self.name} · {measure}: {self.before} → " + missing
        change = self.after - self.before
        return f"{self.name} · {measure}: {self.before} → {self.after} ({change:+d})"


def checkin_changes(state: State) -> list[CheckinChange]:
    """One change per partner and measure that was rated before the exercise."""
    values = state.checkins()
    changes = []
    for (measure, phase, partner), before in sorted(values.items()):
        if phase != "before":
            continue
        changes.append(CheckinChange(state.names[partner], measure, before,
                                     values.get((measure, "after", partner)), state.finished))
    return changes


def homework(facts: Iterable[Fact]) -> list[HomeworkAssigned]:
    """The homework the session assigned, in order."""
    return [fact for fact in facts if isinstance(fact, HomeworkAssigned)]


def homework_lines(facts: Iterable[Fact]) -> list[str]:
    """The homework as lines of plain text: each text, then its tasks as bullets."""
    lines = []
    for item in homework(facts):
        lines.append(item.text)
        lines.extend(f"  · {task}" for task in item.tasks)
    return lines
