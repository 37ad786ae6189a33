"""The exercise library: every exercise reconnect can offer, from every folder it looks in.

Folders are searched in order (bundled, the user's own, then any extra folders); a file that
fails its check is reported and skipped, and the rest still load. When two files share an id,
the first one found wins and the other is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reconnect.format import Diagnostic, Exercise, load_file
from reconnect.format.diagnostics import make
from reconnect.format.model import KNOWN_CATEGORIES


@dataclass(frozen=True)
class Problem:
    """A file that could not join the library, with everything wrong with it."""

    path: str
    diagnostics: tuple[Diagnostic, ...]

    @property
    def summary(self) -> str:
        first = next((d for d in self.diagnostics if d.is_error), self.diagnostics[0])
        return f"{first.location()}: {first.message}"


@dataclass(frozen=True)
class Library:
    exercises: tuple[Exercise, ...]
    problems: tuple[Problem, ...] = ()

    def get(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def by_category(self) -> dict[str, list[Exercise]]:
        """Exercises grouped by category: the known shelves first, in their order, then others."""
        groups: dict[str, list[Exercise]] = {}
        order = {name: number for number, name in enumerate(KNOWN_CATEGORIES)}
        for exercise in sorted(self.exercises,
                               key=lambda e: (order.get(e.category, len(order)), e.category,
                                              e.minutes, e.title.casefold())):
            groups.setdefault(exercise.category, []).append(exercise)
        return groups


def exercise_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``*.toml`` file named or inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        elif path.is_file():
            found.append(path)
    return found


def load_library(folders: Sequence[Path]) -> Library:
    exercises: list[Exercise] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in exercise_files(folder for folder in folders if folder.exists()):
        result = load_file(path)
        if result.exercise is None:
            problems.append(Problem(str(path), result.diagnostics))
            continue
        exercise = result.exercise
        if exercise.id in seen:
            clash = make("R120", f"the id `{exercise.id}` is already used by {seen[exercise.id]}",
                         str(path), hint="give this exercise its own `id`")
            problems.append(Problem(str(path), (replace(clash, line=None),)))
            continue
        seen[exercise.id] = str(path)
        exercises.append(exercise)
    return Library(tuple(exercises), tuple(problems))
