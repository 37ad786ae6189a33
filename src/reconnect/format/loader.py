"""Loading and checking exercise files: TOML text in, an :class:`Exercise` or diagnostics out.

Every problem in a file is reported in one pass. A file with errors yields no exercise; a file
with only warnings loads (with control characters removed). Positions are worked out only when
there is something to report, so checking a clean file costs little more than parsing it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli

from reconnect.files import sha256_hex
from reconnect.format import conditions, flow, languages, placeholders
from reconnect.format.diagnostics import Diagnostic, Finding, Related, closest, did_you_mean, make
from reconnect.format.model import (
    FORMAT_VERSION,
    KNOWN_CATEGORIES,
    STEP_KINDS,
    STEP_TYPES,
    AnswerStep,
    Branch,
    ChoiceStep,
    Exercise,
    Option,
    RatingStep,
    RevealStep,
    SayStep,
    Scale,
    Step,
    StepKind,
    SwapStep,
    TurnStep,
)
from reconnect.format.schema import (
    BRANCH_KEYS,
    EXERCISE_KEYS,
    ID_PATTERN,
    MAX_FILE_BYTES,
    MAX_STEPS,
    MAX_TEXT,
    OPTION_KEYS,
    Key,
    kinds_using,
    step_keys,
)
from reconnect.i18n import N_, _, ngettext
from reconnect.text import clean, find_unsafe

if TYPE_CHECKING:
    from reconnect.format.positions import PositionIndex

_ID = re.compile(ID_PATTERN)
_EMPTY_HINTS = {
    "title": N_("couples and therapists read the title first; write one"),
    "summary": N_("couples and therapists read the summary first; write one"),
    "source": N_("credit the protocol the exercise adapts: `Adapted from ...`"),
    "text": N_("write what the step says or asks; an empty screen tells the couple nothing"),
    "labels": N_("write words for both ends of the scale, like \"Not at all\" and "
                 "\"Completely\""),
    "options": N_("each option needs words the couple can choose"),
    "label": N_("each option needs words the couple can choose"),
    "show": N_("name the steps whose answers are shown, like show = [\"wish\"]"),
}
"""Why a required key cannot be empty, by key: required means it must say something
(translated where it is shown)."""
_LOOP_CLOSERS = {
    "goto": N_("this `goto` closes a loop with no way out"),
    "branches": N_("this branch closes a loop with no way out"),
    "options": N_("this option closes a loop with no way out"),
    "repeat_from": N_("this `repeat_from` closes a loop with no way out"),
}
"""The R302 message, by the key whose jump closes the loop (translated where it is shown)."""
_BUILT_SEPARATELY = frozenset(("id", "kind", "branches", "options", "scale", "labels"))
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END = "(at end of document)"
TomlPath = tuple[str | int, ...]
Advisor = Callable[[Exercise], Iterable[Finding]]
Place = tuple[TomlPath, str, str]
"""A second place a diagnostic points at: (toml path, "key" | "value", label)."""
"""Extra checks run on a file that loads without errors (the session advice lives above the
format layer and is passed in by ``reconnect check``)."""


@dataclass(frozen=True)
class LoadResult:
    """What loading one file gave: the exercise (None when it has errors) and every diagnostic."""

    path: str
    exercise: Exercise | None
    diagnostics: tuple[Diagnostic, ...]
    exercise_id: str | None = None
    """The file's `id` when it is a well-formed id, even if the file has other errors (so that
    ``reconnect check`` can find two files sharing an id in one pass)."""
    language: str = languages.DEFAULT_LANGUAGE
    """The file's `language` when it is a well-formed tag, even if the file has other errors
    (two files with one id clash only when they are in the same language)."""
    translation_of: str = ""
    """The file's `translation_of` when it is well formed, even if the file has other errors."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


def load_file(path: str | Path, advise: Advisor | None = None) -> LoadResult:
    """Read and check one exercise file. Never raises for a bad file: it reports."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            # Translators: {size} and {limit} are numbers of bytes, written with commas
            too_large = _("the file is {size} bytes; the limit is {limit} (1 MiB)")
            return _failed(name, make("R101", too_large.format(
                size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"), name))
        data = Path(path).read_bytes()
    except OSError as error:
        # Translators: {problem} is the operating system's reason, such as "Permission denied"
        unreadable = _("cannot read the file: {problem}")
        return _failed(name, make("R100", unreadable.format(
            problem=error.strerror or error), name))
    if len(data) > MAX_FILE_BYTES:
        return _failed(name, make("R101", _("the file is larger than 1 MiB"), name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return LoadResult(name, None, (replace(
            make("R100", _("the file is not UTF-8 text"), name,
                 hint=_("save it as UTF-8 in your editor")),
            line=line, column=1),))
    return load_text(text, name, advise)


def load_text(text: str, path: str = "<text>", advise: Advisor | None = None) -> LoadResult:
    """Check ``text`` as an exercise file named ``path``."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return _failed(path, make("R101", _("the text is larger than 1 MiB"), path))
    deep = _deep_key(text)
    if deep is not None:
        line, parts = deep
        lines = _lines(text)
        # Translators: a dotted key is a TOML key such as `a.b.c` (three parts)
        too_deep = ngettext("a key has {count} dotted part; the limit is {limit}",
                            "a key has {count} dotted parts; the limit is {limit}", parts)
        return LoadResult(path, None, (replace(
            make("R102", too_deep.format(count=f"{parts:,}", limit=MAX_KEY_PARTS), path,
                 hint=_("an exercise needs at most a few: `steps`, a key, a value")),
            line=line, column=1, source_line=clean(lines[line - 1][:200])),))
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        return LoadResult(path, None, (_syntax_error(error, text, path),))
    except RecursionError:
        return _failed(path, make("R102", _("the file nests lists or tables too deeply to read"),
                                  path))
    try:
        return _Checker(text, path, data, advise).run()
    except Exception as error:
        problem = f"{type(error).__name__}: {error}"
        # Translators: {problem} is the program's own error, for the report
        failure = _("reconnect could not check this file ({problem}); please report this")
        return _failed(path, make("R100", failure.format(problem=problem), path))


MAX_KEY_PARTS = 32
"""Parts of one dotted key (``a.b.c`` has three). The TOML parser takes time that grows with the
square of a key's length, so a hostile file with one very long key is refused before parsing."""

# Strings and comments, whose dots are not key separators (a rough TOML lexer: it only has to
# keep prose from looking like a key).
_NOT_KEYS = re.compile(r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''''
                       r'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#[^\n]*''')
_KEY_CHAIN = re.compile(r"(?:[A-Za-z0-9_-]+|\0)(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|\0))+")


def _deep_key(text: str) -> tuple[int, int] | None:
    """(line, parts) of the first dotted key longer than MAX_KEY_PARTS, or None."""
    # a key sits on one line, so only a line with that many dots can hold one: the common
    # case costs a count, or a count per line
    if text.count(".") < MAX_KEY_PARTS - 1 or all(
            line.count(".") < MAX_KEY_PARTS - 1 for line in text.split("\n")):
        return None
    # each string or comment becomes one NUL per line it spans (quoted key parts stay parts)
    flat = _NOT_KEYS.sub(lambda match: "\0" + "\n" * match.group(0).count("\n"), text)
    for match in _KEY_CHAIN.finditer(flat):
        parts = match.group(0).count(".") + 1
        if parts > MAX_KEY_PARTS:
            return flat.count("\n", 0, match.start()) + 1, parts
    return None


