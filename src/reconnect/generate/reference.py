"""The reference part of docs/FORMAT.md, generated from the key tables in ``schema.py``.

docs/FORMAT.md is hand-written prose around ONE generated block::

    <!-- reference:start -->
    ...the output of reference_markdown()...
    <!-- reference:end -->

A test fails when the block and the key tables disagree. Rewrite the block (and nothing else)
with::

    python -m reconnect.generate.reference --write docs/FORMAT.md

Without arguments the module prints the reference; ``--check FILE`` exits 1 when FILE's block
is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from reconnect.format.diagnostics import CODES
from reconnect.format.model import STEP_KINDS
from reconnect.format.schema import (
    BRANCH_KEYS,
    EXERCISE_KEYS,
    KIND_DESCRIPTIONS,
    KIND_KEYS,
    MAX_STEPS,
    MAX_TEXT,
    OPTION_KEYS,
    STEP_COMMON,
    Key,
)
from reconnect.generate.jsonschema import PAIR_ITEMS, SCALE_RANGE

START = "<!-- reference:start -->"
END = "<!-- reference:end -->"

_PAIR_WORDS = {
    "id": "two ids",
    "integer": "two whole numbers ({low} to {high})",
    "text": "two texts",
}


def type_words(key: Key) -> str:
    """The type of ``key`` in words a therapist reads without a glossary."""
    kind = key.type
    if key.choices and kind != "kind":
        return " or ".join(f"`{choice}`" for choice in key.choices)
    if kind == "kind":
        return "a step kind"
    if kind == "integer":
        if key.minimum is not None and key.maximum is not None:
            return f"whole number, {key.minimum} to {key.maximum}"
        if key.minimum is not None:
            return f"whole number, {key.minimum} or more"
        return "whole number"
    if kind == "pair":
        low, high = SCALE_RANGE
        return _PAIR_WORDS[PAIR_ITEMS[key.name]].format(low=low, high=high)
    return {
        "text": "text",
        "string": "text (no placeholders)",
        "id": "id",
        "boolean": "`true` or `false`",
        "text-list": "list of texts",
        "id-list": "list of ids",
        "options": "list of options",
        "branches": "list of branches",
        "condition": "condition",
        "steps": "`[[steps]]` tables",
        "language": "language tag",
        "version": "version",
    }[kind]


def toml_value(value: object) -> str:
    """``value`` written the way it is written in a TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML spelling for {value!r}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def _keys_table(keys: Iterable[Key]) -> list[str]:
    return _table(
        ("Key", "Type", "Required", "Default", "Description"),
        (
            (
                f"`{key.name}`",
                type_words(key),
                "yes" if key.required else "",
                f"`{toml_value(key.default)}`" if key.default is not None else "",
                key.description,
            )
            for key in keys
        ),
    )


def reference_markdown() -> str:
    """The generated reference: keys, step kinds, branches, options and diagnostic codes."""
    out: list[str] = [
        "### Top-level keys",
        "",
        "These go at the top of the file, before the first `[[steps]]`.",
        "",
        *_keys_table(EXERCISE_KEYS),
        "",
        "### Keys every step can have",
        "",
        *_keys_table(STEP_COMMON),
        "",
        "### Step kinds at a glance",
        "",
        *_table(("Kind", "What it does"),
                ((f"[`{kind}`](#{kind})", KIND_DESCRIPTIONS[kind]) for kind in STEP_KINDS)),
        "",
    ]
    for kind in STEP_KINDS:
        out += [f"### `{kind}`", "", KIND_DESCRIPTIONS[kind], ""]
        out += _keys_table(KIND_KEYS[kind])
        out += ["", "Plus the keys every step can have.", ""]
    out += [
        "### Branch keys",
        "",
        "Each item of a step's `branches` list: `{ when = \"...\", goto = \"...\" }`.",
        "",
        *_keys_table(BRANCH_KEYS),
        "",
        "### Option keys",
        "",
        "Each item of a choice's `options` list is either plain text or "
        "`{ label = \"...\", goto = \"...\" }`.",
        "",
        *_keys_table(OPTION_KEYS),
        "",
        "### Limits",
        "",
        *_table(("What", "Limit"), (
            ("File size", "1 MiB"),
            ("Characters in one text (each list item counts on its own)", f"{MAX_TEXT:,}"),
            ("Steps in one file", str(MAX_STEPS)),
        )),
        "",
        "### Diagnostic codes",
        "",
        "`R1xx` codes are about the file's structure, `R2xx` about references between its parts, "
        "`R3xx` about the way a session would flow, `R4xx` about a translation and its "
        "original. Errors stop the exercise from loading (an `R4xx` error fails `reconnect "
        "check`, which compares the two); warnings do not.",
        "",
        *_table(("Code", "Severity", "Problem", "Explanation"),
                ((f"`{code.code}`", code.severity, code.title, code.explanation)
                 for code in CODES.values())),
    ]
    return "\n".join(out) + "\n"


def render_block(markdown: str) -> str:
    """The whole delimited block as it stands in docs/FORMAT.md."""
    return f"{START}\n\n{markdown}\n{END}"


def _bounds(document: str) -> tuple[int, int]:
    if document.count(START) != 1 or document.count(END) != 1:
        raise ValueError(f"the document needs exactly one {START} and one {END}")
    start, end = document.index(START), document.index(END)
    if end < start:
        raise ValueError(f"{END} comes before {START}")
    return start, end + len(END)


def extract_block(document: str) -> str:
    """The generated Markdown inside ``document``'s block (as reference_markdown() returns it)."""
    start, end = _bounds(document)
    inner = document[start + len(START): end - len(END)]
    if inner.startswith("\n\n") and inner.endswith("\n"):
        return inner[2:-1]
    return inner


def replace_block(document: str, markdown: str | None = None) -> str:
    """``document`` with its block regenerated; the prose around it is left exactly as it is."""
    start, end = _bounds(document)
    block = render_block(reference_markdown() if markdown is None else markdown)
    return document[:start] + block + document[end:]


def main(argv: Sequence[str]) -> int:
    usage = "usage: python -m reconnect.generate.reference [--write FILE | --check FILE]"
    if not argv:
        sys.stdout.write(reference_markdown())
        return 0
    if len(argv) != 2 or argv[0] not in ("--write", "--check"):
        print(usage, file=sys.stderr)
        return 2
    path = Path(argv[1])
    try:
        document = path.read_text(encoding="utf-8")
        updated = replace_block(document)
    except (OSError, ValueError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    if argv[0] == "--check":
        if updated != document:
            print(f"{path}: the reference block is out of date; run "
                  f"python -m reconnect.generate.reference --write {path}", file=sys.stderr)
            return 1
        return 0
    if updated != document:
        path.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
