"""Which language reconnect speaks, and where it looks for its words."""

from __future__ import annotations

from datetime import date

import pytest

from reconnect import i18n


@pytest.fixture
def known(monkeypatch):
    monkeypatch.setattr(i18n, "available", lambda: ("en", "es"))


@pytest.mark.parametrize(("flag", "environ", "expected"), [
    (None, {}, "en"),
    ("es", {}, "es"),
    ("es-MX", {}, "es"),
    (None, {"RECONNECT_LANG": "es"}, "es"),
    ("en", {"RECONNECT_LANG": "es"}, "en"),                   # --lang comes first
    (None, {"LANG": "es_ES.UTF-8"}, "es"),
    (None, {"LC_ALL": "C", "LC_MESSAGES": "es_MX.UTF-8"}, "es"),
    (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "es_ES.UTF-8"}, "en"),
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),                   # no French words: English
    ("fr", {"LANG": "es_ES.UTF-8"}, "es"),                   # an unknown choice falls through
    (None, {"RECONNECT_LANG": "fr:es"}, "es"),
    (None, {"LANG": "POSIX"}, "en"),
])
def test_the_language_comes_from_the_flag_then_the_variable_then_the_locale(
        known, flag, environ, expected):
    assert i18n.choose(flag, environ) == expected


def test_english_needs_no_catalogue_and_speaking_switches_for_a_moment():
    i18n.install("en")
    assert i18n._("Continue") == "Continue"
    assert i18n.ngettext("1 day", "{n} days", 2) == "{n} days"
    with i18n.speaking("es"):
        assert i18n.current() == "es"
    assert i18n.current() == "en"


@pytest.mark.parametrize(("flag", "environ", "expected"), [
    (None, {}, ""),
    ("es", {"RECONNECT_COUNTRY": "MX"}, "ES"),               # --country comes first
    (None, {"RECONNECT_COUNTRY": "mx", "LANG": "es_ES.UTF-8"}, "MX"),
    ("uk", {}, "GB"),                                          # the name people use
    (None, {"LANG": "es_ES.UTF-8"}, "ES"),
    (None, {"LANG": "es_MX.UTF-8"}, "MX"),
    (None, {"LANG": "en_US.UTF-8"}, "US"),
    (None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "es_MX"}, "GB"),
    (None, {"LC_ALL": "es-MX", "LANG": "en_GB.UTF-8"}, "MX"),  # LC_ALL wins, as in C
    (None, {"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "GB"),      # C says no place
    (None, {"LANG": "es"}, ""),                                # a language without a country
])
def test_the_country_comes_from_the_flag_then_the_variable_then_the_locale(flag, environ,
                                                                            expected):
    assert i18n.choose_country(flag, environ) == expected


def test_spanish_words_and_plurals_come_from_the_shipped_catalogue():
    with i18n.speaking("es"):
        assert i18n._("Quit") == "Salir"
        assert i18n.ngettext("{count} minute", "{count} minutes", 1) == "{count} minuto"
        assert i18n.ngettext("{count} minute", "{count} minutes", 2) == "{count} minutos"
        assert i18n.day_words(date(2026, 11, 30)) == "lunes 30 de noviembre de 2026"
    assert i18n.day_words(date(2026, 11, 30), short=True) == "Mon 30 Nov 2026"


async def test_the_palette_speaks_the_language_spoken_textual_s_own_commands_too(clock):
    from reconnect.format.library import Library
    from reconnect.tui.app import TEXTUAL_COMMANDS, make_app

    i18n.install("es")
    app = make_app(library=Library.of([]), store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
    titles = {command.title for command in commands}
    assert {"Tema", "Teclas", "Captura de pantalla", "Historial"} <= titles
    english = set(TEXTUAL_COMMANDS)
    assert not english & {text for command in commands
                          for text in (command.title, command.help)}


async def test_the_palette_s_search_box_and_the_ctrl_c_hint_speak_the_language_spoken(clock):
    from textual.command import CommandInput, CommandPalette

    from reconnect.format.library import Library
    from reconnect.tui.app import make_app

    i18n.install("es")
    app = make_app(library=Library.of([]), store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = [(note.title, note.message) for note in app._notifications]
        assert ("¿Quieren salir?", "Presionen Ctrl+Q para salir de reconnect.") in said
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Buscar comandos…"
