"""The ``reconnect`` command's entry point, with a fast path for what is run most.

Opening the home screen is what couples do every time, and it has a start-up budget; checking
a file is what an editor does on every save. Typer builds its whole command model when it is
imported, which costs more than either can afford, so three plain command lines are parsed here
with the standard library:

* ``reconnect [--demo] [--plain] [--data-dir DIR] [--exercises DIR]...`` goes straight to the
  TUI, or to the line mode (:mod:`reconnect.plain`) when it is wanted: ``--plain``,
  ``TERM=dumb`` or ``RECONNECT_PLAIN=1``;
* ``reconnect list [--json]`` and ``reconnect check PATH... [--format F] [--strict]`` (each
  also with ``--data-dir`` and ``--exercises``) go straight to :mod:`reconnect.cli.quick`.

Everything else (other commands, ``--help``, ``--version``, anything unusual) goes to the Typer
application in :mod:`reconnect.cli.commands`, which stays the one description of the command
line; ``tests/test_cli.py`` holds this parser to the same results as Typer's.

The language (``--lang``) and the country of the helplines (``--country``), both options
before the command's name, are settled here first, whatever path is taken: command help,
key names and other words made when a module is imported are then in the right language.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

ENV_PLAIN = "RECONNECT_PLAIN"


def plain_wanted(flag: bool) -> bool:
    """The line mode: asked for with ``--plain``, ``RECONNECT_PLAIN=1``, or a terminal that can
    do no more than lines (``TERM=dumb``)."""
    if flag:
        return True
    if os.environ.get(ENV_PLAIN, "").strip().lower() in ("1", "yes", "true", "on"):
        return True
    return os.environ.get("TERM", "") == "dumb"


class Quick(NamedTuple):
    """A command line simple enough to run without Typer."""

    command: str
    """"" (open the app), "list" or "check"."""
    demo: bool = False
    plain: bool = False
    data_dir: str | None = None
    extra: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    output: str = "full"
    strict: bool = False
    as_json: bool = False
    lang: str | None = None
    country: str | None = None


_VALUED = {"--data-dir", "--exercises", "--format", "--lang", "--country"}
_GLOBAL_ONLY = {"--lang", "--country"}
"""Options given before the command's name only (they apply before anything is loaded)."""
_OPTIONS = {"": {"--data-dir", "--exercises", "--demo", "--plain", *_GLOBAL_ONLY},
            "list": {"--data-dir", "--exercises", "--json"},
            "check": {"--data-dir", "--exercises", "--format", "--strict"}}


def quick_command(argv: list[str]) -> Quick | None:
    """What a plain command line asks for, or None when Typer should handle it (a help
    request, another command, an unknown option, anything unusual)."""
    command = ""
    found: dict[str, Any] = {"demo": False, "plain": False, "data_dir": None, "extra": [],
                             "paths": [], "output": "full", "strict": False, "as_json": False,
                             "lang": None, "country": None}
    items = iter(argv)
    for item in items:
        if not item.startswith("-"):
            if command == "" and item in ("list", "check") and not (found["demo"]
                                                                     or found["plain"]):
                command = item
            elif command == "check":
                found["paths"].append(item)
            else:
                return None
            continue
        name, has_value, value = item.partition("=")
        if name not in _OPTIONS[command]:
            return None
        if name in _VALUED:
            if not has_value:
                value = next(items, "")
            if not value or value.startswith("-"):
                return None
            if name == "--exercises":
                found["extra"].append(value)
            elif name in _GLOBAL_ONLY:
                found[name[2:]] = value
            else:
                found["output" if name == "--format" else "data_dir"] = value
        elif has_value:
            return None
        else:
            found[{"--demo": "demo", "--plain": "plain", "--json": "as_json",
                   "--strict": "strict"}[name]] = True
    if command == "check" and not found["paths"]:
        return None
    return Quick(command, found["demo"], found["plain"], found["data_dir"],
                 tuple(found["extra"]), tuple(found["paths"]), found["output"], found["strict"],
                 found["as_json"], found["lang"], found["country"])


