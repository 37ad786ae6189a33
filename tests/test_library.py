"""The library: every folder, bad files reported beside good ones, the id clash (R120), and the
index that spares start-up from parsing unchanged files."""

from __future__ import annotations

import json
import os

from reconnect.format.library import load_library

from conftest import DATA

GOOD = (DATA / "walkthrough.toml").read_text()


def test_r120_two_files_with_one_id(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD)
    library = load_library([tmp_path])
    assert [e.id for e in library.entries] == ["walkthrough"]
    [problem] = library.problems
    assert problem.path.endswith("b.toml")
    assert problem.diagnostics[0].code == "R120"
    assert "already used by" in problem.summary and "a.toml" in problem.summary


def test_a_broken_file_is_reported_and_the_others_load(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "broken.toml").write_text("format = 1\nid = [\n")
    library = load_library([tmp_path])
    assert [e.id for e in library.entries] == ["walkthrough"]
    assert library.problems[0].summary.startswith(str(tmp_path / "broken.toml") + ":")


def test_the_index_skips_unchanged_files_and_notices_changes(tmp_path, monkeypatch):
    folder = tmp_path / "ex"
    folder.mkdir()
    path = folder / "good.toml"
    path.write_text(GOOD)
    index = tmp_path / "data" / "library-index.json"
    first = load_library([folder], index)
    assert first.entry("walkthrough") is not None and index.exists()
    assert oct(index.stat().st_mode & 0o777) == "0o600"

    import reconnect.format.loader as loader

    calls: list[str] = []
    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda p: calls.append(str(p)) or real(p))
    second = load_library([folder], index)
    assert calls == [] and second.entry("walkthrough").title == "Walkthrough"

    stat = path.stat()
    path.write_text(GOOD.replace('title = "Walkthrough"', 'title = "Walkthrough, revised"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    third = load_library([folder], index)
    assert calls == [str(path)]
    assert third.entry("walkthrough").title == "Walkthrough, revised"


def test_a_damaged_index_is_ignored(tmp_path):
    folder = tmp_path / "ex"
    folder.mkdir()
    (folder / "good.toml").write_text(GOOD)
    index = tmp_path / "library-index.json"
    index.write_text("{not json")
    assert load_library([folder], index).entry("walkthrough") is not None
    assert json.loads(index.read_text())["files"]


def test_opening_an_exercise_checks_its_file_again(tmp_path):
    folder = tmp_path / "ex"
    folder.mkdir()
    path = folder / "good.toml"
    path.write_text(GOOD)
    index = tmp_path / "library-index.json"
    load_library([folder], index)
    library = load_library([folder], index)  # from the index: nothing parsed yet
    path.write_text(GOOD.replace('kind = "swap"', 'kind = "swapp"'))
    result = library.load("walkthrough")
    assert result is not None and result.exercise is None
    assert library.get("walkthrough") is None


def test_a_checker_failure_on_one_file_never_stops_the_others(tmp_path, monkeypatch):
    import reconnect.format.loader as loader

    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "odd.toml").write_text(GOOD.replace('id = "walkthrough"', 'id = "odd"'))
    real_run = loader._Checker.run

    def run(self):
        if self.path.endswith("odd.toml"):
            raise KeyError("steps")
        return real_run(self)

    monkeypatch.setattr(loader._Checker, "run", run)
    library = load_library([tmp_path])
    assert [e.id for e in library.entries] == ["walkthrough"]
    assert "could not check this file" in library.problems[0].summary
