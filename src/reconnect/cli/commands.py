"""The command line: thin commands over the core. The TUI is imported only by the commands that
open it, so ``--help``, ``list`` and ``check`` never pay for Textual.

Every help text is translated when this module is imported, which is after
:mod:`reconnect.cli.entry` has chosen the language (``--lang``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.core

from reconnect import __version__, i18n, locations
from reconnect.cli import quick
from reconnect.cli.quick import Settings, shell, shown
from reconnect.errors import ReconnectError, went_wrong
from reconnect.i18n import N_, _, ngettext
from reconnect.text import printable

TYPER_WORDS = (N_("(dynamic)"), N_("Aborted!"), N_("default: {default}"), N_("required"),
               N_("env var: {var}"), N_("Arguments"), N_("Options"), N_("Commands"),
               N_("Missing command."), N_("No such command {name!r}."))
"""The words Typer writes in help and errors itself (it asks the standard library's gettext,
which knows nothing of reconnect's catalogue); they are said through reconnect's words."""
vars(typer.core)["_"] = i18n._


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


if TYPE_CHECKING:  # what the mixin below is mixed into, for the type checker
    _Command = typer.core.TyperCommand
else:
    _Command = object


class _Translated(_Command):
    """The usage line's "Usage:" and the help option's own help, in the language spoken (the
    command line library has them in English only)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class _PlainCommand(_Translated, typer.core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.params)
        self.options_metavar = _("[OPTIONS]")


class _PlainGroup(_Translated, typer.core.TyperGroup):
    command_class = _PlainCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = _("[OPTIONS]")
        self.subcommand_metavar = _("COMMAND [ARGS]...")


app = typer.Typer(
    name="reconnect",
    cls=_PlainGroup,
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", metavar="DIR",
                 help=_("Where progress is saved (default: your data folder; also "
                        "${variable}).").format(variable=locations.ENV_DATA_DIR),
                 show_default=False),
]
ExercisesOption = Annotated[
    list[Path] | None,
    typer.Option("--exercises", metavar="DIR",
                 help=_("An extra folder of exercise files (repeatable)."),
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


@app.callback(invoke_without_command=True,
              help=_("A calm companion for couples' exercises: whose turn it is, what to say, "
                     "for how long. Without a command, it opens the home screen."))
def main_command(
    context: typer.Context,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
    demo: Annotated[bool, typer.Option("--demo", help=_(
        "Demonstration mode: nothing is saved, facilitator notes are shown."))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=_(
        "Line by line, for screen readers, braille displays and simple terminals (also "
        "TERM=dumb or RECONNECT_PLAIN=1)."))] = False,
    lang: Annotated[str | None, typer.Option("--lang", metavar="LANG", help=_(
        "The language to speak: {languages} (also RECONNECT_LANG, or the locale).").format(
            languages=", ".join(i18n.available())), show_default=False)] = None,
    country: Annotated[str | None, typer.Option("--country", metavar="CC", help=_(
        "Where you are, for the helplines in the safety notice: a country code such as ES, "
        "GB, MX or US (also RECONNECT_COUNTRY, or the locale)."), show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=_("Show the version and exit."))] = False,
) -> None:
    if lang is not None or country is not None:
        from reconnect.cli.entry import settle_language

        # already settled before this module was imported; settled again for callers (tests)
        # that run the Typer application directly
        settle_language(lang, country, tell=False)
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


@app.command(cls=_PlainCommand, name="list", help=_(
    "List the exercise library, and any exercise file that has a problem (exit 1 then)."))
def list_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print a JSON array."))] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    raise typer.Exit(quick.list_library(_settings(context, data_dir, exercises), as_json=as_json))


@app.command(cls=_PlainCommand, name="check", help=_(
    "Check exercise files: every problem in one pass. Exit 0 clean, 1 problems, 2 usage.\n\n"
    "Two files with the same id are a problem (R120), and so is a file whose id is already "
    "used by an installed exercise (bundled, in the data folder, or in --exercises folders)."))
def check_command(
    context: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=_("Exercise files or folders."),
                                                 metavar="PATH...", show_default=False)],
    output: Annotated[str, typer.Option("--format", metavar="FORMAT",
                                        help=_("full, concise, json or github."))] = "full",
    strict: Annotated[bool, typer.Option("--strict", help=_("Warnings fail too."))] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    settings = _settings(context, data_dir, exercises)
    raise typer.Exit(quick.check(settings, paths, output=output, strict=strict))


