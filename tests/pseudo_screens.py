"""The app, the line mode and the command line in the pseudo-language (run by
test_pseudo_locale), each in a fresh interpreter.

Run in a fresh interpreter: the pseudo catalogue is installed before any module of the app is
imported, as the command line does with a real language, so words made at import time (key
bindings, command help) are in it too. Prints a JSON object: each screen's rows, and for
session screens the banner's words and whether the answer box is in view.

    python tests/pseudo_screens.py CATALOGUE.mo app WIDTH HEIGHT DATA_DIR
    python tests/pseudo_screens.py CATALOGUE.mo plain DATA_DIR < typed-lines
    python tests/pseudo_screens.py CATALOGUE.mo cli ARGUMENTS...

The line mode and the command line print what they print; the app prints a JSON object.
"""

from __future__ import annotations

import asyncio
import json
import sys
from gettext import GNUTranslations
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NAMES = ("Άλεξ", "Σαμ")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def walk(size: tuple[int, int], data_dir: Path) -> dict[str, Any]:
    from textual.containers import VerticalScroll
    from textual.widgets import Input, TextArea

    from reconnect.core.view import Action
    from reconnect.format.library import load_library
    from reconnect.storage.store import Store
    from reconnect.tui.app import make_app
    from reconnect.tui.dialogs.confirm import ConfirmDialog
    from reconnect.tui.dialogs.second_copy import SecondCopyDialog
    from reconnect.tui.screens.session import SessionScreen, banner_for
    from reconnect.tui.screens.summary import SummaryScreen

    sys.path.insert(0, str(HERE))
    from pilot_helpers import screen_text, settle

    clock = Clock()
    store = Store.open(data_dir)
    app = make_app(library=load_library([HERE / "data" / "pseudo"]), store=store, clock=clock)
    shots: dict[str, Any] = {}

    def shot(name: str, **facts: Any) -> None:
        shots[name] = {"rows": screen_text(app), **facts}

    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shot("safety notice")
        body = app.screen.query_one(VerticalScroll)
        body.scroll_end(animate=False)
        await settle(pilot)
        shot("safety notice, scrolled")
        await pilot.press("enter")
        await settle(pilot)
        shot("home")
        await pilot.press("enter")
        await settle(pilot)
        shot("set-up")
        for selector, name in (("#name-0", NAMES[0]), ("#name-1", NAMES[1])):
            field = app.screen.query_one(selector, Input)
            field.focus()
            field.value = name
        await pilot.press("enter")  # to who starts
        await settle(pilot)
        shot("set-up, who starts")
        await pilot.press("enter", "enter")
        await settle(pilot)
        seen: dict[str, int] = {}
        for _moment in range(80):
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                break
            if isinstance(screen, ConfirmDialog):
                shot("confirm leaving the break early")
                await pilot.press("enter")
                await settle(pilot)
                continue
            assert isinstance(screen, SessionScreen), screen
            view = screen.session.view()
            name = f"{view.step_id}: {view.expects}"
            seen[name] = seen.get(name, 0) + 1
            # the answer box shown now (a box kept hidden for a later moment is not)
            answer = [box for box in screen.query("#answer") if box.display]
            visible = None
            if answer:
                region = answer[0].region
                visible = region.height > 0 and region.bottom <= size[1] - 1
            shot(f"{name} {seen[name]}", banner=banner_for(view)[0], answer_in_view=visible,
                 time_out_allowed=view.allows(Action.TIMEOUT))
            if view.step_id == "talk" and seen[name] == 1:
                await time_out_pause_and_time_up(pilot, app, clock, shot)
            if view.expects == "text":
                field = screen.query_one("#answer")
                if isinstance(field, TextArea | Input):
                    await pilot.press(*"αβγ")
                await pilot.press("enter" if view.private else "ctrl+s")
            elif view.expects == "rating":
                await pilot.press("5", "enter")
            elif view.expects == "choice":
                await pilot.press("enter")
            else:
                await pilot.press("enter")
            await settle(pilot)
        shot("summary")
        await pilot.press("e")
        await settle(pilot)
        shot("export")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shot("home, after a session")
        await pilot.press("h")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        shot("history")
        await pilot.press("d")
        await settle(pilot)
        shot("confirm deleting a session")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        shot("transcript")
        app.push_screen(SecondCopyDialog(history=True))
        await settle(pilot)
        shot("a second copy")
    store.close()
    return shots


async def time_out_pause_and_time_up(pilot: Any, app: Any, clock: Clock, shot: Any) -> None:
    """In the timed turn: a pause, a time-out, then the time running out."""
    from reconnect.core.view import Action
    from reconnect.tui.screens.session import banner_for

    def facts() -> dict[str, Any]:
        view = app.screen.session.view()
        return {"banner": banner_for(view)[0], "time_out_allowed": view.allows(Action.TIMEOUT)}

    await pilot.press("p")
    await settle_twice(pilot)
    shot("talk: paused", **facts())
    await pilot.press("p")
    await settle_twice(pilot)
    await pilot.press("ctrl+t")
    await settle_twice(pilot)
    shot("talk: time-out", **facts())
    await pilot.press("enter")
    await settle_twice(pilot)
    clock.now += 120
    app.screen.tick()
    await settle_twice(pilot)
    shot("talk: time is up", **facts())


async def settle_twice(pilot: Any) -> None:
    await pilot.pause()
    await pilot.pause()


def main() -> None:
    catalogue, mode, *rest = sys.argv[1:]
    from reconnect import i18n

    with open(catalogue, "rb") as handle:
        i18n.install_catalogue("pseudo", GNUTranslations(handle))
    i18n.install_country("")
    if mode == "app":
        width, height, data_dir = rest
        shots = asyncio.run(walk((int(width), int(height)), Path(data_dir)))
        json.dump(shots, sys.stdout, ensure_ascii=False)
    elif mode == "plain":
        from reconnect.plain.home import launch

        data_dir = Path(rest[0])
        sys.exit(launch(data_dir=data_dir, folders=[HERE / "data" / "pseudo"], demo=False,
                        width=80))
    else:
        from reconnect.cli.commands import main as command_line

        sys.argv = ["reconnect", *rest]
        command_line()


if __name__ == "__main__":
    main()
