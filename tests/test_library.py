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


def test_the_index_says_a_file_s_problems_again_in_the_language_spoken(tmp_path):
    """A file's problems are kept in the index in the words they were said in; spoken in
    another language, they are said again in it."""
    from reconnect import i18n

    folder = tmp_path / "ex"
    folder.mkdir()
    (folder / "broken.toml").write_text(GOOD.replace("either(calm-before) <= 2",
                                                     "either(calm-before) = 2"))
    index = tmp_path / "data" / "library-index.json"

    def hint() -> str:
        [problem] = load_library([folder], index).problems
        [diagnostic] = problem.diagnostics
        assert diagnostic.code == "R203"
        return diagnostic.hint

    assert hint() == "compare with `==`"
    assert json.loads(index.read_text())["files"][str(folder / "broken.toml")]["spoken"] == "en"
    with i18n.speaking("es"):
        assert hint() == "comparen con `==`"
    assert hint() == "compare with `==`"


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


def test_the_shipped_index_of_bundled_exercises_is_current() -> None:
    from importlib import resources

    from reconnect.generate.bundled_index import index_text

    shipped = resources.files("reconnect.format").joinpath("bundled-index.json").read_text("utf-8")
    assert shipped == index_text(), ("the bundled index is out of date; regenerate it with: "
                                     "python -m reconnect.generate.bundled_index > "
                                     "src/reconnect/format/bundled-index.json")


def test_a_first_start_reads_bundled_exercises_from_the_index_without_parsing(monkeypatch):
    from reconnect import locations
    from reconnect.format import library as library_module

    parsed: list[str] = []
    real = library_module._record
    monkeypatch.setattr(library_module, "_record",
                        lambda path: parsed.append(path.name) or real(path))
    found = library_module.load_library([locations.bundled_exercises_dir()])
    assert len(found.entries) >= 24 and not found.problems
    assert parsed == []  # every title came from the index made at build time
    # an opened exercise is still parsed and checked in full
    assert found.get(found.entries[0].id) is not None


def test_an_edited_bundled_file_is_checked_again(tmp_path, monkeypatch):
    import shutil

    from reconnect import locations
    from reconnect.format.library import load_library

    copy = tmp_path / "bundled"
    shutil.copytree(locations.bundled_exercises_dir(), copy)
    monkeypatch.setattr(locations, "bundled_exercises_dir", lambda: copy)
    edited = copy / "time-out.toml"
    edited.write_text(edited.read_text().replace('title = "Taking a Time-Out"',
                                                 'title = "Our Own Time-Out"'))
    titles = {entry.title for entry in load_library([copy]).entries}
    assert "Our Own Time-Out" in titles and "Taking a Time-Out" not in titles
