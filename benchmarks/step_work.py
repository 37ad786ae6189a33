#!/usr/bin/env python3
"""The work behind one key press on a session's step, counted by the kind of moment.

Times on a busy machine say little; the work Textual does for a key press says more and is the
same on every run. For each key that moves a session on (Enter, a rating's Enter, Ctrl+S), this
counts, from the key to the frame that shows the next moment and the quiet after it:

* layouts: full layout passes of the screen (``Screen._refresh_layout``);
* frames: updates written to the terminal (``App._display``);
* mounted / removed: widgets added to and taken from the screen;
* created: widgets constructed (mounted or not);
* styled: widgets whose styles were worked out from the style sheet (``Stylesheet.apply``).

It also times the first step of each session, from beginning it to the frame that shows it.

It walks the benchmark's exercise of ``say`` and ``turn`` steps (``step_advance.py``) and every
bundled exercise to its end, and prints, per kind of moment change (what the screen showed
before, what it shows after), the medians of each count and of the time to the drawn frame.
Headless, with Textual's frame cap lifted; nothing is saved beyond a temporary folder.

    python benchmarks/step_work.py [--exercises DIR] [--steps 240] [--per-press]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ["TEXTUAL_FPS"] = "1000"  # before Textual is imported: it reads this once
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.css.stylesheet import Stylesheet  # noqa: E402
from textual.dom import DOMNode  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widget import Widget  # noqa: E402

from step_advance import exercise_text  # noqa: E402

COUNTS = ("layouts", "frames", "mounted", "removed", "created", "styled")
counts: dict[str, int] = dict.fromkeys(COUNTS, 0)


def _counting(owner: type, name: str, count: str) -> None:
    original = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[count] += 1
        return original(*args, **kwargs)

    setattr(owner, name, counted)


def instrument() -> None:
    _counting(Screen, "_refresh_layout", "layouts")
    _counting(App, "_display", "frames")
    _counting(App, "_register_child", "mounted")
    _counting(Widget, "_detach", "removed")
    _counting(Stylesheet, "apply", "styled")
    original_init = DOMNode.__init__

    def init(self: DOMNode, *args: Any, **kwargs: Any) -> None:
        if isinstance(self, Widget):
            counts["created"] += 1
        original_init(self, *args, **kwargs)

    DOMNode.__init__ = init  # type: ignore[method-assign]


@contextmanager
def counted() -> Iterator[dict[str, int]]:
    before = dict(counts)
    result: dict[str, int] = {}
    yield result
    result.update({name: counts[name] - before[name] for name in COUNTS})


class Drawn:
    event: asyncio.Event


def describe(view: Any) -> str:
    """A moment as the screen shows it: what it waits for, and a banner with a clock or not."""
    words = f"{view.kind}:{view.expects}"
    if view.speaker is not None:
        words += "+clock"
    if view.revealed:
        words += "+reveal"
    return words


def keys_for(view: Any) -> tuple[list[str], str]:
    """Keys to press first (untimed), and the key that moves the session on (timed)."""
    from reconnect.core.view import Expect

    if view.expects == Expect.RATING:
        assert view.scale is not None
        return [str((view.scale[0] + view.scale[1]) // 2)], "enter"
    if view.expects == Expect.TEXT:
        return ["a", "b"], "enter" if view.private else "ctrl+s"
    return [], "enter"


async def walk(exercise: Any, rows: dict[str, list[dict[str, float]]], first_steps: list[float],
               limit: int, per_press: bool) -> None:
    from reconnect.format.library import Library
    from reconnect.storage.store import Store
    from reconnect.tui.app import make_app
    from reconnect.tui.screens.session import SessionScreen

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        store.set_setting("safety_notice_seen", "yes")
        app = make_app(library=Library.of([exercise]), store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            Drawn.event.clear()
            began = time.perf_counter()
            app.begin(exercise, ("Alex", "Sam"), 0)
            await asyncio.wait_for(Drawn.event.wait(), timeout=5)
            first_steps.append((time.perf_counter() - began) * 1000)
            await pilot.pause()
            await pilot.pause()
            for _ in range(limit):
                screen = app.screen
                if not isinstance(screen, SessionScreen):
                    break
                view = screen.session.view()
                before = describe(view)
                untimed, timed = keys_for(view)
                for key in untimed:
                    await pilot.press(key)
                await pilot.pause()
                Drawn.event.clear()
                key = events.Key(timed, "\r" if timed == "enter" else None)
                key.set_sender(app)
                with counted() as work:
                    began = time.perf_counter()
                    app._driver.send_message(key)
                    try:
                        await asyncio.wait_for(Drawn.event.wait(), timeout=5)
                    except TimeoutError:
                        break  # the session ended: the summary is shown instead
                    elapsed = (time.perf_counter() - began) * 1000
                    await pilot.pause()
                    await pilot.pause()
                after = app.screen
                if not isinstance(after, SessionScreen):
                    break
                change = f"{before} -> {describe(after.session.view())}"
                rows[change].append({**work, "ms": elapsed})
                if per_press:
                    print(f"{change:58s} {elapsed:6.1f} ms  " + "  ".join(
                        f"{name} {work[name]}" for name in COUNTS))
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    parser.add_argument("--steps", type=int, default=240)
    parser.add_argument("--per-press", action="store_true")
    options = parser.parse_args()
    instrument()
    from reconnect.format import load_text
    from reconnect.tui.screens.session import SessionScreen

    original: Callable[..., None] = SessionScreen.paint

    def paint_then_signal(self: SessionScreen, view: Any) -> None:
        original(self, view)
        self.call_after_refresh(Drawn.event.set)

    SessionScreen.paint = paint_then_signal  # type: ignore[method-assign]
    exercises = [load_text(exercise_text(options.steps), "advance-bench.toml").exercise]
    for path in sorted(options.exercises.glob("*.toml")):
        exercises.append(load_text(path.read_text(encoding="utf-8"), path.name).exercise)
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    first_steps: list[float] = []

    async def run_all() -> None:
        Drawn.event = asyncio.Event()
        for exercise in exercises:
            assert exercise is not None
            await walk(exercise, rows, first_steps, options.steps, options.per_press)

    asyncio.run(run_all())
    print(f"{'moment change':58s} {'n':>4s} {'ms':>6s} " + " ".join(f"{n:>7s}" for n in COUNTS))
    everything: list[dict[str, float]] = []
    for change in sorted(rows, key=lambda c: -statistics.median(r["ms"] for r in rows[c])):
        presses = rows[change]
        everything += presses
        print(f"{change:58s} {len(presses):4d} "
              f"{statistics.median(r['ms'] for r in presses):6.1f} "
              + " ".join(f"{statistics.median(r[n] for r in presses):7g}" for n in COUNTS))
    print(f"{'all presses':58s} {len(everything):4d} "
          f"{statistics.median(r['ms'] for r in everything):6.1f} "
          + " ".join(f"{sum(r[n] for r in everything):7g}" for n in COUNTS) + "  (sums)")
    print(f"first step drawn (from beginning the session): median "
          f"{statistics.median(first_steps):.1f} ms over {len(first_steps)} sessions")


if __name__ == "__main__":
    main()
