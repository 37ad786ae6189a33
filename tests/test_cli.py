"""The command line, run as a person would: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
                               **(env or {})})


def test_version_and_help():
    from reconnect import __version__

    assert run("--version").stdout.strip() == f"reconnect {__version__}"
    help_text = run("--help").stdout
    for command in ("list", "check", "new", "preview", "explain"):
        assert command in help_text


def test_list_json_has_the_documented_fields(tmp_path):
    result = run("--data-dir", str(tmp_path / "d"), "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "the bundled library is empty"
    for row in rows:
        assert {"id", "title", "category", "minutes", "path"} <= set(row)
        assert Path(row["path"]).is_file()
    assert not (tmp_path / "d").exists()  # listing writes nothing


def test_list_reports_a_broken_file_beside_good_ones(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "walkthrough.toml").write_text((DATA / "walkthrough.toml").read_text())
    (extra / "broken.toml").write_text("format = 1\nid = \n")
    result = run("--exercises", str(extra), "list", "--json")
    assert result.returncode == 1  # the good ones are listed; the exit code says not all
    assert "walkthrough" in [row["id"] for row in json.loads(result.stdout)]
    assert "broken.toml:2" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_exit_codes(tmp_path):
    assert run("check", str(ROOT / "exercises")).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text((DATA / "walkthrough.toml").read_text().replace('goto = "speak"',
                                                                     'goto = "spek"'))
    result = run("check", str(bad))
    assert result.returncode == 1
    assert "error[R201]" in result.stdout and f"{bad}:" in result.stdout
    assert "did you mean `speak`?" in result.stdout
    missing = run("check", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert run("check").returncode == 2


def test_check_formats(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\nid = \"Bad Id\"\n")
    concise = run("check", "--format", "concise", str(bad)).stdout
    assert f"{bad}:2:6: error R114" in concise
    rows = json.loads(run("check", "--format", "json", str(bad)).stdout)
    assert {"file", "line", "column", "code", "message"} <= set(rows[0])
    github = run("check", "--format", "github", str(bad)).stdout
    assert github.startswith("::error file=")
    assert run("check", "--format", "xml", str(bad)).returncode == 2


def test_check_refuses_huge_and_deeply_nested_files_quickly(tmp_path):
    huge = tmp_path / "huge.toml"
    huge.write_text("x = 1\n" * 200_000)
    nested = tmp_path / "nested.toml"
    nested.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run("check", "--format", "concise", str(huge), str(nested))
    assert result.returncode == 1
    assert "R101" in result.stdout and "R102" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_new_writes_a_valid_file_and_never_overwrites(tmp_path):
    target = tmp_path / "My Exercise.toml"
    assert run("new", str(target)).returncode == 0
    assert 'id = "my-exercise"' in target.read_text()
    assert run("check", "--strict", str(target)).returncode == 0
    before = target.read_text()
    again = run("new", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_text() == before


def test_explain_and_where(tmp_path):
    assert "goto" in run("explain", "R201").stdout
    assert run("explain", "R999").returncode == 2
    where = run("--data-dir", str(tmp_path / "x"), "where").stdout
    assert str(tmp_path / "x") in where


def test_unwritable_data_folder_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("--data-dir", str(blocker / "data"))
    assert result.returncode == 1
    assert "--demo" in result.stderr and "Traceback" not in result.stderr


def test_missing_exercises_folder_is_a_usage_error(tmp_path):
    result = run("--exercises", str(tmp_path / "none"), "list")
    assert result.returncode == 2 and "no such folder" in result.stderr


@pytest.mark.parametrize("args", [["preview"], ["new"], ["explain"]])
def test_missing_arguments_are_usage_errors(args):
    assert run(*args).returncode == 2
