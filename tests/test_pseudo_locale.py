"""Every word a person reads goes through gettext, and the layouts survive longer words.

A pseudo-language (tests/pseudo.py) writes every message with accented letters, marked and
about a third longer. With it installed, the app is walked through its main screens at 80x24
and 120x40 (tests/pseudo_screens.py, in a fresh interpreter, as the command line would run
it), and so are the line mode and the command line's help and messages. The test exercise is
written in Greek and the partners have Greek names, so a plain Latin letter on screen is a
word that was never translated. The same walk checks that the banner, the key that calls a
time-out and the answer box still fit at 80x24.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pseudo import build_catalogue, pseudo, stray_words

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "pseudo_screens.py"
EXERCISE_WORDS = {"calm", "Calm", "Speaker", "Listener"}
"""The test exercise's measure and its roles (the format's default ones), shown as the
exercise names them: exercise data, which gettext never translates."""
ENV_NAMES = {"RECONNECT_DATA_DIR", "RECONNECT_LANG", "RECONNECT_PLAIN", "RECONNECT_COUNTRY",
             "RECONNECT_DEBUG", "TERM=dumb", "RECONNECT_PLAIN=1", "RECONNECT_DEBUG=1"}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("pseudo"))


def drive(catalogue: Path, *arguments: str, stdin: str | None = None,
          ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, str(DRIVER), str(catalogue), *arguments],
                          input=stdin, capture_output=True, text=True, timeout=300)
    if ok:
        assert done.returncode == 0, done.stderr[-4000:]
    return done


def untranslated(lines: list[str], allowed: set[str] = frozenset()) -> list[str]:
    found = stray_words([line.replace("▏", " ") for line in lines])
    return [word for word in found if word.strip("(),.:;") not in allowed]


def test_the_pseudo_language_marks_accents_and_lengthens_but_keeps_placeholders():
    made = pseudo("Pass the laptop to {name}.")
    assert made.startswith("⟦") and made.endswith("⟧") and "{name}" in made
    assert not any("a" <= char <= "z" for char in made.replace("{name}", ""))
    assert len(made) >= len("Pass the laptop to {name}.") * 1.3
    assert pseudo("Usage: ").endswith("⟧ ")


@pytest.fixture(scope="module")
def walks(catalogue, tmp_path_factory) -> Callable[[tuple[int, int]], dict[str, Any]]:
    """The app's screens at a size, walked once for every test that reads them."""
    made: dict[tuple[int, int], dict[str, Any]] = {}

    def walk(size: tuple[int, int]) -> dict[str, Any]:
        if size not in made:
            data = tmp_path_factory.mktemp("walk") / "data"
            made[size] = json.loads(drive(catalogue, "app", str(size[0]), str(size[1]),
                                          str(data)).stdout)
        return made[size]

    return walk


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", [pytest.param(size, marks=pytest.mark.xdist_group(
    f"pseudo-{size[0]}x{size[1]}")) for size in SIZES])
def test_every_screen_is_in_the_language_spoken(walks, size):
    shots = walks(size)
    expected = {"safety notice", "home", "set-up", "talk: paused", "talk: time-out",
                "talk: time is up", "summary", "export", "history", "transcript",
                "confirm deleting a session", "confirm leaving the break early",
                "a second copy"}
    assert expected <= set(shots), sorted(set(shots))
    kinds = {name.split(": ")[1].split()[0] for name in shots if ": " in name}
    assert {"handover", "rating", "reveal", "text", "choice", "continue"} <= kinds
    problems = {name: untranslated(shot["rows"], EXERCISE_WORDS)
                for name, shot in shots.items()}
    assert not any(problems.values()), {name: words for name, words in problems.items()
                                        if words}


@pytest.mark.xdist_group("pseudo-80x24")  # on the worker that walks 80x24 anyway
def test_at_80x24_the_banner_the_time_out_key_and_the_answer_box_fit(walks):
    shots = walks((80, 24))
    time_out_key = pseudo("Time-out")
    safety_key = pseudo("Safety")
    sessions = {name: shot for name, shot in shots.items() if shot.get("banner")}
    assert len(sessions) > 15
    for name, shot in sessions.items():
        screen = " ".join(" ".join(shot["rows"]).split())
        assert " ".join(shot["banner"].split()) in screen, (name, shot["banner"])
        if shot["time_out_allowed"]:
            assert time_out_key in shot["rows"][-1], (name, shot["rows"][-1])
        # the safety key is never the one that longer words push off the footer
        assert safety_key in shot["rows"][-1], (name, shot["rows"][-1])
        if shot.get("answer_in_view") is not None:
            assert shot["answer_in_view"], f"{name}: the answer box is below the screen"
    assert any(shot.get("answer_in_view") for shot in sessions.values())


TYPED = "\n".join([
    "",                       # the safety notice, read by both
    "?", "safety",
    "1",                      # the exercise
    "Άλεξ", "Σαμ", "1",       # names, who starts
    "", "5", "", "5", "",     # check-in: hand over, rate, hand over, rate, both shown
    "", "?",                  # say; the commands that work now
    "p", "p", "t", "", "",    # turn: pause, carry on, time-out, come back, done
    "", "αβγ", "", "αβγ", "",  # private answers and their reveal
    "1",                      # the choice
    "", "y",                  # the break, left early after saying yes
    "",                       # homework
    "", "5", "", "5", "",     # check-in after
    "",                       # the end
    "", "q",
]) + "\n"


def test_the_line_mode_is_in_the_language_spoken(catalogue, tmp_path):
    said = drive(catalogue, "plain", str(tmp_path / "data"), stdin=TYPED).stdout
    assert "Άλεξ" in said and "αβγ" in said
    assert pseudo("Goodbye. Everything is saved.") in said.replace("\n", " ") or \
        "⟦" in said.splitlines()[-1]
    assert untranslated(said.splitlines(), EXERCISE_WORDS) == []


COMMANDS = ["list", "check", "new", "preview", "serve", "walk", "explain", "schema",
            "handout", "where", "forget"]


@pytest.mark.parametrize("arguments", [["--help"], *([name, "--help"] for name in COMMANDS)],
                         ids=lambda arguments: " ".join(arguments))
def test_the_command_line_s_help_is_in_the_language_spoken(catalogue, arguments):
    shown = drive(catalogue, "cli", *arguments).stdout
    allowed = {*COMMANDS, *ENV_NAMES, "basic", "active-listening", "gratitude",
               "conflict-de-escalation", "connection", "md", "html", "full", "concise", "json",
               "github", "en", "es", "pip", "install", "'reconnect[web]'.", "R120", "R201"}
    words = [word for word in untranslated(shown.splitlines(), allowed)
             # option names, metavars and value ranges are typed as they are
             if not word.lstrip("[").startswith("-") and not word.strip("[].").isupper()
             and "<=" not in word]
    assert words == [], words


def test_the_command_line_s_messages_are_in_the_language_spoken(catalogue, tmp_path):
    missing = drive(catalogue, "cli", "check", str(tmp_path / "none.toml"), ok=False)
    assert missing.returncode == 2
    assert missing.stderr.startswith("reconnect: ⟦")
    unknown = drive(catalogue, "cli", "explain", "R999", ok=False)
    assert "⟦" in unknown.stderr
    explained = drive(catalogue, "cli", "explain", "R201").stdout.splitlines()
    # the examples, indented, are lines of an exercise file
    assert untranslated([line for line in explained if not line.startswith("    ")],
                        {"R201"}) == []
