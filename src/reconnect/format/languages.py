"""Languages of exercise files: their tags, the version a translation names, and the mark on
words still to translate.

An exercise file says what language it is written in with ``language``, a BCP 47 tag such as
``en``, ``es`` or ``es-MX`` (English when it says nothing). A translation is a file of its own
with the same ``id`` as its original and ``translation_of`` naming the version of the original
it was made from: ``sha256:`` and the first 12 hex digits of the SHA-256 of the original file's
text (:attr:`Exercise.digest <reconnect.format.model.Exercise.digest>`), so that the checker can
tell when the original has changed since.

A small module with no imports of its own: the schema, the loader and the library read it.
"""

from __future__ import annotations

import re

DEFAULT_LANGUAGE = "en"
"""The language of a file that does not say."""

LANGUAGE_PATTERN = (
    r"^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}"          # language, and up to three extended subtags
    r"(-[A-Za-z]{4})?"                             # script: Latn, Hant
    r"(-([A-Za-z]{2}|[0-9]{3}))?"                  # region: MX, ES, 419
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*"   # extensions
    r"(-[Xx](-[A-Za-z0-9]{1,8})+)?$"               # private use
)
"""A well-formed BCP 47 tag (RFC 5646) whose language is a two- or three-letter ISO 639 code,
as every tag in real use is: the four- to eight-letter language subtags RFC 5646 reserves
would let ``spanish`` through. Written so that JSON Schema (ECMA-262) reads it the same."""

_LANGUAGE = re.compile(LANGUAGE_PATTERN)

VERSION_PREFIX = "sha256:"
VERSION_DIGITS = 12
"""How many hex digits of the original's SHA-256 ``reconnect new --from ID --lang`` writes."""
VERSION_PATTERN = r"^sha256:[0-9a-f]{12,64}$"
"""``translation_of``: ``sha256:`` and 12 to 64 lowercase hex digits of the original's
SHA-256 (more digits than 12 are allowed, and compared as far as they go)."""

_VERSION = re.compile(VERSION_PATTERN)

TO_TRANSLATE = "[to translate] "
"""The mark ``reconnect new --from ID --lang`` puts before every text of a new translation.
The checker warns about each text that still starts with it (R412), so a translation half
done shows what is left; the translator deletes the mark with the English words after it."""

LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "inglés": "en", "ingles": "en",
    "spanish": "es", "español": "es", "espanol": "es", "castellano": "es",
    "french": "fr", "français": "fr", "francais": "fr",
    "german": "de", "deutsch": "de",
    "italian": "it", "italiano": "it",
    "portuguese": "pt", "português": "pt", "portugues": "pt",
    "catalan": "ca", "català": "ca",
    "dutch": "nl", "nederlands": "nl",
}
"""Languages written out in words, for the checker's hint (``language = "Spanish"``)."""


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed language tag (see :data:`LANGUAGE_PATTERN`)."""
    return _LANGUAGE.fullmatch(tag) is not None  # fullmatch: `$` alone lets a newline through


def tag_hint(tag: str) -> str:
    """What to write instead of the malformed tag ``tag``."""
    from reconnect.i18n import _  # here: the module has no imports of its own

    named = LANGUAGE_NAMES.get(tag.strip().casefold())
    if named is not None:
        # Translators: {setting} is a line of the file, such as language = "es"
        return _("write the language as a tag: {setting}").format(
            setting=f'language = "{named}"')
    fixed = tag.strip().replace("_", "-").split(".", 1)[0]
    if fixed != tag and is_language_tag(fixed):
        return _("write it with hyphens, as a language tag: {setting}").format(
            setting=f'language = "{fixed}"')
    return _('use a language tag: two or three letters for the language, then, if you need '
             'them, a region, like "es", "es-MX" or "pt-BR"')


def primary(tag: str) -> str:
    """The language of a tag without its region or script: ``es-MX`` gives ``es``."""
    return tag.split("-", 1)[0].split("_", 1)[0].lower()


def in_language(tag: str) -> str:
    """Words saying that something is written in the language ``tag`` ("in Spanish"), in
    the language spoken."""
    from reconnect.i18n import _  # here: the module has no imports of its own

    words = {"en": _("in English"), "es": _("in Spanish"), "fr": _("in French"),
             "de": _("in German"), "it": _("in Italian"), "pt": _("in Portuguese"),
             "ca": _("in Catalan"), "nl": _("in Dutch")}
    # Translators: {language} is a language tag, such as "sv" or "pt-BR"
    return words.get(primary(tag)) or _("in {language}").format(language=tag)


def other_language(tag: str) -> str:
    """Words saying that something is written in ``tag``'s language ("in Spanish"), when that
    is not the language spoken; "" when it is."""
    from reconnect.i18n import current  # here, as in in_language

    return "" if same_language(tag, current()) else in_language(tag)


def same_language(one: str, other: str) -> bool:
    """``es`` and ``es-MX`` are the same language (a couple who speak one read the other)."""
    return primary(one) == primary(other)


def same_tag(one: str, other: str) -> bool:
    """Tags are compared without regard to case (``es-MX`` is ``es-mx``)."""
    return one.lower() == other.lower()


def is_version(text: str) -> bool:
    return _VERSION.fullmatch(text) is not None


def version_of(digest: str) -> str:
    """The version a translation names, from the SHA-256 (hex) of its original's text."""
    return VERSION_PREFIX + digest[:VERSION_DIGITS]


def made_from(translation_of: str, digest: str) -> bool:
    """Whether ``translation_of`` names the original whose SHA-256 is ``digest``."""
    digits = translation_of.removeprefix(VERSION_PREFIX)
    return bool(digits) and digest.lower().startswith(digits.lower())