def _failed(path: str, diagnostic: Diagnostic) -> LoadResult:
    return LoadResult(path, None, (diagnostic,))


def _syntax_error(error: tomli.TOMLDecodeError, text: str, path: str) -> Diagnostic:
    message = str(error)
    match = _TOML_POSITION.search(message)
    summary = _TOML_POSITION.sub("", message).strip().rstrip(".")
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    if match is None and _TOML_END in summary:
        # the parser gives no position when the text ends too early: point just after its end
        # Translators: {problem} is the TOML reader's own words, in English
        summary = _("{problem} at the end of the file").format(
            problem=summary.replace(_TOML_END, "").strip())
        end = len(text.rstrip())
        line = text.count("\n", 0, end) + 1
        column = end - text.rfind("\n", 0, end)
    summary = summary[:1].lower() + summary[1:]
    hint = _("check for a missing quote, bracket or `=` just before this point")
    lines = _lines(text)
    source = lines[line - 1] if line and line <= len(lines) else ""
    # Translators: {problem} is the TOML reader's own words, in English
    message = _("invalid TOML: {problem}").format(problem=summary)
    return Diagnostic("R103", "error", message, path, line, column, 1, hint, "", clean(source))


@dataclass
class _Pending:
    """A diagnostic waiting for its position (positions are worked out only when needed)."""

    diagnostic: Diagnostic
    at: TomlPath
    where: str = "value"
    offset: int | None = None
    """A column offset inside the value (a placeholder in a text, a name in a condition)."""
    length: int = 1
    related: tuple[Place, ...] = ()
    notes: list[str] = field(default_factory=list)
    missing: tuple[TomlPath, str] | None = None
    """For an R110: the table and the key it lacks."""
    explains: tuple[TomlPath, str] | None = None
    """For an R112: the missing key its typo stands for (the R110 is then folded into it)."""


