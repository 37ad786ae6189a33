"""The words of `reconnect check`'s findings (message, label, hint, notes, the labels of the
places they point at) are in the language spoken when the file is checked.

Each broken file below gives one finding the loader makes (the codes the other parts of the
checker make, session advice and translations, are tested with them). In Spanish the findings
are checked against known sentences; in the pseudo-language of tests/pseudo.py, every word of
every finding must come from the catalogue.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from gettext import GNUTranslations
from pathlib import Path

import pytest

from pseudo import CLOSE, OPEN, build_catalogue, stray_words
from reconnect import i18n
from reconnect.format import load_file, load_text
from reconnect.format.diagnostics import Diagnostic
from reconnect.format.model import STEP_KINDS
from reconnect.format.schema import ALL_STEP_KEY_NAMES, EXERCISE_KEYS

BASE = '''format = 1
id = "mini"
title = "Mini"
category = "connection"
summary = "A small exercise."
minutes = 5
source = "Written for the tests"

[[steps]]
id = "calm"
kind = "rating"
text = "How calm are you, {you}?"
labels = ["Not calm", "Calm"]

[[steps]]
id = "pick"
kind = "choice"
text = "What now?"
options = ["Talk", "Rest"]

[[steps]]
id = "wish"
kind = "answer"
text = "What do you wish for, {you}?"

[[steps]]
id = "talk"
kind = "turn"
text = "Talk, {speaker}."

[[steps]]
id = "end"
kind = "end"
'''


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def step(table: str) -> str:
    """BASE with one more step before the last."""
    return edit('[[steps]]\nid = "end"', f'{table}\n\n[[steps]]\nid = "end"')


def jump(condition: str) -> str:
    """BASE with a branch on the choice step."""
    return edit('options = ["Talk", "Rest"]',
                f'options = ["Talk", "Rest"]\nbranches = [{{ when = \'{condition}\', '
                'goto = "end" }]')


LOOP = "".join(f'[[steps]]\nid = "s{n}"\nkind = "say"\ntext = "Say {n}."\n'
               f'goto = "s{(n + 1) % 8}"\n\n' for n in range(8))
"""Eight steps that go round for ever."""
BROKEN_STEP = step('[[steps]]\nid = "see"\nkind = "revel"\nshow = ["wish"]')
"""A step that cannot be read (its kind is misspelt): what names it is folded under it."""

BROKEN: dict[str, str] = {
    "R101 too large": "#" * (1024 * 1024 + 1),
    "R102 dotted key": "a." * 40 + "b = 1\n",
    "R102 nested": "tags = " + "[" * 3000 + "\n",
    "R103 ends early": 'format = 1\ntitle = "Mini',
    "R104 newer": edit("format = 1", "format = 7"),
    "R104 zero": edit("format = 1", "format = 0"),
    "R110 missing title": edit('title = "Mini"\n', ""),
    "R110 no steps": BASE.split("[[steps]]")[0],
    "R110 missing options": edit('options = ["Talk", "Rest"]\n', ""),
    "R110 missing labels": edit('labels = ["Not calm", "Calm"]\n', ""),
    "R111 a table": edit("minutes = 5", "minutes = { a = 1 }"),
    "R111 a list of one": edit("minutes = 5", "minutes = [5]"),
    "R111 an item": edit('options = ["Talk", "Rest"]', 'options = ["Talk", 3]'),
    "R111 steps": edit("minutes = 5", "minutes = 5\nsteps = 3").split("[[steps]]")[0],
    "R111 a step": edit("minutes = 5", "minutes = 5\nsteps = [1]").split("[[steps]]")[0],
    "R111 branches": edit('options = ["Talk", "Rest"]', 'options = ["Talk", "Rest"]\n'
                          "branches = 3"),
    "R111 empty list": edit("minutes = 5", "minutes = []"),
    "R111 pair": edit('labels = ["Not calm", "Calm"]', 'labels = ["Calm"]'),
    "R111 boolean": edit('kind = "answer"', 'kind = "answer"\nprivate = "yes"'),
    "R112 typo": edit("title =", "titel ="),
    "R112 elsewhere": edit('kind = "end"', 'kind = "end"\nstems = ["I feel"]'),
    "R112 unknown": edit("minutes = 5", "minutes = 5\nzzz = 1"),
    "R113 empty title": edit('title = "Mini"', 'title = " "'),
    "R113 outside": edit("minutes = 5", "minutes = 5000"),
    "R113 same roles": edit("minutes = 5", 'minutes = 5\nroles = ["a", "a"]'),
    "R113 reserved role": edit("minutes = 5", 'minutes = 5\nroles = ["both", "b"]'),
    "R113 scale": edit('labels = ["Not calm", "Calm"]',
                       'labels = ["Not calm", "Calm"]\nscale = [8, 2]'),
    "R113 private": edit('kind = "answer"', 'kind = "answer"\nwho = "together"\nprivate = true'),
    "R113 option twice": edit('["Talk", "Rest"]', '["Talk", "Talk"]'),
    "R113 too long": edit('title = "Mini"', f'title = "{"m" * 4001}"'),
    "R113 show nothing": step('[[steps]]\nid = "see"\nkind = "reveal"\nshow = []'),
    "R114 id": edit('id = "mini"', 'id = "Mini Id"'),
    "R115 twice": edit('id = "talk"', 'id = "wish"'),
    "R116 kind": edit('kind = "turn"', 'kind = "trun"'),
    "R116 folded goto": edit('kind = "turn"', 'kind = "turn"\ngoto = "see"', BROKEN_STEP),
    "R116 folded condition": edit('kind = "end"', 'kind = "end"\nbranches = [{ when = '
                                  '"see == 1", goto = "talk" }]', BROKEN_STEP),
    "R117 control": edit('text = "What now?"', 'text = "What\\u0007 now?"'),
    "R118 category": edit('category = "connection"', 'category = "conection"'),
    "R119 language": edit("minutes = 5", 'minutes = 5\nlanguage = "Spanish"'),
    "R201 goto": edit('kind = "turn"', 'kind = "turn"\ngoto = "nowhere"'),
    "R202 unknown": edit("Talk, {speaker}.", "Talk, {nobody}."),
    "R202 answerer": edit("Talk, {speaker}.", "Talk, {you}."),
    "R202 open": edit("Talk, {speaker}.", "Talk, {speaker."),
    "R202 close": edit("Talk, {speaker}.", "Talk, speaker}."),
    "R203": jump("either(calm) ="),
    "R204 no step": jump("either(nothing) <= 2"),
    "R204 no answer": jump("either(talk) <= 2"),
    "R204 whose": jump("calm <= 2"),
    "R204 shared": jump('either(pick) == "Talk"'),
    "R204 two sides": jump("either(calm) <= both(calm)"),
    "R204 no answer named": jump("3 <= 4"),
    "R204 rating": jump('either(calm) == "high"'),
    "R204 option": jump('pick == "Tlak"'),
    "R204 options": jump('pick == "Sleep"'),
    "R204 written": jump("either(wish) == 3"),
    "R205 to": step('[[steps]]\nid = "hi"\nkind = "say"\ntext = "Hi."\nto = "everybody"'),
    "R205 speaker": edit('kind = "turn"', 'kind = "turn"\nspeaker = "zz"'),
    "R205 who": edit('kind = "answer"', 'kind = "answer"\nwho = "zz"'),
    "R206": step('[[steps]]\nid = "see"\nkind = "reveal"\nshow = ["talk"]'),
    "R207": step('[[steps]]\nid = "again"\nkind = "swap"\nrepeat_from = "end"'),
    "R208 not written": edit('kind = "turn"', 'kind = "turn"\nrecall = "calm"'),
    "R208 later": edit('kind = "turn"', 'kind = "turn"\nrecall = "later"',
                       step('[[steps]]\nid = "later"\nkind = "answer"\ntext = "Later?"')),
    "R208 both": step('[[steps]]\nid = "hi"\nkind = "say"\ntext = "Hi."\nrecall = "wish"'),
    "R209": edit("minutes = 5", "minutes = 5\ndisclosure = true"),
    "R210": jump("either(calm) >= 30"),
    "R211": jump("either(calm) <= 30"),
    "R212": edit('options = ["Talk", "Rest"]',
                 'options = ["Talk", "Rest"]\nbranches = [{ when = "either(later) <= 2", '
                 'goto = "end" }]',
                 step('[[steps]]\nid = "later"\nkind = "rating"\ntext = "Now?"\n'
                      'labels = ["Low", "High"]')),
    "R301": edit('kind = "turn"', 'kind = "turn"\ngoto = "end"',
                 step('[[steps]]\nid = "skipped"\nkind = "say"\ntext = "Hi."')),
    "R302 itself": edit('kind = "turn"', 'kind = "turn"\ngoto = "talk"'),
    "R302 long loop": edit('[[steps]]\nid = "end"', LOOP + '[[steps]]\nid = "end"'),
    "R401": edit("minutes = 5", 'minutes = 5\ntranslation_of = "mini.toml"'),
    "R412": edit('text = "What now?"', 'text = "[to translate] What now?"'),
}
"""Broken files, named for the finding of the loader each gives (and what is broken)."""

LOADER_CODES = {f"R{number}" for number in (*range(100, 120), *range(201, 213), 301, 302, 401,
                                            412)}
"""The findings the loader makes itself (R120 is the library's, R303-R306 the session
advice's, the other R4xx the comparison of a translation with its original)."""


def findings(text: str) -> list[Diagnostic]:
    """The loader's own findings about ``text``, checked in the language spoken now."""
    return [found for found in load_text(text, "broken.toml").diagnostics
            if found.code in LOADER_CODES]


def words_of(found: Diagnostic) -> Iterator[tuple[str, str]]:
    """Every text of a finding a person reads, with what it is."""
    yield "message", found.message
    yield "hint", found.hint
    yield "label", found.label
    for note in found.notes:
        yield "note", note
    for place in found.related:
        yield "related", place.label


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_file_gives_the_finding_it_is_named_for(name: str) -> None:
    code = name.split()[0]
    assert code in {found.code for found in findings(BROKEN[name])}, findings(BROKEN[name])


SPANISH = [
    ("R201 goto", "message", "ningún paso tiene el id `nowhere`", "no step has the id"),
    ("R201 goto", "label", "este paso no existe", "this step does not exist"),
    ("R111 a table", "message", "`minutes` debería ser un número entero, no una tabla",
     "should be"),
    ("R111 an item", "message", "el elemento 2 de `options` debería ser texto o { label = ..., "
     "goto = ... }, no el número 3", "item 2"),
    ("R111 a list of one", "message", "no una lista de 1 elemento", "a list of"),
    ("R110 missing title", "message", "al archivo le falta `title`", "is missing"),
    ("R110 missing title", "hint", "El nombre que ven las parejas.", "The name couples see"),
    ("R112 elsewhere", "hint", "`stems` pertenece a los pasos say y turn y answer; este es un "
     "paso end", "belongs to"),
    ("R113 empty title", "hint", "las parejas y los terapeutas leen primero el título; escriban "
     "uno", "write one"),
    ("R113 too long", "message", "`title` tiene 4,001 caracteres; el límite es 4,000",
     "characters"),
    ("R115 twice", "related", "el primer paso con este id", "the first step"),
    ("R202 unknown", "message", "marcador desconocido `{nobody}`", "unknown placeholder"),
    ("R202 unknown", "hint", "conocidos: {first}, {listener}, {second}, {speaker}", "known:"),
    ("R204 options", "hint", 'las opciones son "Talk", "Rest"', "options are"),
    ("R205 to", "hint", "usen `both`, `first`, `second`, `speaker`, `listener`", "use `both`"),
    ("R211", "label", "todas las valoraciones de la escala encajan", "every rating"),
    ("R301", "message", "nunca se llega al paso `skipped`", "can never be reached"),
    ("R302 itself", "message", "este `goto` cierra un bucle sin salida", "closes a loop"),
    ("R302 itself", "label", "vuelve a este mismo paso: `talk` se repite para siempre",
     "repeats for ever"),
    ("R302 long loop", "label", "vuelve a `s0`: `s0`, `s1`, `s2`, `s3`, `s4`, `s5` y 2 más se "
     "repiten para siempre", "repeat for ever"),
    ("R302 long loop", "related", "el bucle empieza aquí", "the loop starts here"),
    ("R302 long loop", "note", "por este bucle, nunca se llega al paso `end`", "because of"),
    ("R412", "message", "`text` está todavía por traducir", "still to translate"),
    ("R116 folded goto", "note", "el paso `talk` nombra `see` en `goto`; eso volverá a "
     "funcionar cuando se corrija esto", "works again"),
    ("R116 folded condition", "note", "el paso `end` nombra `see` en una condición", "names"),
]


@pytest.mark.parametrize(("name", "part", "spanish", "english"), SPANISH,
                         ids=[f"{name} {part}" for name, part, _s, _e in SPANISH])
def test_in_spanish_the_findings_speak_spanish(name: str, part: str, spanish: str,
                                               english: str) -> None:
    code = name.split()[0]
    with i18n.speaking("es"):
        found = [dict(words_of(finding)) for finding in findings(BROKEN[name])
                 if finding.code == code]
    shown = " ".join(words.get(part, "") for words in found)
    assert spanish in shown and english not in shown, shown
    # the words are chosen when the file is checked: English again once back in English
    english_findings = [finding for finding in findings(BROKEN[name]) if finding.code == code]
    assert english in " ".join(words[1] for finding in english_findings
                               for words in words_of(finding))


def test_in_spanish_no_finding_of_the_loader_is_left_in_english() -> None:
    """The message, label and notes of every finding of every broken file are not its
    English ones."""
    for name, text in BROKEN.items():
        english = findings(text)
        with i18n.speaking("es"):
            spanish = findings(text)
        assert len(english) == len(spanish), name
        for before, after in zip(english, spanish, strict=True):
            assert after.message != before.message, (name, after.message)
            if before.label:
                assert after.label != before.label, (name, after.label)
            for note_before, note_after in zip(before.notes, after.notes, strict=True):
                assert note_after != note_before, (name, note_after)


def test_a_file_that_cannot_be_read_is_reported_in_spanish(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "Canción"'.encode("latin-1"))
    with i18n.speaking("es"):
        [unreadable] = load_file(latin).diagnostics
        [missing] = load_file(tmp_path / "none.toml").diagnostics
    assert (unreadable.message, unreadable.hint) == (
        "el archivo no es texto UTF-8", "guárdenlo como UTF-8 en su editor")
    assert missing.message.startswith("no se puede leer el archivo: ")


def test_reconnect_check_in_spanish_prints_the_findings_in_spanish(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN["R201 goto"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reconnect", "--lang", "es", "check",
                           str(broken)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 1
    assert "ningún paso tiene el id `nowhere`" in done.stdout
    assert "este paso no existe" in done.stdout
    assert "no step has the id" not in done.stdout


# the pseudo-language: no word left out of the catalogue --------------------------------------

TYPED = {*STEP_KINDS, *ALL_STEP_KEY_NAMES, *(key.name for key in EXERCISE_KEYS), "true",
         "false", "either", "both", "sha256"}
"""What a finding quotes as it is typed in a file (keys, kinds, TOML values, functions)."""
QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|\{[^{}]*\}|U\+[0-9A-F]{4}")
"""Names, quoted values and placeholders, which are the file's words, not the finding's."""
ELSEWHERE = {("R103", "message")}
"""Words made outside reconnect: the TOML reader's own (in English)."""


def outside_marks(text: str) -> str:
    """``text`` with every marked message blanked out, however deeply messages are put into
    one another (a list inside a sentence): what is left never went through gettext."""
    depth, kept = 0, []
    for char in text:
        depth += (char == OPEN) - (char == CLOSE)
        kept.append(char if depth == 0 and char != CLOSE else " ")
    return "".join(kept)


def unmarked_words(text: str) -> list[str]:
    """Words put into a message that are neither the file's own (names, values) nor
    translated: an English word given to a translated sentence."""
    bare = QUOTED.sub(" ", text).replace(OPEN, " ").replace(CLOSE, " ")
    return [word for word in re.findall(r"[A-Za-z][\w-]*", bare) if word not in TYPED]


@pytest.fixture(scope="module")
def pseudo_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("pseudo"))


def test_in_the_pseudo_language_every_word_of_a_finding_is_translated(
        pseudo_catalogue: Path) -> None:
    with pseudo_catalogue.open("rb") as handle:
        i18n.install_catalogue("pseudo", GNUTranslations(handle))
    strays = []
    for name, text in BROKEN.items():
        for found in findings(text):
            for part, words in words_of(found):
                if not words or (found.code, part) in ELSEWHERE:
                    continue
                # a hint's examples are typed as they are, in English: there only a sentence
                # left out of the catalogue is looked for
                left = (stray_words([outside_marks(words)]) if part == "hint"
                        else unmarked_words(words))
                strays += [f"{name} ({found.code} {part}): {word!r} in {words!r}"
                           for word in left]
    assert strays == [], "\n".join(strays)


def test_the_pseudo_check_finds_a_word_left_out() -> None:
    """So that the test above would fail for a sentence, or a word in one, not translated."""
    assert stray_words([outside_marks(f"{OPEN}ťĥé {OPEN}`a` áñđ 2 more{CLOSE}{CLOSE}")]) == []
    assert unmarked_words(f"{OPEN}ťĥé {OPEN}`a` áñđ 2 more{CLOSE}{CLOSE}") == ["more"]
    assert stray_words([outside_marks(f"{OPEN}ťĥé{CLOSE} step `a` is empty")]) == [
        "step", "`a`", "is", "empty"]
