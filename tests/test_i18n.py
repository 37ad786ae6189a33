"""Which language reconnect speaks, and where it looks for its words."""

from __future__ import annotations

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