class _Checker:
    def __init__(self, text: str, path: str, data: dict[str, Any],
                 advise: Advisor | None = None) -> None:
        self.advise = advise
        self.text = text
        self.path = path
        self.data = data
        self.pending: list[_Pending] = []
        # the [[steps]] table each built step came from (steps that failed are left out)
        self.step_numbers: list[int] = []
        # ids of [[steps]] tables that could not be built, by table number: what points at
        # them is folded under their own error (it works again once that error is fixed)
        self.broken: dict[str, int] = {}
        self.placeholder_checks: list[tuple[str, TomlPath]] = []
        # steps each partner answers in turn, where {you} and {partner} make sense
        self.answerer_steps: set[TomlPath] = set()
        # jump targets of branches that could not be built, checked with the others
        self.loose_targets: list[tuple[str, TomlPath]] = []
        self.condition_checks: list[tuple[conditions.Condition, TomlPath, str]] = []
        self._raw_index: dict[str, int] | None = None

    # reporting --------------------------------------------------------------------------

    def report(self, code: str, message: str, at: TomlPath, where: str = "value", *,
               hint: str = "", label: str = "", offset: int | None = None, length: int = 1,
               related: Sequence[Place] = (), notes: Sequence[str] = (),
               missing: tuple[TomlPath, str] | None = None,
               explains: tuple[TomlPath, str] | None = None) -> _Pending:
        pending = _Pending(make(code, message, self.path, hint=hint, label=label), at, where,
                           offset, length, tuple(related), list(notes), missing, explains)
        self.pending.append(pending)
        return pending

    def has_errors(self) -> bool:
        return any(p.diagnostic.is_error for p in self.pending)

    def placed(self) -> tuple[Diagnostic, ...]:
        if not self.pending:
            return ()
        explained = {p.explains for p in self.pending if p.explains is not None}
        from reconnect.format.positions import index_positions  # only a file with problems

        index = index_positions(self.text)
        lines = _lines(self.text)
        placed = []
        for pending in self.pending:
            if pending.missing is not None and pending.missing in explained:
                continue  # a typo of this key is reported, with the key as its did-you-mean
            line, column, length, source = _locate(index, lines, pending.at, pending.where,
                                                   pending.offset, pending.length)
            related = []
            for at, where, label in pending.related:
                other = _locate(index, lines, at, where, None, 1)
                related.append(Related(self.path, other[0], other[1], other[2], clean(label),
                                       other[3]))
            placed.append(replace(pending.diagnostic, line=line, column=column, length=length,
                                  source_line=source, related=tuple(related),
                                  notes=tuple(clean(note) for note in pending.notes)))
        placed.sort(key=lambda d: (d.line or 0, d.column or 0))
        return tuple(placed)

    def fold_into_step(self, number: int, note: str) -> bool:
        """Add ``note`` to the first error of the [[steps]] table ``number``; False if none."""
        for pending in self.pending:
            if pending.diagnostic.is_error and pending.at[:2] == ("steps", number):
                pending.notes.append(note)
                return True
        return False

    # values ---------------------------------------------------------------------------

    def value(self, table: dict[str, Any], key: Key, at: TomlPath) -> Any:
        """The checked value of ``key`` in ``table``; its default when missing or wrong."""
        here = at + (key.name,)
        if key.name not in table:
            if key.required:
                self.report("R110", self._missing(at, key.name), at, "key",
                            # Translators: {description} says what the key is for
                            hint=_("add `{key} = ...`: {description}").format(
                                key=key.name, description=key.described()),
                            missing=(at, key.name))
            return key.default
        raw = table[key.name]
        checked = self.convert(raw, key, here)
        return key.default if checked is None else checked

    def _missing(self, at: TomlPath, key: str) -> str:
        """The file, or the step at ``at``, lacks the key ``key``: the message that says so."""
        if not at:
            return _("the file is missing `{key}`").format(key=key)
        return _("step `{step}` is missing `{key}`").format(step=self._step_name(at), key=key)

    def _step_name(self, at: TomlPath) -> str:
        if len(at) >= 2 and at[0] == "steps" and isinstance(at[1], int):
            steps = self.data.get("steps")
            if isinstance(steps, list) and at[1] < len(steps) and isinstance(steps[at[1]], dict):
                step_id = steps[at[1]].get("id")
                if isinstance(step_id, str):
                    return step_id
            # Translators: a step without an id, named by its place in the file ("step
            # `number 3`")
            return _("number {number}").format(number=at[1] + 1)
        return ".".join(str(part) for part in at)

    def wrong_type(self, raw: Any, expected: str, at: TomlPath, example: str) -> None:
        """R111: ``expected`` (words already in the language spoken) says what the value at
        ``at`` should be; ``example`` is a line of an exercise file that is right."""
        # Translators: {place} is a key or a step ("`title`", "step 3", "item 2 of
        # `options`"); {expected} what it should be ("text in quotes"); {actual} what it is
        # ("the number 5", "a table")
        message = _("{place} should be {expected}, not {actual}").format(
            place=_name_of(at), expected=expected, actual=_describe(raw))
        self.report("R111", message, at, hint=_("for example: {example}").format(
            example=example))

    def convert(self, raw: Any, key: Key, at: TomlPath) -> Any:
        kind = key.type
        # the common types first: most values are text and ids
        if kind == "text":
            return self.text_value(raw, at, key.name, prose=True, required=key.required)
        if kind in ("id", "kind"):
            return self.id_value(raw, at, key)
        if kind == "integer":
            raw = _whole(raw)
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.wrong_type(raw, _("a whole number"), at, f"{key.name} = {key.default or 20}")
                return None
            if (key.minimum is not None and raw < key.minimum) or (
                key.maximum is not None and raw > key.maximum
            ):
                # Translators: {low}..{high} is the range of numbers allowed
                outside = _("`{key}` is {value}, outside {low}..{high}").format(
                    key=key.name, value=raw, low=key.minimum, high=key.maximum)
                self.report("R113", outside, at, hint=_("use a number from {low} to {high}")
                            .format(low=key.minimum, high=key.maximum))
                return None
            return raw
        if kind == "boolean":
            if not isinstance(raw, bool):
                self.wrong_type(raw, _("true or false"), at, f"{key.name} = true")
                return None
            return raw
        if kind in ("string", "condition"):
            return self.text_value(raw, at, key.name, prose=False,
                                   required=key.required and kind == "string")
        if kind == "language":
            return self.language_value(raw, at)
        if kind == "version":
            return self.version_value(raw, at)
        if kind in ("text-list", "id-list"):
            if not isinstance(raw, list):
                self.wrong_type(raw, _("a list in square brackets"), at,
                                f'{key.name} = ["...", "..."]')
                return None
            if key.required and not raw:
                self.report("R113", _("`{key}` is empty").format(key=key.name), at,
                            hint=_(_EMPTY_HINTS[key.name]) if key.name in _EMPTY_HINTS
                            else _("name at least one"))
                return None
            if kind == "text-list":
                items = [self.text_value(element, at + (number,), key.name, prose=True)
                         for number, element in enumerate(raw)]
            else:
                items = [self.id_value(element, at + (number,), key)
                         for number, element in enumerate(raw)]
            return tuple(element for element in items if element is not None)
        raise AssertionError(f"no converter for {kind}")  # schema and loader disagree

    def text_value(self, raw: Any, at: TomlPath, name: str, prose: bool,
                   required: bool = False) -> str | None:
        """A text; ``required`` ones must say something (not be empty or only spaces)."""
        if not isinstance(raw, str):
            self.wrong_type(raw, _("text in quotes"), at, f'{name} = "..."')
            return None
        if required and not raw.strip():
            # Translators: {place} is a key or a step ("`title`", "item 2 of `options`")
            self.report("R113", _("{place} is empty").format(place=_name_of(at)), at,
                        hint=_(_EMPTY_HINTS[name]) if name in _EMPTY_HINTS
                        else _("write something here"))
            return None
        if len(raw) > MAX_TEXT:
            too_long = ngettext("`{key}` is {count} character; the limit is {limit}",
                                "`{key}` is {count} characters; the limit is {limit}", len(raw))
            self.report("R113", too_long.format(key=name, count=f"{len(raw):,}",
                                                limit=f"{MAX_TEXT:,}"),
                        at, hint=_("shorten it or split it across steps"))
            return None
        if raw.startswith(languages.TO_TRANSLATE):
            mark = languages.TO_TRANSLATE.strip()
            # Translators: {place} is a key or a step ("`text`", "item 2 of `stems`")
            self.report("R412", _("{place} is still to translate").format(place=_name_of(at)),
                        at, label=_("still to translate"), offset=0, length=len(mark),
                        # Translators: {mark} is the mark "[to translate]", kept as it is
                        hint=_("write it in this file's language, and delete \"{mark}\"")
                        .format(mark=mark))
        if raw.isprintable():  # no control characters, no line breaks: nothing to clean
            if prose:
                self.placeholder_checks.append((raw, at))
            return raw
        unsafe = find_unsafe(raw)
        text: str
        if unsafe is not None:
            character = f"U+{ord(raw.replace(chr(13) + chr(10), chr(10))[unsafe]):04X}"
            # Translators: {character} is a code such as U+001B
            self.report("R117", _("`{key}` contains control character {character}; it was "
                                  "removed").format(key=name, character=character),
                        at, hint=_("delete the invisible character"))
            text = clean(raw)
        else:
            text = raw.replace("\r\n", "\n")
        if prose:
            self.placeholder_checks.append((text, at))
        return text

    def language_value(self, raw: Any, at: TomlPath) -> str | None:
        if not isinstance(raw, str):
            self.wrong_type(raw, _("a language tag in quotes"), at, 'language = "es"')
            return None
        if not languages.is_language_tag(raw):
            self.report("R119", _("`{value}` is not a language tag").format(value=raw), at,
                        hint=languages.tag_hint(raw))
            return None
        return raw

    def version_value(self, raw: Any, at: TomlPath) -> str | None:
        if not isinstance(raw, str):
            self.wrong_type(raw, _("a version in quotes"), at, 'translation_of = "sha256:..."')
            return None
        if not languages.is_version(raw):
            hint = _("write `sha256:` and the first {digits} hex digits (0-9, a-f) of the "
                     "SHA-256 of the original file; `reconnect new FILE --from ID --lang LANG` "
                     "writes it for you").format(digits=languages.VERSION_DIGITS)
            self.report("R401", _("`{value}` is not the version of an original").format(
                value=raw), at, hint=hint)
            return None
        return raw

    def id_value(self, raw: Any, at: TomlPath, key: Key) -> str | None:
        if not isinstance(raw, str):
            self.wrong_type(raw, _("an id in quotes"), at, f'{key.name} = "my-step"')
            return None
        if key.choices:
            if raw not in key.choices:
                code = "R116" if key.type == "kind" else "R113"
                hint = did_you_mean(raw, key.choices) or _("use one of: {choices}").format(
                    choices=_listed(key.choices))
                # Translators: {key} is the key, as written in the file ("kind")
                self.report(code, _("`{value}` is not a known {key}").format(
                    value=raw, key=key.name), at, hint=hint)
                return None
            return raw
        if not _ID.fullmatch(raw):  # `$` alone would let a final newline through
            suggestion = re.sub(r"[^a-z0-9-]+", "-", raw.lower()).strip("-") or "my-step"
            self.report("R114", _("`{value}` is not a valid id").format(value=raw), at,
                        hint=_("use lowercase letters, digits and hyphens, like `{suggestion}`")
                        .format(suggestion=suggestion))
            return None
        return raw

    def unknown_keys(self, table: dict[str, Any], allowed: Iterable[str], at: TomlPath,
                     kind: str | None = None) -> None:
        if not isinstance(allowed, dict | set | frozenset):
            allowed = set(allowed)
        missing = [key.name for key in allowed.values() if key.required
                   and key.name not in table] if isinstance(allowed, dict) else []
        for name in table:
            if name in allowed:
                continue
            wanted = closest(name, missing)
            if wanted is not None:
                # one finding for both halves of a typo: the unknown key and the missing one
                both = _("unknown key `{key}`, and `{wanted}` is missing").format(
                    key=name, wanted=wanted)
                self.report("R112", both, at + (name,), "key",
                            hint=did_you_mean(name, missing), explains=(at, wanted))
                continue
            elsewhere = kinds_using(name) if kind else []
            if elsewhere and kind:
                kinds = functools.reduce(_two_joined, elsewhere)
                if kind[0] in "aeiou":
                    # Translators: {kinds} are step kinds as written in the file ("say and
                    # turn"), {kind} is this step's ("answer", "end": English says "an")
                    belongs = _("`{key}` belongs to {kinds} steps; this is an {kind} step")
                else:
                    # Translators: {kinds} are step kinds as written in the file ("say and
                    # turn"), {kind} is this step's ("say", "turn")
                    belongs = _("`{key}` belongs to {kinds} steps; this is a {kind} step")
                hint = belongs.format(key=name, kinds=kinds, kind=kind)
            else:
                hint = did_you_mean(name, allowed) or _("remove it, or check docs/FORMAT.md")
            self.report("R112", _("unknown key `{key}`").format(key=name), at + (name,), "key",
                        hint=hint)

    def pair(self, table: dict[str, Any], key: Key, at: TomlPath,
             item: str) -> tuple[Any, ...] | None:
        here = at + (key.name,)
        if key.name not in table:
            if key.required:
                self.report("R110", self._missing(at, key.name), at, "key",
                            # Translators: {description} says what the key is for
                            hint=_("add `{key} = [..., ...]`: {description}").format(
                                key=key.name, description=key.described()),
                            missing=(at, key.name))
            return tuple(key.default) if isinstance(key.default, list) else None
        raw = table[key.name]
        if not isinstance(raw, list) or len(raw) != 2:
            self.wrong_type(raw, _("a list of two items"), here,
                            f"{key.name} = {_pair_example(item)}")
            return None
        if item == "integer":
            values = []
            for number, value in enumerate(raw):
                value = _whole(value)
                if isinstance(value, bool) or not isinstance(value, int):
                    self.wrong_type(value, _("a whole number"), here + (number,),
                                    "scale = [0, 10]")
                    return None
                values.append(value)
            return tuple(values)
        if item == "text":
            converted = [self.text_value(value, here + (number,), key.name, prose=True,
                                         required=key.required)
                         for number, value in enumerate(raw)]
        else:
            element = Key(key.name, item, key.about)
            converted = [self.convert(value, element, here + (number,))
                         for number, value in enumerate(raw)]
        return None if None in converted else tuple(converted)

    # the file -------------------------------------------------------------------------

    def run(self) -> LoadResult:
        data = self.data
        version = _whole(data.get("format"))
        if "format" not in data:
            self.report("R110", self._missing((), "format"), (), "key",
                        hint=_("add `format = {version}` as the first line").format(
                            version=FORMAT_VERSION),
                        missing=((), "format"))
        elif isinstance(version, bool) or not isinstance(version, int):
            self.wrong_type(version, _("a whole number"), ("format",),
                            f"format = {FORMAT_VERSION}")
        elif version > FORMAT_VERSION:
            # Translators: {version} is the file's format number, {known} the one reconnect reads
            self.report("R104", _("this file uses format {version}, but this reconnect reads "
                                  "format {known}").format(version=version, known=FORMAT_VERSION),
                        ("format",), hint=_("upgrade reconnect to open this exercise"))
            return self.result(None)
        elif version < 1:
            self.report("R104", _("format {version} does not exist").format(version=version),
                        ("format",), hint=_("use format = {version}").format(
                            version=FORMAT_VERSION))

        top = {key.name: key for key in EXERCISE_KEYS}
        self.unknown_keys(data, top, ())
        values = {name: self.value(data, key, ())
                  for name, key in top.items() if name not in ("roles", "steps", "format")}
        roles = self.pair(data, top["roles"], (), "id") or ("speaker", "listener")
        if roles[0] == roles[1]:
            self.report("R113", _("the two roles must differ"), ("roles",),
                        # Translators: role names are ids: lowercase letters, digits, hyphens
                        hint=_('for example roles = ["sender", "receiver"]'))
        for reserved in ("both", "each", "together", "first", "second", "you", "partner"):
            if reserved in roles:
                self.report("R113", _("`{name}` cannot be a role name").format(name=reserved),
                            ("roles",), hint=_("it already means something in `to` and `who`"))
        category = values.get("category")
        if isinstance(category, str) and category not in KNOWN_CATEGORIES:
            hint = did_you_mean(category, KNOWN_CATEGORIES) or _("known: {names}").format(
                names=_listed(KNOWN_CATEGORIES))
            self.report("R118", _("category `{category}` is not one of the library's shelves")
                        .format(category=category), ("category",), hint=hint)

        steps = self.steps(tuple(roles))
        exercise = None
        if steps:
            self.check_references(steps, tuple(roles))
            if not self.has_errors():
                # a dropped or misnamed step would make the flow look broken when it is not
                self.check_flow(steps)
        self.check_placeholders(tuple(roles))
        if values.get("disclosure") and steps:
            self.check_disclosure(steps)

        if not self.has_errors():
            exercise = Exercise(
                id=values["id"], title=values["title"], category=values["category"],
                summary=values["summary"], minutes=values["minutes"], source=values["source"],
                steps=steps, format=FORMAT_VERSION, roles=(roles[0], roles[1]),
                timeout_minutes=values["timeout_minutes"],
                facilitator=values.get("facilitator") or "",
                tags=values.get("tags") or (),
                disclosure=bool(values.get("disclosure")),
                language=values["language"],
                translation_of=values.get("translation_of") or "",
                digest=sha256_hex(self.text.encode("utf-8")),
                source_text=self.text, path=self.path,
            )
            if self.advise is not None:
                self.check_advice(exercise, self.advise)
        return self.result(exercise)

    def result(self, exercise: Exercise | None) -> LoadResult:
        language = self.data.get("language")
        if not isinstance(language, str) or not languages.is_language_tag(language):
            language = languages.DEFAULT_LANGUAGE
        original = self.data.get("translation_of")
        if not isinstance(original, str) or not languages.is_version(original):
            original = ""
        return LoadResult(self.path, exercise, self.placed(), self.exercise_id(), language,
                          original)

    def exercise_id(self) -> str | None:
        raw = self.data.get("id")
        return raw if isinstance(raw, str) and _ID.fullmatch(raw) else None

    # steps ----------------------------------------------------------------------------

    def steps(self, roles: tuple[str, ...]) -> tuple[Step, ...]:
        raw_steps = self.data.get("steps")
        if raw_steps is None:
            self.report("R110", _("the file has no steps"), (), "key",
                        hint=_('add at least one step: [[steps]] with id = "welcome", '
                               'kind = "say" and text = "..."'), missing=((), "steps"))
            return ()
        if not isinstance(raw_steps, list) or not raw_steps:
            self.wrong_type(raw_steps, _("one or more [[steps]] tables"), ("steps",),
                            _('[[steps]] followed by id = "welcome"'))
            return ()
        if len(raw_steps) > MAX_STEPS:
            too_many = ngettext("the file has {count} step; the limit is {limit}",
                                "the file has {count} steps; the limit is {limit}",
                                len(raw_steps))
            self.report("R113", too_many.format(count=len(raw_steps), limit=MAX_STEPS),
                        ("steps",), hint=_("split it into several exercises"))
            return ()
        built: list[Step] = []
        seen: dict[str, int] = {}
        for number, raw in enumerate(raw_steps):
            at: TomlPath = ("steps", number)
            if not isinstance(raw, dict):
                self.wrong_type(raw, _("a [[steps]] table"), at,
                                _('[[steps]] followed by id = "..."'))
                continue
            step = self.step(raw, at, roles)
            if step is None:
                raw_id = raw.get("id")
                if isinstance(raw_id, str) and _ID.fullmatch(raw_id):
                    self.broken.setdefault(raw_id, number)
                continue
            if step.id in seen:
                self.report("R115", _("step id `{id}` is used twice").format(id=step.id),
                            at + ("id",), label=_("used again here"),
                            hint=_("rename one of them: `goto`, `show` and conditions must each "
                                   "name one step"),
                            related=((("steps", seen[step.id], "id"), "value",
                                      _("the first step with this id")),))
            else:
                seen[step.id] = number
            built.append(step)
            self.step_numbers.append(number)
        return tuple(built)

    def step(self, raw: dict[str, Any], at: TomlPath, roles: tuple[str, ...]) -> Step | None:
        allowed = step_keys(str(raw.get("kind")))
        step_id = self.value(raw, allowed["id"], at)
        kind = self.value(raw, allowed["kind"], at)
        if kind is None:
            self.unknown_keys(raw, set(step_keys("say")) | {
                name for k in STEP_KINDS for name in step_keys(k)}, at)
            return None
        self.unknown_keys(raw, allowed, at, kind)
        fields: dict[str, Any] = {}
        for name, raw_value in raw.items():
            key = allowed.get(name)
            if key is None or name in _BUILT_SEPARATELY:
                continue
            value = self.convert(raw_value, key, at + (name,))
            if value is not None:
                fields[name] = value
        for key in _required_keys(kind):
            if key.name not in raw:
                self.value(raw, key, at)  # reports it; the model's default stands in
        if "branches" in raw:
            fields["branches"] = self.branches(raw["branches"], at + ("branches",))
        if kind == "choice":
            fields["options"] = self.options(raw.get("options"), at)
        if kind == "rating":
            scale = self.pair(raw, allowed["scale"], at, "integer") or (0, 10)
            labels = self.pair(raw, allowed["labels"], at, "text") or ("", "")
            low, high = scale
            if not 0 <= low < high <= 10:
                self.report("R113", _("the scale {low}..{high} is not allowed").format(
                                low=low, high=high), at + ("scale",),
                            hint=_("use a low end below the high end, both from 0 to 10"))
            fields["scale"] = Scale(low, high, labels[0], labels[1])
            fields.pop("labels", None)
        if kind == "turn" and not fields.get("speaker"):
            fields["speaker"] = roles[0]
        if kind == "answer" and fields.get("private") and fields.get("who", "each") != "each":
            self.report("R113", _("only answers asked of `each` partner can be private"),
                        at + ("private",), hint=_('set who = "each" or remove private'))
        if step_id is None:
            return None
        step = STEP_TYPES[StepKind(kind)](id=step_id, **fields)
        if step.per_partner:
            self.answerer_steps.add(at)
        return step

    def branches(self, raw: Any, at: TomlPath) -> tuple[Branch, ...]:
        if not isinstance(raw, list):
            self.wrong_type(raw, _("a list of { when = ..., goto = ... }"), at,
                            'branches = [{ when = "either(calm) <= 3", goto = "break" }]')
            return ()
        built = []
        for number, item in enumerate(raw):
            here = at + (number,)
            if not isinstance(item, dict):
                self.wrong_type(item, "{ when = ..., goto = ... }", here,
                                '{ when = "either(calm) <= 3", goto = "break" }')
                continue
            keys = {key.name: key for key in BRANCH_KEYS}
            self.unknown_keys(item, keys, here)
            when = self.value(item, keys["when"], here)
            goto = self.value(item, keys["goto"], here)
            if when is None or goto is None:
                continue
            try:
                parsed = conditions.parse(when)
            except conditions.ConditionError as error:
                # Translators: {problem} says what is wrong in the condition
                unparsed = _("the condition does not parse: {problem}").format(
                    problem=error.message)
                self.report("R203", unparsed, here + ("when",), hint=error.hint,
                            offset=error.column - 1)
                self.loose_targets.append((goto, here + ("goto",)))  # still checked
                continue
            self.condition_checks.append((parsed, here + ("when",), when))
            built.append(Branch(parsed, when, goto))
        return tuple(built)

    def options(self, raw: Any, at: TomlPath) -> tuple[Option, ...]:
        here = at + ("options",)
        if raw is None:
            self.report("R110", self._missing(at, "options"), at, "key",
                        hint=_('add options = ["Talk now", "Later today"]'),
                        missing=(at, "options"))
            return ()
        if not isinstance(raw, list) or len(raw) < 2:
            self.wrong_type(raw, _("a list of two or more options"), here,
                            _('options = ["Talk now", { label = "Take a break", goto = '
                              '"pause" }]'))
            return ()
        built: list[Option] = []
        keys = {key.name: key for key in OPTION_KEYS}
        for number, item in enumerate(raw):
            item_at = here + (number,)
            if isinstance(item, str):
                label = self.text_value(item, item_at, "options", prose=True, required=True)
                if label is not None:
                    built.append(Option(label))
            elif isinstance(item, dict):
                self.unknown_keys(item, keys, item_at)
                label = self.value(item, keys["label"], item_at)
                goto = self.value(item, keys["goto"], item_at)
                if label is not None:
                    built.append(Option(label, goto))
            else:
                self.wrong_type(item, _("text or { label = ..., goto = ... }"), item_at,
                                _('"Talk now"'))
        labels = [option.label for option in built]
        for number, label in enumerate(labels):
            if label in labels[:number]:
                self.report("R113", _("option `{label}` is listed twice").format(label=label),
                            here + (number,), hint=_("each option needs its own label"))
        return tuple(built)

    # cross references -----------------------------------------------------------------

    def missing_target(self, name: str, at: TomlPath, candidates: Sequence[str],
                       where: str = "") -> None:
        """Report that ``name`` (at ``at``) is no step, suggesting only ``candidates``: the
        ids that would be valid there, so that following the hint never makes a new error.

        When a [[steps]] table with that id exists but could not be read, this is folded under
        that step's own error instead: it goes away once that error is fixed."""
        number = self.broken.get(name)
        if number is not None:
            source = self._step_name(at[:2]) if at[:1] == ("steps",) else _("the file")
            what = where or (str(at[2]) if len(at) > 2 else _("a jump"))
            # Translators: {step} names a step, {name} the broken step it names, {key} the key
            # that names it ("goto", "branches")
            note = _("step `{step}` names `{name}` in `{key}`; that works again once this is "
                     "fixed").format(step=source, name=name, key=what)
            if self.fold_into_step(number, note):
                return
        self.report("R201", _("no step has the id `{name}`").format(name=name), at,
                    label=_("this step does not exist"),
                    hint=did_you_mean(name, candidates) or _("check the spelling of the step id"))

    def check_references(self, steps: tuple[Step, ...], roles: tuple[str, ...]) -> None:
        ids = [step.id for step in steps]
        positions: dict[str, int] = {}
        for number, step in enumerate(steps):
            positions.setdefault(step.id, number)

        for name, place in self.loose_targets:
            if name not in positions:
                self.missing_target(name, place, ids, "branches")
        audience = ("both", "first", "second") + roles
        revealable = [step.id for step in steps if step.per_partner]
        for number, step in enumerate(steps):
            # the step's own [[steps]] table, even when another step has the same id
            at: TomlPath = ("steps", self.step_numbers[number])
            if step.goto and step.goto not in positions:
                # a step's own goto would loop it for ever: never suggest it
                self.missing_target(step.goto, at + ("goto",),
                                    [other for other in ids if other != step.id])
            for branch_number, branch in enumerate(step.branches):
                if branch.goto not in positions:
                    self.missing_target(branch.goto, at + ("branches", branch_number, "goto"),
                                        ids, "branches")
            if isinstance(step, ChoiceStep):
                for option_number, option in enumerate(step.options):
                    if option.goto and option.goto not in positions:
                        self.missing_target(option.goto,
                                            at + ("options", option_number, "goto"), ids,
                                            "options")
            if isinstance(step, SayStep) and step.to not in audience:
                self.report("R205", _("`to = \"{value}\"` names no role or partner").format(
                                value=step.to), at + ("to",),
                            hint=did_you_mean(step.to, audience)
                            or _("use {names}").format(
                                names=_listed(f"`{name}`" for name in audience)))
            if isinstance(step, TurnStep) and step.speaker not in roles:
                self.report("R205", _("`{name}` is not a role of this exercise").format(
                                name=step.speaker), at + ("speaker",),
                            hint=did_you_mean(step.speaker or "", roles)
                            or _("roles are {first} and {second}").format(
                                first=roles[0], second=roles[1]))
            if isinstance(step, AnswerStep) and step.who not in ("each", "together") + roles:
                self.report("R205", _("`who = \"{value}\"` names no role").format(
                                value=step.who), at + ("who",),
                            hint=did_you_mean(step.who, ("each", "together") + roles)
                            or _("use `each`, `together` or a role"))
            if isinstance(step, RevealStep):
                for shown_number, shown in enumerate(step.show):
                    if shown not in positions:
                        # only steps a reveal can show: following the hint must not give R206
                        self.missing_target(shown, at + ("show", shown_number), revealable)
                    elif not steps[positions[shown]].per_partner:
                        self.report("R206", _("`{name}` is not answered by each partner")
                                    .format(name=shown), at + ("show", shown_number),
                                    hint=_("reveal answer steps with who = \"each\", or "
                                           "ratings"))
            if isinstance(step, SayStep | TurnStep) and step.recall:
                self.check_recall(step, number, at, positions, steps)
            if isinstance(step, SwapStep) and step.repeat_from:
                if step.repeat_from not in positions:
                    self.missing_target(step.repeat_from, at + ("repeat_from",),
                                        ids[:number])
                elif positions[step.repeat_from] >= number:
                    self.report("R207", _("`{name}` is not before this swap").format(
                                    name=step.repeat_from), at + ("repeat_from",),
                                hint=_("name the first step of the round, earlier in the file"))
        by_id = {step.id: step for step in reversed(steps)}
        for condition, at, text in self.condition_checks:
            self.check_condition(condition, at, text, by_id, steps)

    def check_recall(self, step: SayStep | TurnStep, number: int, at: TomlPath,
                     positions: dict[str, int], steps: tuple[Step, ...]) -> None:
        recall = step.recall or ""
        if recall not in positions:
            earlier = [other.id for other in steps[:number]
                       if isinstance(other, AnswerStep) and other.who != "together"]
            self.missing_target(recall, at + ("recall",), earlier)
            return
        recalled = steps[positions[recall]]
        if not isinstance(recalled, AnswerStep) or recalled.who == "together":
            self.report("R208", _("`{name}` is not a written answer of one partner").format(
                            name=recall), at + ("recall",),
                        hint=_("name an answer step with who = \"each\" or a role"))
        elif positions[recall] >= number:
            self.report("R208", _("`{name}` comes after this step").format(name=recall),
                        at + ("recall",),
                        hint=_("a step can only show an answer written before it"))
        elif isinstance(step, SayStep) and step.to == "both":
            self.report("R208", _("a say step to both partners has no one partner to show it "
                                  "to"),
                        at + ("recall",), hint=_("add `to` naming a role, `first` or `second`"))

    def check_disclosure(self, steps: tuple[Step, ...]) -> None:
        for step, number in zip(steps, self.step_numbers, strict=True):
            if isinstance(step, AnswerStep) and step.who == "each" and not step.can_pass:
                self.report("R209", _("`{name}` asks for a disclosure but cannot be passed")
                            .format(name=step.id), ("steps", number, "id"),
                            hint=_("add can_pass = true"))

    def check_condition(self, condition: conditions.Condition, at: TomlPath, text: str,
                        by_id: dict[str, Step], steps: tuple[Step, ...]) -> None:
        answered = [step.id for step in steps if step.collects_answer]
        for ref, func in conditions.references(condition):
            offset = ref.column - 1
            step = by_id.get(ref.step)
            if step is None:
                number = self.broken.get(ref.step)
                if number is not None:
                    # Translators: {step} names a step, {name} the broken step its condition
                    # names
                    note = _("step `{step}` names `{name}` in a condition; that works again once "
                             "this is fixed").format(step=self._step_name(at[:2]), name=ref.step)
                    if self.fold_into_step(number, note):
                        continue
                self.report("R204", _("the condition names `{name}`, which is no step").format(
                                name=ref.step), at,
                            hint=did_you_mean(ref.step, answered)
                            or _("name a rating, answer or choice step"),
                            offset=offset, length=len(ref.step))
                continue
            if not step.collects_answer:
                # Translators: {kind} is a step kind as written in the file ("turn", "say")
                self.report("R204", _("`{name}` is a {kind} step and has no answer").format(
                                name=ref.step, kind=step.kind), at,
                            hint=_("name a rating, answer or choice step"), offset=offset,
                            length=len(ref.step))
            elif step.per_partner and func is None:
                self.report("R204", _("each partner answers `{name}`; say whose answer counts")
                            .format(name=ref.step),
                            at, hint=_("write either({name}) or both({name})").format(
                                name=ref.step),
                            offset=offset, length=len(ref.step))
            elif not step.per_partner and func is not None:
                # Translators: {function} is either or both, as written in the condition
                self.report("R204", _("`{name}` has one shared answer; {function}() needs two")
                            .format(name=ref.step, function=func),
                            at, hint=_("compare `{name}` directly").format(name=ref.step),
                            offset=offset, length=len(ref.step))
        for compare in conditions.walk(condition):
            self.check_comparison(compare, at, text, by_id)

    def check_comparison(self, compare: conditions.Compare, at: TomlPath, text: str,
                         by_id: dict[str, Step]) -> None:
        sides = (compare.left, compare.right)
        refs = [side.ref if isinstance(side, conditions.Call) else side for side in sides
                if isinstance(side, (conditions.Ref, conditions.Call))]
        literals = [side for side in sides if isinstance(side, conditions.Literal)]
        if len(refs) == 2 and all(isinstance(s, conditions.Call) and s.func in
                                  conditions.QUANTIFIERS for s in sides):
            self.report("R204", _("only one side of a comparison can use either() or both()"),
                        at, offset=compare.column - 1)
        if not refs:
            self.report("R204", _("the comparison names no answer"), at,
                        hint=_("compare an answer with a value, like either(calm) <= 3"),
                        offset=compare.column - 1)
            return
        for ref in refs:
            step = by_id.get(ref.step)
            if step is None:
                continue
            for literal in literals:
                offset = literal.column - 1
                length = _token_length(text, literal.column)
                if isinstance(step, RatingStep):
                    if isinstance(literal.value, str):
                        self.report("R204", _("`{name}` is a rating; compare it with a number")
                                    .format(name=ref.step), at,
                                    hint=_("for example either(calm) <= 3"), offset=offset,
                                    length=length)
                    else:
                        self.check_range(compare, step, at, text)
                elif isinstance(step, ChoiceStep):
                    labels = [option.label for option in step.options]
                    if not isinstance(literal.value, str) or literal.value not in labels:
                        # Translators: {value} is the value compared, as written ("Mony")
                        self.report("R204", _("{value} is not an option of `{name}`").format(
                                        value=_show(literal.value), name=ref.step),
                                    at, offset=offset, length=length,
                                    hint=did_you_mean(str(literal.value), labels) or
                                    _("options are {labels}").format(
                                        labels=_listed(f'"{label}"' for label in labels)))
                elif isinstance(step, AnswerStep) and not isinstance(literal.value, str):
                    self.report("R204", _("`{name}` is a written answer; compare it with text in "
                                          "quotes").format(name=ref.step),
                                at, offset=offset, length=length)

    def check_range(self, compare: conditions.Compare, step: RatingStep, at: TomlPath,
                    text: str) -> None:
        """R210/R211: a rating compared with a number that no rating (or every rating) on its
        scale satisfies, such as ``either(calm) <= 30`` on a scale from 0 to 10."""
        side: conditions.Operand
        if isinstance(compare.left, conditions.Literal):
            side, op = compare.left, conditions.FLIPPED[compare.op]
        else:
            side, op = compare.right, compare.op
        if not isinstance(side, conditions.Literal) or isinstance(side.value, str):
            return
        literal = side
        low, high = step.scale.low, step.scale.high
        test = conditions.COMPARISONS[op]
        holds = [bool(test(value, literal.value)) for value in range(low, high + 1)]
        offset, length = literal.column - 1, _token_length(text, literal.column)
        if not any(holds):
            self.report("R210", _("this comparison can never hold: `{name}` is rated in whole "
                                  "numbers from {low} to {high}").format(
                                      name=step.id, low=low, high=high), at,
                        hint=_("compare with a number from {low} to {high}").format(
                            low=low, high=high),
                        label=_("no rating on the scale fits"), offset=offset, length=length)
        elif all(holds):
            self.report("R211", _("this comparison always holds: `{name}` is rated in whole "
                                  "numbers from {low} to {high}").format(
                                      name=step.id, low=low, high=high), at,
                        hint=_("compare with a number from {low} to {high} that some ratings "
                               "fit and others do not, or use `goto` for a jump that is always "
                               "taken").format(low=low, high=high),
                        label=_("every rating on the scale fits"), offset=offset, length=length)

    def check_placeholders(self, roles: tuple[str, ...]) -> None:
        base = set(roles) | set(placeholders.PARTNER_PLACEHOLDERS)
        with_answerer = base | set(placeholders.ANSWERER_PLACEHOLDERS)
        for text, at in self.placeholder_checks:
            if "{" not in text and "}" not in text:
                continue
            allowed = with_answerer if at[:2] in self.answerer_steps else base
            lone = placeholders.unclosed(text)
            if lone is not None:
                # no placeholders in these: their braces are shown as they are
                self.report("R202", _("a `{` opens a placeholder that is never closed"), at,
                            hint=_("close it with `}`, or write `{{` for a brace itself"),
                            offset=lone if "\n" not in text[:lone] else None)
            stray = placeholders.stray_closing(text)
            if stray is not None:
                self.report("R202", _("a `}` closes no placeholder"), at,
                            hint=_("remove it, or write `}}` for a brace itself"),
                            label=_("this brace would be shown as it is"),
                            offset=stray if "\n" not in text[:stray] else None)
            for name, offset in placeholders.placeholders(text):
                if name in allowed:
                    continue
                if name in placeholders.ANSWERER_PLACEHOLDERS:
                    # Translators: {placeholder} is a placeholder with its braces ("{you}")
                    hint = _("{placeholder} only works in steps each partner answers in "
                             "turn").format(placeholder=f"{{{name}}}")
                else:
                    hint = did_you_mean(name, sorted(allowed)) or _("known: {names}").format(
                        names=_listed(f"{{{n}}}" for n in sorted(allowed)))
                self.report("R202", _("unknown placeholder `{placeholder}`").format(
                                placeholder=f"{{{name}}}"), at, hint=hint,
                            offset=offset if "\n" not in text[:offset] else None,
                            length=len(name) + 2)

    def raw_index(self) -> dict[str, int]:
        """The number of the first ``[[steps]]`` table with each id, as written in the file."""
        if self._raw_index is None:
            self._raw_index = {}
            raw_steps = self.data.get("steps")
            for number, raw in enumerate(raw_steps if isinstance(raw_steps, list) else ()):
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    self._raw_index.setdefault(raw["id"], number)
        return self._raw_index

    def check_advice(self, exercise: Exercise, advise: Advisor) -> None:
        """Warnings about what would hurt a session (see core/advice.py); only for clean files."""
        raw_index = self.raw_index()
        for found in advise(exercise):
            at = found.at
            if len(at) >= 2 and at[0] == "steps" and isinstance(at[1], str):
                at = ("steps", raw_index[at[1]]) + at[2:]
            self.report(found.code, found.message, at, hint=found.hint, label=found.label)

    def check_flow(self, steps: tuple[Step, ...]) -> None:
        if len({step.id for step in steps}) != len(steps):
            return  # duplicate ids make the graph ambiguous; they are reported already
        numbers = dict(zip((step.id for step in steps), self.step_numbers, strict=True))
        edges = flow.graph(steps)
        reached = flow.reachable(steps, edges)
        finishing = flow.can_finish(steps, edges)
        stuck = {step.id for step in steps if step.id in reached and step.id not in finishing}
        never = [step.id for step in steps if step.id not in reached]
        folded: set[str] = set()
        for loop in flow.loops_without_exit(steps, edges, stuck):
            jump = flow.closing_jump(steps, loop)
            follow_on = [step_id for step_id in never if step_id not in folded
                         and step_id in flow.reachable(flow.without(steps, jump))]
            folded.update(follow_on)
            self.report_loop(loop, jump, follow_on, numbers)
        for step_id in never:
            if step_id not in folded:
                self.report("R301", _("step `{id}` can never be reached").format(id=step_id),
                            ("steps", numbers[step_id]), "key",
                            hint=_("add a goto or branch that leads here, or remove the step"))
        self.check_answered_before(steps, edges, reached, numbers)

    def report_loop(self, loop: list[str], jump: flow.Jump, follow_on: list[str],
                    numbers: dict[str, int]) -> None:
        """R302 at the jump that closes ``loop``, naming only the loop's steps; the steps that
        only this loop keeps out of reach are notes under it, not findings of their own."""
        if jump.target == jump.source:
            label = _("back to this step: `{id}` repeats for ever").format(id=jump.target)
            related: tuple[Place, ...] = ()
        else:
            # Translators: {steps} are the loop's steps ("`talk`, `listen` and `swap`")
            label = _("back to `{id}`: {steps} repeat for ever").format(
                id=jump.target, steps=_and_list(loop))
            related = ((("steps", numbers[jump.target], "id"), "value",
                        _("the loop starts here")),)
        notes = []
        if follow_on:
            notes.append(ngettext("because of this loop, step {steps} can never be reached",
                                  "because of this loop, steps {steps} can never be reached",
                                  len(follow_on)).format(steps=_and_list(follow_on)))
        closes = _LOOP_CLOSERS[str(jump.place[0])]
        self.report("R302", _(closes), ("steps", numbers[jump.source]) + jump.place, label=label,
                    hint=_("give the loop an exit: a branch, a choice option, or a swap with a "
                           "number of rounds; or point the jump somewhere else"),
                    related=related, notes=notes)

    def check_answered_before(self, steps: tuple[Step, ...], edges: dict[str, list[str]],
                              reached: set[str], numbers: dict[str, int]) -> None:
        """R212: a condition naming a step that comes later on every path has no answer to
        look at when it is checked, so it can never hold."""
        after: dict[str, set[str]] = {}
        by_number = {number: step_id for step_id, number in numbers.items()}
        for condition, at, _text in self.condition_checks:
            owner = by_number.get(int(at[1]))
            if owner is None or owner not in reached:
                continue
            for ref, _func in conditions.references(condition):
                if ref.step == owner or ref.step not in reached:
                    continue
                if ref.step not in after:
                    after[ref.step] = flow.reachable_from(ref.step, edges)
                if owner not in after[ref.step]:
                    # Translators: {name} is the step the condition names, {owner} the step
                    # whose condition it is
                    self.report("R212", _("`{name}` comes after `{owner}` on every path, so it "
                                          "has no answer yet when this condition is looked at")
                                .format(name=ref.step, owner=owner), at,
                                hint=_("branch on a step that comes after `{name}`, or name an "
                                       "answer given earlier").format(name=ref.step),
                                label=_("not answered yet"), offset=ref.column - 1,
                                length=len(ref.step))


