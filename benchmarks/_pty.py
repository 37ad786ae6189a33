"""Running a program in a real pseudo-terminal and timing what a person would see.

Shared by the benchmarks that measure the screen (start-up, history, a step advance). A
:class:`Screen` starts a program in a fresh 100x30 pty (``TERM=xterm-256color``), reads
everything it draws, and answers "when did all of these texts first show at once?". Escape
sequences are stripped before searching, because Textual may split a word with them. Quitting
reaps the child with ``os.wait4``, whose rusage is that child's own peak memory and CPU time.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass

COLUMNS, ROWS = 100, 30

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


class NeverShown(Exception):
    def __init__(self, name: str, wanted: tuple[str, ...], screen: str) -> None:
        super().__init__(f"{name}: {wanted!r} never showed")
        self.name, self.wanted, self.screen = name, wanted, screen


@dataclass
class Finished:
    """What a run cost the child: peak memory (KiB) and CPU time (s)."""

    max_rss_kib: int
    cpu_seconds: float


class Screen:
    """One program in one pty."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.started = time.perf_counter()
        pid, master = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(sys.stdin.fileno(), termios.TIOCSWINSZ,
                            struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.master = pid, master
        self.output = bytearray()
        self.mark = 0
        """Only output from here on counts for the next wait (set by :meth:`send`)."""

    def wait_for(self, *texts: str, timeout: float = 30.0) -> float:
        """Seconds from the start (or the last :meth:`send`) until every one of ``texts`` has
        been drawn since then."""
        begun = self.sent_at if self.mark else self.started
        deadline = time.perf_counter() + timeout
        wanted = [text.encode("utf-8") for text in texts]
        while True:
            since = bytes(self.output[self.mark:])
            if all(word in since for word in wanted) or all(
                    text in strip_ansi(since) for text in texts):
                return self.last_read - begun
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise NeverShown(self.name, texts, strip_ansi(bytes(self.output))[-3000:])
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError as error:  # EIO: the child closed the terminal (it exited)
                if error.errno != errno.EIO:
                    raise
                chunk = b""
            if not chunk:
                raise NeverShown(self.name, texts, strip_ansi(bytes(self.output))[-3000:])
            self.last_read = time.perf_counter()
            self.output += chunk

    def wait_until_drawn(self, *texts: str, quiet: float = 0.06) -> float:
        """Seconds from the last :meth:`send` until the screen was fully drawn: every one of
        ``texts`` shown, and the last piece of output before the terminal went quiet for
        ``quiet`` seconds (several frames at Textual's 60 a second, so a part drawn a frame
        or two late still counts, while a clock ticking each second does not)."""
        self.wait_for(*texts)
        while True:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return self.last_read - self.sent_at
            chunk = os.read(self.master, 65536)
            if not chunk:
                return self.last_read - self.sent_at
            self.last_read = time.perf_counter()
            self.output += chunk

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Read until the terminal has been quiet for ``quiet`` seconds (the app has finished
        what it does after its first screen, as it has by the time a person reacts to it)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            chunk = os.read(self.master, 65536)
            if not chunk:
                return
            self.output += chunk

    last_read = 0.0
    sent_at = 0.0

    def send(self, keys: bytes) -> None:
        self.mark = len(self.output)
        self.sent_at = time.perf_counter()
        os.write(self.master, keys)

    def quit(self, keys: bytes = b"\x11", timeout: float = 10.0) -> Finished:
        """Send ctrl+q (or ``keys``), keep reading until the child hangs up, reap it."""
        try:
            os.write(self.master, keys)
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if ready:
                    try:
                        if not os.read(self.master, 65536):
                            break
                    except OSError:
                        break
            else:
                self.kill()
        finally:
            _, _, usage = os.wait4(self.pid, 0)
            os.close(self.master)
        return Finished(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured program: no Textual or reconnect settings inherited, a
    100x30 xterm, and bytecode allowed (as an installed program runs; the warm-up writes it)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEXTUAL", "RECONNECT_", "COLUMNS", "LINES", "TMUX",
                                  "PYTHONDONTWRITEBYTECODE"))}
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.update(extra or {})
    return env


BARE_APP = '''\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    """A bare Textual app: one label; Enter changes it (the baseline of a step advance).

    The count keeps four digits so the label never changes width: a wider label costs Textual
    a second layout and a second draw two frames later (at counts 10 and 100), which is the
    bare app's own cost, not the terminal's, and would set the baseline's p99."""

    BINDINGS = [("enter", "next", "Next")]
    count = 0

    def compose(self) -> ComposeResult:
        yield Label("Bare benchmark label 0000 shown", id="label")

    def action_next(self) -> None:
        self.count += 1
        self.query_one("#label", Label).update(f"Bare benchmark label {self.count:04d} shown")


if __name__ == "__main__":
    Bare().run()
'''
BARE_MARKER = "Bare benchmark label"
