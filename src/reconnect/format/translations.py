"""A translation checked against its original: the same exercise, in other words.

A translation (a file with ``translation_of``, see :mod:`.languages`) must run exactly as its
original does, so that a session and its check-ins mean the same in every language. Only its
words change. :func:`differences` compares the two and finds, each with its own code:

* ``R404`` steps missing, added or in another place (steps are matched by id);
* ``R405`` a step of another kind;
* ``R406`` a jump or reference that is not the original's (``goto``, a branch's or an
  option's ``goto``, ``repeat_from``, ``show``, ``recall``);
* ``R407`` a condition that is not the original's (a choice's option is named in the
  condition by its words, so options are compared by their place in the list);
* ``R408`` a text whose placeholders (``{speaker}``...) are not the original text's;
* ``R409`` a text the original has and the translation lacks, and ``R410`` the reverse;
* ``R411`` any other value that is not the original's (category, minutes, roles, timings,
  scales, measures, who answers...).

:func:`check_translation` adds what needs the files themselves: ``R402`` when no original is
found (or it does not load) and ``R403`` when the original has changed since the translation
was made, and places every finding in the translation file, with the original's place as a
second place. ``reconnect check`` runs it for each translation it checks, with the original
found among the files checked together or in the library.

Which keys are words and which are not comes from the key tables in :mod:`.schema`, so a new
key is compared without a change here.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reconnect.format import conditions, placeholders
from reconnect.format.diagnostics import Diagnostic, Finding, Related
from reconnect.format.languages import made_from, version_of
from reconnect.format.model import ChoiceStep, Exercise, RatingStep, Step
from reconnect.format.schema import EXERCISE_KEYS, step_keys
from reconnect.i18n import _, ngettext

TomlPath = tuple[str | int, ...]

JUMPS = ("goto", "repeat_from", "show", "recall")
"""Step keys that name other steps (R406)."""
_BUILT_APART = ("id", "kind", "branches", "options")
_TEXT_TYPES = ("text", "text-list")
_TOP_SETTINGS = tuple(key.name for key in EXERCISE_KEYS
                      if key.name in ("category", "minutes", "roles", "timeout_minutes",
                                      "disclosure"))
"""Top-level values a translation keeps: the others are words (title, summary, facilitator),
the credit (reworded in the translation's language), tags, or what makes it a translation."""
_TOP_TEXTS = tuple(key.name for key in EXERCISE_KEYS if key.type == "text")


@dataclass(frozen=True)
class Difference:
    """One way a translation is not its original: a finding in the translation, and where the
    original has the same thing (None when it has nothing there)."""

    finding: Finding
    original_at: TomlPath | None = None
    original_label: str = ""
    """What the original has there ("the original" when it is "")."""


def differences(original: Exercise, translation: Exercise) -> list[Difference]:
    """Every way ``translation`` is not ``original`` in anything but its words. Both must have
    loaded without errors (so each step is the ``[[steps]]`` table of the same number)."""
    found: list[Difference] = []
    _top(original, translation, found)
    _step_order(original, translation, found)
    for number, step in enumerate(translation.steps):
        if original.has_step(step.id):
            index = original.index(step.id)
            _step(original, translation, original.steps[index], index, step, number, found)
    return found


def check_translation(translation: Exercise, original_path: str | None) -> list[Diagnostic]:
    """The diagnostics of comparing ``translation`` with the original in ``original_path``
    (None when none was found), placed in the translation's file."""
    from reconnect.format.loader import load_file, locate_all, place_findings

    here: TomlPath = ("translation_of",)
    if original_path is None:
        finding = Finding(
            "R402", _("no original of `{id}` was found to compare this translation with")
            .format(id=translation.id), here, label=_("the original of this"),
            hint=_("check it together with its original (reconnect check ORIGINAL.toml "
                   "THIS.toml), or put the original in your exercises folder"))
        return place_findings(translation.source_text, translation.path, [finding])
    loaded = load_file(original_path)
    original = loaded.exercise
    if original is None:
        finding = Finding(
            "R402", _("the original, {path}, has errors of its own, so this translation cannot "
                      "be compared with it").format(path=original_path), here,
            hint=_("fix the original first: {command}").format(
                command=f"reconnect check {original_path}"))
        return place_findings(translation.source_text, translation.path, [finding])
    found = []
    if not made_from(translation.translation_of, original.digest):
        found.append(Difference(Finding(
            "R403", _("the original, {path}, has changed since this translation was made")
            .format(path=original_path), here, label=_("made from an earlier version"),
            # Translators: {setting} is a line of the file, such as
            # translation_of = "sha256:0b7d41e9c2aa", written as it is
            hint=_("compare the two and bring the translation up to date, then write "
                   "{setting}").format(
                       setting=f'translation_of = "{version_of(original.digest)}"')), None))
    found += differences(original, translation)
    placed = place_findings(translation.source_text, translation.path,
                            [difference.finding for difference in found])
    wanted = [(d.original_at, "value") for d in found if d.original_at is not None]
    there = iter(locate_all(original.source_text, wanted))
    diagnostics = []
    for difference, diagnostic in zip(found, placed, strict=True):
        if difference.original_at is not None:
            line, column, length, source = next(there)
            label = difference.original_label or _("the original")
            diagnostic = replace(diagnostic, related=(Related(
                original_path, line, column, length, label, source),))
        diagnostics.append(diagnostic)
    return sorted(diagnostics, key=lambda d: (d.line or 0, d.column or 0))


def original_path_of(translation_id: str, checked: Sequence[tuple[str, str | None, str]],
                     installed: str | None) -> str | None:
    """Where the original of a translation is: the first file checked with its id that is no
    translation (``checked`` holds each file's path, id and `translation_of`), else the
    installed original's path, else None."""
    for path, exercise_id, translation_of in checked:
        if exercise_id == translation_id and not translation_of:
            return path
    return installed


# the exercise ------------------------------------------------------------------------------


def _top(original: Exercise, translation: Exercise, found: list[Difference]) -> None:
    for name in _TOP_SETTINGS:
        _setting(name, getattr(original, name), getattr(translation, name), (name,), (name,),
                 found)
    for name in _TOP_TEXTS:
        _texts(name, [getattr(original, name)], [getattr(translation, name)], (), (), found,
               single=True)


def _step_order(original: Exercise, translation: Exercise, found: list[Difference]) -> None:
    """R404: steps the original has and the translation lacks, the reverse, and steps that
    are in both but in another order."""
    ids = [step.id for step in original.steps]
    mine = [step.id for step in translation.steps]
    number = {step_id: place for place, step_id in enumerate(mine)}
    for place, step_id in enumerate(mine):
        if not original.has_step(step_id):
            _add(found, "R404", _("step `{id}` is not in the original").format(id=step_id),
                 ("steps", place, "id"),
                 hint=_("a translation has the original's steps: give this step the id of the "
                        "original's step it translates, or remove it"),
                 label=_("no step of the original has this id"))
    for index, step_id in enumerate(ids):
        if step_id in number:
            continue
        following = next((number[later] for later in ids[index + 1:] if later in number), None)
        if following is None:
            at: TomlPath = ("steps", len(mine) - 1)
            label = _("`{id}` comes after this step in the original").format(id=step_id)
        else:
            at = ("steps", following)
            label = _("`{id}` comes before this step in the original").format(id=step_id)
        _add(found, "R404", _("the original's step `{id}` is missing").format(id=step_id), at,
             where="key", label=label,
             hint=_("translate the original's step `{id}` and put it here").format(id=step_id),
             original_at=("steps", index, "id"), original_label=_("the original's step"))
    shared = [step_id for step_id in ids if step_id in number]
    in_mine = [step_id for step_id in mine if original.has_step(step_id)]
    if shared == in_mine:
        return
    matcher = difflib.SequenceMatcher(None, shared, in_mine, autojunk=False)
    kept = {in_mine[block.b + offset] for block in matcher.get_matching_blocks()
            for offset in range(block.size)}
    for step_id in in_mine:
        if step_id in kept:
            continue
        index = ids.index(step_id)
        before = next((earlier for earlier in reversed(ids[:index]) if earlier in number), None)
        label = (_("in the original it comes after `{id}`").format(id=before)
                 if before is not None else _("in the original it comes first"))
        _add(found, "R404", _("step `{id}` is in another place than in the original")
             .format(id=step_id), ("steps", number[step_id], "id"), label=label,
             hint=_("put the steps in the original's order"), original_at=("steps", index, "id"),
             original_label=_("the original's step"))


# a step ------------------------------------------------------------------------------------


def _step(original: Exercise, translation: Exercise, theirs: Step, index: int, mine: Step,
          number: int, found: list[Difference]) -> None:
    there: TomlPath = ("steps", index)
    here: TomlPath = ("steps", number)
    if theirs.kind != mine.kind:
        # Translators: {kind} and {original_kind} are step kinds as the file writes them
        # (say, turn, answer...), which are not translated
        _add(found, "R405", _("step `{id}` is a {kind} step here and a {original_kind} step in "
                              "the original").format(id=mine.id, kind=mine.kind,
                                                     original_kind=theirs.kind),
             here + ("kind",),
             # Translators: {setting} is a line of the file, such as kind = "answer"
             hint=_("write {setting}, and translate the original's step").format(
                 setting=f'kind = "{theirs.kind}"'), original_at=there + ("kind",))
        return  # the other keys belong to another kind: comparing them says nothing more
    for name, key in step_keys(mine.kind).items():
        if name in _BUILT_APART:
            continue
        if name in JUMPS:
            _jump(name, getattr(theirs, name), getattr(mine, name), there + (name,),
                  here + (name,), found)
        elif key.type in _TEXT_TYPES or name == "labels":
            _texts(name, _words(theirs, name), _words(mine, name), there, here, found,
                   single=key.type == "text")
        else:
            _setting(name, _value(theirs, name), _value(mine, name), there + (name,),
                     here + (name,), found)
    _branches(original, translation, theirs, mine, there, here, found)
    if isinstance(theirs, ChoiceStep) and isinstance(mine, ChoiceStep):
        _options(theirs, mine, there, here, found)


def _words(step: Step, name: str) -> list[str]:
    """The texts of key ``name`` of ``step``, as a list (one item for a single text)."""
    if name == "labels":
        assert isinstance(step, RatingStep)
        return [step.scale.low_label, step.scale.high_label]
    value = getattr(step, name)
    return list(value) if isinstance(value, tuple) else [value]


def _value(step: Step, name: str) -> object:
    if name == "scale":
        assert isinstance(step, RatingStep)
        return (step.scale.low, step.scale.high)
    return getattr(step, name)


def _jump(name: str, theirs: object, mine: object, there: TomlPath, here: TomlPath,
          found: list[Difference]) -> None:
    if theirs == mine:
        return
    # Translators: {setting} is a line of the file, such as goto = "cool-down"
    hint = (_("write {setting}, as in the original").format(setting=f"{name} = {_toml(theirs)}")
            if theirs else _("remove `{name}`: the original has none").format(name=name))
    _add(found, "R406", _not_the_originals(name, theirs, mine), here, hint=hint,
         original_at=there if theirs else None)


def _setting(name: str, theirs: object, mine: object, there: TomlPath, here: TomlPath,
             found: list[Difference]) -> None:
    if theirs == mine:
        return
    _add(found, "R411", _not_the_originals(name, theirs, mine), here,
         hint=_("write {setting}, as in the original: a translation changes only the words")
         .format(setting=f"{name} = {_toml(theirs)}"), original_at=there)


def _not_the_originals(name: str, theirs: object, mine: object) -> str:
    """"`goto` is "talk" here and "end" in the original", or a key set on one side only."""
    if _unset(mine):
        # Translators: {original} is a value as the file writes it, such as "rest" or 120
        return _("`{name}` is not set here and {original} in the original").format(
            name=name, original=_toml(theirs))
    if _unset(theirs):
        return _("`{name}` is {value} here and not set in the original").format(
            name=name, value=_toml(mine))
    # Translators: {value} and {original} are values as the file writes them, such as
    # "talk", 90 or [0, 10]
    return _("`{name}` is {value} here and {original} in the original").format(
        name=name, value=_toml(mine), original=_toml(theirs))


def _texts(name: str, theirs: list[str], mine: list[str], there: TomlPath, here: TomlPath,
           found: list[Difference], *, single: bool) -> None:
    """R409, R410 and R408 for the text (``single``) or the list of texts of key ``name``."""
    for item in range(max(len(theirs), len(mine))):
        their_text = theirs[item] if item < len(theirs) else ""
        my_text = mine[item] if item < len(mine) else ""
        their_at = there + ((name,) if single else (name, item))
        if my_text.strip():
            my_at = here + ((name,) if single else (name, item))
        else:  # not in the file: point at the list, or at the step (or file) without the key
            my_at = here + (name,) if mine and not single else here
        number = None if single else item + 1
        if their_text.strip() and not my_text.strip():
            message = (_("the original has `{name}` here, and this has none") if single else
                       _("the original has item {number} of `{name}` here, and this has none"))
            hint = (_("translate the original's `{name}`") if single else
                    _("translate the original's item {number} of `{name}`"))
            _add(found, "R409", message.format(name=name, number=number), my_at,
                 where="key" if my_at == here else "value",
                 hint=hint.format(name=name, number=number),
                 label=_("its translation belongs here"), original_at=their_at,
                 original_label=_("the original's words"))
        elif my_text.strip() and not their_text.strip():
            message = (_("`{name}` is not in the original") if single else
                       _("item {number} of `{name}` is not in the original"))
            _add(found, "R410", message.format(name=name, number=number), my_at,
                 hint=_("remove it: a translation says what the original says, no more"))
        elif my_text.strip():
            _placeholders(name, number, their_text, my_text, their_at, my_at, found)


def _placeholders(key: str, number: int | None, theirs: str, mine: str, there: TomlPath,
                  here: TomlPath, found: list[Difference]) -> None:
    """R408 for the text of key ``key`` (item ``number`` of it, for a list of texts)."""
    their_names = {name for name, _offset in placeholders.placeholders(theirs)}
    mine_at: dict[str, int] = {}
    for name, offset in placeholders.placeholders(mine):
        mine_at.setdefault(name, offset)
    for name in sorted(their_names - set(mine_at)):
        # Translators: {placeholder} is a placeholder as the text writes it, such as
        # {speaker}, which is never translated
        message = (_("the original's `{name}` names {placeholder}, and this one does not")
                   if number is None else
                   _("the original's item {number} of `{name}` names {placeholder}, and this "
                     "one does not"))
        _add(found, "R408", message.format(name=key, number=number, placeholder=f"{{{name}}}"),
             here, hint=_("keep {placeholder} as it is written: reconnect puts the name in")
             .format(placeholder=f"{{{name}}}"),
             original_at=there, original_label=_("the original's text with {placeholder}")
             .format(placeholder=f"{{{name}}}"))
    for name, offset in mine_at.items():
        if name in their_names:
            continue
        close = sorted(their_names - set(mine_at))
        if len(close) == 1:
            hint = _("write {placeholder} as in the original: placeholders are never "
                     "translated").format(placeholder=f"{{{close[0]}}}")
        elif their_names:
            hint = _("the original's text names {placeholders}").format(
                placeholders=", ".join(f"{{{n}}}" for n in sorted(their_names)))
        else:
            hint = _("the original's text names no one")
        message = (_("{placeholder} is not in the original's `{name}`") if number is None else
                   _("{placeholder} is not in the original's item {number} of `{name}`"))
        _add(found, "R408", message.format(placeholder=f"{{{name}}}", name=key, number=number),
             here, hint=hint,
             offset=offset if "\n" not in mine[:offset] else None, length=len(name) + 2,
             original_at=there, original_label=_("the original's text"))


def _branches(original: Exercise, translation: Exercise, theirs: Step, mine: Step,
              there: TomlPath, here: TomlPath, found: list[Difference]) -> None:
    if len(theirs.branches) != len(mine.branches):
        count = len(theirs.branches)
        # Translators: {mine} is how many branches the translation's step has
        message = ngettext("the original has {count} branch on this step, and this has {mine}",
                           "the original has {count} branches on this step, and this has "
                           "{mine}", count).format(count=count, mine=len(mine.branches))
        _add(found, "R407", message,
             here + ("branches",) if mine.branches else here,
             where="value" if mine.branches else "key",
             hint=_("give the step the original's branches, in the same order"),
             original_at=there + ("branches",) if theirs.branches else there)
    for number, (their_branch, my_branch) in enumerate(zip(theirs.branches, mine.branches,
                                                           strict=False)):
        at = ("branches", number)
        if _canonical(their_branch.when, original) != _canonical(my_branch.when, translation):
            _add(found, "R407", _("this condition is not the original's, `{condition}`")
                 .format(condition=their_branch.when_text), here + at + ("when",),
                 hint=_("write the original's condition (only an option's words change, to "
                        "the translated option in the same place)"),
                 original_at=there + at + ("when",))
        _jump("goto", their_branch.goto, my_branch.goto, there + at + ("goto",),
              here + at + ("goto",), found)


def _options(theirs: ChoiceStep, mine: ChoiceStep, there: TomlPath, here: TomlPath,
             found: list[Difference]) -> None:
    _texts("options", [option.label for option in theirs.options],
           [option.label for option in mine.options], there, here, found, single=False)
    for number, (their_option, my_option) in enumerate(zip(theirs.options, mine.options,
                                                           strict=False)):
        at = ("options", number)
        # a plain-text option has no `goto` of its own to point at: point at the option
        their_at = there + at + ("goto",) if their_option.goto else there + at
        my_at = here + at + ("goto",) if my_option.goto else here + at
        _jump("goto", their_option.goto, my_option.goto, their_at, my_at, found)


def _canonical(condition: conditions.Condition, exercise: Exercise) -> object:
    """A condition with its columns left out and each choice's option named by its place in
    the list, so that the original's and the translation's compare equal when they say the
    same."""
    if isinstance(condition, conditions.Not):
        return ("not", _canonical(condition.operand, exercise))
    if isinstance(condition, conditions.BoolOp):
        return (condition.op, tuple(_canonical(part, exercise) for part in condition.operands))
    sides = (condition.left, condition.right)
    named = next((side.ref.step if isinstance(side, conditions.Call) else side.step
                  for side in sides if isinstance(side, conditions.Ref | conditions.Call)), "")
    step = exercise.step(named) if exercise.has_step(named) else None
    labels = [option.label for option in step.options] if isinstance(step, ChoiceStep) else []

    def operand(side: conditions.Operand) -> object:
        if isinstance(side, conditions.Ref):
            return ("answer", side.step)
        if isinstance(side, conditions.Call):
            return (side.func, side.ref.step)
        if isinstance(side.value, str) and side.value in labels:
            return ("option", labels.index(side.value))
        return ("value", side.value)

    return (operand(condition.left), condition.op, operand(condition.right))


# helpers -----------------------------------------------------------------------------------


def _add(found: list[Difference], code: str, message: str, at: TomlPath, *,
         where: str = "value", hint: str = "", label: str = "", offset: int | None = None,
         length: int = 1, original_at: TomlPath | None = None,
         original_label: str = "") -> None:
    found.append(Difference(Finding(code, message, at, hint, label, where, offset, length),
                            original_at, original_label))


def _unset(value: object) -> bool:
    return value is None or value == "" or value == ()


def _toml(value: object) -> str:
    """A value as it is written in a file (``"cool-down"``, ``120``, ``true``, ``[0, 10]``),
    or "not set"."""
    if _unset(value):
        # Translators: in place of a value, for a key the file does not set
        return _("not set")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)

