"""The command line: thin commands over the core. The TUI is imported only by the commands that
open it, so ``--help``, ``list`` and ``check`` never pay for Textual."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from reconnect import __version__, locations
from reconnect.cli import quick
from reconnect.cli.quick import Settings, shell, shown
from reconnect.errors import ReconnectError
from reconnect.text import printable


def _plain(params: Iterable[Any]) -> None:
    """Help as a therapist reads it: an argument is shown by its name alone (``PATH...``),
    without Typer's type labels (``{paths}...``, ``<list[Path]>``, ``<path>``)."""
    for param in params:
        if isinstance(param, typer.core.TyperArgument):
            name = param.metavar or (param.name or "").upper()
            usage = name if param.required else f"[{name}]"
            # instance attributes in place of two methods (Typer has no option for this)
            param.__dict__["display_type_rich"] = lambda ctx: None
            param.__dict__["_usage_display_name"] = lambda usage=usage: usage
            param.__dict__["make_metavar"] = (
                lambda ctx, *, usage=False, line=usage, name=name: line if usage else name)


class _PlainCommand(typer.core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.params)


class _PlainGroup(typer.core.TyperGroup):
    command_class = _PlainCommand


app = typer.Typer(
    name="reconnect",
    cls=_PlainGroup,
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
"""``--data-dir`` and ``--exercises`` work for every command, before or after its name
(``reconnect --exercises DIR list`` and ``reconnect list --exercises DIR`` alike)."""


def _settings(context: typer.Context, data_dir: Path | None = None,
              exercises: list[Path] | None = None) -> Settings:
    """The settings, with the options given after the command name added."""
    settings = context.obj
    if not isinstance(settings, Settings):  # a command called without the main callback
        settings = Settings(None, [], False)
        context.obj = settings
    if data_dir is not None:
        settings.data_dir = locations.data_dir(data_dir)
    extra = list(exercises or [])
    _check_folders(extra)
    settings.extra = settings.extra + extra
    return settings


def _fail(message: str, code: int) -> NoReturn:
    try:
        quick.fail(message, code)
    except quick.Stop as stop:
        raise typer.Exit(stop.code) from None


def _check_folders(extra: list[Path]) -> None:
    try:
        quick.check_folders(extra)
    except quick.Stop as stop:
        raise typer.Exit(stop.code) from None


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


@app.command(cls=_PlainCommand, name="list")
def list_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """List the exercise library, and any exercise file that has a problem (exit 1 then)."""
    raise typer.Exit(quick.list_library(_settings(context, data_dir, exercises), as_json=as_json))


@app.command(cls=_PlainCommand, name="check")
def check_command(
    context: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Exercise files or folders.",
                                                 metavar="PATH...", show_default=False)],
    output: Annotated[str, typer.Option("--format", metavar="FORMAT",
                                        help="full, concise, json or github.")] = "full",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Check exercise files: every problem in one pass. Exit 0 clean, 1 problems, 2 usage.

    Two files with the same id are a problem (R120), and so is a file whose id is already
    used by an installed exercise (bundled, in the data folder, or in --exercises folders)."""
    settings = _settings(context, data_dir, exercises)
    raise typer.Exit(quick.check(settings, paths, output=output, strict=strict))


@app.command(cls=_PlainCommand, name="new")
def new_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help="The exercise file to create.", metavar="FILE",
                                         show_default=False)],
    template: Annotated[str | None, typer.Option(
        "--template", metavar="NAME", help="Which starting point: basic (the default), "
        "active-listening, gratitude, conflict-de-escalation or connection.",
        show_default=False)] = None,
    original: Annotated[str | None, typer.Option(
        "--from", metavar="ID", help="Start from a copy of an exercise in the library (bundled "
        "or installed), to adapt it.", show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--lang", metavar="LANG", help="With --from: start a translation of the exercise into "
        "this language (a tag such as es or es-MX) instead of a copy.",
        show_default=False)] = None,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Write a valid, commented exercise file to start from: a template, a copy of an
    exercise in the library to adapt (--from ID), or a translation of one (--from ID --lang
    LANG). The new exercise's id comes from the file name; a translation keeps the id of
    its original.

    \b
    Templates:
      basic                   a short speaker-listener exercise with a calm check-in
                              and a break (the default)
      active-listening        speak, listen, say back what you heard, then swap roles
      gratitude               private thank-yous revealed side by side, then told in turns
      conflict-de-escalation  raise one small issue gently, with a break when it runs hot
      connection              guess each other's answer, compare, then hear the real one

    \b
    A copy made with --from keeps the original's comments, layout and credit; its title
    gets "(my version)" and its credit "; adapted by (your name)".

    \b
    A translation made with --from ID --lang LANG is the original with `language` and
    `translation_of` set and every text marked "[to translate]": reconnect check lists
    the texts left to translate, and anything else that differs from the original.
    """
    from reconnect.format.diagnostics import did_you_mean
    from reconnect.format.templates import (
        DEFAULT_TEMPLATE,
        TEMPLATES,
        fork_text,
        id_from_file_name,
        new_exercise_text,
    )

    settings = _settings(context, data_dir, exercises)
    if template is not None and original is not None:
        _fail("use --template or --from, not both", 2)
    if language is not None and original is None:
        _fail("--lang starts a translation of an exercise in the library: add --from ID, the "
              "exercise to translate", 2)
    if language is not None:
        from reconnect.format.languages import is_language_tag, tag_hint

        if not is_language_tag(language):
            _fail(f"{language!r} is not a language tag; {tag_hint(language)}", 2)
    if template is not None and template not in TEMPLATES:
        close = did_you_mean(template, TEMPLATES)
        _fail(f"unknown template {template!r}; {close + ' ' if close else ''}Templates: "
              f"{', '.join(TEMPLATES)} (`reconnect new --help` says what each is)", 2)
    if file.suffix != ".toml":
        _fail(f"{shell(file)} should end in .toml", 2)
    if file.exists():
        _fail(f"{shell(file)} already exists; choose another name (nothing was changed)", 2)
    if not file.parent.is_dir():
        _fail(f"no such folder: {shell(file.parent)}", 2)
    new_id = id_from_file_name(file.stem)
    if original is None:
        text = new_exercise_text(file.stem, template or DEFAULT_TEMPLATE)
        made = ""
    elif language is not None:
        text, made = _translation(settings, original, language)
    else:
        text, made = _fork(settings, original, new_id)
        text = fork_text(text, new_id)
    try:
        with open(file, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        from reconnect.files import os_cause

        _fail(f"cannot write {shell(file)}: {os_cause(error)}", 1)
    typer.echo(f"Wrote {shell(file)}{made}. Check it with: reconnect check {shell(file)}")


def _fork(settings: Settings, original: str, new_id: str) -> tuple[str, str]:
    """The text of the library's exercise ``original`` and the words "from ..." for the
    message; usage errors for an unknown id or a new id that is already taken."""
    from reconnect.format.diagnostics import did_you_mean
    from reconnect.format.library import load_library

    library = load_library(settings.folders())
    entry = library.entry(original)
    if entry is None:
        ids = [known.id for known in library.entries]
        close = did_you_mean(original, ids)
        _fail(f"no exercise in the library has the id {original!r}; "
              + (close or "`reconnect list` shows them all"), 2)
    taken = library.entry(new_id)
    if taken is not None:
        _fail(f"the id `{new_id}` (from the file name) is already used by “{taken.title}” "
              f"({shell(taken.path)}); choose another file name, such as "
              f"my-{new_id}.toml", 2)
    text, _exercise = _library_file(entry.path, original)
    return text, f" from “{entry.title}” ({original})"


def _library_file(path: str, exercise_id: str) -> tuple[str, Any]:
    """The text of a library's exercise file, and the exercise it holds; exit 1 when it has
    problems of its own or cannot be read."""
    from reconnect.format import load_file

    exercise = load_file(path).exercise  # the file may have changed since it was listed
    if exercise is None:
        _fail(f"the exercise {exercise_id!r} has problems of its own; run: reconnect check "
              f"{shell(path)}", 1)
    try:
        return Path(path).read_text(encoding="utf-8-sig"), exercise
    except OSError as error:
        from reconnect.files import os_cause

        _fail(f"cannot read {shell(path)}: {os_cause(error)}", 1)


def _translation(settings: Settings, original: str, language: str) -> tuple[str, str]:
    """The start of a translation of the library's exercise ``original`` into ``language``,
    and the words "a translation of ..." for the message; usage errors when there is no such
    exercise, or it is already in that language."""
    from reconnect.format.diagnostics import did_you_mean
    from reconnect.format.languages import same_tag, version_of
    from reconnect.format.library import load_library
    from reconnect.format.templates import translation_text

    library = load_library(settings.folders())
    entry = library.original(original)
    if entry is None:
        ids = [known.id for known in library.entries]
        close = did_you_mean(original, ids)
        has = "only translations of it" if library.versions_of(original) else "no exercise"
        _fail(f"the library has {has} with the id {original!r}; "
              + (close or "`reconnect list` shows them all"), 2)
    done = next((version for version in library.versions_of(original)
                 if same_tag(version.language, language)), None)
    if done is not None:
        what = "is written in" if done is entry else "already has a translation into"
        _fail(f"“{entry.title}” ({original}) {what} {language}: {shell(done.path)}", 2)
    text, exercise = _library_file(entry.path, original)
    return (translation_text(text, language, version_of(exercise.digest)),
            f", a translation of “{entry.title}” ({original}) into {language} to fill in")


def _load_or_fail(file: Path) -> Any:
    """The exercise in ``file``, or its problems printed and exit 1."""
    from reconnect.core.advice import check_file
    from reconnect.format.report import render

    result = check_file(file)
    if result.exercise is None:
        typer.echo(render(result.diagnostics))
        raise typer.Exit(1)
    return result.exercise


@app.command(cls=_PlainCommand, name="preview")
def preview_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help="The exercise file to run.", metavar="FILE",
                                         show_default=False)],
    start: Annotated[str | None, typer.Option("--from", metavar="STEP",
                                              help="Start at this step id.",
                                              show_default=False)] = None,
    plain: Annotated[bool, typer.Option("--plain", help="Line by line (see reconnect "
                                        "--help).")] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Run one exercise file in demonstration mode, with sample names; nothing is saved."""
    settings = _settings(context, data_dir, exercises)
    if not file.is_file():
        _fail(f"no such file: {shell(file)}", 2)
    if start is not None:
        from reconnect.format import load_file
        from reconnect.format.diagnostics import did_you_mean

        exercise = load_file(file).exercise
        # a file with problems opens on its problems; the step is looked for once it loads
        if exercise is not None and not exercise.has_step(start):
            ids = [step.id for step in exercise.steps]
            close = did_you_mean(start, ids)
            _fail(f"{shell(file)} has no step {start!r}; {close + ' ' if close else ''}"
                  f"Its steps are: {', '.join(ids)}", 2)
    settings.demo = True
    settings.plain = settings.plain or plain
    _run_tui(settings, preview=file, start_at=start)


@app.command(cls=_PlainCommand, name="serve")
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
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """The same app in a browser tab (each tab is its own reconnect), on this computer only.

    Prints a link with a token that changes at every start. Ctrl+C stops it; everything is
    saved as in the terminal. Needs the web extra: pip install 'reconnect[web]'.
    """
    from importlib.util import find_spec

    if find_spec("textual_serve") is None:
        _fail("the browser mode needs its extra: pip install 'reconnect[web]'", 1)
    from reconnect.web.serve import serve

    settings = _settings(context, data_dir, exercises)
    raise typer.Exit(serve(host=host, port=port, allow_remote=allow_remote,
                           open_browser=open_browser, demo=settings.demo,
                           data_dir=settings.data_dir, extra=settings.extra))


WALK_BACK = ("Each share is the part of the runs that reached the step. Runs now and then go "
             "back a step and answer again, as couples do, so a step that always follows "
             "another can show a lower share; --no-back plays every run straight through.")
WALK_STRAIGHT = "Each share is the part of the runs that reached the step; no run went back."


@app.command(cls=_PlainCommand, name="walk")
def walk_command(
    context: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Exercise files or folders.",
                                                 metavar="PATH...", show_default=False)],
    runs: Annotated[int, typer.Option("--runs", metavar="N",
                                      help="How many playthroughs (1 to 100000).")] = 200,
    seed: Annotated[int, typer.Option("--seed", metavar="N",
                                      help="Same seed, same runs.")] = 0,
    back: Annotated[bool, typer.Option("--back/--no-back",
                                       help="Whether runs now and then go back a step, as "
                                       "couples do.")] = True,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Play exercises many times with random answers: which steps are reached, which never.
    A folder plays every exercise file in it. Exit 1 when a run gets stuck or a file has
    errors."""
    import textwrap

    from reconnect.format.library import exercise_files
    from reconnect.reports.walk import walk

    _settings(context, data_dir, exercises)
    if not 1 <= runs <= 100_000:
        _fail(f"--runs {runs} is not from 1 to 100000", 2)
    missing = [path for path in paths if not path.exists()]
    if missing:
        _fail("no such file or folder: " + ", ".join(shell(path) for path in missing), 2)
    files = exercise_files(paths)
    if not files:
        _fail("no .toml files found in " + ", ".join(shell(path) for path in paths), 2)
    failed = False
    for number, file in enumerate(files):
        if len(files) > 1:
            typer.echo(("\n" if number else "") + f"== {file}")
        try:
            exercise = _load_or_fail(file)
        except typer.Exit:
            failed = True
            continue
        report = walk(exercise, runs=runs, seed=seed, back=back)
        width = max(len(step_id) for step_id in report.reached)
        typer.echo(f"{report.runs} runs (seed {seed}): {report.finished} reached the end.")
        typer.echo(textwrap.fill(WALK_BACK if back else WALK_STRAIGHT, 80))
        for step_id, count in report.reached.items():
            share = f"{100 * count / report.runs:5.1f}%"
            typer.echo(f"  {step_id:<{width}}  {share}  "
                       f"{'never reached' if not count else ''}".rstrip())
        if report.never_reached:
            typer.echo("never reached: " + ", ".join(report.never_reached))
        for line in report.stuck[:10]:
            typer.echo(f"stuck: {line}")
        failed = failed or bool(report.stuck)
    if failed:
        raise typer.Exit(1)


