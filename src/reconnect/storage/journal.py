"""Saved sessions: the store as a session's journal, and opening saved sessions again.

:class:`SessionJournal` turns what the engine reports (its facts) into rows: the event, where
the session stands, check-ins, homework, the finish, and the drafts an answer replaces, all in
one transaction (:meth:`Store.append_event`). :func:`begin`, :func:`resume` and :func:`trail_of`
are the only ways a saved session is started, carried on, or read back.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from reconnect import i18n
from reconnect.core import events as ev
from reconnect.core import session as core
from reconnect.core.engine import State
from reconnect.core.facts import CheckinGiven, Fact, Finished, HomeworkAssigned, Recorded
from reconnect.core.trail import CannotResume, Trail, stored_trail
from reconnect.core.view import DraftKey
from reconnect.format.model import Exercise
from reconnect.i18n import _
from reconnect.storage.store import (
    CheckinValue,
    DraftRow,
    NewHomework,
    Place,
    SessionRecord,
    Store,
    StoreError,
)


class SessionJournal:
    """One saved session's journal (see :class:`reconnect.core.session.Journal`)."""

    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.session_id = session_id

    def commit(self, event: ev.Event, facts: Sequence[Fact], place: core.Place) -> None:
        kind, payload = ev.encode(event)
        checkins: list[CheckinValue] = []
        homework: list[NewHomework] = []
        answered: list[tuple[str, int | None, int]] = []
        finished_at = None
        for fact in facts:
            match fact:
                case CheckinGiven():
                    checkins.append(CheckinValue(fact.measure, fact.phase, fact.partner,
                                                 fact.value))
                case HomeworkAssigned():
                    text = "\n".join([fact.text] + [f"- {task}" for task in fact.tasks])
                    homework.append(NewHomework(text, fact.due_at))
                case Recorded():
                    answered.append((fact.step_id, fact.partner, fact.round))
                case Finished():
                    finished_at = fact.at
        self.store.append_event(self.session_id, kind, payload, event.at,
                                place=Place(*place), checkins=checkins, homework=homework,
                                finished_at=finished_at, answered=answered)

    def seen(self, at: float) -> None:
        self.store.mark_seen(self.session_id, at)

    def keep_drafts(self, drafts: Sequence[core.Draft]) -> None:
        self.store.keep_drafts(self.session_id, [
            DraftRow(d.key.step, d.key.partner, d.key.round, d.text, d.at) for d in drafts])


def begin(store: Store, exercise: Exercise, names: tuple[str, str], first: int, *,
          clock: core.Clock = time.time, couple_id: int | None = None,
          language: str | None = None) -> core.Session:
    """Begin a saved session: it is in the store, with its first event and the language it
    is run in (the language spoken now unless given), before the first step is shown. Raises
    SaveFailed."""
    spoken = language or i18n.current()

    def journal_for(start: ev.Start, state: State) -> SessionJournal:
        session_id = store.start_session(
            exercise_id=exercise.id, exercise_title=exercise.title,
            exercise_digest=exercise.digest, exercise_source=exercise.source_text,
            exercise_path=exercise.path, partners=state.names, at=start.at,
            couple_id=couple_id, place=Place(*core.place_of(state)),
            first_event=ev.encode(start), language=spoken)
        return SessionJournal(store, session_id)

    return core.begin(exercise, names, first, clock=clock, journal_for=journal_for,
                      language=spoken)


def trail_of(store: Store, record: SessionRecord) -> Trail:
    """A saved session's trail, for reading only (History, transcripts): nothing is written, so
    looking at the past never changes it. Raises CannotResume or StoreError."""
    return stored_trail(store.exercise_text(record.id), record.exercise_path or record.exercise_id,
                        record.exercise_title, store.events(record.id))


def resume(store: Store, session_id: int, clock: core.Clock = time.time) -> core.Session:
    """Carry on a saved session against the exact exercise text it started with.

    Raises CannotResume (with what the couple can do), SaveFailed or StoreError.
    """
    record = store.session(session_id)
    if record is None:
        raise CannotResume(_("That session no longer exists."))
    try:
        trail = trail_of(store, record)
    except CannotResume as reason:
        raise CannotResume(f"{reason} Your answers are still saved; export the transcript "
                           "from History, or update reconnect.") from None
    drafts = [core.Draft(DraftKey(row.step_id, row.partner, row.round), row.text, row.at)
              for row in store.drafts(session_id)]
    journal = SessionJournal(store, session_id)
    session = core.from_trail(trail, journal=journal, clock=clock, drafts=drafts,
                              language=record.language)
    if trail.state.finished:
        if record.status == "active":
            # saved by a reconnect that marked the finish in a second step, and stopped between
            store.finish_session(session_id, trail.state.last_at)
    else:
        session.send(ev.Reopen(clock(), stopped=store.seen_at(session_id)))
    return session


__all__ = ["CannotResume", "SessionJournal", "StoreError", "begin", "resume", "trail_of"]