@functools.cache
def _required_keys(kind: str) -> tuple[Key, ...]:
    """The required keys of a step of ``kind`` that are converted one by one."""
    return tuple(key for name, key in step_keys(kind).items()
                 if key.required and name not in _BUILT_SEPARATELY)


def locate_value(path: str | Path, at: TomlPath) -> tuple[int | None, int | None, int, str]:
    """(line, column, length, source line) of the value at ``at`` in the file ``path``; no
    line when the file cannot be read or parsed."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        tomli.loads(text)
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return None, None, 1, ""
    from reconnect.format.positions import index_positions

    return _locate(index_positions(text), _lines(text), at, "value", None, 1)


def place_findings(text: str, path: str, findings: Sequence[Finding]) -> list[Diagnostic]:
    """Findings made outside the loader (a translation compared with its original), placed in
    the file ``text`` named ``path`` like the loader's own, in the order given."""
    if not findings:
        return []
    from reconnect.format.positions import index_positions

    index = index_positions(text)
    lines = _lines(text)
    placed = []
    for found in findings:
        line, column, length, source = _locate(index, lines, found.at, found.where,
                                               found.offset, found.length)
        placed.append(replace(make(found.code, found.message, path, hint=found.hint,
                                   label=found.label),
                              line=line, column=column, length=length, source_line=source))
    return placed


