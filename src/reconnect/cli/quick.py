"""The commands an author runs over and over, ``check`` and ``list``, in plain Python.

An editor runs ``reconnect check FILE`` on every save, so its cost is mostly start-up. Typer
builds its whole command model when it is imported, which alone costs more than checking a
file; so :mod:`reconnect.cli.entry` parses a plain ``check`` or ``list`` command line itself and
calls these functions directly. The Typer commands in :mod:`reconnect.cli.commands` call the
same functions, and stay the one description of the command line: anything unusual (``--help``,
an unknown option, a mistake) goes to them, and a test holds the two parsers to the same
results.

Each command returns its exit code: 0 clean, 1 problems, 2 a usage mistake.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from reconnect import locations
from reconnect.i18n import _, ngettext
from reconnect.text import printable

PROGRESS_FROM = 50
"""``check`` shows a progress bar on a terminal from this many files."""
PARALLEL_FROM = 64
"""``check`` shares the work out over the processor's cores from this many files."""


class Settings:
    """What the options for every command said: the data folder, extra exercise folders,
    whether this is a demonstration, and whether the line mode was asked for."""

    def __init__(self, data_dir: Path | str | None, extra: Sequence[Path], demo: bool,
                 plain: bool = False) -> None:
        self.data_dir = locations.data_dir(data_dir)
        self.extra = list(extra)
        self.demo = demo
        self.plain = plain

    def folders(self) -> list[Path]:
        folders = [locations.bundled_exercises_dir()]
        if not self.demo:
            folders.append(locations.user_exercises_dir(self.data_dir))
        return folders + self.extra


