"""Where keys and values sit in a TOML file: the scanner behind every diagnostic's caret."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect.format.positions import Span, index_positions


def at(text: str, span: Span | None) -> str:
    """The text a span covers (on its first line)."""
    assert span is not None
    line = text.split("\n")[span.line - 1]
    return line[span.column - 1 : span.column - 1 + span.length]


def test_top_level_keys_and_values() -> None:
    text = 'format = 1\ntitle   =   "Hello"\nminutes=20\n'
    index = index_positions(text)
    assert index.key(("format",)) == Span(1, 1, 6)
    assert index.value(("format",)) == Span(1, 10, 1)
    assert index.key(("title",)) == Span(2, 1, 5)
    assert index.value(("title",)) == Span(2, 13, 7)
    assert at(text, index.value(("title",))) == '"Hello"'
    assert index.key(("minutes",)) == Span(3, 1, 7)
    assert at(text, index.value(("minutes",))) == "20"


def test_array_of_tables_headers_are_numbered() -> None:
    text = (
        'id = "x"\n'
        "\n"
        "[[steps]]\n"
        'id = "one"\n'
        "\n"
        "[[steps]]  # second\n"
        'id = "two"\n'
        'goto = "one"\n'
    )
    index = index_positions(text)
    assert index.key(("steps", 0)) == Span(3, 1, 9)
    assert index.key(("steps", 1)) == Span(6, 1, 9)
    assert index.key(("steps", 1, "goto")) == Span(8, 1, 4)
    assert at(text, index.value(("steps", 0, "id"))) == '"one"'
    assert at(text, index.value(("steps", 1, "goto"))) == '"one"'
    assert index.value(("steps", 1, "goto")).line == 8  # type: ignore[union-attr]
    # a missing key falls back to the nearest enclosing place: the step's header
    assert index.key(("steps", 1, "kind")) == Span(6, 1, 9)
    assert index.value(("steps", 0, "kind")) == Span(3, 1, 9)
    # the array itself is placed at its first header
    assert index.key(("steps",)) == Span(3, 1, 9)


def test_sub_tables_of_array_items() -> None:
    text = "[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n[a.b]\ny = 4\n"
    index = index_positions(text)
    assert index.key(("a", 0, "b", "y")).line == 4  # type: ignore[union-attr]
    assert index.key(("a", 1, "b", "y")).line == 8  # type: ignore[union-attr]
    assert index.key(("a", 1, "b")).line == 7  # type: ignore[union-attr]


def test_table_headers_and_their_implicit_parents() -> None:
    text = 'a = 1\n\n[meta.info]\nauthor = "me"\n[ spaced . "quoted.key" ]\nz = 1\n'
    index = index_positions(text)
    assert index.key(("meta", "info")) == Span(3, 1, 11)
    assert index.key(("meta",)) == Span(3, 1, 11)
    assert index.key(("meta", "info", "author")) == Span(4, 1, 6)
    assert index.key(("spaced", "quoted.key", "z")) == Span(6, 1, 1)
    assert index.key(("spaced",)).line == 5  # type: ignore[union-attr]


def test_dotted_keys() -> None:
    text = 'name = "n"\nphysical.color = "orange"\nphysical . shape = "round"\n'
    index = index_positions(text)
    assert index.key(("physical", "color")) == Span(2, 1, 14)
    assert at(text, index.value(("physical", "color"))) == '"orange"'
    assert index.key(("physical", "shape")) == Span(3, 1, 16)
    assert at(text, index.value(("physical", "shape"))) == '"round"'
    # the implicit table is placed where it is first named
    assert index.key(("physical",)).line == 2  # type: ignore[union-attr]


def test_quoted_keys() -> None:
    text = '"key with spaces" = 1\n\'lit.key\' = 2\n"esc\\"aped" = 3\n'
    assert tomllib.loads(text) == {"key with spaces": 1, "lit.key": 2, 'esc"aped': 3}
    index = index_positions(text)
    assert index.key(("key with spaces",)) == Span(1, 1, 17)
    assert index.key(("lit.key",)) == Span(2, 1, 9)
    assert index.key(('esc"aped',)).line == 3  # type: ignore[union-attr]
    assert at(text, index.value(('esc"aped',))) == "3"


def test_quoted_keys_with_any_escape() -> None:
    text = '"back\\\\slash" = 1\n"caf\\u00e9" = 2\n"tab\\there" = 3\n'
    assert tomllib.loads(text) == {"back\\slash": 1, "café": 2, "tab\there": 3}
    index = index_positions(text)
    assert index.key(("back\\slash",)) == Span(1, 1, 13)
    assert index.key(("café",)).line == 2  # type: ignore[union-attr]
    assert index.key(("tab\there",)).line == 3  # type: ignore[union-attr]


def test_inline_tables_in_arrays() -> None:
    text = (
        '[[steps]]\nid = "a"\n'
        'branches = [{ when = "either(calm) <= 2", goto = "b" }, {when="x == 1",goto="c"}]\n'
        "options = [\n"
        '  "Money",\n'
        '  { label = "Something small", goto = "speak" },  # a comment ] }\n'
        "]\n"
    )
    index = index_positions(text)
    assert at(text, index.value(("steps", 0, "branches", 0, "when"))) == '"either(calm) <= 2"'
    assert index.value(("steps", 0, "branches", 0, "when")) == Span(3, 22, 19)
    assert at(text, index.value(("steps", 0, "branches", 0, "goto"))) == '"b"'
    assert at(text, index.value(("steps", 0, "branches", 1, "goto"))) == '"c"'
    assert index.key(("steps", 0, "branches", 1, "when")).line == 3  # type: ignore[union-attr]
    assert index.value(("steps", 0, "options", 0)) == Span(5, 3, 7)
    assert index.value(("steps", 0, "options", 1)).line == 6  # type: ignore[union-attr]
    assert at(text, index.value(("steps", 0, "options", 1, "goto"))) == '"speak"'
    assert index.key(("steps", 0, "options", 1, "label")) == Span(6, 5, 5)


def test_multi_line_strings_do_not_confuse_lines() -> None:
    text = (
        'a = """\n'
        "first = not a key\n"
        '[[not a header]]\n'
        'has \\""" an escaped quote run and "" quotes\n'
        '"""\n'
        "b = '''\n"
        "literal \\ with ''two'' quotes\n"
        "''''\n"
        'c = """ends with quotes"""""\n'
        "d = 4\n"
    )
    data = tomllib.loads(text)
    assert data["c"] == 'ends with quotes""'
    index = index_positions(text)
    assert index.value(("a",)) == Span(1, 5, 3)
    assert index.key(("b",)) == Span(6, 1, 1)
    assert index.key(("c",)) == Span(9, 1, 1)
    assert index.key(("d",)) == Span(10, 1, 1)
    assert at(text, index.value(("d",))) == "4"
    assert ("first",) not in index.keys
    assert ("not a header",) not in index.keys


def test_strings_with_hash_equals_brackets_and_escaped_quotes() -> None:
    text = (
        'a = "# not a comment = [x] {y} \\" still a"  # real comment\n'
        "b = '[[steps]] # = \\'\n"
        'c = ["]", "[", "#", "\\\\"]\n'
        "d = 2\n"
    )
    data = tomllib.loads(text)
    assert data["c"] == ["]", "[", "#", "\\"]
    index = index_positions(text)
    assert at(text, index.value(("a",))) == '"# not a comment = [x] {y} \\" still a"'
    assert at(text, index.value(("b",))) == "'[[steps]] # = \\'"
    assert at(text, index.value(("c", 3))) == '"\\\\"'
    assert index.key(("d",)) == Span(4, 1, 1)
    assert ("steps",) not in index.keys


def test_comments_are_skipped() -> None:
    text = "# a = 1\n  # [[steps]]\nb = 2 # c = 3\n# d = 4\ne = [ # x\n  1, # y\n  2,\n]\n"
    index = index_positions(text)
    assert set(index.keys) == {("b",), ("e",)}
    assert index.key(("b",)) == Span(3, 1, 1)
    assert index.value(("e", 1)) == Span(7, 3, 1)


def test_crlf_line_endings() -> None:
    text = 'format = 1\r\ntitle = "T"\r\n\r\n[[steps]]\r\nid = "a"\r\nmin = 5\r\n'
    assert tomllib.loads(text)["steps"] == [{"id": "a", "min": 5}]
    index = index_positions(text)
    assert index.key(("title",)) == Span(2, 1, 5)
    assert index.value(("title",)) == Span(2, 9, 3)
    assert index.key(("steps", 0)) == Span(4, 1, 9)
    assert index.value(("steps", 0, "min")) == Span(6, 7, 1)


def test_other_scalars() -> None:
    text = "a = 1979-05-27 07:32:00\nb = true\nc = -3.5e2\nd = 0x1F\ne = 1979-05-27\nf = 2\n"
    index = index_positions(text)
    assert at(text, index.value(("a",))) == "1979-05-27 07:32:00"
    assert at(text, index.value(("b",))) == "true"
    assert at(text, index.value(("c",))) == "-3.5e2"
    assert at(text, index.value(("e",))) == "1979-05-27"
    assert index.key(("f",)) == Span(6, 1, 1)


def test_a_multi_line_value_is_cut_at_its_first_line() -> None:
    text = 'a = [\n  1,\n  2,\n]\nb = """x\ny"""\n'
    index = index_positions(text)
    assert index.value(("a",)) == Span(1, 5, 1)
    assert index.value(("b",)) == Span(5, 5, 4)


# property: documents written by tomli_w -------------------------------------------------------

_KEY = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True),
    st.text(alphabet=st.sampled_from(list("ab .#=[]{}\"'\\é-")), min_size=1, max_size=8),
)
_SCALAR = st.one_of(
    st.integers(-10**6, 10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=20).filter(lambda s: "\x7f" not in s),
)


def _values(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(_KEY, children, max_size=3),
    )


_VALUE = st.recursive(_SCALAR, _values, max_leaves=12)
_DOCUMENT = st.dictionaries(
    _KEY,
    st.one_of(_VALUE, st.lists(st.dictionaries(_KEY, _VALUE, min_size=1, max_size=3),
                               min_size=1, max_size=3)),
    min_size=1,
    max_size=6,
)
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _written(key: str) -> tuple[str, ...]:
    """How tomli_w may write ``key`` at the start of a line."""
    if _BARE.fullmatch(key):
        return (key,)
    return (tomli_w.dumps({key: 1}).split(" = ")[0],)


@settings(max_examples=150, deadline=None)
@given(_DOCUMENT, st.booleans())
def test_every_top_level_key_of_a_written_document_is_found(
    document: dict[str, Any], crlf: bool
) -> None:
    text = tomli_w.dumps(document)
    if crlf:
        text = text.replace("\n", "\r\n")
    assert tomllib.loads(text) == document  # the document round-trips; the test is meaningful
    index = index_positions(text)
    lines = text.split("\n")
    for key in document:
        span = index.key((key,))
        assert span is not None, key
        line = lines[span.line - 1][span.column - 1 :]
        assert span.column == 1
        start = line.lstrip("[")
        assert any(start.startswith(written) for written in _written(key)), (key, line)
        value = index.value((key,))
        assert value is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_scanner_never_raises_on_valid_toml(text: str) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    index_positions(text)
