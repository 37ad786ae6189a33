"""The exercise library: every exercise reconnect can offer, from every folder it looks in.

Folders are searched in order (bundled, the user's own, then any extra folders); a file that
fails its check is reported and skipped, and the rest still load. When two files share an id,
the first one found wins and the other is reported.

An exercise may be written in several languages: an original, and translations of it, each a
file of its own with the original's id and ``translation_of`` (see :mod:`.languages`). They
are one exercise, so they never clash; two files with one id still clash when they are in the
same language, or when neither is a translation. The library shows each exercise once, in the
language reconnect speaks (:func:`reconnect.i18n.current`) when it has a version in that
language (``es`` finds an ``es-MX`` file, and ``es-MX`` an ``es`` one), and otherwise in its
original language.

The home screen needs only each exercise's title, shelf, minutes and summary, and it has a
start-up budget, so the library can keep a small index of those (JSON, in the data folder) keyed
by each file's size and modification time. A file is parsed and checked again whenever it
changes, and always in full when it is opened for a session.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reconnect import i18n
from reconnect.format.categories import KNOWN_CATEGORIES
from reconnect.format.languages import DEFAULT_LANGUAGE, same_language, same_tag
from reconnect.i18n import _
from reconnect.text import printable

if TYPE_CHECKING:
    from reconnect.format import Exercise, LoadResult
    from reconnect.format.diagnostics import Diagnostic, Related

INDEX_VERSION = 2
"""Bumped when an entry changes shape (2: each entry's language and `translation_of`)."""


class Entry(NamedTuple):
    """What the library shows about one exercise, without holding the whole exercise.

    (A named tuple: as immutable as a frozen dataclass and cheaper to define at start-up.)"""

    id: str
    title: str
    category: str
    minutes: int
    summary: str
    source: str
    path: str
    language: str = DEFAULT_LANGUAGE
    translation_of: str = ""
    """The version of the original a translation was made from; "" for an original."""

    @classmethod
    def of(cls, exercise: Exercise) -> Entry:
        return cls(exercise.id, exercise.title, exercise.category, exercise.minutes,
                   exercise.summary, exercise.source, exercise.path, exercise.language,
                   exercise.translation_of)


class Problem(NamedTuple):
    """A file that could not join the library, with everything wrong with it."""

    path: str
    diagnostics: tuple[Diagnostic, ...]

    @property
    def summary(self) -> str:
        first = next((d for d in self.diagnostics if d.is_error), self.diagnostics[0])
        return f"{first.location()}: {first.message}"


class Checked(NamedTuple):
    """A file ``reconnect check`` was given: its path, and its id, language and
    `translation_of` as far as they are well formed (the id is None when it is not)."""

    path: str
    exercise_id: str | None
    language: str = DEFAULT_LANGUAGE
    translation_of: str = ""


def clashes(one: Entry | Checked, other: Entry | Checked) -> bool:
    """Whether two files with one id cannot both be in the library: they are in the same
    language, or neither is a translation (two originals are two exercises)."""
    return same_tag(one.language, other.language) or not (one.translation_of
                                                           or other.translation_of)


def chosen(versions: Sequence[Entry], language: str) -> Entry:
    """The version of one exercise to show to someone who speaks ``language``: one in exactly
    that language, else one in the same language with another region (``es`` for ``es-MX``),
    else the original, else the first found."""
    exact = [entry for entry in versions if same_tag(entry.language, language)]
    near = [entry for entry in versions if same_language(entry.language, language)]
    originals = [entry for entry in versions if not entry.translation_of]
    return (exact or near or originals or list(versions))[0]


def in_language(entries: Iterable[Entry], language: str) -> tuple[Entry, ...]:
    """Each exercise of ``entries`` once, in ``language`` where it can be, in the order in
    which each exercise was first found."""
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.id, []).append(entry)
    return tuple(chosen(versions, language) for versions in grouped.values())


