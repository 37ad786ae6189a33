"""``reconnect new --template NAME``: every template writes a commented file that passes
``reconnect check --strict`` with no diagnostics at all, ready for an editor's schema support."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from reconnect.format import load_text
from reconnect.format.model import KNOWN_CATEGORIES
from reconnect.format.templates import DEFAULT_TEMPLATE, TEMPLATES, new_exercise_text
from test_schema import SCHEMA, validate

SCHEMA_LINE = "#:schema ./exercise.schema.json"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_every_category_has_a_template_and_every_template_a_file() -> None:
    assert DEFAULT_TEMPLATE == "basic" and next(iter(TEMPLATES)) == "basic"
    assert set(KNOWN_CATEGORIES) <= set(TEMPLATES)
    folder = resources.files("reconnect.format.templates")
    files = {entry.name.removesuffix(".toml") for entry in folder.iterdir()
             if entry.name.endswith(".toml")}
    assert files == set(TEMPLATES)
    for name, description in TEMPLATES.items():
        assert description.strip() and "\n" not in description, name


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_new_writes_a_file_that_passes_strict_check(name: str, tmp_path: Path) -> None:
    target = tmp_path / f"My {name.title()} Exercise 2.toml"
    written = run("new", str(target), "--template", name)
    assert written.returncode == 0, written.stderr
    assert str(target) in written.stdout
    text = target.read_text(encoding="utf-8")
    # the schema line comes first, with the way to print the schema it names
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "reconnect schema > exercise.schema.json" in text
    # the id is derived from the file name
    expected_id = f"my-{name}-exercise-2"
    assert f'id = "{expected_id}"' in text
    assert "{{exercise_id}}" not in text
    checked = run("check", "--strict", str(target))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip() == "1 file checked: no problems."
    result = load_text(text)
    assert result.diagnostics == ()
    exercise = result.exercise
    assert exercise is not None and exercise.id == expected_id
    if name in KNOWN_CATEGORIES:
        assert exercise.category == name
    # an editor using the schema finds nothing wrong either
    assert validate(tomllib.loads(text), SCHEMA) == []


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_templates_teach_with_comments_and_walk_to_the_end(name: str, tmp_path: Path) -> None:
    text = new_exercise_text("teach", name)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 8, "a template explains itself to the therapist reading it"
    assert re.search(r"^source = \"Adapted from", text, re.MULTILINE)
    path = tmp_path / "teach.toml"
    path.write_text(text, encoding="utf-8")
    walked = run("walk", str(path), "--runs", "100")
    assert walked.returncode == 0, walked.stdout
    assert "never reached" not in walked.stdout


def test_new_without_a_template_uses_basic(tmp_path: Path) -> None:
    target = tmp_path / "plain.toml"
    assert run("new", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == new_exercise_text("plain", "basic")


def test_an_unknown_template_is_a_usage_error_listing_the_names(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    result = run("new", str(target), "--template", "gratitdue")
    assert result.returncode == 2
    for name in TEMPLATES:
        assert name in result.stderr
    assert not target.exists()
    with pytest.raises(ValueError):
        new_exercise_text("x", "gratitdue")


def test_help_says_what_each_template_is() -> None:
    help_text = " ".join(run("new", "--help").stdout.split())
    for name, description in TEMPLATES.items():
        assert name in help_text
        assert " ".join(description.split()) in help_text, name
