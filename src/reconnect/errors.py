"""One family of errors that carry the sentence shown to the person at the keyboard.

Anything a couple or a therapist can act on (a full disk, a damaged file, a session that cannot
be resumed, an event that does not fit the moment) is a :class:`ReconnectError`, and ``str()``
of it is one calm sentence for the screen. Programming mistakes stay ordinary exceptions.
"""

from __future__ import annotations

from enum import IntEnum

from reconnect.i18n import _


class ReconnectError(Exception):
    """Something went wrong that the person at the keyboard can understand; ``str()`` says what."""

    @property
    def sentence(self) -> str:
        return str(self)


class ExitCode(IntEnum):
    """The command's exit status."""

    OK = 0
    PROBLEMS = 1
    """A file has problems, reconnect could not open its data, or something went wrong."""
    USAGE = 2
    """The command line was wrong: an unknown option, a path that does not exist."""
    INTERRUPTED = 130
    """Ctrl+C."""


def nothing_changed(demo_command: str) -> str:
    """What to do when the data folder cannot be used: said after the reason."""
    return _("Nothing already saved was changed. To use reconnect without saving, run "
             "`{demo}`; to save elsewhere, use --data-dir.").format(demo=demo_command)


def went_wrong(error: BaseException) -> str:
    """The last line of defence, said instead of a traceback (without the program's name)."""
    return _("something went wrong: {error}. Nothing saved was lost; set RECONNECT_DEBUG=1 "
             "to see details.").format(error=error)
