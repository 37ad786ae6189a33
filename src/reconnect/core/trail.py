"""One trail: a session's events replayed through the engine into its states and facts.

Resuming a session, History, the summary after an exercise and every transcript read a session
through :func:`replay` (or :func:`stored_trail` for a saved one), so they all see the same
session the engine saw when it happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reconnect.core import engine
from reconnect.core.events import Event, StoredEvent, decode_all
from reconnect.core.facts import Fact
from reconnect.errors import ReconnectError
from reconnect.format.model import Exercise
from reconnect.i18n import _


class CannotResume(ReconnectError):
    """A saved session cannot be opened again; the message says why in plain words."""


@dataclass(frozen=True)
class Trail:
    """A session as it went: the events that took effect, the facts they produced, and where
    they left it."""

    state: engine.State
    events: tuple[Event, ...]
    facts: tuple[Fact, ...]
    rejected: tuple[Event, ...] = ()
    """Events the engine did not accept on replay (written against another version of the
    exercise, say); they are skipped, never fatal."""

    @property
    def exercise(self) -> Exercise:
        return self.state.exercise

    @property
    def started_at(self) -> float | None:
        return self.events[0].at if self.events else None


def replay(exercise: Exercise, events: Iterable[Event]) -> Trail:
    """The trail of ``events`` through ``exercise``; events that do not fit are set aside."""
    state = engine.new_state(exercise)
    applied: list[Event] = []
    facts: list[Fact] = []
    rejected: list[Event] = []
    for event in events:
        try:
            state, produced = engine.apply(state, event)
        except engine.EventRejected:
            rejected.append(event)
            continue
        applied.append(event)
        facts.extend(produced)
    return Trail(state, tuple(applied), tuple(facts), tuple(rejected))


def stored_trail(source_text: str, name: str, title: str,
                 rows: Sequence[StoredEvent]) -> Trail:
    """The trail of a saved session, against the exact exercise text it started with.

    Raises :class:`CannotResume` when that text no longer loads, or the session never began.
    """
    from reconnect.format import load_text

    result = load_text(source_text, name)
    if result.exercise is None:
        first = result.errors[0].message if result.errors else _("it no longer loads")
        raise CannotResume(_("“{title}” was saved with a version of the exercise this "
                             "reconnect cannot read ({problem}).").format(title=title,
                                                                          problem=first))
    trail = replay(result.exercise, decode_all(rows))
    if not trail.state.started:
        raise CannotResume(_("The session was saved before it began."))
    return trail
