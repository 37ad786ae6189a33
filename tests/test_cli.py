"""The command line, run as a person would: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect.format.diagnostics import CODES

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


# from a therapist's hands-on trial -----------------------------------------------------------

WALKTHROUGH = (DATA / "walkthrough.toml").read_text()


def test_check_reports_two_files_with_one_id(tmp_path):
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "a.toml").write_text(WALKTHROUGH)
    (folder / "b.toml").write_text(WALKTHROUGH)
    result = run("check", "--format", "json", str(folder))
    assert result.returncode == 1
    [row] = json.loads(result.stdout)
    assert (row["code"], row["file"], row["line"], row["column"]) == (
        "R120", str(folder / "b.toml"), 2, 6)
    assert row["message"] == f"the id `walkthrough` is also the id of {folder / 'a.toml'}"
    assert row["spans"][1] == {"file": str(folder / "a.toml"), "line": 2, "column": 6,
                               "length": len('"walkthrough"'),
                               "label": "the first file with this id", "primary": False}
    # and `list` now points at the command that gives the details
    listed = run("--exercises", str(folder), "list")
    assert listed.returncode == 1
    assert f"for details run: reconnect check {folder / 'b.toml'}" in listed.stderr
    assert "R120" in run("check", "--format", "concise", str(folder / "b.toml"),
                         "--exercises", str(folder)).stdout


def test_check_reports_a_copy_of_an_installed_exercise(tmp_path):
    copy = tmp_path / "my copy.toml"
    original = ROOT / "exercises" / "time-out.toml"
    copy.write_text(original.read_text())
    result = run("check", "--format", "concise", str(copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{copy}:4:6: error R120: the id `time-out` is already used by the installed exercise "
        f"“Taking a Time-Out” ({original})",
        f"{original}:4:6: note R120: the installed exercise with this id"]
    # a copy in an --exercises folder or the data folder clashes with the bundled one too
    data = tmp_path / "data"
    (data / "exercises").mkdir(parents=True)
    mine = data / "exercises" / "mine.toml"
    mine.write_text(WALKTHROUGH)
    other = tmp_path / "other.toml"
    other.write_text(WALKTHROUGH)
    result = run("--data-dir", str(data), "check", "--format", "concise", str(other))
    assert f"{other}:2:6: error R120: the id `walkthrough` is already used" in result.stdout
    # checking the installed file itself, by any path, is no clash
    assert run("--data-dir", str(data), "check", str(mine)).returncode == 0
    assert run("check", str(ROOT / "exercises")).returncode == 0
    assert run("check", str(ROOT / "exercises" / ".." / "exercises" / "time-out.toml")
               ).returncode == 0


def test_check_shared_out_over_started_processes_speaks_the_language_spoken(
        tmp_path, monkeypatch, capsys):
    """Where processes are started afresh rather than forked (Windows, macOS), each one is
    told the language spoken, so what it finds is said in it."""
    import multiprocessing

    from reconnect import i18n
    from reconnect.cli import quick

    monkeypatch.setattr(quick, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    broken = WALKTHROUGH.replace("either(calm-before) <= 2", "either(calm-before) = 2")
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text(broken.replace(
            'id = "walkthrough"', f'id = "walkthrough-{name}"'))
    with i18n.speaking("es"):
        code = quick.check(quick.Settings(None, [], demo=True), [tmp_path], output="full",
                           strict=False)
    said = capsys.readouterr().out
    assert code == 1
    assert said.count("= ayuda: comparen con `==`\n") == 2, said
    assert "compare with" not in said


def test_global_options_work_after_the_command(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "walkthrough.toml").write_text(WALKTHROUGH)
    before = run("--exercises", str(extra), "list", "--json")
    after = run("list", "--json", "--exercises", str(extra))
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert "walkthrough" in [row["id"] for row in json.loads(after.stdout)]
    where = run("where", "--data-dir", str(tmp_path / "x"), "--exercises", str(extra))
    assert where.returncode == 0, where.stderr
    assert f"data folder:      {tmp_path / 'x'} (not created yet)" in where.stdout
    assert f"extra folder:     {extra}" in where.stdout
    assert run("explain", "R201", "--data-dir", str(tmp_path / "y")).returncode == 0
    assert run("list", "--exercises", str(tmp_path / "none")).returncode == 2


def test_where_says_which_folders_exist_and_creates_yours(tmp_path):
    data = tmp_path / "data"
    shown = run("--data-dir", str(data), "where").stdout.splitlines()
    assert shown[0] == f"data folder:      {data} (not created yet)"
    assert shown[2] == (f"your exercises:   {data / 'exercises'} (not created yet; "
                        "`reconnect where --create` creates it)")
    assert not data.exists()
    created = run("--data-dir", str(data), "where", "--create")
    assert created.returncode == 0
    assert created.stdout.splitlines()[2] == f"your exercises:   {data / 'exercises'} " \
                                             "(created just now)"
    assert (data / "exercises").is_dir()
    assert oct((data / "exercises").stat().st_mode & 0o777) == "0o700"
    assert oct(data.stat().st_mode & 0o777) == "0o700"
    assert run("--data-dir", str(data), "where").stdout.splitlines()[2] == \
        f"your exercises:   {data / 'exercises'}"


def test_a_file_where_the_exercises_folder_should_be(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "exercises").write_text(WALKTHROUGH)  # a copy that became a file called exercises
    listed = run("--data-dir", str(data), "list", "--json")
    assert "walkthrough" not in [row["id"] for row in json.loads(listed.stdout)]
    assert "(a file, not a folder: move it aside)" in run("--data-dir", str(data),
                                                            "where").stdout
    refused = run("--data-dir", str(data), "where", "--create")
    assert refused.returncode == 1 and "is a file, not a folder" in refused.stderr


def test_explain_says_error_or_warning_and_lists_the_codes(tmp_path):
    explained = run("explain", "R116", env={"COLUMNS": "60"}).stdout
    assert explained.startswith("R116 (error): unknown step kind\n\nThis is an error")
    assert max(len(line) for line in explained.splitlines()) <= 60
    assert 'Wrong:\n\n    kind = "ansewr"\n\nFixed:\n\n    kind = "answer"\n' in explained
    assert "This is a warning" in run("explain", "R301").stdout
    unknown = run("explain", "R999")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("reconnect: unknown code 'R999'. The codes are: R100,")
    assert "R306" in unknown.stderr and "Traceback" not in unknown.stderr
    # wrapped over real lines, with every code whole and nothing escaped
    assert "\\x" not in unknown.stderr and unknown.stderr.count("\n") > 1
    codes = " ".join(unknown.stderr.split()).split("The codes are: ")[1].split(". ")[0]
    assert codes.split(", ") == list(CODES)
    hostile = run("explain", "R\x1b[31m")
    assert hostile.returncode == 2 and "\x1b" not in hostile.stderr


@pytest.mark.parametrize("command", ["check", "walk", "new", "preview", "handout", "list",
                                     "where", "explain"])
def test_help_has_no_leftover_type_labels(command):
    text = run(command, "--help").stdout
    for label in ("{", "<list", "<str>", "<int", "<path>", "<Path>", "range>"):
        assert label not in text, (command, label)


def test_new_suggests_the_template_meant(tmp_path):
    result = run("new", str(tmp_path / "x.toml"), "--template", "gratitud")
    assert result.returncode == 2
    assert result.stderr.startswith("reconnect: unknown template 'gratitud'; did you mean "
                                    "`gratitude`? Templates: basic,")
    assert not (tmp_path / "x.toml").exists()


def test_printed_paths_with_spaces_are_quoted(tmp_path):
    result = run("new", "My Exercise.toml", cwd=tmp_path)
    assert result.stdout == ('Wrote "My Exercise.toml". Check it with: reconnect check '
                             '"My Exercise.toml"\n')
    assert run("check", "My Exercise.toml", cwd=tmp_path).returncode == 0


def test_walk_a_folder_and_without_going_back(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.toml").write_text(WALKTHROUGH)
    (folder / "b.toml").write_text(WALKTHROUGH.replace('id = "walkthrough"', 'id = "other"'))
    result = run("walk", str(folder), "--runs", "20")
    assert result.returncode == 0, result.stdout
    assert f"== {folder / 'a.toml'}" in result.stdout and f"== {folder / 'b.toml'}" in \
        result.stdout
    assert result.stdout.count("20 runs (seed 0)") == 2
    assert "back a step and answer again, as couples do, so a step that always follows" in \
        result.stdout
    straight = run("walk", str(folder / "a.toml"), "--runs", "20", "--no-back")
    assert straight.stdout.splitlines()[1] == \
        "Each share is the part of the runs that reached the step; no run went back."


def test_preview_from_an_unknown_step_lists_the_steps(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(WALKTHROUGH)
    result = run("preview", str(path), "--from", "nosuch")
    assert result.returncode == 2
    assert result.stderr.startswith(f"reconnect: {path} has no step 'nosuch'; Its steps are: "
                                    "calm-before, topic, speak,")
    assert "textual" not in result.stderr.lower()
    close = run("preview", str(path), "--from", "speek")
    assert "did you mean `speak`?" in close.stderr


def test_new_from_forks_an_installed_exercise(tmp_path):
    original = (ROOT / "exercises" / "time-out.toml").read_text()
    target = tmp_path / "our-time-out.toml"
    result = run("new", str(target), "--from", "time-out")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Wrote {target} from “Taking a Time-Out” (time-out). Check it "
                             f"with: reconnect check {target}\n")
    text = target.read_text()
    assert 'id = "our-time-out"\n' in text
    assert 'title = "Taking a Time-Out (my version)"\n' in text
    import tomllib

    old, new = tomllib.loads(original), tomllib.loads(text)
    assert new["source"] == old["source"] + "; adapted by (your name)"
    assert {k: v for k, v in new.items() if k not in ("id", "title", "source")} == \
        {k: v for k, v in old.items() if k not in ("id", "title", "source")}
    # the original's comments and layout are kept: only three values and a note differ
    changed = [line for line in text.splitlines() if line not in original.splitlines()]
    assert len(changed) == 5, changed
    assert run("check", str(target)).returncode == 0
    # an unknown id, a taken id, and both options at once are refused
    assert "did you mean `time-out`?" in run("new", str(tmp_path / "a.toml"), "--from",
                                              "time-oot").stderr
    taken = run("new", str(tmp_path / "time-out.toml"), "--from", "time-out")
    assert taken.returncode == 2 and "already used by “Taking a Time-Out”" in taken.stderr
    both = run("new", str(tmp_path / "b.toml"), "--from", "time-out", "--template", "basic")
    assert both.returncode == 2


def test_handout_of_an_installed_exercise_and_of_a_file(tmp_path):
    result = run("handout", "time-out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Taking a Time-Out\n")
    out = tmp_path / "sheet.html"
    written = run("handout", str(ROOT / "exercises" / "time-out.toml"), "--format", "html",
                  "-o", str(out))
    assert written.returncode == 0 and written.stdout == f"Wrote {out}.\n"
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert run("handout", "no-such-exercise").returncode == 2
    assert run("handout", "time-out", "--format", "pdf").returncode == 2


# the fast path: plain check and list lines skip Typer, and mean what Typer would make of them

AGREED = [
    ["list"],
    ["list", "--json"],
    ["--data-dir", "{tmp}/d", "list"],
    ["list", "--data-dir={tmp}/d", "--exercises", "{tmp}/x", "--json"],
    ["--exercises", "{tmp}/x", "list", "--exercises", "{tmp}/y"],
    ["check", "{tmp}/a.toml"],
    ["check", "{tmp}/a.toml", "{tmp}/x", "--strict", "--format", "json"],
    ["check", "--format=github", "{tmp}/a.toml", "--data-dir", "{tmp}/d"],
    ["--data-dir", "{tmp}/d", "check", "{tmp}/a.toml", "--data-dir", "{tmp}/e"],
    ["check", "--format", "concise", "--format", "full", "{tmp}/a.toml"],
    ["--exercises={tmp}/x", "check", "{tmp}/a.toml", "--exercises", "{tmp}/y"],
    ["--lang", "es", "list"],
    ["--country=MX", "--lang=es", "check", "{tmp}/a.toml", "--strict"],
    ["--data-dir", "{tmp}/d", "--country", "gb", "list", "--json"],
    ["--lang", "fr", "--country", "ES", "check", "{tmp}/a.toml"],
]


@pytest.mark.parametrize("argv", AGREED, ids=" ".join)
def test_a_plain_command_line_means_what_typer_makes_of_it(argv, tmp_path, monkeypatch):
    from reconnect.cli import commands, entry, quick

    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
    monkeypatch.delenv("RECONNECT_DATA_DIR", raising=False)
    calls: list[tuple[object, ...]] = []

    def record(name):
        def command(settings, *args, **options):
            from reconnect import i18n

            calls.append((name, settings.data_dir, settings.extra, settings.demo, args,
                          sorted(options.items()), i18n.current(), i18n.country()))
            i18n.install("en")  # the next parser starts from English, as a new process does
            i18n.install_country("")
            return 0
        return command

    monkeypatch.setattr(quick, "list_library", record("list"))
    monkeypatch.setattr(quick, "check", record("check"))
    plain = entry.quick_command(argv)
    assert plain is not None, "this line should take the fast path"
    assert entry._run_quick(plain) == 0
    with pytest.raises(SystemExit) as stopped:
        commands.app(argv, prog_name="reconnect")
    assert stopped.value.code == 0
    assert len(calls) == 2
    assert calls[0] == calls[1]


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--data-dir", "d"],
])
def test_opening_the_app_takes_the_fast_path(argv):
    from reconnect.cli.entry import quick_command

    plain = quick_command(argv)
    assert plain is not None and plain.command == ""


@pytest.mark.parametrize("argv", [
    ["check"], ["check", "--help"], ["list", "-h"], ["--help"], ["--version"],
    ["check", "a.toml", "--format"], ["check", "--", "-odd.toml"], ["list", "extra"],
    ["--demo", "list"], ["check", "a.toml", "--strict=yes"], ["list", "--jsn"],
    ["new", "x.toml"], ["walk", "a.toml"], ["check", "a.toml", "--data-dir", "--strict"],
    ["list", "--lang", "es"], ["check", "a.toml", "--country", "MX"], ["--lang"],
    ["--lang", "--demo"],
])
def test_anything_unusual_goes_to_typer(argv):
    from reconnect.cli.entry import quick_command

    assert quick_command(argv) is None


def test_the_fast_path_reports_like_typer(tmp_path):
    """The same words and exit codes whichever parser read the line."""
    missing = run("check", str(tmp_path / "nothere.toml"))
    assert missing.returncode == 2
    assert missing.stderr == f"reconnect: no such file or folder: {tmp_path}/nothere.toml\n"
    unknown = run("check", str(ROOT / "exercises"), "--format", "xml")
    assert unknown.returncode == 2
    assert "unknown --format 'xml'" in unknown.stderr
    no_folder = run("list", "--exercises", str(tmp_path / "none"))
    assert no_folder.returncode == 2
    assert no_folder.stderr == f"reconnect: no such folder: {tmp_path}/none\n"


def test_the_language_is_chosen_before_any_word_is_made():
    """Help texts are made when the command module is imported: they follow --lang and
    RECONNECT_LANG all the same, and so do messages."""
    spanish = run("--help", env={"RECONNECT_LANG": "es"}).stdout
    assert "Uso: " in spanish and "Muestra este mensaje y termina." in spanish
    assert "[OPCIONES] COMANDO [ARGUMENTOS]..." in spanish
    assert "Show this message" not in spanish
    assert "Usage: " in run("--lang", "en", "--help",
                                     env={"RECONNECT_LANG": "es"}).stdout
    missing = run("--lang", "es", "check", "/no/such/file.toml")
    assert missing.returncode == 2
    assert missing.stderr == "reconnect: no existe el archivo o la carpeta: /no/such/file.toml\n"
    checked = run("check", str(DATA / "walkthrough.toml"), env={"LANG": "es_ES.UTF-8"})
    assert checked.stdout.endswith("1 archivo revisado: ningún problema.\n"), checked.stdout


def test_a_language_with_no_words_yet_is_said_once_and_english_is_spoken():
    for argv in (["--lang", "fr", "list"], ["--lang", "fr_FR", "where"]):
        done = run(*argv)
        assert done.returncode == 0, argv
        assert done.stderr == (f"reconnect: no words for '{argv[1]}' yet; speaking en "
                               "(languages: en, es)\n"), argv
    assert run("--lang", "es-MX", "list").stderr == ""  # Spanish, for Mexico: spoken


def test_lang_and_country_belong_before_the_command():
    for argv in (["list", "--lang", "es"], ["where", "--country", "ES"]):
        refused = run(*argv)
        assert refused.returncode == 2, argv
        assert "No such option" in refused.stderr


def test_the_handout_carries_the_helplines_of_the_country_chosen():
    spain = run("--country", "ES", "handout", "time-out").stdout
    assert "016" in spain and "024" in spain and "0808 2000 247" not in spain
    mexico = run("handout", "time-out", env={"LANG": "es_MX.UTF-8"}).stdout
    assert "800 911 2000" in mexico
    assert "## Seguridad" in mexico  # the Spanish words, as the locale says
    general = run("handout", "time-out").stdout
    assert all(number in general for number in ("0808 2000 247", "1-800-799-7233", "116 123"))
