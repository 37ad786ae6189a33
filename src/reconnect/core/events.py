"""What can happen in a session: the events a front end sends and the store keeps.

Every event carries the moment it happened (``at``, seconds since the epoch), so the engine
needs no clock. Events are stored as a type name and a JSON payload; :func:`encode` and
:func:`decode` are the only place that turns one into the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Start:
    """The session begins: the two names, and which of them holds the first role."""

    at: float
    names: tuple[str, str]
    first: int = 0


@dataclass(frozen=True, slots=True)
class Advance:
    """Continue: done reading, handed over, finished speaking."""

    at: float


@dataclass(frozen=True, slots=True)
class Back:
    """One step back (or to the beginning of the current step)."""

    at: float


@dataclass(frozen=True, slots=True)
class Answer:
    at: float
    text: str


@dataclass(frozen=True, slots=True)
class Rate:
    at: float
    value: int


@dataclass(frozen=True, slots=True)
class Choose:
    at: float
    option: str


@dataclass(frozen=True, slots=True)
class Pass:
    """The partner whose answer is awaited passes, without a reason (where the step allows)."""

    at: float


@dataclass(frozen=True, slots=True)
class Pause:
    at: float


@dataclass(frozen=True, slots=True)
class Resume:
    at: float


@dataclass(frozen=True, slots=True)
class TimeUp:
    """The countdown reached zero: the gentle cue was given. Nothing is cut off."""

    at: float


@dataclass(frozen=True, slots=True)
class TakeTimeout:
    at: float
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class SetTimeout:
    """Change the length of the running time-out (the agreed return time moves with it)."""

    at: float
    minutes: int


@dataclass(frozen=True, slots=True)
class EndTimeout:
    at: float


@dataclass(frozen=True, slots=True)
class Reopen:
    """The session was opened again after the app stopped: running clocks stop where it stopped.

    ``stopped`` is when the app was last seen running the session (it may have been closed
    long after the last event, in the middle of a turn)."""

    at: float
    stopped: float | None = None


@dataclass(frozen=True, slots=True)
class JumpTo:
    """Go straight to a step (demonstration mode)."""

    at: float
    step: str


Event = (Start | Advance | Back | Answer | Rate | Choose | Pass | Pause | Resume | TimeUp
         | TakeTimeout | SetTimeout | EndTimeout | Reopen | JumpTo)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__.lower(): cls
    for cls in (Start, Advance, Back, Answer, Rate, Choose, Pass, Pause, Resume, TimeUp,
                TakeTimeout, SetTimeout, EndTimeout, Reopen, JumpTo)
}


def encode(event: Event) -> tuple[str, dict[str, Any]]:
    """The event as a type name and a JSON-ready payload (``at`` is stored beside them)."""
    payload: dict[str, Any] = {f.name: getattr(event, f.name) for f in fields(event)
                               if f.name != "at"}
    if isinstance(event, Start):
        payload["names"] = list(event.names)
    return type(event).__name__.lower(), payload


def decode(kind: str, payload: Mapping[str, Any], at: float) -> Event:
    """Rebuild an event from the store; raises ValueError for anything malformed."""
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise ValueError(f"unknown event type {kind!r}")
    if not isinstance(payload, Mapping):
        raise ValueError(f"malformed {kind} event: the payload is not a table")
    arguments = dict(payload)
    if cls is Start:
        names = arguments.get("names")
        if not isinstance(names, list | tuple) or len(names) != 2:
            raise ValueError("a start event needs two names")
        arguments["names"] = (str(names[0]), str(names[1]))
    try:
        return cls(at=float(at), **arguments)
    except TypeError as error:
        raise ValueError(f"malformed {kind} event: {error}") from None


class StoredEvent(Protocol):
    """An event as the store returns it (a row with these three columns)."""

    @property
    def type(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...

    @property
    def at(self) -> float: ...


def decode_all(rows: Iterable[StoredEvent]) -> list[Event]:
    """Every stored event this reconnect can read, in order; unreadable ones (written by a newer
    reconnect, or damaged) are left out so the rest still replays."""
    found: list[Event] = []
    for row in rows:
        try:
            found.append(decode(row.type, row.payload, row.at))
        except ValueError:
            continue
    return found
