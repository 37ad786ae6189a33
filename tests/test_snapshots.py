"""How the main screens look, at 80x24 and 120x40 (SVG snapshots, reviewed by eye).

Everything that could differ between runs is fixed: the clock (a fake one, in UTC), the data
folder (fresh), the names, the library. Update after a deliberate change of looks with
``python3 dev.py test tests/test_snapshots.py --snapshot-update`` and review the report.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from reconnect.core import events as ev
from reconnect.format import load_text
from reconnect.format.library import Library
from reconnect.storage import journal
from reconnect.storage.store import Store
from reconnect.tui.app import ReconnectApp, make_app

from conftest import DATA, FakeClock

SIZES = [(80, 24), (120, 40)]
START = 1_800_000_000.0  # a fixed moment, so dates and countdowns are the same every run


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def walkthrough():
    exercise = load_text((DATA / "walkthrough.toml").read_text(), "walkthrough.toml").exercise
    assert exercise is not None
    return exercise


def finished_session(store: Store, clock: FakeClock, calm: tuple[int, int, int, int]) -> None:
    exercise = walkthrough()
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    events = [ev.Advance(0), ev.Rate(0, calm[0]), ev.Advance(0),
              ev.Rate(0, calm[1]), ev.Advance(0), ev.Choose(0, "Money")]
    for event in events:
        running.send(replace(event, at=clock()))
    running.send(ev.JumpTo(clock(), "done"))
    running.send(ev.Advance(clock()))
    store.add_homework(running.journal.session_id, "Thank each other once a day.\n- Say what it "
                       "shows about them", clock(), clock() + 3 * 86400)


def build(tmp_path, *, history: bool = False) -> tuple[ReconnectApp, FakeClock, Store]:
    clock = FakeClock(START)
    store = Store.open(tmp_path / "data")
    store.set_setting("safety_notice_seen", "yes")
    if history:
        for _day, calm in enumerate([(3, 4, 6, 7), (5, 5, 7, 8), (4, 6, 8, 8)]):
            finished_session(store, clock, calm)
            clock.advance(86400)
    app = make_app(library=Library.of([walkthrough()]), store=store, clock=clock)
    return app, clock, store


def at_step(app: ReconnectApp, clock: FakeClock, *events: ev.Event,
            jump: str | None = None) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        app.begin(walkthrough(), ("Alex", "Sam"), 0)
        await pilot.pause()
        screen = app.screen
        if jump:
            screen.session.send(ev.JumpTo(clock(), jump))
        for event in events:
            screen.session.send(event)
        clock.advance(42)  # the countdown shows time passing
        screen.show_moment()
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, tmp_path, size):
    app, clock, store = build(tmp_path, history=True)
    unfinished = journal.begin(store, walkthrough(), ("Alex", "Sam"), 0, clock=clock)
    unfinished.send(ev.Advance(clock()))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_speaking_turn(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=at_step(app, clock, jump="speak"))


@pytest.mark.parametrize("size", SIZES)
def test_hand_over(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=at_step(app, clock, jump="wish"))


@pytest.mark.parametrize("size", SIZES)
def test_rating(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    assert snap_compare(app, terminal_size=size, press=["6"],
                        run_before=at_step(app, clock, ev.Advance(START)))


@pytest.mark.parametrize("size", SIZES)
def test_reveal(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    events = (ev.Advance(START), ev.Rate(START, 4), ev.Advance(START),
              ev.Rate(START, 7))
    assert snap_compare(app, terminal_size=size, run_before=at_step(app, clock, *events))


@pytest.mark.parametrize("size", SIZES)
def test_break(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    assert snap_compare(app, terminal_size=size,
                        run_before=at_step(app, clock, jump="cool-down"))


@pytest.mark.parametrize("size", SIZES)
def test_time_out(snap_compare, tmp_path, size):
    app, clock, _ = build(tmp_path)
    assert snap_compare(app, terminal_size=size,
                        run_before=at_step(app, clock, ev.TakeTimeout(START),
                                           jump="speak"))


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, tmp_path, size):
    app, _clock, _ = build(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        app.begin(walkthrough(), ("Alex", "Sam"), 0)
        await pilot.pause()
        running = app.screen.session
        for event in (ev.Advance(START), ev.Rate(START, 4), ev.Advance(START),
                      ev.Rate(START, 7), ev.JumpTo(START, "done"),
                      ev.Advance(START)):
            running.send(event)
        app.screen.show_moment()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, tmp_path, size):
    app, _, _ = build(tmp_path, history=True)
    assert snap_compare(app, terminal_size=size, press=["h", "_"])
