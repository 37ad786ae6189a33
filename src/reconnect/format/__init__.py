"""The exercise file format: model, loader and checker. Plain Python; no terminal code."""

from reconnect.format.diagnostics import Diagnostic
from reconnect.format.loader import LoadResult, load_file, load_text
from reconnect.format.model import FORMAT_VERSION, Exercise, Step

__all__ = ["FORMAT_VERSION", "Diagnostic", "Exercise", "LoadResult", "Step", "load_file",
           "load_text"]