@app.command(cls=_PlainCommand, name="explain")
def explain_command(
    context: typer.Context,
    code: Annotated[str, typer.Argument(help="A code such as R201.", metavar="CODE",
                                        show_default=False)],
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Explain a checker code in plain words: an error or a warning, why, and an example."""
    import shutil

    from reconnect.format.diagnostics import CODES, explain

    _settings(context, data_dir, exercises)
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    text = explain(code, width)
    if text is None:
        import textwrap

        known = ", ".join(CODES)
        _fail(textwrap.fill(f"unknown code {code!r}. The codes are: {known}. "
                            "`reconnect explain R201` explains one.", width - 11,
                            subsequent_indent="  "), 2)
    typer.echo(text, nl=False)


@app.command(cls=_PlainCommand, name="schema")
def schema_command(
    context: typer.Context,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Print the JSON Schema of exercise files, for editors (Taplo, Tombi, VS Code)."""
    from importlib import resources

    _settings(context, data_dir, exercises)
    typer.echo(resources.files("reconnect.format").joinpath("exercise.schema.json")
               .read_text(encoding="utf-8"), nl=False)


@app.command(cls=_PlainCommand, name="handout")
def handout_command(
    context: typer.Context,
    exercise_name: Annotated[str, typer.Argument(
        help="An exercise id from the library, or an exercise file.", metavar="ID|FILE",
        show_default=False)],
    style: Annotated[str, typer.Option("--format", metavar="FORMAT",
                                       help="md (Markdown) or html (one page to print).")]
    = "md",
    out: Annotated[Path | None, typer.Option("-o", "--output", metavar="PATH",
                                             help="Write it to this file (default: print it).",
                                             show_default=False)] = None,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """A printable sheet of an exercise for a couple: what it is for, the steps with who does
    what and for how long, sentence starters, homework, the credit and the safety notice.
    Nothing from any session is on it."""
    from reconnect.reports.handout import FORMATS, render

    settings = _settings(context, data_dir, exercises)
    if style not in FORMATS:
        _fail(f"unknown --format {style!r}; use md or html", 2)
    path = Path(exercise_name)
    if path.suffix == ".toml" or path.is_file():
        if not path.is_file():
            _fail(f"no such file: {shell(path)}", 2)
        exercise = _load_or_fail(path)
    else:
        from reconnect.format.diagnostics import did_you_mean
        from reconnect.format.library import load_library

        library = load_library(settings.folders())
        result = library.load(exercise_name)
        if result is None:
            close = did_you_mean(exercise_name, [entry.id for entry in library.entries])
            _fail(f"no exercise in the library has the id {exercise_name!r}, and there is no "
                  f"such file; {close or '`reconnect list` shows the library'}", 2)
        exercise = _load_or_fail(Path(result.path))
    text = render(exercise, style)
    if out is None:
        typer.echo(text, nl=False)
        return
    from reconnect.files import os_cause, write_atomically

    try:
        write_atomically(out, text, mode=0o644)
    except OSError as error:
        _fail(f"cannot write {shell(out)}: {os_cause(error)}", 1)
    typer.echo(f"Wrote {shell(out)}.")


@app.command(cls=_PlainCommand, name="where")
def where_command(
    context: typer.Context,
    create: Annotated[bool, typer.Option("--create", help="Create your exercises folder "
                                         "(private to you) if it does not exist yet.")] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    """Show where reconnect keeps progress and looks for exercises, and which folders exist."""
    settings = _settings(context, data_dir, exercises)
    data = settings.data_dir
    user = locations.user_exercises_dir(data)
    made = False
    if create and not user.is_dir():
        if user.exists():
            _fail(f"{shell(user)} is a file, not a folder; move it aside, then run "
                  "`reconnect where --create` again", 1)
        try:
            locations.ensure_private_dir(data)
            locations.ensure_private_dir(user)
        except OSError as error:
            from reconnect.files import os_cause

            _fail(f"cannot create {shell(user)}: {os_cause(error)}", 1)
        made = True

    def state(path: Path, folder: bool = True) -> str:
        if (folder and path.is_dir()) or (not folder and path.is_file()):
            return ""
        if path.exists():
            return " (a file, not a folder: move it aside)" if folder else " (not a file)"
        return " (not created yet)"

    typer.echo(f"data folder:      {shown(data)}{state(data)}")
    typer.echo(f"database:         {shown(locations.database_path(data))}"
               f"{state(locations.database_path(data), folder=False)}")
    if made:
        note = " (created just now)"
    elif not user.exists():
        note = " (not created yet; `reconnect where --create` creates it)"
    else:
        note = state(user)
    typer.echo(f"your exercises:   {shown(user)}{note}")
    typer.echo(f"bundled:          {shown(locations.bundled_exercises_dir())}")
    for folder in settings.extra:
        typer.echo(f"extra folder:     {shown(folder)}")


@app.command(cls=_PlainCommand, name="forget")
def forget_command(
    context: typer.Context,
    everything: Annotated[bool, typer.Option(
        "--all", help="Delete everything reconnect saved in the data folder.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Delete everything reconnect saved on this computer: every session, answer, check-in,
    homework, draft and setting. It asks you to type a confirmation first."""
    from reconnect.storage.forget import CONFIRMATION, forget_everything, kept_files, written_files
    from reconnect.storage.lock import AlreadyOpen

    settings = _settings(context, data_dir)
    if not everything:
        _fail("say what to forget: `reconnect forget --all` deletes everything reconnect saved "
              "(single sessions and couples are deleted from History in the app)", 2)
    folder = settings.data_dir
    files = written_files(folder)
    if not files:
        typer.echo(f"Nothing to delete: reconnect has saved nothing in {printable(str(folder))}.")
        return
    typer.echo("This deletes, for good, everything reconnect saved in "
               f"{printable(str(folder))}:")
    for path in files:
        typer.echo(f"  {printable(path.name)}")
    typer.echo("Every session, answer, check-in, homework, draft and setting goes. It cannot be "
               "undone.")
    try:
        typed = input(f'Type "{CONFIRMATION}" to confirm: ')
    except EOFError:
        typed = ""
    if typed.strip().casefold() != CONFIRMATION:
        typer.echo("Nothing was deleted.")
        raise typer.Exit(1)
    try:
        gone = forget_everything(folder)
    except AlreadyOpen:
        _fail("reconnect is open in another window; close it first (nothing was deleted)", 1)
    except ReconnectError as error:
        _fail(str(error), 1)
    typer.echo(f"Deleted {len(gone)} file{'s' if len(gone) != 1 else ''}.")
    kept = kept_files(folder)
    if kept:
        typer.echo(f"Your own exercise files were kept, in "
                   f"{printable(str(folder / 'exercises'))}.")


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