# Translators: keep the lines starting with \b as they are (they keep the lines below them
# unwrapped), and the template names, which are typed as they are
@app.command(cls=_PlainCommand, name="new", help=_(
    "Write a valid, commented exercise file to start from: a template, a copy of an exercise "
    "in the library to adapt (--from ID), or a translation of one (--from ID --lang LANG). The "
    "new exercise's id comes from the file name; a translation keeps the id of its original."
    "\n\n"
    "\b\n"
    "Templates:\n"
    "  basic                   a short speaker-listener exercise with a calm check-in\n"
    "                          and a break (the default)\n"
    "  active-listening        speak, listen, say back what you heard, then swap roles\n"
    "  gratitude               private thank-yous revealed side by side, then told in turns\n"
    "  conflict-de-escalation  raise one small issue gently, with a break when it runs hot\n"
    "  connection              guess each other's answer, compare, then hear the real one\n\n"
    "\b\n"
    "A copy made with --from keeps the original's comments, layout and credit; its title\n"
    "gets \"(my version)\" and its credit \"; adapted by (your name)\".\n\n"
    "\b\n"
    "A translation made with --from ID --lang LANG is the original with `language` and\n"
    "`translation_of` set and every text marked \"[to translate]\": reconnect check lists\n"
    "the texts left to translate, and anything else that differs from the original."))
def new_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("The exercise file to create."), metavar="FILE",
                                         show_default=False)],
    template: Annotated[str | None, typer.Option(
        "--template", metavar="NAME", help=_(
            "Which starting point: basic (the default), active-listening, gratitude, "
            "conflict-de-escalation or connection."), show_default=False)] = None,
    original: Annotated[str | None, typer.Option(
        "--from", metavar="ID", help=_(
            "Start from a copy of an exercise in the library (bundled or installed), to adapt "
            "it."), show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--lang", metavar="LANG", help=_(
            "With --from: start a translation of the exercise into this language (a tag such "
            "as es or es-MX) instead of a copy."), show_default=False)] = None,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
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
        _fail(_("use --template or --from, not both"), 2)
    if language is not None and original is None:
        _fail(_("--lang starts a translation of an exercise in the library: add --from ID, the "
                "exercise to translate"), 2)
    if language is not None:
        from reconnect.format.languages import is_language_tag, tag_hint

        if not is_language_tag(language):
            _fail(_("{given} is not a language tag; {hint}").format(
                given=repr(language), hint=tag_hint(language)), 2)
    if template is not None and template not in TEMPLATES:
        close = did_you_mean(template, TEMPLATES)
        _fail(_("unknown template {given}; {suggestion}Templates: {templates} (`reconnect new "
                "--help` says what each is)").format(
                    given=repr(template), suggestion=close + " " if close else "",
                    templates=", ".join(TEMPLATES)), 2)
    if file.suffix != ".toml":
        _fail(_("{file} should end in .toml").format(file=shell(file)), 2)
    if file.exists():
        _fail(_("{file} already exists; choose another name (nothing was changed)").format(
            file=shell(file)), 2)
    if not file.parent.is_dir():
        _fail(_("no such folder: {folder}").format(folder=shell(file.parent)), 2)
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

        _fail(_("cannot write {file}: {cause}").format(file=shell(file), cause=os_cause(error)),
              1)
    if made and language is not None:
        typer.echo(_("Wrote {file}, a translation of {original} into {language} to fill in. "
                     "Check it with: {command}").format(
            file=shell(file), original=made, language=language,
            command=f"reconnect check {shell(file)}"))
    elif made:
        typer.echo(_("Wrote {file} from {original}. Check it with: {command}").format(
            file=shell(file), original=made, command=f"reconnect check {shell(file)}"))
    else:
        typer.echo(_("Wrote {file}. Check it with: {command}").format(
            file=shell(file), command=f"reconnect check {shell(file)}"))


