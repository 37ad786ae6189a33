#!/usr/bin/env python3
"""Start-up: launch to the complete home screen, against a bare Textual app, at every size.

Both programs run side by side in a real pseudo-terminal (100x30, TERM=xterm-256color), taking
turns (bare, reconnect, bare, reconnect, ...). For reconnect three moments are timed:

* the first frame: the first exercise of the library is on the screen;
* the complete home: the whole first page of the library, the couple's streak and the picture of
  their check-ins (which are read after the first frame) are all on the screen;
* a first run, in an empty data folder: the safety notice is on the screen.

The bare app is a script with one ``Label``; its time is until the label shows. Peak memory is
the child's own (``os.wait4``). Each size is a seeded data folder with 200 exercises and 10,000
or 100,000 saved sessions (``_seed.py``; seeded once a day and reused).

Budgets: complete home <= 1.35x the bare app, at 10k and at 100k sessions; peak memory <= 1.3x;
and no figure moves by more than 10% from 10k to 100k sessions. This is a report, not a test: it
exits 0 whatever the ratios, and 1 only when a program never shows what it should.

    python benchmarks/startup.py [--runs 11] [--sizes 10000,100000] [--library 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _seed  # noqa: E402  (also makes ``reconnect`` importable from a source checkout)
from _pty import BARE_APP, BARE_MARKER, NeverShown, Screen, child_env  # noqa: E402

COMPLETE_BUDGET = 1.35
MEMORY_BUDGET = 1.30
FLAT_BUDGET = 1.10
STREAK = "in a row together"
CHART = "ratings "


def first_title(seeded: _seed.Seeded) -> str:
    """The exercise listed first on the home screen."""
    from reconnect import locations
    from reconnect.format.library import load_library

    library = load_library([locations.bundled_exercises_dir(),
                            locations.user_exercises_dir(seeded.data_dir), seeded.exercises_dir])
    if library.problems:
        print(f"warning: {len(library.problems)} exercise file(s) did not load")
    return next(iter(library.by_category().values()))[0].title


def ratio_line(name: str, values: list[float], budget: float | None) -> str:
    ratio = statistics.median(values)
    verdict = "" if budget is None else (
        f" (budget {budget:.2f}x) {'PASS' if ratio <= budget else 'OVER'}")
    return f"  {name:<26} {ratio:5.2f}x{verdict}"


def measure_size(sessions: int, library: int, runs: int, warmup: int, bare: list[str],
                 fresh: bool) -> dict[str, float]:
    began = time.perf_counter()
    seeded = _seed.cached(sessions=sessions, library=library, fresh=fresh)
    print(f"\n{sessions:,} sessions, {seeded.library_size} exercises: progress file "
          f"{seeded.database_bytes / 2**20:.1f} MiB, {seeded.events:,} events "
          f"(ready in {time.perf_counter() - began:.1f} s)")
    title = first_title(seeded)
    argv = [sys.executable, "-m", "reconnect", "--data-dir", str(seeded.data_dir),
            "--exercises", str(seeded.exercises_dir)]
    env = child_env({"RECONNECT_DATA_DIR": str(seeded.data_dir)})
    rows: dict[str, list[float]] = {key: [] for key in (
        "bare", "first", "complete", "first run", "bare MiB", "MiB")}
    for number in range(warmup + runs):
        screen = Screen("bare", bare, child_env())
        bare_time = screen.wait_for(BARE_MARKER)
        bare_done = screen.quit()
        screen = Screen("reconnect", argv, env)
        first = screen.wait_for(title)
        complete = screen.wait_for(title, STREAK, CHART)
        done = screen.quit()
        with tempfile.TemporaryDirectory(prefix="reconnect-first-") as empty:
            fresh_env = child_env({"RECONNECT_DATA_DIR": empty})
            screen = Screen("first run", [sys.executable, "-m", "reconnect", "--data-dir",
                                          empty], fresh_env)
            first_run = screen.wait_for("Before you begin: safety")
            screen.quit(b"\r\x11")
        if number < warmup:
            continue
        for key, value in (("bare", bare_time), ("first", first), ("complete", complete),
                           ("first run", first_run), ("bare MiB", bare_done.max_rss_kib / 1024),
                           ("MiB", done.max_rss_kib / 1024)):
            rows[key].append(value)
        print(".", end="", flush=True)
    print()
    print(f"  {'run':>3} {'bare':>7} {'first frame':>12} {'complete home':>14} "
          f"{'first run':>10}   (ms)")
    for number, values in enumerate(zip(rows["bare"], rows["first"], rows["complete"],
                                        rows["first run"], strict=True), start=1):
        print(f"  {number:>3} " + " ".join(f"{value * 1000:>{width}.1f}" for value, width in
                                          zip(values, (7, 12, 14, 10), strict=True)))
    medians = {key: statistics.median(values) for key, values in rows.items()}
    print(f"  medians: bare {medians['bare'] * 1000:.1f} ms, first frame "
          f"{medians['first'] * 1000:.1f} ms, complete home {medians['complete'] * 1000:.1f} ms, "
          f"first run {medians['first run'] * 1000:.1f} ms; peak memory bare "
          f"{medians['bare MiB']:.1f} MiB, reconnect {medians['MiB']:.1f} MiB")
    pairs = list(zip(rows["bare"], rows["first"], rows["complete"], rows["first run"],
                     strict=True))
    print(ratio_line("first frame", [f / b for b, f, _, _ in pairs], None))
    print(ratio_line("complete home", [c / b for b, _, c, _ in pairs], COMPLETE_BUDGET))
    print(ratio_line("first run (safety notice)", [r / b for b, _, _, r in pairs], None))
    print(ratio_line("peak memory", [medians["MiB"] / medians["bare MiB"]], MEMORY_BUDGET))
    return {"complete": statistics.median(c / b for b, _, c, _ in pairs),
            "first": statistics.median(f / b for b, f, _, _ in pairs),
            "memory": medians["MiB"] / medians["bare MiB"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each (default 11)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed runs first, to fill bytecode caches (default 1)")
    parser.add_argument("--sizes", default="10000,100000",
                        help="saved sessions, comma-separated (default 10000,100000)")
    parser.add_argument("--library", type=int, default=_seed.LIBRARY_SIZE,
                        help=f"exercises (default {_seed.LIBRARY_SIZE})")
    parser.add_argument("--fresh", action="store_true", help="seed again even if seeded today")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; terminal 100x30; {args.runs} runs each after "
          f"{args.warmup} warm-up; side by side with a bare Textual app")
    with tempfile.TemporaryDirectory(prefix="reconnect-bench-") as temp:
        script = Path(temp) / "bare_app.py"
        script.write_text(BARE_APP, encoding="utf-8")
        bare = [sys.executable, str(script)]
        results = {}
        try:
            for size in (int(value) for value in args.sizes.split(",")):
                results[size] = measure_size(size, args.library, args.runs, args.warmup, bare,
                                             args.fresh)
        except NeverShown as missing:
            print(f"\n{missing.name}: {missing.wanted!r} did not appear. The terminal showed "
                  "(escape sequences removed):")
            print(missing.screen)
            return 1
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(f"\nfrom {sizes[0]:,} to {sizes[-1]:,} sessions (budget: within "
              f"{FLAT_BUDGET:.2f}x):")
        for key in ("first", "complete", "memory"):
            change = large[key] / small[key]
            print(f"  {key:<10} {change:5.2f}x "
                  f"{'PASS' if 1 / FLAT_BUDGET <= change <= FLAT_BUDGET else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
