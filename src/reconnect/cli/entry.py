"""The ``reconnect`` command's entry point, with a fast path for simply opening the app.

Opening the home screen is what couples do every time, and it has a start-up budget (1.25x a
bare Textual app). Typer builds its whole command model on import and first parse, which costs
more than that budget allows, so a plain ``reconnect [--demo] [--plain] [--data-dir DIR]
[--exercises DIR]...`` is parsed here with the standard library and goes straight to the TUI,
or to the line mode (:mod:`reconnect.plain`) when it is wanted: ``--plain``, ``TERM=dumb`` or
``RECONNECT_PLAIN=1``.
Everything else (sub-commands, ``--help``, ``--version``, anything unusual) goes to the Typer
application in :mod:`reconnect.cli`, which stays the one description of the command line.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

_FAST_OPTIONS = ("--demo", "--plain", "--data-dir", "--exercises")
ENV_PLAIN = "RECONNECT_PLAIN"


def plain_wanted(flag: bool) -> bool:
    """The line mode: asked for with ``--plain``, ``RECONNECT_PLAIN=1``, or a terminal that can
    do no more than lines (``TERM=dumb``)."""
    if flag:
        return True
    if os.environ.get(ENV_PLAIN, "").strip().lower() in ("1", "yes", "true", "on"):
        return True
    return os.environ.get("TERM", "") == "dumb"


class _Launch(NamedTuple):
    demo: bool
    data_dir: str | None
    extra: list[str]
    plain: bool = False


def _fast_arguments(argv: list[str]) -> _Launch | None:
    """The options of a plain launch, or None when Typer should handle the command line."""
    demo = plain = False
    data_dir: str | None = None
    extra: list[str] = []
    items = iter(argv)
    for item in items:
        name, has_value, value = item.partition("=")
        if name == "--demo" and not has_value:
            demo = True
        elif name == "--plain" and not has_value:
            plain = True
        elif name in ("--data-dir", "--exercises"):
            if not has_value:
                value = next(items, "")
            if not value or value.startswith("-"):
                return None
            if name == "--data-dir":
                data_dir = value
            else:
                extra.append(value)
        else:
            return None
    return _Launch(demo, data_dir, extra, plain)


def main() -> None:
    arguments = _fast_arguments(sys.argv[1:])
    if arguments is None:
        from reconnect.cli.commands import main as full_cli

        full_cli()
        return
    from pathlib import Path

    from reconnect import locations

    extra = [Path(folder) for folder in arguments.extra]
    for folder in extra:
        if not folder.is_dir():
            sys.stderr.write(f"reconnect: no such folder: {folder}\n")
            sys.exit(2)
    demo = arguments.demo
    data_dir = locations.data_dir(arguments.data_dir)
    folders = [locations.bundled_exercises_dir()]
    if not demo:
        folders.append(locations.user_exercises_dir(data_dir))
    try:
        if plain_wanted(arguments.plain):
            from reconnect.plain.home import launch as launch_plain

            code = launch_plain(data_dir=data_dir, folders=folders + extra, demo=demo)
        else:
            from reconnect.tui.launch import launch

            code = launch(data_dir=data_dir, folders=folders + extra, demo=demo)
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