def _fork(settings: Settings, original: str, new_id: str) -> tuple[str, str]:
    """The text of the library's exercise ``original`` and its name for the message ("the
    title" (id)); usage errors for an unknown id or a new id that is already taken."""
    from reconnect.format.diagnostics import did_you_mean
    from reconnect.format.library import load_library

    library = load_library(settings.folders())
    entry = library.entry(original)
    if entry is None:
        ids = [known.id for known in library.entries]
        close = did_you_mean(original, ids)
        _fail(_("no exercise in the library has the id {given}; {suggestion}").format(
            given=repr(original), suggestion=close or _("`reconnect list` shows them all")), 2)
    taken = library.entry(new_id)
    if taken is not None:
        _fail(_("the id `{id}` (from the file name) is already used by “{title}” ({path}); "
                "choose another file name, such as {example}").format(
                    id=new_id, title=taken.title, path=shell(taken.path),
                    example=f"my-{new_id}.toml"), 2)
    text, _exercise = _library_file(entry.path, original)
    return text, f"“{entry.title}” ({original})"


def _library_file(path: str, exercise_id: str) -> tuple[str, Any]:
    """The text of a library's exercise file, and the exercise it holds; exit 1 when it has
    problems of its own or cannot be read."""
    from reconnect.format import load_file

    exercise = load_file(path).exercise  # the file may have changed since it was listed
    if exercise is None:
        _fail(_("the exercise {given} has problems of its own; run: {command}").format(
            given=repr(exercise_id), command=f"reconnect check {shell(path)}"), 1)
    try:
        return Path(path).read_text(encoding="utf-8-sig"), exercise
    except OSError as error:
        from reconnect.files import os_cause

        _fail(_("cannot read {file}: {cause}").format(file=shell(path), cause=os_cause(error)),
              1)


def _translation(settings: Settings, original: str, language: str) -> tuple[str, str]:
    """The start of a translation of the library's exercise ``original`` into ``language``,
    and the exercise's name for the message; usage errors when there is no such exercise, or
    it is already in that language."""
    from reconnect.format.diagnostics import did_you_mean
    from reconnect.format.languages import same_tag, version_of
    from reconnect.format.library import load_library
    from reconnect.format.templates import translation_text

    library = load_library(settings.folders())
    entry = library.original(original)
    if entry is None:
        ids = [known.id for known in library.entries]
        close = did_you_mean(original, ids) or _("`reconnect list` shows them all")
        if library.versions_of(original):
            _fail(_("the library has only translations of the exercise {given}; {suggestion}")
                  .format(given=repr(original), suggestion=close), 2)
        _fail(_("no exercise in the library has the id {given}; {suggestion}").format(
            given=repr(original), suggestion=close), 2)
    done = next((version for version in library.versions_of(original)
                 if same_tag(version.language, language)), None)
    if done is not None:
        what = (_("“{title}” ({id}) is written in {language}: {path}") if done is entry else
                _("“{title}” ({id}) already has a translation into {language}: {path}"))
        _fail(what.format(title=entry.title, id=original, language=language,
                          path=shell(done.path)), 2)
    text, exercise = _library_file(entry.path, original)
    return (translation_text(text, language, version_of(exercise.digest)),
            f"“{entry.title}” ({original})")


def _load_or_fail(file: Path) -> Any:
    """The exercise in ``file``, or its problems printed and exit 1."""
    from reconnect.core.advice import check_file
    from reconnect.format.report import render

    result = check_file(file)
    if result.exercise is None:
        typer.echo(render(result.diagnostics))
        raise typer.Exit(1)
    return result.exercise


@app.command(cls=_PlainCommand, name="preview", help=_(
    "Run one exercise file in demonstration mode, with sample names; nothing is saved."))
