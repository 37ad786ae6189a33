"""Languages: which one reconnect speaks, and the translated words of its interface.

The language is chosen once at start-up (:func:`choose`): ``--lang``, then ``RECONNECT_LANG``,
then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), falling back to English. Every string
shown to a person goes through :func:`_` (or :func:`ngettext` when it counts something), which
reads the compiled catalogue of that language (``locale/<lang>/LC_MESSAGES/reconnect.mo``,
shipped in the wheel) through the standard library's :mod:`gettext`.

A saved session keeps the language it was run in; :func:`speaking` switches the words for a
moment, so a transcript is written in the session's language whatever the interface speaks.

Words defined where nothing is shown yet (a table of step kinds, say) are marked with
:func:`N_` and translated where they are shown, so they follow :func:`speaking` too. The few
built when a module is imported (key bindings, command help) are right because the command
line chooses the language before it imports anything that shows words.

The country (:func:`choose_country`) says which helplines the safety notice lists:
``--country``, then ``RECONNECT_COUNTRY``, then the locale's territory (``es_MX`` is Mexico).
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

DOMAIN = "reconnect"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT = "en"
ENV_LANG = "RECONNECT_LANG"
ENV_COUNTRY = "RECONNECT_COUNTRY"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _territory_of(tag: str) -> str:
    """The country part of a locale or BCP 47 tag: ``es_MX.UTF-8`` and ``es-MX`` give ``MX``,
    ``en_GB`` gives ``GB``; "" when there is none (``es``, ``C``)."""
    base = tag.split(".", 1)[0].split("@", 1)[0].replace("_", "-").strip()
    parts = base.split("-")
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 \
        and parts[1].isalpha() else ""


def _language_of(tag: str) -> str:
    """The language part of a locale or BCP 47 tag: ``es_MX.UTF-8`` and ``es-MX`` give ``es``;
    ``C`` and ``POSIX`` give "" (no language)."""
    base = tag.split(".", 1)[0].split("@", 1)[0].replace("_", "-").strip()
    if base.upper() in ("C", "POSIX", ""):
        return ""
    return base.split("-", 1)[0].lower()


def available() -> tuple[str, ...]:
    """The interface languages reconnect has words for: English and every shipped catalogue."""
    found = {DEFAULT}
    if LOCALE_DIR.is_dir():
        found |= {entry.name for entry in LOCALE_DIR.iterdir()
                  if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()}
    return tuple(sorted(found))


def choose(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: ``flag`` (``--lang``), then ``RECONNECT_LANG``, then the locale,
    then English. A language with no catalogue falls through to the next source."""
    env = os.environ if environ is None else environ
    known = available()
    candidates = [flag or "", env.get(ENV_LANG, "")]
    candidates += [env.get(name, "") for name in LOCALE_VARIABLES]
    for candidate in candidates:
        # LANGUAGE-style lists ("es:en") are tried in order too
        for part in candidate.split(":"):
            language = _language_of(part)
            if language in known:
                return language
    return DEFAULT


def choose_country(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The country whose helplines the safety notice lists (``GB``, ``MX``...): ``flag``
    (``--country``), then ``RECONNECT_COUNTRY``, then the territory of the locale in force
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``); "" when none says (the general notice)."""
    env = os.environ if environ is None else environ
    for given in (flag or "", env.get(ENV_COUNTRY, "")):
        code = given.strip().upper()
        if code:
            return "GB" if code == "UK" else code
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value and _language_of(value):
            # the first locale variable set is the one in force, as for the C library
            return _territory_of(value)
    return ""


_country = ""
_current = DEFAULT
_translations: _gettext.NullTranslations = _gettext.NullTranslations()


def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue of ``language`` (nothing translated for English or an unknown language)."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language],
                                fallback=True)


def install(language: str) -> None:
    """Speak ``language`` from now on."""
    global _current, _translations
    _current, _translations = language, translations(language)


def install_catalogue(language: str, catalogue: _gettext.NullTranslations) -> None:
    """Speak ``language`` with ``catalogue`` from now on (a catalogue made elsewhere, such as
    the pseudo-language the tests make to find words that are not translated)."""
    _set(language, catalogue)


def install_country(country: str) -> None:
    """List the helplines of ``country`` from now on ("": the general notice)."""
    global _country
    _country = country.upper()


def country() -> str:
    """The country whose helplines are listed ("" for the general notice)."""
    return _country


def current() -> str:
    """The language spoken now (``en``, ``es``, ...)."""
    return _current


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (a transcript in its session's language)."""
    if language == _current:
        yield  # already spoken, with whatever catalogue was installed for it
        return
    before = (_current, _translations)
    install(language)
    try:
        yield
    finally:
        _set(*before)


def _set(language: str, catalogue: _gettext.NullTranslations) -> None:
    global _current, _translations
    _current, _translations = language, catalogue


def _(message: str) -> str:
    """``message`` in the language spoken now."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that fits ``count``, in the language spoken now."""
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language spoken now, as it is meant in ``context``."""
    return _translations.pgettext(context, message)


def NP_(context: str, message: str) -> str:
    """Mark ``message`` (meant in ``context``) for translation where it is shown, with
    :func:`pgettext`; returns it as it is."""
    return message


def N_(message: str) -> str:
    """``message`` as it is, marked for translation: it is translated where it is shown."""
    return message


def weekday_name(day: int) -> str:
    """The name of a day of the week (Monday is 0), in the language spoken now. (strftime's
    names follow the C library's locale, which reconnect does not set.)"""
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))[day]


def day_words(moment: date, *, weekday: bool = True, year: bool = True,
              short: bool = False) -> str:
    """A day as people write it ("Monday 3 March 2026", short "Mon 3 Mar 2026"), in the
    language spoken. Short names are the first three letters, as in English and Spanish."""
    day_name, month = weekday_name(moment.weekday()), month_name(moment.month)
    if short:
        day_name, month = day_name[:3], month[:3]
    # Translators: a date; keep the names in braces, change their order as your language does
    words = _("{weekday} {day} {month} {year}").format(
        weekday=day_name if weekday else "", day=moment.day, month=month,
        year=moment.year if year else "")
    return " ".join(words.split())


def month_name(month: int) -> str:
    """The name of a month (January is 1), in the language spoken now."""
    return (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
            _("July"), _("August"), _("September"), _("October"), _("November"),
            _("December"))[month - 1]


__all__ = ["DEFAULT", "ENV_COUNTRY", "ENV_LANG", "N_", "_", "available", "choose",
           "choose_country", "country", "current", "day_words", "install", "install_catalogue",
           "install_country", "month_name", "ngettext", "speaking", "translations",
           "weekday_name"]
