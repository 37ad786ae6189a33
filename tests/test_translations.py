"""Exercises in more than one language: the `language` and `translation_of` keys, a translation
checked against its original (a code for each kind of difference, placed in the translation
with the original's place beside it), the library showing each exercise once in the language
spoken, and ``reconnect new --from ID --lang`` starting a translation."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reconnect import i18n
from reconnect.format import Exercise, load_text
from reconnect.format.diagnostics import Diagnostic
from reconnect.format.languages import (
    TO_TRANSLATE,
    in_language,
    is_language_tag,
    made_from,
    same_language,
    version_of,
)
from reconnect.format.library import Checked, id_clashes, load_library
from reconnect.format.loader import LoadResult
from reconnect.format.templates import fork_text, translation_text
from reconnect.format.translations import check_translation, differences
from test_format import edit, where

from conftest import ROOT

ORIGINAL = '''format = 1
id = "mini"
title = "Mini"
category = "connection"
summary = "A small exercise."
minutes = 5
source = "Written for the tests"
facilitator = "A note for therapists."

[[steps]]
id = "calm"
kind = "rating"
text = "How calm are you, {you}?"
labels = ["Not calm", "Calm"]
measure = "calm"
branches = [{ when = "either(calm) <= 3", goto = "rest" }]

[[steps]]
id = "topic"
kind = "choice"
text = "What now, {first}?"
options = ["Talk", { label = "Rest", goto = "rest" }]
branches = [{ when = "topic == \\"Talk\\"", goto = "talk" }]

[[steps]]
id = "talk"
kind = "turn"
text = "{speaker}, talk."
listener_text = "{listener}, listen."
seconds = 60
stems = ["I feel ..."]

[[steps]]
id = "end"
kind = "end"
text = "Bye."

[[steps]]
id = "rest"
kind = "break"
text = "Rest, {first} and {second}."
suggestions = ["Walk."]
goto = "end"
'''

DIGEST = hashlib.sha256(ORIGINAL.encode("utf-8")).hexdigest()

TRANSLATED = f'''format = 1
id = "mini"
language = "es"
translation_of = "sha256:{DIGEST[:12]}"
title = "Mini"
category = "connection"
summary = "Un ejercicio pequeño."
minutes = 5
source = "Escrito para las pruebas"
facilitator = "Una nota para terapeutas."

[[steps]]
id = "calm"
kind = "rating"
text = "¿Qué tan en calma estás, {{you}}?"
labels = ["Nada en calma", "En calma"]
measure = "calm"
branches = [{{ when = "either(calm) <= 3", goto = "rest" }}]

[[steps]]
id = "topic"
kind = "choice"
text = "¿Y ahora qué, {{first}}?"
options = ["Hablar", {{ label = "Descansar", goto = "rest" }}]
branches = [{{ when = "topic == \\"Hablar\\"", goto = "talk" }}]

[[steps]]
id = "talk"
kind = "turn"
text = "{{speaker}}, habla tú."
listener_text = "{{listener}}, escucha."
seconds = 60
stems = ["Siento ..."]

[[steps]]
id = "end"
kind = "end"
text = "Hasta pronto."

[[steps]]
id = "rest"
kind = "break"
text = "Descansen, {{first}} y {{second}}."
suggestions = ["Caminen."]
goto = "end"
'''


def loaded(text: str, path: str = "es.toml") -> Exercise:
    result = load_text(text, path)
    assert result.exercise is not None, result.diagnostics
    return result.exercise


@pytest.fixture
def original(tmp_path: Path) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def compared(text: str, original: Path) -> list[Diagnostic]:
    return check_translation(loaded(text, "es.toml"), str(original))


def one(found: list[Diagnostic], code: str) -> Diagnostic:
    matching = [d for d in found if d.code == code]
    assert len(matching) == 1, [(d.code, d.message) for d in found]
    assert {d.code for d in found} == {code}, [(d.code, d.message) for d in found]
    return matching[0]


def at(diagnostic: Diagnostic) -> tuple[int | None, int | None]:
    return diagnostic.line, diagnostic.column


# the keys -----------------------------------------------------------------------------------


def test_a_file_says_its_language_and_english_is_the_default() -> None:
    assert loaded(ORIGINAL).language == "en" and loaded(ORIGINAL).translation_of == ""
    spanish = loaded(TRANSLATED)
    assert spanish.language == "es"
    assert spanish.translation_of == f"sha256:{DIGEST[:12]}"
    assert made_from(spanish.translation_of, DIGEST) and version_of(DIGEST) == \
        spanish.translation_of
    assert loaded(edit(TRANSLATED, '"es"', '"es-MX"')).language == "es-MX"


@pytest.mark.parametrize(("tag", "good"), [
    ("en", True), ("es", True), ("es-MX", True), ("es-419", True), ("pt-BR", True),
    ("zh-Hant-TW", True), ("sr-Latn", True), ("de-CH-1901", True), ("en-x-plain", True),
    ("Spanish", False), ("es_MX", False), ("e", False), ("es-", False), ("es MX", False),
    ("es-MX\n", False), ("", False), ("español", False),
])
def test_language_tags(tag: str, good: bool) -> None:
    assert is_language_tag(tag) is good


def test_es_and_es_mx_are_one_language() -> None:
    assert same_language("es", "es-MX") and same_language("ES-mx", "es")
    assert not same_language("es", "en")


def test_r119_a_malformed_language_tag() -> None:
    text = edit(TRANSLATED, 'language = "es"', 'language = "Spanish"')
    result = load_text(text, "es.toml")
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("R119", "error")
    assert diagnostic.message == "`Spanish` is not a language tag"
    assert at(diagnostic) == where(text, '"Spanish"')
    assert diagnostic.hint == 'write the language as a tag: language = "es"'
    underscore = load_text(edit(TRANSLATED, 'language = "es"', 'language = "es_MX"'))
    assert underscore.errors[0].hint == ('write it with hyphens, as a language tag: '
                                         'language = "es-MX"')
    assert result.exercise is None
    assert load_text(edit(TRANSLATED, 'language = "es"', "language = 34")).errors[0].code \
        == "R111"


def test_r401_a_malformed_version() -> None:
    text = edit(TRANSLATED, f'"sha256:{DIGEST[:12]}"', '"mini.toml"')
    result = load_text(text, "es.toml")
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.severity) == ("R401", "error")
    assert at(diagnostic) == where(text, '"mini.toml"')
    assert "reconnect new FILE --from ID --lang LANG" in diagnostic.hint
    # upper-case digits, too few digits, another hash: not a version
    for bad in (f"sha256:{DIGEST[:12].upper()}", f"sha256:{DIGEST[:8]}", f"md5:{DIGEST[:12]}"):
        assert load_text(edit(TRANSLATED, f"sha256:{DIGEST[:12]}", bad)).errors[0].code == "R401"
    # the whole digest is a version too
    assert loaded(edit(TRANSLATED, DIGEST[:12], DIGEST)).translation_of == f"sha256:{DIGEST}"


def test_a_file_with_errors_still_says_its_language() -> None:
    """So that `reconnect check` knows two broken files with one id are translations."""
    result = load_text(edit(TRANSLATED, 'kind = "end"', 'kind = "ending"'))
    assert result.exercise is None
    assert (result.exercise_id, result.language, result.translation_of) == (
        "mini", "es", f"sha256:{DIGEST[:12]}")
    assert LoadResult("x", None, ()).language == "en"


def test_r412_a_text_still_to_translate() -> None:
    text = edit(TRANSLATED, 'text = "Hasta pronto."', f'text = "{TO_TRANSLATE}Bye."')
    text = edit(text, '["Caminen."]', f'["{TO_TRANSLATE}Walk."]')
    result = load_text(text, "es.toml")
    assert result.exercise is not None  # a warning: the half-done translation still runs
    first, second = result.diagnostics
    assert (first.code, first.severity) == ("R412", "warning")
    assert first.message == "`text` is still to translate"
    assert at(first) == (where(text, TO_TRANSLATE + "Bye")[0],
                         where(text, TO_TRANSLATE + "Bye")[1])
    assert first.length == len("[to translate]") and first.label == "still to translate"
    assert second.message == "item 1 of `suggestions` is still to translate"
    # in a multi-line string the mark is found after its three quotes
    multi = load_text(edit(TRANSLATED, 'text = "Hasta pronto."',
                           f'text = """{TO_TRANSLATE}\nBye."""'))
    assert at(multi.diagnostics[0]) == where(edit(TRANSLATED, 'text = "Hasta pronto."',
                                                  f'text = """{TO_TRANSLATE}\nBye."""'),
                                             TO_TRANSLATE)


# a translation against its original -----------------------------------------------------------


def test_a_faithful_translation_has_no_differences(original: Path) -> None:
    assert differences(loaded(ORIGINAL), loaded(TRANSLATED)) == []
    assert compared(TRANSLATED, original) == []


def test_r402_no_original_to_compare_with(original: Path, tmp_path: Path) -> None:
    [diagnostic] = check_translation(loaded(TRANSLATED), None)
    assert (diagnostic.code, diagnostic.severity) == ("R402", "warning")
    assert diagnostic.message == ("no original of `mini` was found to compare this translation "
                                  "with")
    assert at(diagnostic) == where(TRANSLATED, f'"sha256:{DIGEST[:12]}"')
    broken = tmp_path / "broken.toml"
    broken.write_text(edit(ORIGINAL, 'kind = "end"', 'kind = "ending"'), encoding="utf-8")
    [diagnostic] = check_translation(loaded(TRANSLATED), str(broken))
    assert diagnostic.code == "R402" and "has errors of its own" in diagnostic.message


def test_r403_the_original_has_changed(tmp_path: Path) -> None:
    changed = tmp_path / "mini.toml"
    newer = edit(ORIGINAL, 'text = "Bye."', 'text = "Goodbye."')
    changed.write_text(newer, encoding="utf-8")
    [diagnostic] = check_translation(loaded(TRANSLATED), str(changed))
    assert (diagnostic.code, diagnostic.severity) == ("R403", "warning")
    assert diagnostic.message == f"the original, {changed}, has changed since this translation " \
                                 "was made"
    now = hashlib.sha256(newer.encode()).hexdigest()[:12]
    assert diagnostic.hint.endswith(f'translation_of = "sha256:{now}"')
    assert at(diagnostic) == where(TRANSLATED, f'"sha256:{DIGEST[:12]}"')


def test_r404_a_step_missing_added_or_moved(original: Path) -> None:
    # missing: `end` is gone; the finding points where it belongs, before `rest`
    start = TRANSLATED.index('[[steps]]\nid = "end"')
    stop = TRANSLATED.index('[[steps]]\nid = "rest"')
    missing = TRANSLATED[:start] + TRANSLATED[stop:]
    missing = edit(missing, '\ngoto = "end"', "")
    found = [d for d in compared(missing, original) if d.code == "R404"]
    [gone] = found
    assert gone.message == "the original's step `end` is missing"
    assert at(gone) == where(missing, '[[steps]]\nid = "rest"')
    assert gone.label == "`end` comes before this step in the original"
    assert gone.related[0].file == str(original)
    assert (gone.related[0].line, gone.related[0].column) == where(ORIGINAL, '"end"\nkind')
    # added
    added = TRANSLATED + '\n[[steps]]\nid = "extra"\nkind = "say"\ntext = "Más."\n'
    diagnostic = one(compared(added, original), "R404")
    assert diagnostic.message == "step `extra` is not in the original"
    assert at(diagnostic) == where(added, '"extra"')
    # moved: `talk` after `rest`
    talk = TRANSLATED.index('[[steps]]\nid = "talk"')
    block = TRANSLATED[talk:start]
    moved = TRANSLATED[:talk] + TRANSLATED[start:] + "\n" + block
    diagnostic = one(compared(moved, original), "R404")
    assert diagnostic.message == "step `talk` is in another place than in the original"
    assert diagnostic.label == "in the original it comes after `topic`"
    assert at(diagnostic) == where(moved, '"talk"\nkind')


def test_r405_a_step_of_another_kind(original: Path) -> None:
    text = edit(TRANSLATED, 'kind = "end"\ntext = "Hasta pronto."',
                'kind = "homework"\ntext = "Hasta pronto."')
    text = edit(text, '\ngoto = "end"', "")  # homework does not end: no loop back to it
    found = compared(text, original)
    assert {d.code for d in found} == {"R405", "R406"}
    diagnostic = next(d for d in found if d.code == "R405")
    assert diagnostic.severity == "error"
    assert diagnostic.message == ("step `end` is a homework step here and a end step in the "
                                  "original")
    assert at(diagnostic) == where(text, '"homework"')
    assert diagnostic.related[0].source_line == 'kind = "end"'


def test_r406_a_jump_that_is_not_the_originals(original: Path) -> None:
    text = edit(TRANSLATED, 'suggestions = ["Caminen."]\ngoto = "end"',
                'suggestions = ["Caminen."]\ngoto = "talk"')
    diagnostic = one(compared(text, original), "R406")
    assert diagnostic.message == '`goto` is "talk" here and "end" in the original'
    line, column = where(text, 'goto = "talk"\n')
    assert at(diagnostic) == (line, column + len("goto = "))
    assert diagnostic.hint == 'write goto = "end", as in the original'
    assert diagnostic.related[0].source_line == 'goto = "end"'
    # an option's goto, and a goto the original does not have
    option = edit(TRANSLATED, '{ label = "Descansar", goto = "rest" }', '"Descansar"')
    diagnostic = one(compared(option, original), "R406")
    assert diagnostic.message == '`goto` is not set here and "rest" in the original'
    assert at(diagnostic) == where(option, '"Descansar"')
    extra = edit(TRANSLATED, 'measure = "calm"', 'measure = "calm"\ngoto = "topic"')
    diagnostic = one(compared(extra, original), "R406")
    assert diagnostic.hint == "remove `goto`: the original has none"


def test_r407_a_condition_that_is_not_the_originals(original: Path) -> None:
    text = edit(TRANSLATED, "either(calm) <= 3", "either(calm) <= 4")
    diagnostic = one(compared(text, original), "R407")
    assert diagnostic.message == ("this condition is not the original's, "
                                  "`either(calm) <= 3`")
    assert at(diagnostic) == where(text, '"either(calm) <= 4"')
    # an option named by its words: the translated option in the same place is the same
    swapped = edit(TRANSLATED, 'topic == \\"Hablar\\"', 'topic == \\"Descansar\\"')
    assert one(compared(swapped, original), "R407").severity == "error"
    # a branch missing
    none = edit(TRANSLATED, '\nbranches = [{ when = "either(calm) <= 3", goto = "rest" }]', "")
    diagnostic = one(compared(none, original), "R407")
    assert diagnostic.message == "the original has 1 branch on this step, and this has 0"


def test_r408_placeholders_that_are_not_the_originals(original: Path) -> None:
    text = edit(TRANSLATED, "{speaker}, habla tú.", "{hablante}, habla tú.")
    # an unknown placeholder is the loader's error (R202); a known one in the wrong text is this
    assert load_text(text).errors[0].code == "R202"
    text = edit(TRANSLATED, "{speaker}, habla tú.", "{listener}, habla tú.")
    found = compared(text, original)
    assert {d.code for d in found} == {"R408"}
    missing, extra = sorted(found, key=lambda d: d.message)
    assert extra.message == "{listener} is not in the original's `text`"
    assert at(extra) == where(text, "{listener}, habla")
    assert extra.length == len("{listener}")
    assert extra.hint == "write {speaker} as in the original: placeholders are never translated"
    assert missing.message == "the original's `text` names {speaker}, and this one does not"
    # the same placeholders in another order, or one named twice, are the same
    assert compared(edit(TRANSLATED, "Descansen, {first} y {second}.",
                         "{second} y {first}, descansen, {first}."), original) == []


def test_r409_a_text_of_the_original_missing(original: Path) -> None:
    text = edit(TRANSLATED, 'listener_text = "{listener}, escucha."\n', "")
    diagnostic = one(compared(text, original), "R409")
    assert diagnostic.message == "the original has `listener_text` here, and this has none"
    assert at(diagnostic) == where(text, '[[steps]]\nid = "talk"')
    assert diagnostic.related[0].source_line == 'listener_text = "{listener}, listen."'
    notes = edit(TRANSLATED, 'facilitator = "Una nota para terapeutas."\n', "")
    diagnostic = one(compared(notes, original), "R409")
    assert diagnostic.message == "the original has `facilitator` here, and this has none"
    assert at(diagnostic) == (1, 1)
    labels = edit(TRANSLATED, 'labels = ["Nada en calma", "En calma"]',
                  'labels = ["Nada en calma", " "]')
    assert load_text(labels).errors[0].code == "R113"  # an empty label is the loader's error


def test_r410_a_text_the_original_does_not_have(original: Path) -> None:
    text = edit(TRANSLATED, 'stems = ["Siento ..."]', 'stems = ["Siento ...", "Me gustaría ..."]')
    diagnostic = one(compared(text, original), "R410")
    assert diagnostic.message == "item 2 of `stems` is not in the original"
    assert at(diagnostic) == where(text, '"Me gustaría ..."')
    option = edit(TRANSLATED, 'options = ["Hablar", ', 'options = ["Hablar", "Esperar", ')
    found = compared(option, original)
    assert "R410" in {d.code for d in found}


def test_r411_a_setting_that_is_not_the_originals(original: Path) -> None:
    text = edit(TRANSLATED, "seconds = 60", "seconds = 90")
    diagnostic = one(compared(text, original), "R411")
    assert diagnostic.message == "`seconds` is 90 here and 60 in the original"
    assert at(diagnostic) == where(text, "90")
    assert diagnostic.related[0].source_line == "seconds = 60"
    measure = edit(TRANSLATED, 'measure = "calm"', 'measure = "calma"')
    assert one(compared(measure, original), "R411").message == \
        '`measure` is "calma" here and "calm" in the original'
    category = edit(TRANSLATED, 'category = "connection"', 'category = "gratitude"')
    assert one(compared(category, original), "R411").line == 6


def test_every_difference_is_found_in_one_pass(original: Path) -> None:
    text = edit(TRANSLATED, "seconds = 60", "seconds = 90")
    text = edit(text, "either(calm) <= 3", "either(calm) <= 4")
    text = edit(text, 'stems = ["Siento ..."]', 'stems = ["Siento ...", "Me gustaría ..."]')
    found = compared(text, original)
    assert sorted(d.code for d in found) == ["R407", "R410", "R411"]
    assert [d.line for d in found] == sorted(d.line or 0 for d in found)


# the library --------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    here = tmp_path / "exercises"
    (here / "es").mkdir(parents=True)
    (here / "mini.toml").write_text(ORIGINAL, encoding="utf-8")
    (here / "es" / "mini.toml").write_text(TRANSLATED.replace("Mini", "Mini en español"),
                                           encoding="utf-8")
    return here


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Mini"), ("es", "Mini en español"), ("es-MX", "Mini en español"), ("fr", "Mini"),
])
def test_the_library_shows_each_exercise_once_in_the_language_spoken(
        folder: Path, language: str, title: str) -> None:
    with i18n.speaking(language):
        library = load_library([folder])
    assert [(entry.id, entry.title) for entry in library.entries] == [("mini", title)]
    assert library.problems == ()  # a translation is no R120 clash
    assert [entry.language for entry in library.versions_of("mini")] == ["es", "en"] or \
        [entry.language for entry in library.versions_of("mini")] == ["en", "es"]
    original = library.original("mini")
    assert original is not None and original.path == str(folder / "mini.toml")
    shown = library.get("mini")
    assert shown is not None and shown.title == title
    assert library.by_category()["connection"][0].title == title


def test_home_says_which_exercises_have_no_translation_into_the_language_spoken() -> None:
    """A couple reading Spanish found English exercises in their list with nothing to say so
    before they began one."""
    from reconnect.tui.screens.home import exercise_option

    def labels(language: str) -> dict[str, tuple[str, str]]:
        with i18n.speaking(language):
            library = load_library([ROOT / "exercises"])
            return {entry.id: (entry.language, str(exercise_option(entry).prompt))
                    for entry in library.entries}

    spanish = labels("es")
    assert {language for language, _label in spanish.values()} == {"en", "es"}
    for language, label in spanish.values():
        assert ("en inglés" in label) == (language == "en"), label
    assert not any("in English" in label for _language, label in labels("en").values())
    with i18n.speaking("es"):
        assert in_language("sv") == "en sv" and in_language("pt-BR") == "en portugués"


def test_a_library_made_in_memory_chooses_the_same_way() -> None:
    from reconnect.format.library import Library

    # both made from text, so both have the path "<text>": each keeps its own exercise
    library = Library.of([loaded(ORIGINAL, "<text>"), loaded(TRANSLATED, "<text>")], "es")
    assert [entry.language for entry in library.entries] == ["es"]
    shown = library.get("mini")
    assert shown is not None and shown.language == "es"
    assert library.original("mini") is not None
    assert Library.of([loaded(ORIGINAL), loaded(TRANSLATED)], "en").entries[0].language == "en"


def test_a_regional_file_serves_the_language_and_an_exact_one_comes_first(folder: Path) -> None:
    mexican = folder / "es" / "mini.toml"
    mexican.write_text(mexican.read_text().replace('language = "es"', 'language = "es-MX"'))
    with i18n.speaking("es"):
        assert load_library([folder]).entries[0].language == "es-MX"
    (folder / "es" / "mini-es.toml").write_text(TRANSLATED.replace("Mini", "Mini (es)"))
    with i18n.speaking("es"):
        assert load_library([folder]).entries[0].title == "Mini (es)"
    assert load_library([folder], language="es-MX").entries[0].language == "es-MX"


def test_r120_one_id_in_one_language_still_clashes(folder: Path) -> None:
    (folder / "es" / "zz-again.toml").write_text(TRANSLATED, encoding="utf-8")
    library = load_library([folder])
    [problem] = library.problems
    assert problem.path.endswith("zz-again.toml")
    assert problem.diagnostics[0].code == "R120"
    assert problem.diagnostics[0].message.endswith(", in the same language (es)")
    # two originals are two exercises, whatever their languages
    other = folder / "other.toml"
    other.write_text(ORIGINAL.replace('id = "mini"', 'id = "mini"\nlanguage = "es"'))
    assert {p.path for p in load_library([folder]).problems} == {
        str(folder / "es" / "zz-again.toml"), str(other)}


def test_r120_in_check_leaves_translations_alone(folder: Path, tmp_path: Path) -> None:
    library = load_library([folder])
    mine = tmp_path / "mine.toml"
    mine.write_text(TRANSLATED.replace('"es"', '"pt"'), encoding="utf-8")
    assert id_clashes([Checked(str(mine), "mini", "pt", "sha256:0123456789ab")], library) == {}
    found = id_clashes([Checked(str(mine), "mini", "es", "sha256:0123456789ab")], library)
    clash = found[str(mine)]
    assert clash.message.endswith(", in the same language (es)")
    assert "check its `language`" in clash.hint
    # the same file reached by another path is not a clash
    same = str(folder / "es" / ".." / "es" / "mini.toml")
    assert id_clashes([Checked(same, "mini", "es", "sha256:0123456789ab")], library) == {}
    # among the files checked together
    pair = [Checked("a.toml", "mini", "en", ""), Checked("b.toml", "mini", "es", "sha256:ab")]
    assert id_clashes(pair) == {}


def test_the_shipped_spanish_exercises_are_in_the_index() -> None:
    from reconnect.format.library import BUNDLED_INDEX

    index = json.loads((ROOT / "src" / "reconnect" / "format" / BUNDLED_INDEX).read_text())
    spanish = {name: record for name, record in index["files"].items()
               if name.startswith("es/")}
    assert len(spanish) == 6
    for record in spanish.values():
        assert record["entry"]["language"] == "es"
        assert record["entry"]["translation_of"].startswith("sha256:")


# reconnect new --from ID --lang ---------------------------------------------------------------


def test_a_new_translation_is_the_original_marked_to_translate() -> None:
    text = translation_text(ORIGINAL, "es", version_of(DIGEST))
    result = load_text(text, "es.toml")
    exercise = result.exercise
    assert exercise is not None and result.errors == ()
    assert exercise.language == "es" and exercise.translation_of == version_of(DIGEST)
    assert exercise.id == "mini"
    assert {d.code for d in result.diagnostics} == {"R412"}
    # every text: title, summary, credit, note, step words, labels, options, stems...
    assert len(result.diagnostics) == 16
    assert exercise.title == TO_TRANSLATE + "Mini"
    assert exercise.step("topic").options[0].label == TO_TRANSLATE + "Talk"
    # the condition names the marked option, so it still holds for the same choice
    assert exercise.step("topic").branches[0].when_text == f'topic == "{TO_TRANSLATE}Talk"'
    assert differences(loaded(ORIGINAL), exercise) == []
    assert text.startswith("# A translation of “Mini” (`mini`) into es")


def test_a_copy_of_a_translation_is_an_exercise_of_its_own() -> None:
    text = fork_text(TRANSLATED, "my-mini")
    exercise = loaded(text)
    assert exercise.id == "my-mini" and exercise.language == "es"
    assert exercise.translation_of == ""
    assert "translation_of" not in text


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconnect", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_new_from_with_lang_starts_a_translation_that_check_follows(tmp_path: Path) -> None:
    target = tmp_path / "es-time-out.toml"
    written = run("new", str(target), "--from", "time-out", "--lang", "pt-BR")
    assert written.returncode == 0, written.stderr
    assert "a translation of “Taking a Time-Out” (time-out) into pt-BR" in written.stdout
    text = target.read_text(encoding="utf-8")
    assert 'id = "time-out"' in text and 'language = "pt-BR"' in text
    original = (ROOT / "exercises" / "time-out.toml").read_bytes()
    assert f'translation_of = "sha256:{hashlib.sha256(original).hexdigest()[:12]}"' in text
    checked = run("check", "--format", "json", str(target))
    assert checked.returncode == 0, checked.stdout  # only warnings
    codes = {row["code"] for row in json.loads(checked.stdout)}
    assert "R412" in codes and not {code for code in codes if code.startswith("R40")}
    assert run("check", "--strict", str(target)).returncode == 1
    # a condition changed on the way: an error, placed in the translation
    target.write_text(edit(text, "either(calm-before) <= 3", "either(calm-before) <= 2"))
    checked = run("check", "--format", "json", str(target))
    assert checked.returncode == 1
    [row] = [row for row in json.loads(checked.stdout) if row["code"] == "R407"]
    assert row["file"] == str(target)
    assert row["spans"][1]["file"].endswith("time-out.toml")


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "es"], "--lang starts a translation"),
    (["--from", "time-out", "--lang", "Spanish"], 'language = "es"'),
    (["--from", "time-out", "--lang", "en"], "is written in en"),
    (["--from", "time-out", "--lang", "es"], "already has a translation into es"),
    (["--from", "nosuch", "--lang", "es"], "no exercise in the library has the id 'nosuch'"),
])
def test_new_with_lang_refuses_what_cannot_be_a_translation(tmp_path: Path, args: list[str],
                                                            message: str) -> None:
    result = run("new", str(tmp_path / "t.toml"), *args)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert not (tmp_path / "t.toml").exists()


def test_check_finds_the_original_among_the_files_checked(tmp_path: Path) -> None:
    (tmp_path / "mini.toml").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "es.toml").write_text(edit(TRANSLATED, "seconds = 60", "seconds = 90"),
                                      encoding="utf-8")
    result = run("check", "--format", "concise", str(tmp_path / "mini.toml"),
                 str(tmp_path / "es.toml"))
    assert "R411" in result.stdout and result.returncode == 1
    alone = run("check", "--format", "concise", str(tmp_path / "es.toml"))
    assert "R402" in alone.stdout and "R411" not in alone.stdout


def test_check_in_spanish_says_in_spanish_how_a_translation_differs(tmp_path: Path) -> None:
    original = tmp_path / "mini.toml"
    original.write_text(ORIGINAL, encoding="utf-8")
    text = edit(TRANSLATED, "seconds = 60", "seconds = 90")
    text = edit(text, 'stems = ["Siento ..."]', 'stems = ["Siento ...", "Me gustaría ..."]')
    text = edit(text, "{speaker}, habla tú.", "{listener}, habla tú.")
    translation = tmp_path / "es.toml"
    translation.write_text(text, encoding="utf-8")
    full = run("--lang", "es", "check", str(original), str(translation))
    assert full.returncode == 1, full.stderr
    said = full.stdout
    assert "error[R411]: `seconds` vale 90 aquí y 60 en el original\n" in said
    assert "= ayuda: escriban seconds = 60, como en el original: una traducción solo cambia " \
           "las palabras\n" in said
    assert "error[R410]: el elemento 2 de `stems` no está en el original\n" in said
    assert "error[R408]: {listener} no está en el `text` del original\n" in said
    assert "------------------ el texto del original con {speaker}\n" in said
    # an advice finding: the timed turn is one partner's only
    assert "aviso[R303]: quien empieza como speaker tiene 1 min 30 s de palabra cronometrada, " \
           "y quien empieza como listener, 0 s\n" in said
    for english in ("here and", "in the original", "the original's", "item 2", "timed speaking",
                    "help:"):
        assert english not in said, english
    # the severity words of the concise format stay in English, for the editors that read them
    concise = run("--lang", "es", "check", "--format", "concise", str(original),
                  str(translation)).stdout
    assert f"{translation}:32:11: error R411: `seconds` vale 90 aquí y 60 en el original\n" \
        in concise
    assert f"{original}:30:11: note R411: el original\n" in concise
    # and in English, the same words as ever
    english = run("check", "--format", "concise", str(original), str(translation)).stdout
    assert f"{translation}:32:11: error R411: `seconds` is 90 here and 60 in the original\n" \
        f"{original}:30:11: note R411: the original\n" in english


def test_check_in_spanish_says_an_id_clash_in_spanish(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(ORIGINAL, encoding="utf-8")
    second.write_text(ORIGINAL, encoding="utf-8")
    done = run("--lang", "es", "check", "--format", "concise", str(first), str(second))
    assert done.returncode == 1
    assert f"{second}:2:6: error R120: el id `mini` también es el id de {first}\n" \
           f"{first}:2:6: note R120: el primer archivo con este id\n" in done.stdout
    assert "also the id" not in done.stdout


def test_list_json_gives_each_exercise_its_language(folder: Path, capsys) -> None:
    from reconnect.cli import quick

    settings = quick.Settings(None, [folder], demo=True)
    with i18n.speaking("es"):
        assert quick.list_library(settings, as_json=True) == 0
    rows = json.loads(capsys.readouterr().out)
    mini = next(row for row in rows if row["id"] == "mini")
    assert (mini["title"], mini["language"]) == ("Mini en español", "es")
    assert all("language" in row for row in rows)


# the bundled Spanish exercises ------------------------------------------------------------------

SPANISH = sorted((ROOT / "exercises" / "es").glob("*.toml"))
SPANISH_CLAIMS = ("garantiza", "garantía", "comprobado", "demostrado", "cura ", "curará",
                  "los estudios muestran", "la ciencia", "la investigación demuestra",
                  "científicamente", "clínicamente", "tasa de éxito", "salvará")
"""Outcome claims in Spanish: no exercise promises a result."""
NOT_NEUTRAL = re.compile(r"\b(vosotr[oa]s|vuestr[oa]s?|os\s+(?:sent[ií]s|hab[eé]is)|"
                         r"esposos?|esposas?|marido|maridos|coger|ordenador)",
                         re.IGNORECASE)
"""Words a couple in Latin America or Spain would stumble on (vosotros, regional words), and
words that assume a husband and a wife."""


def _strings(value: object, where: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items()
                for found in _strings(item, f"{where}.{key}" if where else key)]
    if isinstance(value, list):
        return [found for number, item in enumerate(value)
                for found in _strings(item, f"{where}[{number}]")]
    return []


def test_six_spanish_exercises_two_on_each_shelf() -> None:
    assert len(SPANISH) == 6
    shelves = sorted(loaded(path.read_text(encoding="utf-8"), str(path)).category
                     for path in SPANISH)
    assert shelves == ["active-listening"] * 2 + ["conflict-de-escalation"] * 2 + \
        ["gratitude"] * 2


@pytest.mark.parametrize("path", SPANISH, ids=lambda path: path.stem)
def test_a_spanish_exercise_is_clean_and_its_originals_translation(path: Path) -> None:
    from reconnect.core.advice import check_file

    result = check_file(path)  # what `reconnect check --strict` sees of the file itself
    assert result.diagnostics == (), [(d.code, d.message) for d in result.diagnostics]
    exercise = result.exercise
    assert exercise is not None and exercise.language == "es"
    original = ROOT / "exercises" / path.name
    assert original.is_file() and exercise.id == path.stem
    assert check_translation(exercise, str(original)) == [], "differs from its original"


@pytest.mark.parametrize("path", SPANISH, ids=lambda path: path.stem)
def test_a_spanish_exercise_is_credited_neutral_and_claims_nothing(path: Path) -> None:
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert re.match(r"Adaptado del? ", data["source"]), data["source"]
    for place, text in _strings(data):
        lowered = text.lower()
        assert not NOT_NEUTRAL.search(text), (place, text)
        for claim in SPANISH_CLAIMS:
            assert claim not in lowered, (place, claim)
        assert "%" not in text and "por ciento" not in lowered, (place, text)
        for mark in (re.compile(r"\bPREP\b"), re.compile(r"hold me tight", re.IGNORECASE)):
            found = mark.search(text)
            if found is not None:
                assert place == "source", (place, text)
                assert 0 <= lowered.find("adaptado de") < found.start()  # or "adaptado del"
    # the couple is addressed as ustedes (and each partner as tú): never vosotros
    words = " ".join(text for _place, text in _strings(data)).lower()
    assert "ustedes" in words


def test_the_docs_list_the_translations_and_ask_for_a_clinical_review() -> None:
    docs = (ROOT / "docs" / "EXERCISES.md").read_text(encoding="utf-8")
    for path in SPANISH:
        exercise = loaded(path.read_text(encoding="utf-8"), str(path))
        assert f"`es/{path.name}`" in docs and exercise.title in docs
    assert "native-speaking clinician" in docs