def preview_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("The exercise file to run."), metavar="FILE",
                                         show_default=False)],
    start: Annotated[str | None, typer.Option("--from", metavar="STEP",
                                              help=_("Start at this step id."),
                                              show_default=False)] = None,
    plain: Annotated[bool, typer.Option("--plain", help=_(
        "Line by line (see reconnect --help)."))] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    settings = _settings(context, data_dir, exercises)
    if not file.is_file():
        _fail(_("no such file: {file}").format(file=shell(file)), 2)
    if start is not None:
        from reconnect.format import load_file
        from reconnect.format.diagnostics import did_you_mean

        exercise = load_file(file).exercise
        # a file with problems opens on its problems; the step is looked for once it loads
        if exercise is not None and not exercise.has_step(start):
            ids = [step.id for step in exercise.steps]
            close = did_you_mean(start, ids)
            _fail(_("{file} has no step {given}; {suggestion}Its steps are: {steps}").format(
                file=shell(file), given=repr(start), suggestion=close + " " if close else "",
                steps=", ".join(ids)), 2)
    settings.demo = True
    settings.plain = settings.plain or plain
    _run_tui(settings, preview=file, start_at=start)


@app.command(cls=_PlainCommand, name="serve", help=_(
    "The same app in a browser tab (each tab is its own reconnect), on this computer only.\n\n"
    "Prints a link with a token that changes at every start. Ctrl+C stops it; everything is "
    "saved as in the terminal. Needs the web extra: pip install 'reconnect[web]'."))
def serve_command(
    context: typer.Context,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help=_(
        "The address to listen on. Only a loopback address unless --allow-remote."))]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar="PORT",
                                      help=_("The port (default: a free one)."),
                                      show_default=False)] = 0,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help=_(
        "Allow an address other computers can reach. Anyone who can reach it can open your "
        "sessions."))] = False,
    open_browser: Annotated[bool, typer.Option("--open", help=_(
        "Open the link in your browser."))] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    from importlib.util import find_spec

    if find_spec("textual_serve") is None:
        _fail(_("the browser mode needs its extra: {command}").format(
            command="pip install 'reconnect[web]'"), 1)
    from reconnect.web.serve import serve

    settings = _settings(context, data_dir, exercises)
    raise typer.Exit(serve(host=host, port=port, allow_remote=allow_remote,
                           open_browser=open_browser, demo=settings.demo,
                           data_dir=settings.data_dir, extra=settings.extra))


WALK_BACK = N_("Each share is the part of the runs that reached the step. Runs now and then "
               "go back a step and answer again, as couples do, so a step that always follows "
               "another can show a lower share; --no-back plays every run straight through.")
WALK_STRAIGHT = N_("Each share is the part of the runs that reached the step; no run went "
                   "back.")


@app.command(cls=_PlainCommand, name="walk", help=_(
    "Play exercises many times with random answers: which steps are reached, which never. A "
    "folder plays every exercise file in it. Exit 1 when a run gets stuck or a file has "
    "errors."))
def walk_command(
    context: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=_("Exercise files or folders."),
                                                 metavar="PATH...", show_default=False)],
    runs: Annotated[int, typer.Option("--runs", metavar="N",
                                      help=_("How many playthroughs (1 to 100000)."))] = 200,
    seed: Annotated[int, typer.Option("--seed", metavar="N",
                                      help=_("Same seed, same runs."))] = 0,
    back: Annotated[bool, typer.Option("--back/--no-back", help=_(
        "Whether runs now and then go back a step, as couples do."))] = True,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    import textwrap

    from reconnect.format.library import exercise_files
    from reconnect.reports.walk import walk

    _settings(context, data_dir, exercises)
    if not 1 <= runs <= 100_000:
        _fail(_("--runs {runs} is not from 1 to 100000").format(runs=runs), 2)
    missing = [path for path in paths if not path.exists()]
    if missing:
        _fail(_("no such file or folder: {paths}").format(
            paths=", ".join(shell(path) for path in missing)), 2)
    files = exercise_files(paths)
    if not files:
        _fail(_("no .toml files found in {paths}").format(
            paths=", ".join(shell(path) for path in paths)), 2)
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
        typer.echo(ngettext("{runs} run (seed {seed}): {finished} reached the end.",
                            "{runs} runs (seed {seed}): {finished} reached the end.",
                            report.runs).format(runs=report.runs, seed=seed,
                                                finished=report.finished))
        typer.echo(textwrap.fill(_(WALK_BACK if back else WALK_STRAIGHT), 80))
        for step_id, count in report.reached.items():
            share = f"{100 * count / report.runs:5.1f}%"
            never = _("never reached") if not count else ""
            typer.echo(f"  {step_id:<{width}}  {share}  {never}".rstrip())
        if report.never_reached:
            typer.echo(_("never reached: {steps}").format(steps=", ".join(report.never_reached)))
        for line in report.stuck[:10]:
            typer.echo(_("stuck: {line}").format(line=line))
        failed = failed or bool(report.stuck)
    if failed:
        raise typer.Exit(1)


