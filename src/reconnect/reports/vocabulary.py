"""What a check-in's measure and a turn's roles are called on the screen and in a transcript.

An exercise file names its measures (``measure = "calm"``) and its roles (``speaker``,
``listener``), and those names are also keys: a measure joins a couple's ratings across
sessions and across translations of an exercise, and a role is what a turn and a swap refer
to, so a translated file keeps them as they are. The names the bundled exercises use are
therefore put into the language spoken here; any other is shown as its exercise names it.
"""

from __future__ import annotations

from reconnect.i18n import N_, _

MEASURES = {"calm": N_("calm"), "closeness": N_("closeness")}
"""The bundled exercises' measures, with the words for them in the interface's catalogue."""

ROLES = {"speaker": N_("speaker"), "listener": N_("listener"), "sender": N_("sender"),
         "receiver": N_("receiver")}
"""The bundled exercises' roles (the format's default pair, and the mirroring dialogue's)."""


def _words(name: str, known: dict[str, str]) -> str:
    found = known.get(name)
    return _(found) if found is not None else name.replace("-", " ")


def measure_words(measure: str) -> str:
    """``measure`` as words to show: ``"closeness"`` in the language spoken, ``"self-care"``
    (a measure of an exercise of the couple's own) as ``"self care"``."""
    return _words(measure, MEASURES)


def role_words(role: str) -> str:
    """``role`` as words to show, as :func:`measure_words` does for a measure."""
    return _words(role, ROLES)