def locate_all(text: str, places: Sequence[tuple[TomlPath, str]]) -> list[tuple[int, int, int,
                                                                                str]]:
    """(line, column, length, source line) of each place (a toml path, and "key" or
    "value") in the file ``text``."""
    if not places:
        return []
    from reconnect.format.positions import index_positions

    index = index_positions(text)
    lines = _lines(text)
    return [_locate(index, lines, at, where, None, 1) for at, where in places]


def _locate(index: PositionIndex, lines: list[str], at: TomlPath, where: str,
            offset: int | None, length: int) -> tuple[int, int, int, str]:
    """(line, column, length, cleaned source line) of a place in the file."""
    if where == "key" and not at:
        span = index.first_key()  # the file itself: its first key, not a comment above it
    else:
        span = index.key(at) if where == "key" else index.value(at)
    if span is None:
        line, column, size = 1, 1, 1
    else:
        line, column, size = span.line, span.column, span.length
        if offset is not None:
            # inside the quotes: one, or three for a multi-line string
            opening = 3 if lines[line - 1][column - 1:column + 2] in ('"""', "'''") else 1
            column, size = column + opening + offset, max(1, length)
    source = lines[line - 1] if line <= len(lines) else ""
    return line, column, size, clean(source)


def _whole(raw: Any) -> Any:
    """A float with a whole value (``30.0``) as the integer it stands for: JSON Schema counts
    it as an integer, so the checker does too; anything else is returned as it is."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _token_length(text: str, column: int) -> int:
    """The length of the number or quoted text that starts at ``column`` of a condition."""
    match = _LITERAL.match(text, column - 1)
    return len(match.group(0)) if match else 1


_LITERAL = re.compile(r"""-?\d+(?:\.\d+)?|"[^"]*"|'[^']*'""")