@app.command(cls=_PlainCommand, name="explain", help=_(
    "Explain a checker code in plain words: an error or a warning, why, and an example."))
def explain_command(
    context: typer.Context,
    code: Annotated[str, typer.Argument(help=_("A code such as R201."), metavar="CODE",
                                        show_default=False)],
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    import shutil

    from reconnect.format.diagnostics import CODES, explain

    _settings(context, data_dir, exercises)
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    text = explain(code, width)
    if text is None:
        import textwrap

        known = ", ".join(CODES)
        # repr() escapes whatever control characters the code held, so the lines wrapped
        # here can be written as they are (the usual failure path would escape the breaks)
        message = _("unknown code {given}. The codes are: {known}. `reconnect explain R201` "
                    "explains one.").format(given=printable(repr(code)), known=known)
        typer.echo(textwrap.fill(f"reconnect: {message}", width, subsequent_indent="  "),
                   err=True)
        raise typer.Exit(2)
    typer.echo(text, nl=False)


@app.command(cls=_PlainCommand, name="schema", help=_(
    "Print the JSON Schema of exercise files, for editors (Taplo, Tombi, VS Code)."))
def schema_command(
    context: typer.Context,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    from importlib import resources

    _settings(context, data_dir, exercises)
    typer.echo(resources.files("reconnect.format").joinpath("exercise.schema.json")
               .read_text(encoding="utf-8"), nl=False)


@app.command(cls=_PlainCommand, name="handout", help=_(
    "A printable sheet of an exercise for a couple: what it is for, the steps with who does "
    "what and for how long, sentence starters, homework, the credit and the safety notice. "
    "Nothing from any session is on it."))
def handout_command(
    context: typer.Context,
    exercise_name: Annotated[str, typer.Argument(
        help=_("An exercise id from the library, or an exercise file."), metavar="ID|FILE",
        show_default=False)],
    style: Annotated[str, typer.Option("--format", metavar="FORMAT",
                                       help=_("md (Markdown) or html (one page to print)."))]
    = "md",
    out: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="PATH", help=_("Write it to this file (default: print it)."),
        show_default=False)] = None,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    from reconnect.reports.handout import FORMATS, render

    settings = _settings(context, data_dir, exercises)
    if style not in FORMATS:
        _fail(_("unknown --format {given}; use md or html").format(given=repr(style)), 2)
    path = Path(exercise_name)
    if path.suffix == ".toml" or path.is_file():
        if not path.is_file():
            _fail(_("no such file: {file}").format(file=shell(path)), 2)
        exercise = _load_or_fail(path)
    else:
        from reconnect.format.diagnostics import did_you_mean
        from reconnect.format.library import load_library

        library = load_library(settings.folders())
        result = library.load(exercise_name)
        if result is None:
            close = did_you_mean(exercise_name, [entry.id for entry in library.entries])
            _fail(_("no exercise in the library has the id {given}, and there is no such "
                    "file; {suggestion}").format(
                        given=repr(exercise_name),
                        suggestion=close or _("`reconnect list` shows the library")), 2)
        exercise = _load_or_fail(Path(result.path))
    text = render(exercise, style)
    if out is None:
        typer.echo(text, nl=False)
        return
    from reconnect.files import os_cause, write_atomically

    try:
        write_atomically(out, text, mode=0o644)
    except OSError as error:
        _fail(_("cannot write {file}: {cause}").format(file=shell(out), cause=os_cause(error)),
              1)
    typer.echo(_("Wrote {file}.").format(file=shell(out)))


@app.command(cls=_PlainCommand, name="where", help=_(
    "Show where reconnect keeps progress and looks for exercises, and which folders exist."))
def where_command(
    context: typer.Context,
    create: Annotated[bool, typer.Option("--create", help=_(
        "Create your exercises folder (private to you) if it does not exist yet."))] = False,
    data_dir: DataDirOption = None,
    exercises: ExercisesOption = None,
) -> None:
    settings = _settings(context, data_dir, exercises)
    data = settings.data_dir
    user = locations.user_exercises_dir(data)
    made = False
    if create and not user.is_dir():
        if user.exists():
            _fail(_("{path} is a file, not a folder; move it aside, then run `reconnect where "
                    "--create` again").format(path=shell(user)), 1)
        try:
            locations.ensure_private_dir(data)
            locations.ensure_private_dir(user)
        except OSError as error:
            from reconnect.files import os_cause

            _fail(_("cannot create {folder}: {cause}").format(folder=shell(user),
                                                              cause=os_cause(error)), 1)
        made = True

    def state(path: Path, folder: bool = True) -> str:
        if (folder and path.is_dir()) or (not folder and path.is_file()):
            return ""
        if path.exists():
            return " " + (_("(a file, not a folder: move it aside)") if folder
                          else _("(not a file)"))
        return " " + _("(not created yet)")

    if made:
        note = " " + _("(created just now)")
    elif not user.exists():
        note = " " + _("(not created yet; `reconnect where --create` creates it)")
    else:
        note = state(user)
    rows = [(_("data folder:"), shown(data) + state(data)),
            (_("database:"), shown(locations.database_path(data))
             + state(locations.database_path(data), folder=False)),
            (_("your exercises:"), shown(user) + note),
            (_("bundled:"), shown(locations.bundled_exercises_dir()))]
    rows += [(_("extra folder:"), shown(folder)) for folder in settings.extra]
    width = max(17, *(len(label) + 1 for label, _value in rows))
    for label, value in rows:
        typer.echo(f"{label:<{width}} {value}")


@app.command(cls=_PlainCommand, name="forget", help=_(
    "Delete everything reconnect saved on this computer: every session, answer, check-in, "
    "homework, draft and setting. It asks you to type a confirmation first."))
def forget_command(
    context: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help=_(
        "Delete everything reconnect saved in the data folder."))] = False,
    data_dir: DataDirOption = None,
) -> None:
    from reconnect.storage.forget import CONFIRMATION, forget_everything, kept_files, written_files
    from reconnect.storage.lock import AlreadyOpen

    settings = _settings(context, data_dir)
    if not everything:
        _fail(_("say what to forget: `reconnect forget --all` deletes everything reconnect "
                "saved (single sessions and couples are deleted from History in the app)"), 2)
    folder = settings.data_dir
    files = written_files(folder)
    if not files:
        typer.echo(_("Nothing to delete: reconnect has saved nothing in {folder}.").format(
            folder=printable(str(folder))))
        return
    typer.echo(_("This deletes, for good, everything reconnect saved in {folder}:").format(
        folder=printable(str(folder))))
    for path in files:
        typer.echo(f"  {printable(path.name)}")
    typer.echo(_("Every session, answer, check-in, homework, draft and setting goes. It cannot "
                 "be undone."))
    confirmation = _(CONFIRMATION)
    try:
        typed = input(_('Type "{confirmation}" to confirm: ').format(confirmation=confirmation))
    except EOFError:
        typed = ""
    if typed.strip().casefold() != confirmation.casefold():
        typer.echo(_("Nothing was deleted."))
        raise typer.Exit(1)
    try:
        gone = forget_everything(folder)
    except AlreadyOpen:
        _fail(_("reconnect is open in another window; close it first (nothing was deleted)"), 1)
    except ReconnectError as error:
        _fail(str(error), 1)
    typer.echo(ngettext("Deleted {count} file.", "Deleted {count} files.", len(gone)).format(
        count=len(gone)))
    kept = kept_files(folder)
    if kept:
        typer.echo(_("Your own exercise files were kept, in {folder}.").format(
            folder=printable(str(folder / "exercises"))))


def main() -> None:
    """Entry point: no traceback ever reaches the person at the keyboard."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("RECONNECT_DEBUG"):
            raise
        typer.echo(f"reconnect: {went_wrong(error)}", err=True)
        sys.exit(1)
