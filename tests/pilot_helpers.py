"""Driving the real app through whole exercises with a Pilot, as a couple would with keys."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.screen import Screen

from reconnect.tui.app import ReconnectApp
from reconnect.tui.dialogs.confirm import ConfirmDialog
from reconnect.tui.screens.session import SessionScreen
from reconnect.tui.screens.summary import SummaryScreen


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def step(pilot: Pilot) -> None:
    """Enough waiting for one key press in a walk: the screen recomposes in one pass."""
    await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str,
                     timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (a message on its way has been handled, a
    timer has fired); fail saying ``what`` was awaited after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        await pilot.pause(0.01)


async def open_exercise(pilot: Pilot, app: ReconnectApp, exercise_id: str) -> None:
    """From the home screen, highlight ``exercise_id`` and press Enter."""
    from textual.widgets import OptionList

    option_list = app.screen.query_one("#library", OptionList)
    index = next(n for n, option in enumerate(option_list.options)
                 if option.id == f"exercise:{exercise_id}")
    option_list.focus()
    option_list.highlighted = index
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def enter_names(pilot: Pilot, first: str = "Alex", second: str = "Sam") -> None:
    """Type both names, then Enter through "who starts" to Begin, and begin."""
    from textual.widgets import Input

    screen = pilot.app.screen
    for selector, name in (("#name-0", first), ("#name-1", second)):
        field = screen.query_one(selector, Input)
        field.focus()
        field.value = ""
        await pilot.press(*name)
    await pilot.press("enter", "enter", "enter")  # to "who starts", to Begin, begin
    await settle(pilot)


def familiar_app(library, store, clock) -> ReconnectApp:
    """The app for a couple who have seen the safety notice before (it would cover home)."""
    from reconnect.tui.app import make_app

    store.set_setting("safety_notice_seen", "yes")
    return make_app(library=library, store=store, clock=clock)


async def walkthrough_at(pilot: Pilot, app: ReconnectApp, clock, step_id: str | None = None):
    """From home, begin the walkthrough exercise as Alex and Sam; optionally go to a step."""
    from reconnect.core import events as ev

    await settle(pilot)
    await open_exercise(pilot, app, "walkthrough")
    await enter_names(pilot)
    session = app.screen.session
    if step_id is not None:
        session.send(ev.JumpTo(clock(), step_id))
        app.screen.show_moment()
        await settle(pilot)
    return session


async def walk_session(pilot: Pilot, app: ReconnectApp, *, rating: str = "5",
                       answer: str = "Yes", choice: int = 0,
                       limit: int = 400) -> list[str]:
    """Answer every moment with real key presses until the summary shows; returns step ids."""
    seen: list[str] = []
    for _ in range(limit):
        screen = app.screen
        if isinstance(screen, SummaryScreen):
            return seen
        if isinstance(screen, ConfirmDialog):  # "come back from the break early?" - yes
            await pilot.press("enter")
            await step(pilot)
            continue
        assert isinstance(screen, SessionScreen), f"unexpected screen {screen!r}"
        view = screen.session.view()
        seen.append(view.step_id)
        if view.expects == "text":
            await pilot.press(*answer)
            await pilot.press("enter" if view.private else "ctrl+s")
        elif view.expects == "rating":
            await pilot.press(*rating, "enter")
        elif view.expects == "choice":
            # the given option the first time, then the next one at each return, so a loop
            # that a choice can leave is always left
            index = (choice + seen.count(view.step_id) - 1) % len(view.options)
            await pilot.press(*(["down"] * index), "enter")
        else:
            await pilot.press("enter")
        await step(pilot)
    raise AssertionError(f"the session did not finish within {limit} moments: {seen[-10:]}")


def screen_text(app: ReconnectApp) -> list[str]:
    """The screen as rows of text, as a person would read it (from the app's own screenshot)."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    svg = app.export_screenshot()
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>',
                             svg):
        rows.setdefault(float(match.group(2)), []).append(
            (float(match.group(1)), html.unescape(match.group(3))))
    return ["".join(text for _, text in sorted(rows[y])).replace("\xa0", " ")
            for y in sorted(rows)]


def counting_layouts(screen: Screen[object]) -> list[int]:
    """A list that gains an item each time ``screen`` is laid out from now on."""
    layouts: list[int] = []
    lay_out = screen._refresh_layout

    def counted(*args, **kwargs):
        layouts.append(1)
        lay_out(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts
