"""Cleaning untrusted text before it is stored or shown.

Textual strips only a handful of control codes, so an ESC or a C1 control in an exercise file,
a partner's name or a saved answer would reach the terminal (screen clears, OSC 52 clipboard
writes). Everything that comes from outside passes through :func:`clean` first.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, the C1 block, and the bidirectional overrides and
# isolates that can make text read differently from how it is stored.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_CR = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Return ``text`` with unsafe control characters removed; CRLF and CR become LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def printable(text: str) -> str:
    """``text`` (a file name, a path) with each unsafe character written out as an escape
    (``\\x1b``), so it is shown rather than obeyed, and the name can still be recognised."""
    return _UNSAFE_OR_CR.sub(lambda match: f"\\x{ord(match.group(0)):02x}"
                             if ord(match.group(0)) < 0x100
                             else f"\\u{ord(match.group(0)):04x}", text)


def find_unsafe(text: str) -> int | None:
    """The index of the first unsafe character in ``text`` (a bare CR counts), or None."""
    match = _UNSAFE.search(text.replace("\r\n", "\n"))
    return None if match is None else match.start()


def clean_name(name: str, limit: int = 40) -> str:
    """A partner's name: cleaned, on one line, whitespace collapsed, at most ``limit`` chars."""
    collapsed = " ".join(clean(name).split())
    return collapsed[:limit].strip()