@dataclass(frozen=True)
class Library:
    entries: tuple[Entry, ...]
    """Each exercise once, in the language chosen when the library was loaded."""
    problems: tuple[Problem, ...] = ()
    loaded: dict[str, Exercise] = field(default_factory=dict, compare=False, repr=False)
    """Exercises already parsed in this process, by id (the versions in ``entries``)."""
    versions: tuple[Entry, ...] = ()
    """Every version of every exercise, in every language (``entries`` when empty)."""

    @classmethod
    def of(cls, exercises: Iterable[Exercise], language: str | None = None) -> Library:
        every = [(Entry.of(e), e) for e in exercises]
        shown = in_language((entry for entry, _e in every), language or i18n.current())
        # by identity: exercises made in memory may share a path ("<text>")
        chosen_ones = {id(entry) for entry in shown}
        loaded = {entry.id: exercise for entry, exercise in every if id(entry) in chosen_ones}
        return cls(shown, (), loaded, tuple(entry for entry, _e in every))

    def entry(self, exercise_id: str) -> Entry | None:
        """The exercise as the library shows it (in the language chosen), or None."""
        return next((e for e in self.entries if e.id == exercise_id), None)

    def versions_of(self, exercise_id: str) -> list[Entry]:
        """Every version of an exercise: its original and its translations."""
        return [e for e in self.versions or self.entries if e.id == exercise_id]

    def original(self, exercise_id: str) -> Entry | None:
        """The original of an exercise (the version that is no translation), or None."""
        return next((e for e in self.versions_of(exercise_id) if not e.translation_of), None)

    def load(self, exercise_id: str) -> LoadResult | None:
        """The exercise, freshly checked from its file (None when the id is unknown)."""
        from reconnect.format import LoadResult, load_file

        entry = self.entry(exercise_id)
        if entry is None:
            return None
        known = self.loaded.get(exercise_id)
        if known is not None and not Path(entry.path).is_file():
            return LoadResult(entry.path, known, ())  # made in memory (a preview, a test)
        result = load_file(entry.path)  # the file may have changed since it was listed
        if result.exercise is not None and result.exercise.id == exercise_id:
            self.loaded[exercise_id] = result.exercise
        return result

    def get(self, exercise_id: str) -> Exercise | None:
        result = self.load(exercise_id)
        if result is None or result.exercise is None or result.exercise.id != exercise_id:
            return None
        return result.exercise

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Every exercise, parsed (for tools and tests; the home screen needs only entries)."""
        found = (self.get(entry.id) for entry in self.entries)
        return tuple(exercise for exercise in found if exercise is not None)

    def by_category(self) -> dict[str, list[Entry]]:
        """Entries grouped by category: the known shelves first, in their order, then others."""
        groups: dict[str, list[Entry]] = {}
        order = {name: number for number, name in enumerate(KNOWN_CATEGORIES)}
        for entry in sorted(self.entries,
                            key=lambda e: (order.get(e.category, len(order)), e.category,
                                           e.minutes, e.title.casefold())):
            groups.setdefault(entry.category, []).append(entry)
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


def load_library(folders: Sequence[Path], index: Path | None = None, *,
                 save: bool = True, language: str | None = None) -> Library:
    """The library from ``folders``, each exercise in ``language`` (the language spoken now
    unless given) where it can be; with ``index``, unchanged files are not parsed again (and
    the index is brought up to date, unless ``save`` is False)."""
    cached = _read_index(index) if index is not None else {}
    fresh: dict[str, dict[str, Any]] = {}
    entries: list[Entry] = []
    problems: list[Problem] = []
    parsed: dict[str, Exercise] = {}
    seen: dict[str, list[Entry]] = {}
    # a folder, or an exercise file named on its own (never a stray file where a folder
    # should be, such as a file called `exercises` in the data folder)
    named = (folder for folder in folders
             if folder.is_dir() or (folder.is_file() and folder.suffix == ".toml"))
    for path in exercise_files(named):
        key = str(path)
        try:
            stat = path.stat()
            stamp = [stat.st_mtime_ns, stat.st_size]
        except OSError:
            stamp = None
        record = cached.get(key)
        exercise = None
        if record is None or stamp is None or record.get("stamp") != stamp \
                or _said_in_another_language(record):
            record = _prebuilt(path)
            if record is None:
                record = _record(path)
                exercise = record.pop("exercise")
        if stamp is not None:
            fresh[key] = {**record, "stamp": stamp}
        if record.get("entry") is None:
            from reconnect.format.diagnostics import Diagnostic  # only when a file has problems

            problems.append(Problem(key, tuple(Diagnostic.from_dict(d) for d in record["problem"])))
            continue
        entry = Entry(**record["entry"])
        taken = next((other for other in seen.get(entry.id, ()) if clashes(entry, other)), None)
        if taken is not None:
            from reconnect.format.diagnostics import make

            if entry.translation_of or taken.translation_of:
                # Translators: {language} is a language tag, such as es or es-MX
                message = _("the id `{id}` is already used by {path}, in the same language "
                            "({language})")
            else:
                message = _("the id `{id}` is already used by {path}")
            clash = make("R120", message.format(id=entry.id, path=printable(taken.path),
                                                language=entry.language),
                         key, hint=_("give this exercise its own `id`"))
            problems.append(Problem(key, (clash,)))
            continue
        seen.setdefault(entry.id, []).append(entry)
        entries.append(entry)
        if exercise is not None:
            parsed[key] = exercise
    if index is not None and save and fresh != cached:
        _write_index(index, fresh)
    shown = in_language(entries, language or i18n.current())
    loaded = {entry.id: parsed[entry.path] for entry in shown if entry.path in parsed}
    return Library(shown, tuple(problems), loaded, tuple(entries))


def id_clashes(checked: Sequence[Checked | tuple[str, str | None]],
               library: Library | None = None) -> dict[str, Diagnostic]:
    """R120 for files that share an exercise id, by file: ``checked`` is each file checked (or
    its path and id, the id None when it is not usable), in the order they were checked.

    A file clashes with an earlier file of ``checked`` that has its id, or with an exercise of
    the installed ``library`` (bundled, the data folder's, extra folders) that has its id and is
    another file: the same file reached by another path is not a clash, so checking the
    bundled folder itself finds nothing. A translation and its original, or translations into
    two languages, do not clash (:func:`clashes`). Each finding points at the file's `id` and,
    as a second place, at the other file's."""
    from reconnect.format.diagnostics import Related, make

    found: dict[str, Diagnostic] = {}
    first: dict[str, list[Checked]] = {}
    for item in checked:
        file = Checked(*item)
        exercise_id = file.exercise_id
        if exercise_id is None:
            continue
        here = _resolved(file.path)
        other = next((earlier for earlier in first.get(exercise_id, ())
                      if clashes(file, earlier) and _resolved(earlier.path) != here), None)
        installed = [] if library is None else library.versions_of(exercise_id)
        entry = next((version for version in installed
                      if clashes(file, version) and _resolved(version.path) != here), None)
        first.setdefault(exercise_id, []).append(file)
        if other is None and entry is not None:
            if _translation_involved(file, entry):
                message = _("the id `{id}` is already used by the installed exercise “{title}” "
                            "({path}), in the same language ({language})")
            else:
                message = _("the id `{id}` is already used by the installed exercise “{title}” "
                            "({path})")
            message = message.format(id=exercise_id, title=entry.title, path=entry.path,
                                     language=file.language)
            hint = _("give your copy its own `id` (and its own title): the library keeps only "
                     "the first exercise with an id, and leaves the other out")
            other_path, other_label = entry.path, _("the installed exercise with this id")
        elif other is not None:
            if _translation_involved(file, other):
                message = _("the id `{id}` is also the id of {path}, in the same language "
                            "({language})")
            else:
                message = _("the id `{id}` is also the id of {path}")
            message = message.format(id=exercise_id, path=other.path, language=file.language)
            hint = _("give each exercise its own `id`: the library keeps only the first "
                     "exercise with an id, and leaves the other out")
            other_path, other_label = other.path, _("the first file with this id")
        else:
            continue
        if file.translation_of:
            hint = _("a translation has its original's id, so it must be in a language no "
                     "other version of the exercise is in: check its `language`")
        diagnostic = make("R120", message, file.path, hint=hint, label=_("this id is taken"))
        found[file.path] = _placed_at_id(diagnostic, file.path,
                                         Related(other_path, label=other_label))
    return found


def _translation_involved(one: Checked, other: Entry | Checked) -> bool:
    """Whether a translation is involved in a clash: then one id clashes because the two are
    in the same language, and the message says so."""
    return bool(one.translation_of or other.translation_of)


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return path


def _placed_at_id(diagnostic: Diagnostic, path: str, other: Related) -> Diagnostic:
    """``diagnostic`` placed at the `id` of the file ``path``, with ``other`` placed at the
    `id` of its file."""
    from dataclasses import replace

    from reconnect.format.loader import locate_value

    line, column, length, source = locate_value(path, ("id",))
    other_line, other_column, other_length, other_source = locate_value(other.file, ("id",))
    related = replace(other, line=other_line, column=other_column, length=other_length,
                      source_line=other_source)
    return replace(diagnostic, line=line, column=column, length=length, source_line=source,
                   related=(related,))


BUNDLED_INDEX = "bundled-index.json"
"""The titles and summaries of the bundled exercises, made when reconnect is built (see
:mod:`reconnect.generate.bundled_index`), so a first start or a demonstration need not parse
them. Each entry is trusted only for a file whose SHA-256 it names."""


@functools.cache
def _prebuilt_entries() -> dict[str, dict[str, Any]]:
    # beside this module (importlib.resources would do the same, and load a dozen modules)
    try:
        data = json.loads(Path(__file__).with_name(BUNDLED_INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def _prebuilt(path: Path) -> dict[str, Any] | None:
    """The index record of a bundled exercise file that is exactly as it was built."""
    from reconnect.locations import bundled_exercises_dir

    bundled = bundled_exercises_dir()
    if path.parent == bundled:
        name = path.name
    elif bundled in path.parents:  # a translation, in a folder of its language
        name = path.relative_to(bundled).as_posix()
    else:
        return None
    known = _prebuilt_entries().get(name)
    if not isinstance(known, dict):
        return None
    from reconnect.files import sha256_hex

    try:
        digest = sha256_hex(path.read_bytes())
    except OSError:
        return None
    if digest != known.get("sha256"):
        return None  # edited since it was built: check it like any other file
    return {"entry": {**known["entry"], "path": str(path)}, "problem": None}


def _record(path: Path) -> dict[str, Any]:
    from reconnect.format import load_file

    result = load_file(path)
    if result.exercise is None:
        return {"entry": None, "problem": [asdict(d) for d in result.diagnostics],
                "spoken": i18n.current(), "exercise": None}
    return {"entry": Entry.of(result.exercise)._asdict(), "problem": None,
            "exercise": result.exercise}


def _said_in_another_language(record: dict[str, Any]) -> bool:
    """Whether a record holds a file's problems in words of another language than the one
    spoken now (they are said again, in this one)."""
    return record.get("problem") is not None and record.get("spoken") != i18n.current()


def _read_index(index: Path) -> dict[str, dict[str, Any]]:
    """The saved index, or nothing when it is missing, damaged or from another version."""
    from reconnect import __version__

    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != [INDEX_VERSION, __version__]:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_index(index: Path, files: dict[str, dict[str, Any]]) -> None:
    """Best effort: an index that cannot be written only makes the next start slower."""
    from reconnect import __version__
    from reconnect.files import write_atomically

    try:
        index.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(index, json.dumps({"version": [INDEX_VERSION, __version__],
                                            "files": files}, ensure_ascii=False))
    except OSError:
        pass