def _and_list(ids: Sequence[str]) -> str:
    """```a`, `b` and `c``` (at most six named), in the language spoken."""
    named = [f"`{step_id}`" for step_id in ids[:6]]
    if len(ids) > 6:
        more = len(ids) - 6
        # Translators: the end of a list of steps too long to name them all ("`a`, `b` and 3
        # more")
        named.append(ngettext("{count} more", "{count} more", more).format(count=more))
    return named[0] if len(named) == 1 else _two_joined(_listed(named[:-1]), named[-1])


def _two_joined(first: str, last: str) -> str:
    """``first and last`` in the language spoken (``first`` may be a list itself)."""
    # Translators: the last two items of a list, as in "`calm`, `talk` and `end`" or "say and
    # turn"
    return _("{items} and {last}").format(items=first, last=last)


def _listed(items: Iterable[str]) -> str:
    """``a, b, c``: items joined as the language spoken lists them ("" for none)."""
    listed = list(items)
    if not listed:
        return ""
    # Translators: one more item added to a list, as in "`calm`, `talk`"
    return functools.reduce(lambda head, item: _("{items}, {item}").format(items=head, item=item),
                            listed)


def _lines(text: str) -> list[str]:
    """The file's lines as TOML (and the positions) count them: only LF ends a line.

    ``str.splitlines`` also breaks at U+2028, NEL and other characters TOML allows inside
    strings, which would show the wrong source line under every later diagnostic.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def _describe(raw: Any) -> str:
    """What a value is, for a message that says it is the wrong type ("the number 5")."""
    if isinstance(raw, bool):
        return _("true/false")
    if isinstance(raw, int | float):
        return _("the number {number}").format(number=raw)
    if isinstance(raw, str):
        return _("text")
    if isinstance(raw, list):
        if not raw:
            return _("an empty list")
        # Translators: a list of items in the file, with how many there are ("a list of 3")
        return ngettext("a list of {count}", "a list of {count}", len(raw)).format(
            count=len(raw))
    if isinstance(raw, dict):
        return _("a table")
    return type(raw).__name__  # TOML has no other type; a name for programmers, if ever


def _name_of(at: TomlPath) -> str:
    """How a place in the file is named in a message: `title`, step 3, item 2 of `options`."""
    if not at:
        return _("the value")
    if isinstance(at[-1], int):
        if len(at) >= 2 and at[-2] == "steps":
            return _("step {number}").format(number=at[-1] + 1)
        if len(at) >= 2:
            return _("item {number} of `{key}`").format(number=at[-1] + 1, key=at[-2])
        return _("item {number}").format(number=at[-1] + 1)
    return f"`{at[-1]}`"


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _pair_example(item: str) -> str:
    """A right value for a pair of ``item`` (the labels' words in the language spoken)."""
    return {"integer": "[0, 10]", "id": '["speaker", "listener"]'}.get(
        item) or _('["Not at all", "Completely"]')


def explain(code: str, width: int = 80) -> str | None:
    """The long explanation of a diagnostic code, or None for an unknown code."""
    from reconnect.format.diagnostics import explain as explain_code

    return explain_code(code, width)
