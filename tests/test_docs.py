"""docs/FORMAT.md: its generated reference is current and its examples are real, working files."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from reconnect.format import conditions, load_text
from reconnect.format.diagnostics import CODES
from reconnect.format.model import KNOWN_CATEGORIES, STEP_KINDS
from reconnect.format.placeholders import ANSWERER_PLACEHOLDERS, PARTNER_PLACEHOLDERS
from reconnect.format.schema import (
    EXERCISE_KEYS,
    KIND_KEYS,
    MAX_STEPS,
    MAX_TEXT,
    step_keys,
)
from reconnect.generate.reference import (
    END,
    START,
    extract_block,
    main,
    reference_markdown,
    replace_block,
)

ROOT = Path(__file__).resolve().parents[1]
FORMAT_MD = ROOT / "docs" / "FORMAT.md"
REGENERATE = "python -m reconnect.generate.reference --write docs/FORMAT.md"

DOC = FORMAT_MD.read_text(encoding="utf-8")
PROSE = DOC[: DOC.index(START)] + DOC[DOC.index(END) + len(END):]
TOML_BLOCKS = re.findall(r"^```toml\n(.*?)^```", DOC, re.MULTILINE | re.DOTALL)
COMPLETE = [block for block in TOML_BLOCKS if block.startswith("format = 1")]
SNIPPETS = [block for block in TOML_BLOCKS if not block.startswith("format = 1")]


def _complete_example() -> str:
    section = DOC[DOC.index("## A complete example"):]
    match = re.search(r"^```toml\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert match, "the complete example's ```toml block is missing"
    return match.group(1)


# the generated reference -------------------------------------------------------------------


def test_the_reference_block_is_current() -> None:
    assert extract_block(DOC) == reference_markdown(), (
        f"the reference in docs/FORMAT.md is out of date; regenerate it with: {REGENERATE}"
    )
    assert replace_block(DOC) == DOC, f"regenerate the reference with: {REGENERATE}"


def test_the_reference_covers_every_key_kind_and_code() -> None:
    block = extract_block(DOC)
    for key in EXERCISE_KEYS:
        assert f"| `{key.name}` |" in block
    for kind in STEP_KINDS:
        assert f"### `{kind}`" in block
        for key in KIND_KEYS[kind]:
            assert f"| `{key.name}` |" in block
    for code in CODES:
        assert f"| `{code}` |" in block


def test_writing_replaces_only_the_block(tmp_path: Path) -> None:
    stale = f"# Title\n\nProse before.\n\n{START}\nold stuff\n{END}\n\nProse after.\n"
    path = tmp_path / "FORMAT.md"
    path.write_text(stale, encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert main(["--write", str(path)]) == 0
    written = path.read_text(encoding="utf-8")
    assert written.startswith("# Title\n\nProse before.\n\n" + START)
    assert written.endswith(END + "\n\nProse after.\n")
    assert extract_block(written) == reference_markdown()
    assert main(["--check", str(path)]) == 0
    assert main(["--write", str(tmp_path / "missing.md")]) == 2
    assert main(["--bogus"]) == 2


def test_a_document_without_markers_is_refused() -> None:
    with pytest.raises(ValueError):
        replace_block("no markers here")
    with pytest.raises(ValueError):
        replace_block(f"{END}\n{START}\n")


# the examples ------------------------------------------------------------------------------


def test_the_complete_example_loads_cleanly() -> None:
    result = load_text(_complete_example(), "FORMAT.md example")
    assert result.diagnostics == (), [d.message for d in result.diagnostics]


def test_the_complete_example_shows_what_it_promises() -> None:
    exercise = load_text(_complete_example()).exercise
    assert exercise is not None
    steps = exercise.steps
    kinds = {step.kind for step in steps}
    assert set(STEP_KINDS) <= kinds, f"kinds missing from the example: {set(STEP_KINDS) - kinds}"
    checkins = {(step.measure, step.checkin) for step in steps if step.kind == "rating"}
    assert {checkin for _measure, checkin in checkins} == {"before", "after"}
    breaks = {step.id for step in steps if step.kind == "break"}
    assert any(branch.goto in breaks for step in steps for branch in step.branches)
    assert any(step.kind == "turn" and step.seconds and step.stems for step in steps)
    assert any(step.kind == "swap" for step in steps)
    private = {step.id for step in steps if step.kind == "answer" and step.private}
    assert any(set(step.show) & private for step in steps if step.kind == "reveal")


@pytest.mark.parametrize("number", range(len(COMPLETE)))
def test_every_complete_file_in_the_docs_loads_cleanly(number: int) -> None:
    result = load_text(COMPLETE[number], f"FORMAT.md block {number + 1}")
    assert result.diagnostics == (), [f"{d.code} {d.message}" for d in result.diagnostics]


def test_there_are_complete_examples_and_snippets() -> None:
    assert len(COMPLETE) >= 2
    assert len(SNIPPETS) >= len(STEP_KINDS)


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_snippets_are_toml_with_real_keys(number: int) -> None:
    data = tomllib.loads(SNIPPETS[number])
    top = {key.name for key in EXERCISE_KEYS}
    assert set(data) <= top, f"unknown top-level keys: {set(data) - top}"
    for step in data.get("steps", []):
        kind = step.get("kind")
        assert kind in STEP_KINDS, step
        allowed = step_keys(kind)
        assert set(step) <= set(allowed), f"{kind}: unknown keys {set(step) - set(allowed)}"
        for key in KIND_KEYS[kind]:
            assert not key.required or key.name in step, f"{kind} step without {key.name}"


def test_every_condition_in_the_docs_parses() -> None:
    found = []
    for block in TOML_BLOCKS:
        data = tomllib.loads(block)
        for step in data.get("steps", []):
            for branch in step.get("branches", []):
                found.append(branch["when"])
    # conditions written inline in the prose, in backticks
    for code in re.findall(r"`([^`\n]*(?:==|<=|>=|!=| < | > )[^`\n]*)`", PROSE):
        if code.strip() in ("==", "!=", "<", "<=", ">", ">=") or code.startswith("reconnect "):
            continue  # an operator on its own, or a shell command
        if code.startswith("when = "):
            code = tomllib.loads(code)["when"]
        found.append(code)
    assert len(found) >= 5
    for text in found:
        conditions.parse(text)  # raises with a column on a mistake


# the prose ---------------------------------------------------------------------------------


def test_the_prose_explains_every_kind_and_placeholder() -> None:
    for kind in STEP_KINDS:
        assert f"### `{kind}`:" in PROSE, f"no section on {kind} steps"
    for name in PARTNER_PLACEHOLDERS + ANSWERER_PLACEHOLDERS:
        assert f"{{{name}}}" in PROSE
    for category in KNOWN_CATEGORIES:
        assert f"`{category}`" in PROSE
    for word in ("{{", "never evaluated as code", "either(", "both(", "min(", "max(",
                 "timeout_minutes", "repeat_from", "rounds", "checkin", "measure",
                 "reconnect check", "demonstration mode", "hand-over"):
        assert word in PROSE, word


def test_the_prose_states_the_real_limits_and_exit_codes() -> None:
    assert "1 MiB" in PROSE
    assert f"{MAX_TEXT:,}" in PROSE
    assert f"{MAX_STEPS} steps" in PROSE
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in PROSE


def _slug(heading: str) -> str:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces become hyphens."""
    text = heading.strip().lower()
    text = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return text.replace(" ", "-")


def test_links_inside_the_document_resolve() -> None:
    outside_code = re.sub(r"^```.*?^```", "", DOC, flags=re.MULTILINE | re.DOTALL)
    anchors: set[str] = set()
    for heading in re.findall(r"^#+ (.+)$", outside_code, re.MULTILINE):
        slug = _slug(heading)
        number = 0
        candidate = slug
        while candidate in anchors:
            number += 1
            candidate = f"{slug}-{number}"
        anchors.add(candidate)
    links = re.findall(r"\]\(#([^)]+)\)", outside_code)
    assert links
    for link in links:
        assert link in anchors, f"#{link} names no heading"
