"""A running session: the engine's state plus the promise that every accepted event is saved.

This is the seam between the pure engine and whatever keeps the session (the store, or nothing
in demonstration mode). An event is applied to get the next state and its facts; the journal
saves the event and everything derived from it in one transaction; only then does the new
state become current. So a failure to save never leaves the screen ahead of the disk, and the
words a partner typed stay on screen to try again.

The session also keeps the words typed into an answer box but not yet sent (drafts), so that a
time-out, going home or the window closing never loses them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from reconnect import i18n
from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.facts import Fact, Recorded
from reconnect.core.trail import Trail, replay
from reconnect.core.view import DraftKey, Expect, View, view
from reconnect.errors import ReconnectError
from reconnect.format.model import Exercise
from reconnect.i18n import _
from reconnect.text import clean

Clock = Callable[[], float]


class SaveFailed(ReconnectError):
    """The event could not be saved; the session stays where it was."""


class Place(NamedTuple):
    """Where a session stands, kept beside it so lists need not replay it."""

    step_id: str
    part: int
    parts: int


class Draft(NamedTuple):
    """Unsent words in one answer box, and when they were last typed."""

    key: DraftKey
    text: str
    at: float


class Journal(Protocol):
    """Where a session's events go. :meth:`commit` saves an event with everything derived from
    its facts (where the session stands, check-ins, the finish, homework, and the removal of
    the draft it replaces) in one transaction: all of it, or none of it and an exception."""

    def commit(self, event: ev.Event, facts: Sequence[Fact], place: Place) -> None: ...

    def keep_drafts(self, drafts: Sequence[Draft]) -> None: ...

    def seen(self, at: float) -> None: ...


def place_of(state: engine.State) -> Place:
    if state.finished:
        return Place("", len(state.path), len(state.path))
    visit = state.visit
    if visit is None:
        return Place("", 0, 0)
    return Place(visit.step_id, visit.part, visit.part + state.ahead)


@dataclass
class Session:
    state: engine.State
    journal: Journal | None = None
    clock: Clock = time.time
    demo: bool = False
    events: list[ev.Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    drafts: dict[DraftKey, Draft] = field(default_factory=dict)
    unsaved_drafts: bool = False
    """Drafts changed since they were last kept (:meth:`flush_drafts`)."""
    language: str = i18n.DEFAULT
    """The language the session is run in: the one spoken when it began, kept with it, so
    its transcript speaks it whatever the interface speaks later."""

    @property
    def exercise(self) -> Exercise:
        return self.state.exercise

    @property
    def saving(self) -> bool:
        return self.journal is not None

    def now(self) -> float:
        return self.clock()

    def view(self) -> View:
        return view(self.state, self.clock(), demo=self.demo,
                    drafts={key: draft.text for key, draft in self.drafts.items()})

    def trail(self) -> Trail:
        return Trail(self.state, tuple(self.events), tuple(self.facts))

    def send(self, event: ev.Event) -> View:
        """Apply ``event``, save it, then make it current. Raises EventRejected or SaveFailed."""
        after, facts = engine.apply(self.state, event)
        if self.journal is not None:
            try:
                self.journal.commit(event, facts, place_of(after))
            except ReconnectError as error:
                raise SaveFailed(str(error)) from None
        self.state = after
        self.events.append(event)
        self.facts.extend(facts)
        for fact in facts:
            if isinstance(fact, Recorded):
                # an answer given: its unsent words are now the answer (the journal removed
                # the kept copy in the same transaction)
                self.drafts.pop(DraftKey(fact.step_id, fact.partner, fact.round), None)
        return self.view()

    # drafts ----------------------------------------------------------------------------------

    def keep_draft(self, text: str) -> bool:
        """Remember ``text`` as the unsent words of the answer box shown now. False when no
        answer box is shown (the words belong to no one)."""
        current = self.view()
        if current.expects != Expect.TEXT or current.entry is None:
            return False
        text = clean(text)
        known = self.drafts.get(current.entry)
        if known is not None and known.text == text:
            return True
        self.drafts[current.entry] = Draft(current.entry, text, self.clock())
        self.unsaved_drafts = True
        return True

    def flush_drafts(self) -> None:
        """Keep the drafts with the session now (a front end calls this a moment after typing
        stops, and whenever the app is about to close). Best effort: the answers themselves
        are already saved, and a draft that cannot be kept stays in memory to try again."""
        if not self.unsaved_drafts:
            return
        if self.journal is None:
            self.unsaved_drafts = False
            return
        try:
            self.journal.keep_drafts([d for d in self.drafts.values() if d.text.strip()])
        except ReconnectError:
            return
        self.unsaved_drafts = False

    def mark_seen(self) -> None:
        """Note that the session is on screen now, so a clock that was running comes back with
        the time that was really left if the window is closed (best effort)."""
        if self.journal is None:
            return
        try:
            self.journal.seen(self.clock())
        except ReconnectError:
            pass

    def restore_drafts(self, drafts: Iterable[Draft]) -> None:
        """Take back drafts kept earlier. A draft older than an answer saved for the same box
        is stale and is dropped: an answer never gives way to words typed before it."""
        answered: dict[DraftKey, float] = {}
        for record in self.state.records:
            key = DraftKey(record.step, record.partner, record.round)
            answered[key] = max(answered.get(key, 0.0), record.at)
        for draft in drafts:
            if draft.text.strip() and draft.at >= answered.get(draft.key, float("-inf")):
                self.drafts[draft.key] = Draft(draft.key, clean(draft.text), draft.at)


def begin(exercise: Exercise, names: tuple[str, str], first: int, *,
          clock: Clock = time.time, demo: bool = False,
          journal_for: Callable[[ev.Start, engine.State], Journal] | None = None,
          language: str | None = None) -> Session:
    """Begin a new session, run in ``language`` (the language spoken now unless given). With
    ``journal_for``, the session is saved (``journal_for`` saves the start and returns the
    journal for what follows) before the first step is shown."""
    event = ev.Start(clock(), names, first)
    state, facts = engine.apply(engine.new_state(exercise), event)
    journal = None
    if journal_for is not None:
        try:
            journal = journal_for(event, state)
        except ReconnectError as error:
            raise SaveFailed(str(error)) from None
    return Session(state=state, journal=journal, clock=clock, demo=demo, events=[event],
                   facts=list(facts), language=language or i18n.current())


def from_trail(trail: Trail, *, journal: Journal | None, clock: Clock = time.time,
               demo: bool = False, drafts: Iterable[Draft] = (),
               language: str | None = None) -> Session:
    """A session carried on from ``trail`` (a saved one, or a preview's reloaded one), in the
    language it was run in (the language spoken now unless given)."""
    session = Session(state=trail.state, journal=journal, clock=clock, demo=demo,
                      events=list(trail.events), facts=list(trail.facts),
                      language=language or i18n.current())
    session.restore_drafts(drafts)
    return session


def carried_over(session: Session, exercise: Exercise) -> tuple[Session, str]:
    """The same session against an edited version of its exercise (a preview reload).

    Its events are replayed against ``exercise``, so the round, the roles, the answers and the
    unsent words all stay. Only when the events no longer fit does it start again at the
    nearest step, and the sentence returned says so ("" when nothing was lost).
    """
    trail = replay(exercise, session.events)
    if not trail.rejected and trail.state.started:
        return from_trail(trail, journal=session.journal, clock=session.clock,
                          demo=session.demo, drafts=session.drafts.values(),
                          language=session.language), ""
    old = session.state
    fresh = begin(exercise, old.names, old.first, clock=session.clock, demo=session.demo,
                  language=session.language)
    ids = [step.id for step in exercise.steps]
    here = old.step.id if old.step is not None else ids[-1]
    target = here if here in ids else ids[min(old.position.step, len(ids) - 1)]
    if target != ids[0]:
        fresh.send(ev.JumpTo(session.clock(), target))
    return fresh, _("The edited exercise no longer fits what was done so far, so it starts "
                    "again at `{step}`.").format(step=target)