class Stop(Exception):
    """A command stops early with this exit code (its message is already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def fail(message: str, code: int) -> NoReturn:
    # messages name files and folders, whose names may hold terminal control characters
    print(f"reconnect: {printable(message)}", file=sys.stderr)
    raise Stop(code)


def check_folders(extra: Iterable[Path]) -> None:
    for folder in extra:
        if not folder.is_dir():
            fail(_("no such folder: {folder}").format(folder=shell(folder)), 2)


def shell(path: Path | str) -> str:
    """A path as it can be typed back into a shell: quoted when it holds spaces or other
    characters a shell would read (``"My Exercise.toml"``)."""
    text = str(path)
    if re.fullmatch(r"[\w@%+=:,./~-]+", text):
        return text
    for char in ("\\", '"', "$", "`"):
        text = text.replace(char, "\\" + char)
    return printable(f'"{text}"')  # a control character is shown, never obeyed


def shown(path: Path) -> str:
    """A path for a person to read: as it is, except that control characters are shown."""
    return printable(str(path))


def list_library(settings: Settings, *, as_json: bool) -> int:
    """``reconnect list``: the library by category, and any exercise file with a problem named
    on stderr (exit 1 then)."""
    try:
        return _list_library(settings, as_json)
    except Stop as stop:
        return stop.code


def check(settings: Settings, paths: Sequence[Path], *, output: str, strict: bool) -> int:
    """``reconnect check``: every problem of every file in one pass, and any two files (or a
    file and an installed exercise) that share an id."""
    try:
        return _check(settings, paths, output, strict)
    except Stop as stop:
        return stop.code


def _list_library(settings: Settings, as_json: bool) -> int:
    from reconnect.format.library import load_library

    check_folders(settings.extra)
    library = load_library(settings.folders())
    out = sys.stdout
    if as_json:
        rows = [entry._asdict() for group in library.by_category().values() for entry in group]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        for category, group in library.by_category().items():
            out.write(category + "\n")
            for exercise in group:
                # Translators: a short unit after a number of minutes, in `reconnect list`
                minutes = _("{minutes} min").format(minutes=f"{exercise.minutes:>3}")
                out.write(f"  {exercise.id:<30} {minutes}  {exercise.title}\n")
    out.flush()
    for problem in library.problems:
        print(_("problem: {summary}").format(summary=problem.summary), file=sys.stderr)
    if library.problems:
        names = " ".join(shell(problem.path) for problem in library.problems[:5])
        count = len(library.problems)
        print(ngettext("{count} exercise file could not be loaded; for details run: {command}",
                       "{count} exercise files could not be loaded; for details run: "
                       "{command}", count).format(count=count,
                                                  command=f"reconnect check {names}"),
              file=sys.stderr)
        return 1  # everything that loads is listed; the exit code says not all did
    return 0


def _check(settings: Settings, paths: Sequence[Path], output: str, strict: bool) -> int:
    from reconnect.format.library import Checked, exercise_files, id_clashes, load_library
    from reconnect.format.report import FORMATS, render, summary

    check_folders(settings.extra)
    if output not in FORMATS:
        fail(_("unknown --format {given}; use one of {known}").format(
            given=repr(output), known=", ".join(FORMATS)), 2)
    missing = [path for path in paths if not path.exists()]
    if missing:
        fail(_("no such file or folder: {paths}").format(
            paths=", ".join(shell(path) for path in missing)), 2)
    files = exercise_files(list(paths))
    if not files:
        fail(_("no .toml files found in {paths}").format(
            paths=", ".join(shell(path) for path in paths)), 2)
    checked = _check_all(files)
    # the installed library from its small index: no bundled file is checked again
    library = load_library(settings.folders(), locations.library_index_path(settings.data_dir),
                           save=settings.data_dir.is_dir())
    clashes = id_clashes([Checked(str(path), *found.file)
                          for path, found in zip(files, checked, strict=True)], library)
    compared = _translations(files, checked, library)
    diagnostics = []
    for path, found in zip(files, checked, strict=True):
        more = list(compared.get(str(path), ()))
        clash = clashes.get(str(path))
        if clash is not None:
            more.append(clash)
        diagnostics += sorted([*found.diagnostics, *more],
                              key=lambda d: (d.line or 0, d.column or 0)) \
            if more else list(found.diagnostics)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    out = sys.stdout
    if output == "json":
        out.write(render(diagnostics, "json") + "\n")
    else:
        if diagnostics:
            out.write(render(diagnostics, output) + "\n")
        if output == "full":
            out.write(summary(len(files), errors, warnings) + "\n")
    out.flush()
    return 1 if errors or (strict and warnings) else 0


class _Found(NamedTuple):
    """What checking one file gave: its diagnostics; its id, language and `translation_of`
    (for clashes and translations); and, for a translation that loads, the exercise, to
    compare with its original."""

    diagnostics: tuple[Any, ...]
    file: tuple[str | None, str, str]
    translation: Any = None


def _translations(files: list[Path], checked: list[_Found], library: Any) -> dict[str, Any]:
    """Each translation compared with its original, by file: the original is the first file
    checked with its id that is no translation, else the installed one."""
    if all(found.translation is None for found in checked):
        return {}
    from reconnect.format.translations import check_translation, original_path_of

    ids = [(str(path), found.file[0], found.file[2])
           for path, found in zip(files, checked, strict=True)]
    compared = {}
    for path, found in zip(files, checked, strict=True):
        exercise = found.translation
        if exercise is None:
            continue
        installed = library.original(exercise.id)
        original = original_path_of(exercise.id, ids,
                                    installed.path if installed is not None else None)
        compared[str(path)] = check_translation(exercise, original)
    return compared


def _diagnostics_of(path: Path) -> _Found:
    from reconnect.core.advice import check_file

    result = check_file(path)
    exercise = result.exercise
    translation = exercise if exercise is not None and exercise.translation_of else None
    return _Found(result.diagnostics,
                  (result.exercise_id, result.language, result.translation_of), translation)


def _check_all(files: list[Path]) -> list[_Found]:
    """Every file's diagnostics and id, in order. Many files are shared out over the
    processor's cores (each file is independent), and on a terminal a progress bar shows how
    far it has got."""
    results: Iterable[_Found]
    pool = None
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_FROM and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from reconnect import i18n

        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else "spawn")
        if fork:  # a forked worker speaks the language spoken here
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        else:  # a started one is told which
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                       initializer=i18n.install, initargs=(i18n.current(),))
        results = pool.map(_diagnostics_of, files, chunksize=max(1, len(files) // (workers * 8)))
    else:
        results = map(_diagnostics_of, files)
    try:
        if len(files) < PROGRESS_FROM or not sys.stderr.isatty():
            return list(results)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        collected = []
        # markup=False: a translation is shown as written
        with Progress(TextColumn(_("checking"), markup=False), BarColumn(), MofNCompleteColumn(),
                      console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("check", total=len(files))
            for found in results:
                collected.append(found)
                progress.advance(task)
        return collected
    finally:
        if pool is not None:
            pool.shutdown()
