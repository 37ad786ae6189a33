"""A pseudo-language for finding words that are not translated, and layouts that break when
words get longer.

Every message of the template is written with accented letters inside ``⟦`` and ``⟧`` and made
about 35% longer; placeholders (``{name}``) are kept as they are. The catalogue is made at test
time and never shipped. Shown with it, any Latin letter on screen that is not an accented one
comes from a word that did not go through gettext (the test exercise is written in Greek).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from reconnect.i18n import LOCALE_DIR

OPEN, CLOSE = "⟦", "⟧"
ACCENTED = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                         "áƀçđéƒĝĥíĵķĺɱñóþǫŕšťúṽŵẋýž"
                         "ÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŤÚṼŴẊÝŽ")
FIELD = re.compile(r"(\{\w*(?:![rs])?\}|\{\{|\}\})")
GROWTH = 0.35


def pseudo(text: str) -> str:
    """``text`` in the pseudo-language: accented, marked, and about a third longer."""
    body = text.strip()
    if not body:
        return text
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    parts = FIELD.split(body)
    accented = "".join(part if number % 2 else part.translate(ACCENTED)
                       for number, part in enumerate(parts))
    padding = "·" * max(1, round(len(body) * GROWTH) - 2)
    return f"{lead}{OPEN}{accented}{padding}{CLOSE}{trail}"


def build_catalogue(folder: Path) -> Path:
    """The pseudo-language's compiled catalogue, from the committed template; its path."""
    template = read_po((LOCALE_DIR / "reconnect.pot").open("rb"))
    catalog = Catalog(locale="en", domain="reconnect")
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(pseudo(form) for form in message.id),
                        context=message.context)
        else:
            catalog.add(message.id, pseudo(message.id), context=message.context)
    path = folder / "pseudo.mo"
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    return path


KEY_NAMES = re.compile(r"^(\^?[a-z0-9]|enter|esc|space|tab|f1|ctrl\+\w+|shift\+\w+)$")
ALLOWED = {"reconnect"}
"""The program's name is never translated."""


MARKED = re.compile(f"{OPEN}[^{CLOSE}]*{CLOSE}|^[^{OPEN}]*{CLOSE}|{OPEN}[^{CLOSE}]*$")
"""A marked message, or the part of one that a line wrapped onto this line or the next."""


def stray_words(lines: list[str]) -> list[str]:
    """Words on screen with Latin letters outside the pseudo-language: key names (the
    footer's ``^t``, ``enter``), paths and the program's name excepted."""
    found = []
    for line in lines:
        for word in MARKED.sub(" ", line).split():
            if not re.search("[A-Za-z]", word):
                continue
            bare = word.strip("()[]{}.,:;!?“”\"'·…▏")
            if bare in ALLOWED or KEY_NAMES.match(bare) or "/" in bare:
                continue
            found.append(word)
    return found
