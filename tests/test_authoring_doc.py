"""docs/AUTHORING.md: its commands are real, its files load cleanly, and the output it shows is
what reconnect really prints when the tutorial is followed step by step."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main

from reconnect.cli.commands import app
from reconnect.format import load_text

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", DOC, re.MULTILINE | re.DOTALL)
SHELL = [body for lang, body in BLOCKS if lang == "sh"]
COMMANDS = [line.strip() for body in SHELL for line in body.splitlines()
            if line.strip() and not line.strip().startswith("#")]
TOML = [body for lang, body in BLOCKS if lang == "toml"]
COMPLETE = [body for body in TOML if body.startswith("format = 1")]
CLI: Any = typer.main.get_command(app)


def _options(command: Any) -> dict[str, Any]:
    """A command's options by every name they go by (``--format``, ``-h``...)."""
    return {name: param for param in command.params for name in param.opts
            if name.startswith("-")}


def _words(command: str) -> list[str]:
    words = shlex.split(command)
    if ">" in words:  # an output redirection is the shell's, not reconnect's
        words = words[: words.index(">")]
    return words


def test_the_tutorial_has_commands_and_a_complete_file() -> None:
    assert len(COMMANDS) >= 8
    assert COMPLETE, "the finished file should be shown in full"
    used = {_words(command)[1] for command in COMMANDS if len(_words(command)) > 1}
    for sub in ("new", "check", "explain", "walk", "preview", "schema", "where"):
        assert sub in used, sub


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_names_a_real_command_and_real_options(command: str) -> None:
    words = _words(command)
    assert words[0] == "reconnect", command
    top = _options(CLI)
    rest = words[1:]
    while rest and rest[0].startswith("-"):  # options of reconnect itself, before a command
        option = top.get(rest[0])
        assert option is not None, f"{command}: reconnect has no option {rest[0]}"
        rest = rest[1:] if option.is_flag else rest[2:]
    if not rest:
        return  # `reconnect --exercises DIR` opens the app itself
    sub = CLI.commands.get(rest[0])
    assert sub is not None, f"{command}: `{rest[0]}` is not a reconnect command"
    options = _options(sub)
    for word in rest[1:]:
        if word.startswith("-"):
            assert word in options, f"{command}: `reconnect {rest[0]}` has no option {word}"


@pytest.mark.parametrize("number", range(len(COMPLETE)))
def test_every_complete_file_loads_with_no_diagnostics(number: int) -> None:
    result = load_text(COMPLETE[number], f"AUTHORING.md file {number + 1}")
    assert result.diagnostics == (), [f"{d.code} {d.message}" for d in result.diagnostics]


def test_every_toml_snippet_is_valid_toml() -> None:
    for body in TOML:
        tomllib.loads(body)


# following the tutorial for real -----------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
                               "COLUMNS": "80"})


def _output_after(command: str, occurrence: int = 0) -> str:
    """The ```text block that follows the ``occurrence``-th ```sh block running ``command``."""
    pattern = re.compile(r"```sh\n" + re.escape(command)
                         + r"\n```\n+(?:[^`]*?\n)?```text\n(.*?)```",
                         re.DOTALL)
    found = pattern.findall(DOC)
    assert len(found) > occurrence, f"no output shown for {command}"
    return found[occurrence]


def _edits() -> list[tuple[str, str]]:
    """The before/after pairs of step 2 ("... becomes ...")."""
    block = r"```toml\n((?:(?!```).)*)```"
    pairs = re.findall(block + r"\n\nbecomes\n\n" + block, DOC, re.DOTALL)
    edits = []
    for before, after in pairs:
        edits.extend(zip(before.strip().splitlines(), after.strip().splitlines(), strict=True))
    return edits


