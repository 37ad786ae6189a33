"""Printing diagnostics for people and for tools: ``full``, ``concise``, ``json``, ``github``.

``full`` follows the layout compilers have made familiar::

    error[R201]: no step has the id `take_brake`
      --> calm-down.toml:9:8
       |
     9 | goto = "take_brake"
       |        ^^^^^^^^^^^^ this step does not exist
       |
       = help: did you mean `take-break`?
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from reconnect.format.diagnostics import Diagnostic

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
    return f"{d.location()}: {d.severity} {d.code}: {d.message}"


def github(d: Diagnostic) -> str:
    level = "error" if d.is_error else "warning"
    where = f"file={d.shown_file}"
    if d.line is not None:
        where += f",line={d.line},col={d.column or 1}"
    message = f"{d.code}: {d.message}" + (f" ({d.hint})" if d.hint else "")
    return f"::{level} {where}::{_github_escape(message)}"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def full(d: Diagnostic) -> str:
    lines = [f"{d.severity}[{d.code}]: {d.message}"]
    if d.line is None:
        lines.append(f"  --> {d.shown_file}")
    else:
        gutter = " " * len(str(d.line))
        lines.append(f"{gutter}--> {d.location()}")
        if d.source_line:
            source = d.source_line.replace("\t", " ")
            column = max(1, d.column or 1)
            length = max(1, min(d.length, len(source) - column + 1))
            caret = " " * (column - 1) + "^" * length
            label = f" {d.label}" if d.label else ""
            lines.append(f"{gutter} |")
            lines.append(f"{d.line} | {source}")
            lines.append(f"{gutter} | {caret}{label}")
    if d.hint:
        gutter = " " * (len(str(d.line)) if d.line is not None else 1)
        lines.append(f"{gutter} = help: {d.hint}")
    return "\n".join(lines) + "\n"


def _as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
    }


def summary(files: int, errors: int, warnings: int) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    if not errors and not warnings:
        return f"{plural(files, 'file')} checked: no problems."
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, " \
           f"{plural(warnings, 'warning')}."
