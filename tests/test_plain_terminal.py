"""The line mode as a person meets it: the real ``reconnect`` in a pseudo-terminal (pexpect), and
in a pipe. A whole exercise, every step kind, with real key presses."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from reconnect.storage.store import Store

from conftest import DATA

FRONT_ENDS = DATA / "front_ends"
EVERY_KIND = FRONT_ENDS / "every-kind.toml"
SECRET_WISH = "zebra-crossing picnic"
SECRET_RATING = "7"

# Only colour may reach the terminal: SGR sequences ("ESC [ ... m"). Anything else that starts
# with ESC (cursor movement, clearing, the alternate screen) or a carriage return that is not
# the terminal's own line ending would be a redraw.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("NO_COLOR", "RECONNECT_PLAIN")}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.update(extra)
    return env


class Reconnect:
    """``reconnect --plain`` in an 80x24 pseudo-terminal; everything it wrote is kept."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.child = pexpect.spawn(
            sys.executable, ["-m", "reconnect", "--plain", "--data-dir", str(data_dir),
                             "--exercises", str(FRONT_ENDS), *args],
            encoding="utf-8", timeout=20, env=environment(), dimensions=(24, 80))
        self.seen: list[str] = []

    def expect(self, pattern: str) -> str:
        self.child.expect(pattern)
        shown = (self.child.before or "") + str(self.child.after or "")
        self.seen.append(shown)
        return shown

    def answer(self, after: str, line: str) -> None:
        self.expect(after)
        self.child.sendline(line)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.seen.append(self.child.before or "")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1

    def begin_every_kind(self) -> None:
        """From the first run: the safety notice read, every-kind begun by Alex and Sam."""
        self.answer("Press Enter when you have both read it.", "")
        self.answer("Your choice: ", "every-kind")
        self.answer("Name: ", "Alex")
        self.answer("Name: ", "Sam")
        self.answer("Your choice: ", "1")

    @property
    def output(self) -> str:
        return "".join(self.seen)


def test_a_whole_exercise_in_a_terminal(tmp_path):
    app = Reconnect(tmp_path)
    app.begin_every_kind()
    # rating, privately: a hand-over first, then typing that is not shown
    app.answer("Alex, press Enter when you are ready.", "")
    app.expect("What you type is not shown.")
    app.answer("Your rating: ", SECRET_RATING)
    app.answer("Sam, press Enter when you are ready.", "")
    app.answer("Your rating: ", "6")
    app.expect(r"Alex: 7\.")
    app.answer("Sam: 6.", "?")
    app.answer(r"help, or a question mark: this list\.", "")
    app.answer("Welcome, Alex and Sam.", "")
    app.answer("Your choice: ", "1")                      # a break first
    app.answer("A break for both of you.", "")
    app.answer("Are you both calm enough to come back now?", "yes")
    # a timed turn: said at the start, halfway, and at zero with a bell
    app.expect("Alex speaks, Sam listens.")
    app.expect("10 seconds.")
    started = time.monotonic()
    app.expect("Half the time is left: 5 seconds.")
    app.expect("\aThe time is up. Finish your thought, then press Enter.")
    assert time.monotonic() - started >= 4
    app.child.sendline("t")                               # a time-out at any prompt
    app.expect(r"Agreed return at \d\d:\d\d, in 20 minutes\.")
    app.child.sendline("longer")
    app.expect(r"Agreed return at \d\d:\d\d, in 25 minutes\.")
    app.child.sendline("")
    app.answer("Alex speaks, Sam listens.", "")
    app.answer("Time to swap roles.", "")
    app.answer("Sam speaks, Alex listens.", "p")           # pause at any prompt
    app.answer("Paused. The clock has stopped.", "")
    app.answer("Sam speaks, Alex listens.", "")
    app.answer("Time to swap roles.", "")
    app.answer("Alex, press Enter when you are ready.", "")
    app.answer("Your answer: ", SECRET_WISH)
    app.answer("Sam, press Enter when you are ready.", "")
    app.answer("Your answer: ", "a long walk")
    app.expect(f"Alex wrote: {SECRET_WISH}.")
    app.answer("Sam wrote: a long walk.", "")
    app.answer("Write down one thing you will do together.", "cook together")
    app.answer("Say thank you for one small thing each day.", "")
    app.answer("Thank you both. This exercise is over.", "")
    app.answer("Press Enter to go back to the library.", "")
    app.expect("Your choice: ")
    app.child.sendeof()                                   # Ctrl+D quits
    app.expect("Goodbye. Everything is saved.")
    assert app.finish() == 0

    raw = app.output
    before_reveal = raw[:raw.index(f"Alex wrote: {SECRET_WISH}")]
    assert SECRET_WISH not in before_reveal                # never echoed as it was typed
    assert "Your rating: 7" not in raw
    no_colour = SGR.sub("", raw)
    assert "\x1b" not in no_colour, "an escape sequence other than colour"
    assert "\r" not in no_colour.replace("\r\n", "\n"), "a carriage return (redraw in place)"
    assert SGR.search(raw), "emphasis in colour on a terminal"
    assert saved_answers(tmp_path) == ("finished", [SECRET_WISH, "a long walk",
                                                    "cook together"])


