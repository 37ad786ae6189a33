"""The command line: thin commands over the core. The TUI is imported only by the commands that
open it, so ``--help``, ``list`` and ``check`` never pay for Textual."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from reconnect import __version__, locations

app = typer.Typer(
    name="reconnect",
    help="A calm companion for couples' exercises: whose turn it is, what to say, for how long.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", metavar="DIR",
                 help="Where progress is saved (default: your data folder; "
                 f"also ${locations.ENV_DATA_DIR}).", show_default=False),
]
ExercisesOption = Annotated[
    list[Path] | None,
    typer.Option("--exercises", metavar="DIR",
                 help="An extra folder of exercise files (repeatable).",
                 show_default=False),
]


PROGRESS_FROM = 50
"""``check`` shows a progress bar on a terminal from this many files."""
PARALLEL_FROM = 64
"""``check`` shares the work out over the processor's cores from this many files."""


class Settings:
    """What the top-level options said, shared with the sub-commands."""

    def __init__(self, data_dir: Path | None, extra: list[Path], demo: bool,
                 plain: bool = False) -> None:
        self.data_dir = locations.data_dir(data_dir)
        self.extra = extra
        self.demo = demo
        self.plain = plain

    def folders(self) -> list[Path]:
        folders = [locations.bundled_exercises_dir()]
        if not self.demo:
            folders.append(locations.user_exercises_dir(self.data_dir))
        return folders + self.extra


def _fail(message: str, code: int) -> None:
    typer.echo(f"reconnect: {message}", err=True)
    raise typer.Exit(code)


