"""Lines in, lines out: the only place the line mode touches the terminal.

:class:`Output` writes paragraphs wrapped at the terminal's width (at most 80 columns), adding
colour only as emphasis, and only when the output is a terminal and ``NO_COLOR`` is unset. It
never moves the cursor, never clears anything and never uses the alternate screen.

:class:`Keyboard` reads whole lines from standard input, a terminal or a pipe alike, waiting at
most a given time (``selectors``), so that the prompt loop can announce a timer while it waits.
On a terminal it can stop echoing (private answers), and it keeps what was typed on a line that
Ctrl+C or Ctrl+D interrupted, so the words can be kept as a draft.
"""

from __future__ import annotations

import codecs
import os
import selectors
import shutil
import signal
import textwrap
import time
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any, TextIO

MAX_WIDTH = 80
MIN_WIDTH = 20
BOLD, RESET = "\x1b[1m", "\x1b[0m"
BELL = "\a"


def color_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def line_width() -> int:
    columns = shutil.get_terminal_size((MAX_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width``, keeping its own line breaks and each line's indent. Words
    are never split, not even at a hyphen (a phone number stays whole)."""
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped.strip():
            lines.append("")
            continue
        indent = " " * (len(line) - len(stripped))
        lines.extend(textwrap.wrap(stripped, width, initial_indent=indent,
                                   subsequent_indent=indent, break_long_words=False,
                                   break_on_hyphens=False, replace_whitespace=False,
                                   drop_whitespace=True) or [""])
    return lines


class Output:
    """Paragraphs to standard output, wrapped, one after the other."""

    def __init__(self, stream: TextIO, *, color: bool | None = None,
                 width: int | None = None) -> None:
        self.stream = stream
        self.color = color_wanted(stream) if color is None else color
        self.width = width or line_width()
        self.mid_line = False
        """A prompt was written and the typing that ends it has not been seen yet."""

    def paragraphs(self, paragraphs: Iterable[tuple[str, bool]]) -> None:
        """Each paragraph wrapped, with a blank line between paragraphs."""
        first = True
        for text, strong in paragraphs:
            if not first:
                self._write("\n")
            first = False
            self.line(text, strong=strong)

    def line(self, text: str, *, strong: bool = False) -> None:
        """One paragraph (it may hold line breaks), wrapped, ending with a line break."""
        self.end_prompt_line()
        out = []
        for line in wrap(text, self.width):
            out.append(f"{BOLD}{line}{RESET}" if strong and self.color and line else line)
        self._write("\n".join(out) + "\n")

    def blank(self) -> None:
        self.end_prompt_line()
        self._write("\n")

    def prompt(self, words: str) -> None:
        """Words the typing follows on the same line ("Your answer: ")."""
        self.end_prompt_line()
        self._write(words)
        self.mid_line = bool(words)

    def end_prompt_line(self) -> None:
        """A message arriving after a prompt starts on a line of its own."""
        if self.mid_line:
            self._write("\n")
            self.mid_line = False

    def typed(self, echoed: bool) -> None:
        """A line was typed. When the terminal did not echo it, the line break is ours to add."""
        if self.mid_line and not echoed:
            self._write("\n")
        self.mid_line = False

    def bell(self) -> None:
        self._write(BELL)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # nobody is reading any more: carry on saving, say nothing


class EndOfInput(Exception):
    """Standard input ended (Ctrl+D, or the end of a pipe). ``partial`` holds the words typed on
    the unfinished line, if any."""

    def __init__(self, partial: str = "") -> None:
        super().__init__(partial)
        self.partial = partial


class Interrupted(Exception):
    """Ctrl+C. ``partial`` holds the words typed on the unfinished line, if any."""

    def __init__(self, partial: str = "") -> None:
        super().__init__(partial)
        self.partial = partial


class Keyboard:
    """Lines from a file descriptor (standard input), with a time limit on each wait."""

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self.tty = _isatty(fd)
        self._pending = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._ended = False
        self._saved: list[Any] | None = None
        self._hidden = False
        self._waiting = False
        self._interrupt_pending = False
        self._previous_handler: Callable[[int, FrameType | None], Any] | int | None = None
        self._handler_installed = False
        self._selector: selectors.BaseSelector | None = None

    # set-up and tear-down -------------------------------------------------------------------

    def __enter__(self) -> Keyboard:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        if self.tty:
            import termios

            try:
                self._saved = termios.tcgetattr(self.fd)
                attrs = termios.tcgetattr(self.fd)
                # Ctrl+C leaves the words typed on the line in the terminal's buffer, so that
                # they can be read back and kept (see _rescue_partial)
                attrs[3] |= termios.NOFLSH
                termios.tcsetattr(self.fd, termios.TCSADRAIN, attrs)
            except termios.error:
                self._saved = None
        if _main_thread():
            self._previous_handler = signal.signal(signal.SIGINT, self._on_interrupt)
            self._handler_installed = True
        selector = selectors.DefaultSelector()
        try:
            selector.register(self.fd, selectors.EVENT_READ)
        except (ValueError, OSError, PermissionError):
            # a regular file (``< answers.txt``) cannot be polled, and is always readable
            selector.close()
        else:
            self._selector = selector

    def stop(self) -> None:
        self.set_hidden(False)
        if self.tty and self._saved is not None:
            import termios

            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            except termios.error:
                pass
        if self._handler_installed:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._handler_installed = False
        if self._selector is not None:
            self._selector.close()
            self._selector = None

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        # raised only while waiting for input: a save in progress is never cut in half
        if self._waiting:
            self._waiting = False
            raise Interrupted()
        self._interrupt_pending = True

    # echo -----------------------------------------------------------------------------------

    @property
    def hides(self) -> bool:
        """Whether typing can be hidden here (standard input is a terminal)."""
        return self.tty and self._saved is not None

    def set_hidden(self, hidden: bool) -> None:
        """Stop (or start again) echoing what is typed; only on a terminal."""
        if hidden == self._hidden or not self.hides:
            return
        import termios

        try:
            attrs = termios.tcgetattr(self.fd)
            if hidden:
                attrs[3] &= ~termios.ECHO
            else:
                attrs[3] |= termios.ECHO
            termios.tcsetattr(self.fd, termios.TCSADRAIN, attrs)
        except termios.error:
            return
        self._hidden = hidden

    @property
    def hidden(self) -> bool:
        return self._hidden

    @property
    def echoes(self) -> bool:
        """Whether the terminal shows what is typed (and so also the line break after it)."""
        return self.tty and not self._hidden

    # reading --------------------------------------------------------------------------------

    def read_line(self, timeout: float | None) -> str | None:
        """The next line (without its line break), or None when ``timeout`` seconds passed
        first. Raises :class:`EndOfInput` or :class:`Interrupted`."""
        if self._interrupt_pending:
            self._interrupt_pending = False
            raise Interrupted(self._take_pending())
        line = self._line_from_pending()
        if line is not None:
            return line
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        while True:
            if self._ended:
                rest = self._take_pending()
                if rest and not self.tty:
                    return rest  # a file's last line may lack its line break
                raise EndOfInput(rest)
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                self._waiting = True
                ready = self._wait(wait)
                self._waiting = False
                chunk = os.read(self.fd, 4096) if ready else None
            except Interrupted:
                raise Interrupted(self._take_pending() + self._rescue_partial()) from None
            except KeyboardInterrupt:
                raise Interrupted(self._take_pending() + self._rescue_partial()) from None
            except OSError:
                chunk = b""
            finally:
                self._waiting = False
            if chunk is None:
                if deadline is not None and time.monotonic() >= deadline:
                    return None
                continue
            if not chunk:
                self._ended = True
                continue
            self._pending += chunk
            line = self._line_from_pending()
            if line is not None:
                return line
            if self.tty:
                # a terminal gives a line without its break only for Ctrl+D mid-line
                raise EndOfInput(self._take_pending())

    def _wait(self, seconds: float | None) -> bool:
        if self._selector is None:
            return True
        return bool(self._selector.select(seconds))

    def _line_from_pending(self) -> str | None:
        if b"\n" not in self._pending:
            return None
        raw, _, self._pending = self._pending.partition(b"\n")
        return self._decoder.decode(raw + b"\n").rstrip("\r\n")

    def _take_pending(self) -> str:
        raw, self._pending = self._pending, b""
        return self._decoder.decode(raw, final=True).rstrip("\r\n")

    def _rescue_partial(self) -> str:
        """What was typed on the line Ctrl+C interrupted: with NOFLSH the terminal kept it, and
        leaving line-by-line mode for a moment lets it be read."""
        if not self.hides:
            return ""
        import termios

        try:
            attrs = termios.tcgetattr(self.fd)
            raw = list(attrs)
            raw[3] &= ~termios.ICANON
            control = list(attrs[6])
            control[termios.VMIN] = 0
            control[termios.VTIME] = 0
            raw[6] = control
            termios.tcsetattr(self.fd, termios.TCSANOW, raw)
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            finally:
                termios.tcsetattr(self.fd, termios.TCSANOW, attrs)
        except termios.error:
            return ""
        return data.decode("utf-8", errors="replace").rstrip("\r\n")


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()