def global_choices(argv: list[str]) -> tuple[str | None, str | None]:
    """The ``--lang`` and ``--country`` given before the command's name, read before anything
    else (so that even Typer's help is in the chosen language). Typer reads them again, and
    refuses what is wrong with them."""
    chosen: dict[str, str | None] = {"--lang": None, "--country": None}
    items = iter(argv)
    for item in items:
        if item == "--" or not item.startswith("-"):
            break  # the command's name: what follows is the command's own
        name, has_value, value = item.partition("=")
        if name in _VALUED and not has_value:
            value = next(items, "")
        if name in chosen:
            chosen[name] = value or None
    return chosen["--lang"], chosen["--country"]


def settle_language(lang: str | None, country: str | None, *, tell: bool = True) -> None:
    """Speak the chosen language and list the chosen country's helplines from now on; with
    ``tell``, say so when the language asked for has no words yet."""
    from reconnect import i18n

    language = i18n.choose(lang)
    i18n.install(language)
    i18n.install_country(i18n.choose_country(country))
    asked = (lang or "").replace("_", "-").split("-")[0].lower()
    if tell and asked and asked not in i18n.available():
        # asked for by name: say so rather than quietly speaking another language
        sys.stderr.write(i18n._("reconnect: no words for {given} yet; speaking {spoken} "
                                "(languages: {known})").format(
                                    given=repr(lang), spoken=language,
                                    known=", ".join(i18n.available())) + "\n")


def _run_quick(line: Quick) -> int:
    from pathlib import Path

    from reconnect.cli import quick

    settle_language(line.lang, line.country)
    settings = quick.Settings(line.data_dir, [Path(folder) for folder in line.extra], line.demo)
    if line.command == "list":
        return quick.list_library(settings, as_json=line.as_json)
    return quick.check(settings, [Path(path) for path in line.paths], output=line.output,
                       strict=line.strict)


def main() -> None:
    arguments = quick_command(sys.argv[1:])
    if arguments is None:
        settle_language(*global_choices(sys.argv[1:]))
        from reconnect.cli.commands import main as full_cli

        full_cli()
        return
    if arguments.command:
        sys.exit(_guarded(lambda: _run_quick(arguments)))
    settle_language(arguments.lang, arguments.country)
    from pathlib import Path

    from reconnect import locations
    from reconnect.i18n import _

    extra = [Path(folder) for folder in arguments.extra]
    for folder in extra:
        if not folder.is_dir():
            from reconnect.text import printable

            no_folder = _("no such folder: {folder}").format(folder=printable(str(folder)))
            sys.stderr.write(f"reconnect: {no_folder}\n")
            sys.exit(2)
    demo = arguments.demo
    data_dir = locations.data_dir(arguments.data_dir)
    folders = [locations.bundled_exercises_dir()]
    if not demo:
        folders.append(locations.user_exercises_dir(data_dir))
    def run() -> int:
        if plain_wanted(arguments.plain):
            from reconnect.plain.home import launch as launch_plain

            return launch_plain(data_dir=data_dir, folders=folders + extra, demo=demo)
        # Start-up builds hundreds of thousands of objects (Textual, its styles, the first
        # screen) and almost none of them are garbage: the collector would walk them 150-odd
        # times before the first frame, tens of milliseconds for nothing. The app turns it
        # back on once the first screen is drawn (settle_memory).
        import gc

        gc.disable()
        from reconnect.tui.launch import launch

        return launch(data_dir=data_dir, folders=folders + extra, demo=demo)

    sys.exit(_guarded(run))


def _guarded(run: Callable[[], int]) -> int:
    """``run()``'s exit code, with the last line of defence around it: Ctrl+C is 130, and any
    other failure a sentence and 1, never a traceback (unless RECONNECT_DEBUG is set)."""
    try:
        return run()
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("RECONNECT_DEBUG"):
            raise
        from reconnect.errors import went_wrong

        sys.stderr.write(f"reconnect: {went_wrong(error)}\n")
        return 1