def test_following_the_tutorial_prints_what_it_shows(tmp_path: Path) -> None:
    created = _run("new", "my-first.toml", "--template", "gratitude", cwd=tmp_path)
    assert created.returncode == 0
    assert created.stdout in DOC
    path = tmp_path / "my-first.toml"
    text = path.read_text(encoding="utf-8")
    assert 'id = "my-first"' in text
    edits = _edits()
    assert len(edits) == 4
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    edited = text
    # the deliberate typo
    typo = 'id = "thanks"\nkind = "answer"'
    assert text.count(typo) == 1
    path.write_text(text.replace(typo, 'id = "thanks"\nkind = "ansewr"'), encoding="utf-8")
    failed = _run("check", "my-first.toml", cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stdout == _output_after("reconnect check my-first.toml", 0)
    explained = _run("explain", "R116", cwd=tmp_path)
    assert explained.stdout == _output_after("reconnect explain R116")
    # fixed
    path.write_text(edited, encoding="utf-8")
    fixed = _run("check", "my-first.toml", cwd=tmp_path)
    assert fixed.returncode == 0
    assert fixed.stdout == _output_after("reconnect check my-first.toml", 1)
    walked = _run("walk", "my-first.toml", cwd=tmp_path)
    assert walked.returncode == 0 and walked.stdout == _output_after("reconnect walk my-first.toml")
    # the warning shown when `minutes` is far off
    path.write_text(edited.replace("minutes = 15 ", "minutes = 45 ", 1), encoding="utf-8")
    warned = _run("check", "my-first.toml", cwd=tmp_path)
    assert warned.returncode == 0
    shown = re.search(r"```text\n(warning\[R305\].*?)\n```", DOC)
    assert shown and warned.stdout.splitlines()[0] == shown.group(1)
    # the finished file is the edited template without its comments
    assert tomllib.loads(edited) == tomllib.loads(COMPLETE[-1])
    path.write_text(edited, encoding="utf-8")
    # 6. share it: the folder `where --create` names exists, and the copy joins the library
    shared = _run("where", "--create", cwd=tmp_path)
    assert shared.returncode == 0
    line = next(line for line in shared.stdout.splitlines()
                if line.startswith("your exercises:"))
    folder = Path(line.split(":", 1)[1].strip().removesuffix(" (created just now)"))
    assert folder.is_dir() and oct(folder.stat().st_mode & 0o777) == "0o700"
    (folder / "my-first.toml").write_text(edited, encoding="utf-8")
    listed = _run("list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "my-first" in [row["id"] for row in json.loads(listed.stdout)]
    handout = _run("handout", "my-first.toml", "--format", "html", "-o", "my-first.html",
                   cwd=tmp_path)
    assert handout.returncode == 0 and (tmp_path / "my-first.html").is_file()
    # 7. adapt an exercise from the library
    forked = _run("new", "our-time-out.toml", "--from", "time-out", cwd=tmp_path)
    assert forked.returncode == 0, forked.stderr
    assert _run("check", "our-time-out.toml", cwd=tmp_path).returncode == 0
    # 8. translate an exercise: only warnings for the texts still to translate
    translated = _run("new", "time-out-pt.toml", "--from", "time-out", "--lang", "pt-BR",
                      cwd=tmp_path)
    assert translated.returncode == 0, translated.stderr
    text = (tmp_path / "time-out-pt.toml").read_text(encoding="utf-8")
    assert 'language = "pt-BR"' in text and "[to translate] " in text
    checked = _run("check", "--format", "concise", "time-out-pt.toml", cwd=tmp_path)
    assert checked.returncode == 0
    assert {line.split()[2] for line in checked.stdout.splitlines()} == {"R412:"}


def test_the_where_example_matches_the_real_output(tmp_path: Path) -> None:
    shown = _output_after("reconnect where --create")
    real = _run("--data-dir", str(tmp_path / "data"), "where", "--create", cwd=tmp_path).stdout
    labels = [line.split(":")[0] for line in real.splitlines()]
    assert labels == [line.split(":")[0] for line in shown.splitlines()]
    notes = [re.findall(r"\(.*\)$", line) for line in real.splitlines()]
    assert notes == [re.findall(r"\(.*\)$", line) for line in shown.splitlines()]


def test_the_templates_named_are_the_real_ones() -> None:
    from reconnect.format.templates import TEMPLATES

    for name in TEMPLATES:
        assert f"`{name}`" in DOC, name
