"""Printing diagnostics for people and for tools: ``full``, ``concise``, ``json``, ``github``.

``full`` follows the layout compilers have made familiar::

    error[R201]: no step has the id `take_brake`
      --> calm-down.toml:9:8
       |
     9 | goto = "take_brake"
       |        ^^^^^^^^^^^^ this step does not exist
       |
       = help: did you mean `take-break`?

A problem that involves more than one place shows each of them, the main one underlined with
``^`` and the others with ``-``, each with its own label (as rustc and annotate-snippets show
secondary spans)::

    error[R115]: step id `calm` is used twice
      --> f.toml:17:6
       |
     9 | id = "calm"
       |      ------ the first step with this id
    ...
    17 | id = "calm"
       |      ^^^^^^ used again here
       = help: rename one of them

Every format carries every place: ``concise`` adds a ``note`` line per extra place, ``json`` a
list of ``spans`` (the main one first), ``github`` a ``notice`` annotation per extra place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconnect.format.diagnostics import Diagnostic, severity_word
from reconnect.i18n import _, ngettext
from reconnect.text import printable

FORMATS = ("full", "concise", "json", "github")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def render(diagnostics: Sequence[Diagnostic], style: str = "full") -> str:
    if style == "json":
        text = json.dumps([_as_dict(d) for d in diagnostics], indent=2, ensure_ascii=False)
        # JSON escapes C0 controls but not DEL, C1 (0x9b is an 8-bit CSI) or bidi overrides
        return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
    if style == "concise":
        return "\n".join(concise(d) for d in diagnostics)
    if style == "github":
        return "\n".join(github(d) for d in diagnostics)
    return "\n".join(full(d) for d in diagnostics)


def concise(d: Diagnostic) -> str:
    """One line per place, ``FILE:LINE:COLUMN: error R201: message``: the severity words
    (``error``, ``warning``, ``note``) stay in English, for the editors that read them; the
    rest is in the language spoken."""
    lines = [f"{d.location()}: {d.severity} {d.code}: {d.message}"]
    lines += [f"{r.location()}: note {d.code}: {r.label or _also_here()}" for r in d.related]
    lines += [f"{d.location()}: note {d.code}: {note}" for note in d.notes]
    return "\n".join(lines)


def github(d: Diagnostic) -> str:
    """GitHub workflow commands: one annotation on the main place, a notice on each other.
    The commands (``::error``, ``::notice``) and the ``note:`` before a note stay in English,
    as in ``concise``."""
    level = "error" if d.is_error else "warning"
    message = f"{d.code}: {d.message}" + (f" ({d.hint})" if d.hint else "")
    if d.notes:
        message += "\n" + "\n".join(f"note: {note}" for note in d.notes)
    lines = [f"::{level} {_github_place(d.file, d.line, d.column)}::{_github_data(message)}"]
    for related in d.related:
        text = f"{d.code}: {related.label or _also_here()}"
        lines.append(f"::notice {_github_place(related.file, related.line, related.column)}::"
                     f"{_github_data(text)}")
    return "\n".join(lines)


def _also_here() -> str:
    # Translators: the label of a second place a problem involves, when it has none of its own
    return _("also here")


def _github_place(file: str, line: int | None, column: int | None) -> str:
    where = f"file={_github_property(printable(file))}"
    if line is not None:
        where += f",line={line},col={column or 1}"
    return where


def _github_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF are escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (a file name): ``:`` and ``,`` are escaped too,
    or GitHub would read them as the end of the value."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class _Mark:
    """One place to draw in the ``full`` layout."""

    line: int
    column: int
    length: int
    label: str
    source: str
    primary: bool


def full(d: Diagnostic) -> str:
    """The layout for people, in the language spoken (``concise``, ``json`` and ``github``
    keep English keywords: tools read them)."""
    # Translators: the words before a hint and a note in `reconnect check`, as compilers write
    help_word, note_word = _("help"), _("note")
    lines = [f"{severity_word(d.severity)}[{d.code}]: {d.message}"]
    here = [r for r in d.related if r.file == d.file and r.line is not None and r.source_line]
    elsewhere = [r for r in d.related if r not in here]
    numbers = [d.line or 0] + [r.line or 0 for r in d.related]
    gutter = " " * max(len(str(number)) for number in numbers)
    if d.line is None:
        lines.append(f"  --> {d.shown_file}")
    else:
        lines.append(f"{gutter}--> {d.location()}")
        marks = [_Mark(r.line or 1, r.column or 1, r.length, r.label, r.source_line, False)
                 for r in here]
        if d.source_line:
            marks.append(_Mark(d.line, d.column or 1, d.length, d.label, d.source_line, True))
        lines += _snippet(sorted(marks, key=lambda m: (m.line, not m.primary)), gutter)
    for related in elsewhere:
        lines.append(f"{gutter}::: {related.location()}")
        if related.line is not None and related.source_line:
            lines += _snippet([_Mark(related.line, related.column or 1, related.length,
                                     related.label, related.source_line, False)], gutter)
        elif related.label:
            lines.append(f"{gutter} = {note_word}: {related.label}")
    if d.hint:
        lines.append(f"{gutter} = {help_word}: {d.hint}")
    lines += [f"{gutter} = {note_word}: {note}" for note in d.notes]
    return "\n".join(lines) + "\n"


def _snippet(marks: Sequence[_Mark], gutter: str) -> list[str]:
    """The source lines of ``marks`` (in line order) with a caret line under each."""
    if not marks:
        return []
    lines = [f"{gutter} |"]
    previous: int | None = None
    for mark in marks:
        if previous is not None and mark.line > previous + 1:
            lines.append("...")
        if mark.line != previous:
            lines.append(f"{mark.line:>{len(gutter)}} | {mark.source.replace(chr(9), ' ')}")
        source = mark.source.replace("\t", " ")
        column = max(1, mark.column)
        length = max(1, min(mark.length, len(source) - column + 1))
        caret = " " * (column - 1) + ("^" if mark.primary else "-") * length
        label = f" {mark.label}" if mark.label else ""
        lines.append(f"{gutter} | {caret}{label}")
        previous = mark.line
    return lines


def _as_dict(d: Diagnostic) -> dict[str, object]:
    spans: list[dict[str, object]] = [{
        "file": d.file, "line": d.line, "column": d.column, "length": d.length,
        "label": d.label, "primary": True}]
    spans += [{"file": r.file, "line": r.line, "column": r.column, "length": r.length,
               "label": r.label, "primary": False} for r in d.related]
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
        "spans": spans,
        "notes": list(d.notes),
    }


def summary(files: int, errors: int, warnings: int) -> str:
    checked = ngettext("{count} file checked", "{count} files checked", files).format(
        count=files)
    if not errors and not warnings:
        return _("{checked}: no problems.").format(checked=checked)
    return _("{checked}: {errors}, {warnings}.").format(
        checked=checked,
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
            count=warnings))