def test_ctrl_c_keeps_the_words_being_typed_and_offers_them_back(tmp_path):
    app = Reconnect(tmp_path)
    app.begin_every_kind()
    for after, line in (("Alex, press Enter", ""), ("Your rating: ", "7"),
                        ("Sam, press Enter", ""), ("Your rating: ", "6"), ("Sam: 6.", ""),
                        ("Welcome", ""), ("Your choice: ", "2"), ("Alex speaks", ""),
                        ("swap roles", ""), ("Sam speaks", ""), ("swap roles", ""),
                        ("Alex, press Enter", "")):
        app.answer(after, line)
    app.expect("Your answer: ")
    app.child.send("half a wi")
    time.sleep(0.3)
    app.child.sendintr()
    app.expect("The words you were typing are kept for next time.")
    assert app.finish() == 130

    again = Reconnect(tmp_path)
    again.answer("Your choice: ", "1")                     # resume
    again.answer("Alex, press Enter when you are ready.", "")
    again.expect(r"Words typed earlier are kept;\s+press Enter on an empty line")
    again.answer("Your answer: ", "")
    again.expect("Sam, press Enter when you are ready.")
    again.child.sendline("q")
    again.expect("Goodbye. Everything is saved.")
    assert again.finish() == 0
    assert "half a wi" not in again.output                 # a private draft is not printed
    assert saved_answers(tmp_path) == ("active", ["half a wi"])


def saved_answers(data_dir: Path) -> tuple[str, list[str]]:
    """The newest session's status and its written answers, in order."""
    with Store.open(data_dir) as store:
        record = store.recent_sessions()[0]
        return record.status, [event.payload["text"] for event in store.events(record.id)
                               if event.type == "answer"]


def run(args: list[str], lines: list[str], data_dir: Path, **env: str) -> str:
    result = subprocess.run([sys.executable, "-m", "reconnect", "--exercises", str(FRONT_ENDS),
                             *args],
                            input="".join(line + "\n" for line in lines), text=True,
                            capture_output=True, timeout=60,
                            env=environment(RECONNECT_DATA_DIR=str(data_dir), **env))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dumb_terminal_or_the_environment_chooses_the_line_mode(tmp_path):
    assert "reconnect, line by line." in run([], ["q"], tmp_path, TERM="dumb")
    assert "reconnect, line by line." in run([], ["q"], tmp_path, RECONNECT_PLAIN="1")


def test_demo_and_preview_work_line_by_line(tmp_path):
    demo = run(["--demo", "--plain"], ["every-kind", "", "", "1", "q"], tmp_path)
    assert "Demonstration: nothing is saved." in demo
    assert "Pass the laptop to Alex." in demo
    preview = run(["preview", str(EVERY_KIND), "--plain", "--from", "talk"], ["", "q"],
                  tmp_path)
    assert "Preview of every-kind.toml, with sample names. Nothing is saved." in preview
    assert "Alex speaks, Sam listens." in preview
    assert "Time to swap roles." in preview
    assert not (tmp_path / "reconnect.db").exists()


@pytest.mark.parametrize("argv", [["--plain"], ["--plain", "--demo"]])
def test_the_line_mode_loads_neither_textual_nor_rich(argv, tmp_path):
    probe = ("import sys, runpy\n"
             f"sys.argv = ['reconnect', *{argv!r}]\n"
             "try:\n    runpy.run_module('reconnect', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich',"
             " 'typer', 'aiohttp', 'textual_serve'))\n"
             "print('LOADED', loaded, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], input="q\n", text=True,
                            capture_output=True, timeout=60,
                            env=environment(RECONNECT_DATA_DIR=str(tmp_path)))
    assert "LOADED []" in result.stderr, result.stderr