def _check_folders(extra: list[Path]) -> None:
    for folder in extra:
        if not folder.is_dir():
            _fail(f"no such folder: {folder}", 2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reconnect {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_command(
    context: typer.Context,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
    demo: Annotated[bool, typer.Option("--demo", help="Demonstration mode: nothing is saved, "
                                       "facilitator notes are shown.")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="Line by line, for screen readers, "
                                        "braille displays and simple terminals (also "
                                        "TERM=dumb or RECONNECT_PLAIN=1).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Open reconnect (the home screen) when no command is given."""
    extra = list(exercises or [])
    _check_folders(extra)
    context.obj = Settings(data_dir, extra, demo, plain)
    if context.invoked_subcommand is None:
        _run_tui(context.obj)


def _run_tui(settings: Settings, preview: Path | None = None, start_at: str | None = None) -> None:
    from reconnect.cli.entry import plain_wanted

    if plain_wanted(settings.plain):
        from reconnect.plain.home import launch as launch_plain

        raise typer.Exit(launch_plain(data_dir=settings.data_dir, folders=settings.folders(),
                                      demo=settings.demo, preview=preview, start_at=start_at))
    from reconnect.tui.launch import launch  # Textual is imported here, and only here

    code = launch(data_dir=settings.data_dir, folders=settings.folders(), demo=settings.demo,
                  preview=preview, start_at=start_at)
    raise typer.Exit(code)


@app.command("list")
def list_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the exercise library, and any exercise file that has a problem (exit 1 then)."""
    from reconnect.format.library import load_library

    settings: Settings = context.obj
    library = load_library(settings.folders())
    if as_json:
        rows = [entry._asdict() for group in library.by_category().values() for entry in group]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for category, group in library.by_category().items():
            typer.echo(category)
            for exercise in group:
                typer.echo(f"  {exercise.id:<30} {exercise.minutes:>3} min  {exercise.title}")
    for problem in library.problems:
        typer.echo(f"problem: {problem.summary}", err=True)
    if library.problems:
        typer.echo(f"{len(library.problems)} exercise file(s) could not be loaded; "
                   "run `reconnect check` on them for details.", err=True)
        raise typer.Exit(1)  # everything that loads is listed; the exit code says not all did


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Exercise files or folders.",
                                                 show_default=False)],
    output: Annotated[str, typer.Option("--format", help="full, concise, json or github.")]
    = "full",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
) -> None:
    """Check exercise files: every problem in one pass. Exit 0 clean, 1 problems, 2 usage."""
    from reconnect.format.library import exercise_files
    from reconnect.format.report import FORMATS, render, summary

    if output not in FORMATS:
        _fail(f"unknown --format {output!r}; use one of {', '.join(FORMATS)}", 2)
    missing = [path for path in paths if not path.exists()]
    if missing:
        _fail("no such file or folder: " + ", ".join(str(path) for path in missing), 2)
    files = exercise_files(paths)
    if not files:
        _fail("no .toml files found in " + ", ".join(str(path) for path in paths), 2)
    diagnostics = [d for found in _check_all(files) for d in found]
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if output == "json":
        typer.echo(render(diagnostics, "json"))
    else:
        if diagnostics:
            typer.echo(render(diagnostics, output))
        if output == "full":
            typer.echo(summary(len(files), errors, warnings))
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _diagnostics_of(path: Path) -> tuple[Any, ...]:
    from reconnect.core.advice import check_file

    return check_file(path).diagnostics


def _check_all(files: list[Path]) -> list[tuple[Any, ...]]:
    """Every file's diagnostics, in order. Many files are shared out over the processor's cores
    (each file is independent), and on a terminal a progress bar shows how far it has got."""
    results: Iterable[tuple[Any, ...]]
    pool = None
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_FROM and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        results = pool.map(_diagnostics_of, files, chunksize=max(1, len(files) // (workers * 8)))
    else:
        results = map(_diagnostics_of, files)
    try:
        if len(files) < PROGRESS_FROM or not sys.stderr.isatty():
            return list(results)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        collected = []
        with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                      console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("check", total=len(files))
            for diagnostics in results:
                collected.append(diagnostics)
                progress.advance(task)
        return collected
    finally:
        if pool is not None:
            pool.shutdown()


@app.command("new")
def new_command(
    file: Annotated[Path, typer.Argument(help="The exercise file to create.",
                                         show_default=False)],
    template: Annotated[str, typer.Option(
        "--template", metavar="NAME", help="Which starting point: basic, active-listening, "
        "gratitude, conflict-de-escalation or connection.")] = "basic",
) -> None:
    """Write a valid, commented exercise file to start from.

    \b
    Templates:
      basic                   a short speaker-listener exercise with a calm check-in
                              and a break (the default)
      active-listening        speak, listen, say back what you heard, then swap roles
      gratitude               private thank-yous revealed side by side, then told in turns
      conflict-de-escalation  raise one small issue gently, with a break when it runs hot
      connection              guess each other's answer, compare, then hear the real one
    """
    from reconnect.format.templates import TEMPLATES, new_exercise_text

    if template not in TEMPLATES:
        _fail(f"unknown template {template!r}; choose one of {', '.join(TEMPLATES)} "
              "(`reconnect new --help` says what each is)", 2)
    if file.suffix != ".toml":
        _fail(f"{file} should end in .toml", 2)
    if file.exists():
        _fail(f"{file} already exists; choose another name (nothing was changed)", 2)
    if not file.parent.is_dir():
        _fail(f"no such folder: {file.parent}", 2)
    try:
        with open(file, "x", encoding="utf-8") as handle:
            handle.write(new_exercise_text(file.stem, template))
    except OSError as error:
        _fail(f"cannot write {file}: {error.strerror or error}", 1)
    typer.echo(f"Wrote {file}. Check it with: reconnect check {file}")


@app.command("preview")
def preview_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help="The exercise file to run.",
                                         show_default=False)],
    start: Annotated[str | None, typer.Option("--from", help="Start at this step id.",
                                                 show_default=False)] = None,
    plain: Annotated[bool, typer.Option("--plain", help="Line by line (see reconnect "
                                        "--help).")] = False,
) -> None:
    """Run one exercise file in demonstration mode, with sample names; nothing is saved."""
    if not file.is_file():
        _fail(f"no such file: {file}", 2)
    settings: Settings = context.obj
    settings.demo = True
    settings.plain = settings.plain or plain
    _run_tui(settings, preview=file, start_at=start)


@app.command("serve")
def serve_command(
    context: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on. Only a "
                                      "loopback address unless --allow-remote.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="The port (default: a free one).",
                                      show_default=False)] = 0,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow an address other computers can reach. Anyone who can "
        "reach it can open your sessions.")] = False,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the link in your "
                                               "browser.")] = False,
) -> None:
    """The same app in a browser tab (each tab is its own reconnect), on this computer only.

    Prints a link with a token that changes at every start. Ctrl+C stops it; everything is
    saved as in the terminal. Needs the web extra: pip install 'reconnect[web]'.
    """
    from importlib.util import find_spec

    if find_spec("textual_serve") is None:
        _fail("the browser mode needs its extra: pip install 'reconnect[web]'", 1)
    from reconnect.web.serve import serve

    settings: Settings = context.obj
    raise typer.Exit(serve(host=host, port=port, allow_remote=allow_remote,
                           open_browser=open_browser, demo=settings.demo,
                           data_dir=settings.data_dir, extra=settings.extra))


@app.command("walk")
def walk_command(
    file: Annotated[Path, typer.Argument(help="The exercise file to play through.",
                                         show_default=False)],
    runs: Annotated[int, typer.Option("--runs", min=1, max=100_000,
                                      help="How many playthroughs.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same runs.")] = 0,
) -> None:
    """Play an exercise many times with random answers: which steps are reached, which never.
    Exit 1 when a run gets stuck or the file has errors."""
    from reconnect.format import load_file
    from reconnect.format.report import render
    from reconnect.reports.walk import walk


    if not file.is_file():
        _fail(f"no such file: {file}", 2)
    result = load_file(file)
    if result.exercise is None:
        typer.echo(render(result.diagnostics))
        raise typer.Exit(1)
    report = walk(result.exercise, runs=runs, seed=seed)
    width = max(len(step_id) for step_id in report.reached)
    typer.echo(f"{report.runs} runs (seed {seed}): {report.finished} reached the end.")
    for step_id, count in report.reached.items():
        share = f"{100 * count / report.runs:5.1f}%"
        typer.echo(f"  {step_id:<{width}}  {share}  {'never reached' if not count else ''}"
                   .rstrip())
    if report.never_reached:
        typer.echo("never reached: " + ", ".join(report.never_reached))
    for line in report.stuck[:10]:
        typer.echo(f"stuck: {line}")
    if report.stuck:
        raise typer.Exit(1)


@app.command("explain")
def explain_command(code: Annotated[str, typer.Argument(help="A code such as R201.")]) -> None:
    """Explain a diagnostic code in plain words."""
    from reconnect.format.loader import explain

    text = explain(code)
    if text is None:
        _fail(f"unknown code {code!r}", 2)
    typer.echo(text)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of exercise files, for editors (Taplo, Tombi, VS Code)."""
    from importlib import resources

    typer.echo(resources.files("reconnect.format").joinpath("exercise.schema.json")
               .read_text(encoding="utf-8"), nl=False)


@app.command("where")
def where_command(context: typer.Context) -> None:
    """Show where reconnect keeps progress and looks for exercises."""
    settings: Settings = context.obj
    typer.echo(f"data folder:      {settings.data_dir}")
    typer.echo(f"database:         {locations.database_path(settings.data_dir)}")
    typer.echo(f"your exercises:   {locations.user_exercises_dir(settings.data_dir)}")
    typer.echo(f"bundled:          {locations.bundled_exercises_dir()}")


def main() -> None:
    """Entry point: no traceback ever reaches the person at the keyboard."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("RECONNECT_DEBUG"):
            raise
        typer.echo(f"reconnect: something went wrong: {error}. Nothing saved was lost; "
                   "set RECONNECT_DEBUG=1 to see details.", err=True)
        sys.exit(1)
