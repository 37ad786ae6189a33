"""The exercise file format: model, loader and checker. Plain Python; no terminal code.

The names below are loaded on first use: the home screen needs only a few small modules of
this package at start-up, and the loader pulls in the whole checker.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reconnect.format.diagnostics import Diagnostic as Diagnostic
    from reconnect.format.loader import LoadResult as LoadResult
    from reconnect.format.loader import load_file as load_file
    from reconnect.format.loader import load_text as load_text
    from reconnect.format.model import FORMAT_VERSION as FORMAT_VERSION
    from reconnect.format.model import Exercise as Exercise
    from reconnect.format.model import Step as Step

_WHERE = {
    "Diagnostic": "reconnect.format.diagnostics",
    "LoadResult": "reconnect.format.loader",
    "load_file": "reconnect.format.loader",
    "load_text": "reconnect.format.loader",
    "FORMAT_VERSION": "reconnect.format.model",
    "Exercise": "reconnect.format.model",
    "Step": "reconnect.format.model",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'reconnect.format' has no attribute {name!r}")
    return getattr(import_module(module), name)
