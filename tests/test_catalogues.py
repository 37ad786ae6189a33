"""The translation catalogues: what is committed is what the code asks for, compiled as shipped,
and the Spanish one is complete (no empty, fuzzy or broken entries)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from reconnect import i18n, safety

ROOT = Path(__file__).resolve().parent.parent
LOCALE = i18n.LOCALE_DIR
TEMPLATE = LOCALE / "reconnect.pot"
LANGUAGES = [entry.name for entry in sorted(LOCALE.iterdir()) if entry.is_dir()]
_PLACEHOLDER = re.compile(r"\{\w+(?:![rs])?\}")


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a message (``{{`` and ``}}`` are literal braces)."""
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def catalogue(language: str):
    return read_po((LOCALE / language / "LC_MESSAGES" / "reconnect.po").open("rb"),
                   locale=language)


def messages(catalog) -> dict[object, tuple[str, ...]]:
    """Each message id with the comments translators see, without file names or dates."""
    return {message.id: tuple(message.auto_comments) for message in catalog if message.id}


def test_spanish_is_shipped():
    assert "es" in LANGUAGES
    assert "es" in i18n.available()


def test_the_template_holds_what_the_code_asks_for_now(tmp_path):
    """`python3 dev.py messages` was run after the last change to a shown word."""
    sys.path.insert(0, str(ROOT))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT))
    fresh = tmp_path / "fresh.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), *dev.EXTRACT, "-o",
                    str(fresh), "src/reconnect"], cwd=ROOT, check=True, capture_output=True)
    found = messages(read_po(fresh.open("rb")))
    committed = messages(read_po(TEMPLATE.open("rb")))
    assert sorted(map(str, set(found) - set(committed))) == [], "run python3 dev.py messages"
    assert sorted(map(str, set(committed) - set(found))) == [], "run python3 dev.py messages"
    assert found == committed, "translator comments changed: run python3 dev.py messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_has_the_template_s_messages(language):
    assert set(messages(catalogue(language))) == set(messages(read_po(TEMPLATE.open("rb"))))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_the_po_compiled(language):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language))
    shipped = (LOCALE / language / "LC_MESSAGES" / "reconnect.mo").read_bytes()
    assert compiled.getvalue() == shipped, "run python3 dev.py messages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = catalogue(language)
    assert not catalog.fuzzy
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert strings and all(strings), f"not translated: {message.id!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_add_none(language):
    """A translation that drops or misspells {name} would show the wrong words or crash."""
    for message in catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = fields(ids[-1]) | fields(ids[0])
        for string in strings:
            assert fields(string) <= wanted, (message.id, string)
            # the plural form shows the count; the singular may say "one" in words
            if string is strings[-1]:
                assert fields(string) == fields(ids[-1]), (
                    message.id, string)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_bring_no_markup_and_no_control_characters(language):
    for message in catalogue(language):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            # "\b" is Typer's mark for a paragraph it must not rewrap
            assert not re.search(r"[\x00-\x07\x0b-\x1f\x7f]", string), message.id
            assert "[@click" not in string and "[/" not in string, message.id


@pytest.mark.parametrize("country", ["", *safety.COUNTRIES])
def test_in_spanish_each_helpline_line_is_short_enough_never_to_split_a_number(country):
    with i18n.speaking("es"):
        text = safety.help_now(country)
        numbers = safety.helplines(country)
    for number in numbers:
        assert number in text
    for line in text.splitlines():
        if line.startswith("  "):
            assert len(line) <= 60, line


def test_the_wheel_carries_the_compiled_catalogues():
    """Hatch ships every file of the package that git does not ignore."""
    ignored = subprocess.run(["git", "check-ignore", "-q", str(LOCALE / "es" / "LC_MESSAGES"
                                                               / "reconnect.mo")], cwd=ROOT)
    assert ignored.returncode == 1, "the .mo files must not be ignored"
    tracked = subprocess.run(["git", "ls-files", "src/reconnect/locale"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert "src/reconnect/locale/es/LC_MESSAGES/reconnect.mo" in tracked
