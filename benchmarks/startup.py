#!/usr/bin/env python3
"""Start-up budget: launch to the home screen showing the library, against a bare Textual app.

Both programs run side by side in a real pseudo-terminal (100x30, TERM=xterm-256color), taking
turns (bare, reconnect, bare, reconnect, ...). A run starts the process and reads the terminal
until a marker text appears on it (escape sequences stripped first); that moment is the launch
time. Then ctrl+q is sent and the process is reaped with ``os.wait4``, whose rusage gives the
child's own peak memory (``ru_maxrss``).

* bare: a script with one ``Label`` holding the marker (ctrl+q quits, Textual's default);
* reconnect: ``python -m reconnect --data-dir D --exercises E`` over a seeded library of 30
  exercises and a progress file with 10,000 saved sessions; the marker is the title of a
  generated exercise at the top of the library.

Budgets (DESIGN.md section 7): time ratio <= 1.25x, peak memory ratio <= 1.30x. This is a
report, not a test: it exits 0 whatever the ratios, and 1 only when a program never shows its
marker within 20 seconds.

    python benchmarks/startup.py [--runs 15] [--warmup 1] [--sessions 10000] [--profile]
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _seed  # noqa: E402  (also makes ``reconnect`` importable from a source checkout)

COLUMNS, ROWS = 100, 30
MARKER_TIMEOUT = 20.0
EXIT_TIMEOUT = 10.0
TIME_BUDGET = 1.25
MEMORY_BUDGET = 1.30
BARE_MARKER = "Bare benchmark label"

BARE_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label({BARE_MARKER!r})


if __name__ == "__main__":
    Bare().run()
'''

# CSI, OSC (BEL or ST terminated), DCS/APC/PM/SOS strings, charset selection, two-byte escapes
_ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"
    rb"|\x1b[()*+][0-9A-Za-z]"
    rb"|\x1b[@-Z\\-_=>78]"
)


def strip_ansi(data: bytes) -> str:
    return _ANSI.sub(b"", data).decode("utf-8", "replace")


@dataclass
class Run:
    seconds: float
    max_rss_kib: int


class NoMarker(Exception):
    def __init__(self, name: str, screen: str) -> None:
        super().__init__(name)
        self.name = name
        self.screen = screen


def run_once(name: str, argv: list[str], env: dict[str, str], marker: str) -> Run:
    """Start ``argv`` in a fresh 100x30 pty; time until ``marker`` shows; quit; reap."""
    wanted = marker.encode("utf-8")
    started = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the program
        try:
            fcntl.ioctl(sys.stdin.fileno(), termios.TIOCSWINSZ,
                        struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    output = bytearray()
    elapsed = None
    try:
        deadline = started + MARKER_TIMEOUT
        while elapsed is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise NoMarker(name, strip_ansi(bytes(output)))
            ready, _, _ = select.select([master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as error:  # EIO: the child closed the terminal (it exited)
                if error.errno != errno.EIO:
                    raise
                chunk = b""
            if not chunk:
                raise NoMarker(name, strip_ansi(bytes(output)))
            output += chunk
            # cheap test first; the stripped search is what counts (text may be split by escapes)
            if wanted in output or marker in strip_ansi(bytes(output)):
                elapsed = time.perf_counter() - started
        os.write(master, b"\x11")  # ctrl+q
        _drain_until_exit(master, time.perf_counter() + EXIT_TIMEOUT, pid)
    except BaseException:
        _kill(pid)
        raise
    finally:
        _, _status, usage = _reap(pid)
        os.close(master)
    return Run(elapsed, usage.ru_maxrss)


def _drain_until_exit(master: int, deadline: float, pid: int) -> None:
    """Keep reading (a full terminal buffer would block the child) until the child hangs up."""
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return
    _kill(pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_reaped: dict[int, tuple[int, int, object]] = {}


def _reap(pid: int):  # -> (pid, status, resource.struct_rusage)
    if pid not in _reaped:
        _reaped[pid] = os.wait4(pid, 0)
    return _reaped[pid]


def child_env(extra: dict[str, str]) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE is dropped too: with it set, reconnect's own modules would be
    # compiled from source at every launch (Textual's were compiled when it was installed),
    # which is not how it runs for anyone. The warm-up run writes the bytecode.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEXTUAL", "RECONNECT_", "COLUMNS", "LINES", "TMUX",
                                  "PYTHONDONTWRITEBYTECODE"))}
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    source = _seed.ROOT / "src"
    if str(source) in sys.path:  # reconnect is not installed: children need src/ too
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def first_bench_title(seeded: _seed.Seeded) -> tuple[str, int]:
    """The generated exercise listed first on the home screen, and its place in the list."""
    from reconnect import locations
    from reconnect.format.library import load_library

    library = load_library([locations.bundled_exercises_dir(),
                            locations.user_exercises_dir(seeded.data_dir), seeded.exercises_dir])
    if library.problems:
        print(f"warning: {len(library.problems)} exercise file(s) did not load: "
              f"{library.problems[0].summary}")
    if len(library.exercises) != _seed.LIBRARY_SIZE:
        print(f"warning: the library has {len(library.exercises)} exercises, not "
              f"{_seed.LIBRARY_SIZE}")
    rows = 0
    for group in library.by_category().values():
        rows += 1  # the category header
        for exercise in group:
            if exercise.title in seeded.bench_titles:
                return exercise.title, rows
            rows += 1
    raise SystemExit("no generated exercise is in the library")


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def report(bare: list[Run], app: list[Run]) -> None:
    print()
    print(f"{'run':>4} {'bare ms':>9} {'reconnect ms':>13} {'bare MiB':>9} {'reconnect MiB':>14}")
    for number, (b, a) in enumerate(zip(bare, app, strict=False), start=1):
        print(f"{number:>4} {fmt_ms(b.seconds):>9} {fmt_ms(a.seconds):>13} "
              f"{b.max_rss_kib / 1024:9.1f} {a.max_rss_kib / 1024:14.1f}")
    bare_time = statistics.median(r.seconds for r in bare)
    app_time = statistics.median(r.seconds for r in app)
    ratios = [a.seconds / b.seconds for b, a in zip(bare, app, strict=False)]
    bare_mem = statistics.median(r.max_rss_kib for r in bare)
    app_mem = statistics.median(r.max_rss_kib for r in app)
    time_ratio = statistics.median(ratios)
    memory_ratio = app_mem / bare_mem
    print()
    print(f"median launch:       bare {bare_time * 1000:.1f} ms, reconnect {app_time * 1000:.1f} ms"
          f" (+{(app_time - bare_time) * 1000:.1f} ms; ratio of medians "
          f"{app_time / bare_time:.2f}x)")
    print(f"median peak memory:  bare {bare_mem / 1024:.1f} MiB, reconnect {app_mem / 1024:.1f} MiB"
          f" (+{(app_mem - bare_mem) / 1024:.1f} MiB)")
    print()
    print(f"time ratio {time_ratio:.2f}x (budget {TIME_BUDGET:.2f}x) "
          f"{'PASS' if time_ratio <= TIME_BUDGET else 'OVER'}  [median of per-run ratios]")
    print(f"memory ratio {memory_ratio:.2f}x (budget {MEMORY_BUDGET:.2f}x) "
          f"{'PASS' if memory_ratio <= MEMORY_BUDGET else 'OVER'}")


PROFILE_CODE = """
import sys
from textual.app import App
from textual.widgets import Label
sys.stderr.write("-- bare app imports done --\\n")
import reconnect.cli
import typer._adapters  # what typer imports when it first parses arguments (pydantic)
import reconnect.tui.launch, reconnect.tui.app, reconnect.tui.screens.home
"""


def profile_imports(env: dict[str, str], top: int = 25) -> None:
    """``python -X importtime``: what reconnect imports on top of what the bare app imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", PROFILE_CODE],
                            env=env, capture_output=True, text=True, check=False)
    _, found, extra = result.stderr.partition("-- bare app imports done --")
    rows = []
    for line in extra.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    if not found or not rows:
        print(result.stderr[-4000:])
        return
    total = sum(row[0] for row in rows)
    packages: dict[str, int] = {}
    for self_us, _, _, name in rows:
        root = name.split(".")[0]
        packages[root] = packages.get(root, 0) + self_us
    print(f"\nimports on top of the bare app's (python -X importtime; one run, so noisy): "
          f"{total / 1000:.1f} ms")
    for name, self_us in sorted(packages.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<22} {self_us / 1000:7.1f} ms")
    print(f"\ntop {top} by cumulative time (ms):")
    for _, cumulative, depth, name in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"  {cumulative / 1000:7.1f}  {'  ' * min(depth, 6)}{name}")
    print(f"\ntop {top} by own time (ms):")
    for self_us, _, _, name in sorted(rows, key=lambda r: -r[0])[:top]:
        print(f"  {self_us / 1000:7.1f}  {name}")
    print("\n(typer parses arguments with pydantic TypeAdapters: beyond importing pydantic, "
          "building them costs more at the first parse; see benchmarks/README.md)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed runs of each first, to fill bytecode caches (default 1)")
    parser.add_argument("--sessions", type=int, default=_seed.SESSIONS,
                        help=f"saved sessions to seed (default {_seed.SESSIONS:,})")
    parser.add_argument("--profile", action="store_true",
                        help="also show where reconnect's import time goes")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reconnect-bench-") as temp:
        base = Path(temp)
        began = time.perf_counter()
        seeded = _seed.seed(base, sessions=args.sessions)
        marker, row = first_bench_title(seeded)
        bare_script = base / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        print(f"seeded in {time.perf_counter() - began:.1f} s: {seeded.library_size} exercises, "
              f"{seeded.sessions:,} sessions, {seeded.events:,} events, {seeded.checkins:,} "
              f"check-ins; progress file {seeded.database_bytes / 2**20:.1f} MiB "
              f"({'checked' if seeded.quick_check_at_open else 'not checked'} at every open: "
              f"QUICK_CHECK_LIMIT is {_seed.QUICK_CHECK_LIMIT / 2**20:.0f} MiB)")
        print(f"python {sys.version.split()[0]} ({sys.executable}); terminal {COLUMNS}x{ROWS}; "
              f"{args.runs} runs each after {args.warmup} warm-up")
        print(f"markers: bare {BARE_MARKER!r}; reconnect {marker!r} (library row {row})")

        env = child_env({})
        app_env = child_env({"RECONNECT_DATA_DIR": str(seeded.data_dir)})
        programs = {
            "bare": ([sys.executable, str(bare_script)], env, BARE_MARKER),
            "reconnect": ([sys.executable, "-m", "reconnect", "--data-dir", str(seeded.data_dir),
                           "--exercises", str(seeded.exercises_dir)], app_env, marker),
        }
        results: dict[str, list[Run]] = {"bare": [], "reconnect": []}
        try:
            for number in range(args.warmup + args.runs):
                for name, (program, program_env, program_marker) in programs.items():
                    run = run_once(name, program, program_env, program_marker)
                    if number >= args.warmup:
                        results[name].append(run)
                print(".", end="", flush=True)
        except NoMarker as missing:
            print(f"\n{missing.name}: the marker did not appear within {MARKER_TIMEOUT:.0f} s. "
                  "The terminal showed (escape sequences removed):")
            shown = [line.rstrip() for line in missing.screen.splitlines() if line.strip()]
            print("\n".join(shown)[-4000:] or "(nothing)")
            return 1
        report(results["bare"], results["reconnect"])
        if args.profile:
            profile_imports(app_env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
