"""A running session: the engine's state plus the promise that every accepted event is saved.

This is the seam between the pure engine and the store. An event is applied to get the next
state, saved in one transaction, and only then becomes the current state, so a failure to save
never leaves the screen ahead of the disk, and the words a partner typed stay on screen to try
again. In demonstration mode there is no store and nothing is written anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from reconnect import engine
from reconnect.format import Exercise, load_text
from reconnect.store import CheckinValue, Progress, Store, StoreError
from reconnect.summary import homework_of

Clock = Callable[[], float]


class SaveFailed(Exception):
    """The event could not be saved; the session stays where it was."""


class CannotResume(Exception):
    """A saved session cannot be opened again; the message says why in plain words."""


@dataclass
class Session:
    state: engine.State
    store: Store | None = None
    session_id: int | None = None
    clock: Clock = time.time

    @property
    def exercise(self) -> Exercise:
        return self.state.exercise

    @property
    def saving(self) -> bool:
        return self.store is not None and self.session_id is not None

    def view(self) -> engine.View:
        return engine.view(self.state, self.clock())

    def send(self, event: engine.Event) -> engine.State:
        """Apply ``event``, save it, then make it current. Raises EventRejected or SaveFailed."""
        before = self.state
        after = engine.apply(before, event)
        if self.saving:
            assert self.store is not None and self.session_id is not None
            kind, payload = engine.to_record(event)
            try:
                self.store.append_event(self.session_id, kind, payload, event.at,
                                        progress=_progress(after),
                                        checkins=_checkins(before, after, event))
                if after.finished and not before.finished:
                    self.store.finish_session(self.session_id, event.at)
                self._homework(before, after, event)
            except StoreError as error:
                raise SaveFailed(str(error)) from None
        self.state = after
        return after

    def now(self) -> float:
        return self.clock()

    def _homework(self, before: engine.State, after: engine.State, event: engine.Event) -> None:
        """Leaving a homework step files the homework (once) so the home screen can show it."""
        step = before.step
        if step is None or step.kind != "homework" or not isinstance(event, engine.Advance):
            return
        assert self.store is not None and self.session_id is not None
        what, tasks = homework_of(step, engine.names_for(before))
        text = "\n".join([what] + [f"- {task}" for task in tasks])
        if any(item.session_id == self.session_id and item.text == text
               for item in self.store.open_homework()):
            return
        self.store.add_homework(self.session_id, text, event.at,
                                event.at + step.due_days * 86400)


def _progress(state: engine.State) -> Progress:
    total = len(state.exercise.steps)
    if state.finished:
        return Progress("", total, total)
    step = state.step
    return Progress(step.id if step else "", state.position.step + 1, total)


def _checkins(before: engine.State, after: engine.State,
              event: engine.Event) -> list[CheckinValue]:
    step = before.step
    if not isinstance(event, engine.Rate) or step is None or step.kind != "rating":
        return []
    partner = before.answerer()
    if partner is None:
        return []
    return [CheckinValue(step.measure or step.id, step.checkin, partner, event.value)]


def start(exercise: Exercise, names: tuple[str, str], first: int, *, store: Store | None,
          clock: Clock = time.time, couple_id: int | None = None) -> Session:
    """Begin a new session; with a store, it is saved before the first step is shown."""
    at = clock()
    event = engine.Start(at, names, first)
    state = engine.apply(engine.new_state(exercise), event)
    session = Session(state=state, store=store, clock=clock)
    if store is not None:
        try:
            session.session_id = store.start_session(
                exercise_id=exercise.id, exercise_title=exercise.title,
                exercise_digest=exercise.digest, exercise_source=exercise.source_text,
                exercise_path=exercise.path, partners=state.names, at=at,
                couple_id=couple_id, progress=_progress(state))
            kind, payload = engine.to_record(event)
            store.append_event(session.session_id, kind, payload, at)
        except StoreError as error:
            raise SaveFailed(str(error)) from None
    return session


def resume(store: Store, session_id: int, clock: Clock = time.time) -> Session:
    """Open a saved session against the exact exercise text it started with, and replay it."""
    try:
        state, _ = load_state(store, session_id)
    except CannotResume as reason:
        raise CannotResume(f"{reason} Your answers are still saved; export the transcript "
                           "from History, or update reconnect.") from None
    session = Session(state=state, store=store, session_id=session_id, clock=clock)
    record = store.session(session_id)
    if state.finished:
        # the app stopped between saving the last event and marking the session finished
        if record is not None and record.status == "active":
            store.finish_session(session_id, state.last_at)
    else:
        session.send(engine.Reopen(clock()))
    return session


def load_state(store: Store, session_id: int) -> tuple[engine.State, list[engine.Event]]:
    """A saved session's state and events, for reading only (History, transcripts).

    The same replay as :func:`resume` against the pinned exercise text, but nothing is written:
    no Reopen event, no late "finished" mark, so looking at the past never changes it.
    """
    record = store.session(session_id)
    if record is None:
        raise CannotResume("that session no longer exists")
    result = load_text(record.exercise_source, record.exercise_path or record.exercise_id)
    if result.exercise is None:
        first = result.errors[0].message if result.errors else "it no longer loads"
        raise CannotResume(f"“{record.exercise_title}” was saved with a version of the exercise "
                           f"this reconnect cannot read ({first}).")
    events = []
    for stored in store.events(session_id):
        try:
            events.append(engine.from_record(stored.type, stored.payload, stored.at))
        except ValueError:
            continue  # written by a newer reconnect; the rest still replays
    state = engine.replay(result.exercise, events)
    if not state.started:
        raise CannotResume("the session was saved before it began")
    return state, events
