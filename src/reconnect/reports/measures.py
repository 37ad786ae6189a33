"""What a check-in's measure is called on the screen and in a transcript.

A measure is named by the exercise file (``measure = "calm"``), and the name is also the key
that joins a couple's ratings across sessions and across translations of an exercise, so a
translated file keeps it. The measures the bundled exercises ask about are therefore put into
the language spoken here; any other measure is shown as its exercise names it.
"""

from __future__ import annotations

from reconnect.i18n import N_, _

KNOWN = {"calm": N_("calm"), "closeness": N_("closeness")}
"""The bundled exercises' measures, with the words for them in the interface's catalogue."""


def measure_words(measure: str) -> str:
    """``measure`` as words to show: ``"closeness"`` in the language spoken, ``"self-care"``
    (a measure of an exercise of the couple's own) as ``"self care"``."""
    known = KNOWN.get(measure)
    return _(known) if known is not None else measure.replace("-", " ")
