"""Where each key and value sits in a TOML file, for diagnostics that point at the right place.

``tomli`` gives values but no positions. This scanner walks text that ``tomli`` has already
accepted and records the line and column of every key, value and table header under its path,
for example ``("steps", 2, "goto")``. It is only run for files that have a problem, so clean
files cost nothing extra.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import tomli

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """A place in the file: 1-based line and column, and how many characters it covers."""

    line: int
    column: int
    length: int = 1


@dataclass
class PositionIndex:
    keys: dict[Path, Span]
    values: dict[Path, Span]
    ranges: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """Each value's whole extent as character offsets ``(start, end)``, even over lines."""

    def key(self, path: Path) -> Span | None:
        """The key at ``path``, else the nearest enclosing key or table header."""
        return self._nearest(self.keys, path)

    def value(self, path: Path) -> Span | None:
        """The value at ``path``, else its key, else the nearest enclosing place."""
        return self.values.get(path) or self._nearest(self.keys, path)

    def first_key(self) -> Span | None:
        """The first key of the file's top table (not a comment or a blank line above it)."""
        return next((span for path, span in self.keys.items() if len(path) == 1), None)

    @staticmethod
    def _nearest(table: dict[Path, Span], path: Path) -> Span | None:
        for cut in range(len(path), 0, -1):
            span = table.get(path[:cut])
            if span is not None:
                return span
        return None


_BARE_KEY = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_SCALAR_END = set(",]}#\n\r\t ")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.line_starts = [0] + [k + 1 for k, char in enumerate(text) if char == "\n"]
        self.keys: dict[Path, Span] = {}
        self.values: dict[Path, Span] = {}
        self.array_tables: dict[Path, int] = {}
        self.ranges: dict[Path, tuple[int, int]] = {}

    def span(self, start: int, end: int) -> Span:
        line = bisect.bisect_right(self.line_starts, start) - 1
        line_end = self.text.find("\n", start)
        end = min(end, line_end) if line_end != -1 else end
        return Span(line + 1, start - self.line_starts[line] + 1, max(1, end - start))

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.i < self.n:
            char = text[self.i]
            if char == "#":
                end = text.find("\n", self.i)
                self.i = self.n if end == -1 else end
            elif char in " \t\r" or (newlines and char == "\n"):
                self.i += 1
            else:
                return

    def run(self) -> PositionIndex:
        table: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.i >= self.n:
                break
            start = self.i
            if self.text.startswith("[[", self.i):
                self.i += 2
                names = self.dotted_key()
                self.i = self.text.index("]]", self.i) + 2
                table = self.resolve(names, new_array_item=True)
                self.keys[table] = self.span(start, self.i)
                self.enclosing(table, self.keys[table])
            elif self.text[self.i] == "[":
                self.i += 1
                names = self.dotted_key()
                self.i = self.text.index("]", self.i) + 1
                table = self.resolve(names, new_array_item=False)
                self.keys.setdefault(table, self.span(start, self.i))
                self.enclosing(table, self.span(start, self.i))
            else:
                self.key_value(table)
        return PositionIndex(self.keys, self.values, self.ranges)

    def enclosing(self, path: Path, span: Span, below: Path = ()) -> None:
        """Tables that ``[a.b]`` or ``a.b = 1`` define implicitly (``a``) sit where first named."""
        for cut in range(len(below) + 1, len(path)):
            self.keys.setdefault(path[:cut], span)

    def resolve(self, names: list[str], new_array_item: bool) -> Path:
        path: Path = ()
        for number, name in enumerate(names):
            path = path + (name,)
            last = number == len(names) - 1
            if last and new_array_item:
                index = self.array_tables.get(path, -1) + 1
                self.array_tables[path] = index
                path = path + (index,)
            elif path in self.array_tables:
                path = path + (self.array_tables[path],)
        return path

    def dotted_key(self) -> list[str]:
        names: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            names.append(self.simple_key())
            self.skip_blank(newlines=False)
            if self.i < self.n and self.text[self.i] == ".":
                self.i += 1
                continue
            return names

    def simple_key(self) -> str:
        text = self.text
        if self.i < self.n and text[self.i] in "\"'":
            start = self.i
            self.skip_string()
            if text[start] == "'":
                return text[start + 1 : self.i - 1]
            try:  # a basic string key may hold any escape: let tomli read it
                return str(tomli.loads(f"k = {text[start : self.i]}")["k"])
            except tomli.TOMLDecodeError:
                return text[start + 1 : self.i - 1]
        start = self.i
        while self.i < self.n and text[self.i] in _BARE_KEY:
            self.i += 1
        if self.i == start:  # not valid TOML after all; stop quietly rather than loop
            self.i = self.n
        return text[start : self.i]

    def key_value(self, table: Path) -> None:
        key_start = self.i
        names = self.dotted_key()
        key_end = self.i
        while key_end > key_start and self.text[key_end - 1] in " \t":
            key_end -= 1
        path = table + tuple(names)
        self.keys[path] = self.span(key_start, key_end)
        self.enclosing(path, self.keys[path], below=table)
        self.skip_blank(newlines=False)
        if self.i < self.n and self.text[self.i] == "=":
            self.i += 1
        self.skip_blank(newlines=False)
        self.value(path)

    def value(self, path: Path) -> None:
        if self.i >= self.n:
            return
        start = self.i
        char = self.text[self.i]
        if char in "\"'":
            self.skip_string()
        elif char == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.i >= self.n or self.text[self.i] == "]":
                    self.i += 1
                    break
                if self.text[self.i] == ",":
                    self.i += 1
                    continue
                self.value(path + (index,))
                index += 1
        elif char == "{":
            self.i += 1
            while True:
                self.skip_blank(newlines=True)
                if self.i >= self.n or self.text[self.i] == "}":
                    self.i += 1
                    break
                if self.text[self.i] == ",":
                    self.i += 1
                    continue
                self.key_value(path)
        else:
            while self.i < self.n and self.text[self.i] not in _SCALAR_END:
                self.i += 1
            # dates such as 1979-05-27 07:32:00 have one space inside
            if self.text.startswith(" ", self.i) and self.text[start:self.i].count("-") == 2:
                probe = self.i + 1
                while probe < self.n and self.text[probe] not in _SCALAR_END:
                    probe += 1
                if ":" in self.text[self.i : probe]:
                    self.i = probe
        self.values[path] = self.span(start, self.i)
        self.ranges[path] = (start, self.i)

    def skip_string(self) -> None:
        text = self.text
        quote = text[self.i]
        triple = text.startswith(quote * 3, self.i)
        if triple:
            end = self.i + 3
            while True:
                end = text.find(quote * 3, end)
                if end == -1:
                    self.i = self.n
                    return
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                # a closing run may hold up to two extra quotes that belong to the string
                while text.startswith(quote, end + 3):
                    end += 1
                self.i = end + 3
                return
        end = self.i + 1
        while end < self.n:
            char = text[end]
            if char == "\\" and quote == '"':
                end += 2
                continue
            if char == quote or char == "\n":
                break
            end += 1
        self.i = end + 1


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def index_positions(text: str) -> PositionIndex:
    """Positions of every key and value in ``text``, which must already parse as TOML."""
    return _Scanner(text).run()
