"""The tiny condition language used in ``branches``: parsed and checked, never evaluated as code.

Grammar (whitespace between tokens is free)::

    condition  := conjunct ("or" conjunct)*
    conjunct   := negation ("and" negation)*
    negation   := "not" negation | "(" condition ")" | comparison
    comparison := operand ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
    operand    := number | "quoted text" | step-id | func "(" step-id ")"
    func       := "either" | "both" | "min" | "max"

A step id names an earlier ``rating``, ``answer`` or ``choice`` step and stands for its answer.
Steps that each partner answers must be wrapped: ``either(calm) <= 3`` holds when at least one
partner rated 3 or lower, ``both(calm) >= 7`` when both did, ``min``/``max`` give a number.
A step that was never answered makes its comparison false.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reconnect.i18n import _

QUANTIFIERS = ("either", "both")
AGGREGATES = ("min", "max")
FUNCTIONS = QUANTIFIERS + AGGREGATES
KEYWORDS = ("and", "or", "not")
MAX_DEPTH = 50
"""Deepest nesting of parentheses and ``not`` accepted; deeper would exhaust Python's stack."""

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
"""The operator that says the same with its two sides swapped (``3 >= x`` is ``x <= 3``)."""

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?\d+(?:\.\d+)?(?![A-Za-z0-9_-]))
  | (?P<string>"[^"\\]*"|'[^'\\]*')
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<paren>[()])
  | (?P<word>[A-Za-z0-9_][A-Za-z0-9_-]*)
    """,
    re.VERBOSE,
)


class ConditionError(ValueError):
    """A condition that does not parse; ``column`` is 1-based within the condition text."""

    def __init__(self, message: str, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


@dataclass(frozen=True)
class Ref:
    step: str
    column: int


@dataclass(frozen=True)
class Literal:
    value: float | str
    column: int


@dataclass(frozen=True)
class Call:
    func: str
    ref: Ref
    column: int


Operand = Ref | Literal | Call


@dataclass(frozen=True)
class Compare:
    left: Operand
    op: str
    right: Operand
    column: int


@dataclass(frozen=True)
class Not:
    operand: Condition


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Condition, ...]


Condition = Compare | Not | BoolOp


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hints = {"=": _("compare with `==`"), "\"": _('close the quotes, like "yes"'),
                     "'": _("close the quotes")}
            hint = hints.get(char, "")
            # Translators: {character} is the character as Python writes it, such as '='
            raise ConditionError(_("unexpected character {character}").format(
                character=repr(char)), position + 1, hint)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position + 1))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def end_column(self) -> int:
        return len(self.text) + 1

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ConditionError(_("the condition ends too early"), self.end_column())
        self.index += 1
        return token

    def at_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text == word

    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionError(_("the condition is empty"), 1,
                                 _('write something like "either(calm) <= 3"'))
        condition = self.condition()
        leftover = self.peek()
        if leftover is not None:
            raise ConditionError(
                # Translators: {token} is what the condition has there, such as 'calm'
                _("unexpected {token} after a complete condition").format(
                    token=repr(leftover.text)),
                leftover.column,
                _("join conditions with `and` or `or`"),
            )
        return condition

    def condition(self) -> Condition:
        parts = [self.conjunct()]
        while self.at_word("or"):
            self.take()
            parts.append(self.conjunct())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def conjunct(self) -> Condition:
        parts = [self.negation()]
        while self.at_word("and"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def nest(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(_("the condition nests `(` and `not` more than {depth} deep")
                                 .format(depth=MAX_DEPTH), token.column,
                                 _("split it into simpler conditions"))

    def negation(self) -> Condition:
        if self.at_word("not"):
            self.nest(self.take())
            negated = Not(self.negation())
            self.depth -= 1
            return negated
        token = self.peek()
        if token is not None and token.text == "(":
            self.nest(self.take())
            inner = self.condition()
            closing = self.peek()
            if closing is None or closing.text != ")":
                column = closing.column if closing else self.end_column()
                raise ConditionError(_("a `(` is never closed"), column, _("add `)`"))
            self.take()
            self.depth -= 1
            return inner
        return self.comparison()

    def comparison(self) -> Compare:
        left = self.operand()
        token = self.peek()
        if token is None or token.kind != "op":
            column = token.column if token else self.end_column()
            message = (_("expected a comparison such as `<=` or `==`, but found {token}")
                       .format(token=repr(token.text)) if token else
                       _("expected a comparison such as `<=` or `==`, but the condition ends"))
            raise ConditionError(message, column,
                                 _("compare an answer with a value, like either(calm) <= 3"))
        self.take()
        right = self.operand()
        return Compare(left, token.text, right, _column_of(left))

    def operand(self) -> Operand:
        token = self.take()
        if token.kind == "number":
            number = float(token.text)
            return Literal(int(number) if number.is_integer() else number, token.column)
        if token.kind == "string":
            return Literal(token.text[1:-1], token.column)
        if token.kind == "word" and token.text in KEYWORDS:
            raise ConditionError(_("`{word}` cannot stand here").format(word=token.text),
                                 token.column)
        if token.kind == "word":
            following = self.peek()
            if following is not None and following.text == "(":
                if token.text not in FUNCTIONS:
                    raise ConditionError(
                        _("unknown function `{name}`").format(name=token.text),
                        token.column,
                        # Translators: {functions} is a list such as either(), both(), min()
                        _("use one of {functions}").format(
                            functions=", ".join(f"{name}()" for name in FUNCTIONS)),
                    )
                self.take()
                inner = self.take()
                if inner.kind != "word" or inner.text in KEYWORDS or inner.text in FUNCTIONS:
                    raise ConditionError(
                        # Translators: {function} is written as it is, such as either(...)
                        _("`{function}` takes a step id").format(function=f"{token.text}(...)"),
                        inner.column,
                        # Translators: {example} is a condition's words, such as either(calm)
                        _("like {example}").format(example=f"{token.text}(calm)"),
                    )
                closing = self.peek()
                if closing is None or closing.text != ")":
                    column = closing.column if closing else self.end_column()
                    # Translators: {function} is a function's name and its parenthesis,
                    # such as either(
                    raise ConditionError(_("`{function}` is never closed").format(
                        function=f"{token.text}("), column, _("add `)`"))
                self.take()
                return Call(token.text, Ref(inner.text, inner.column), token.column)
            return Ref(token.text, token.column)
        raise ConditionError(_("unexpected {token}").format(token=repr(token.text)),
                             token.column)


def _column_of(operand: Operand) -> int:
    return operand.column


def parse(text: str) -> Condition:
    """Parse ``text``; raises :class:`ConditionError` with a column on any mistake."""
    return _Parser(text).parse()


def walk(condition: Condition) -> Iterator[Compare]:
    """Every comparison inside ``condition``."""
    if isinstance(condition, Compare):
        yield condition
    elif isinstance(condition, Not):
        yield from walk(condition.operand)
    else:
        for part in condition.operands:
            yield from walk(part)


def references(condition: Condition) -> Iterator[tuple[Ref, str | None]]:
    """Every step reference, with the function wrapped around it (or None)."""
    for compare in walk(condition):
        for side in (compare.left, compare.right):
            if isinstance(side, Ref):
                yield side, None
            elif isinstance(side, Call):
                yield side.ref, side.func


Lookup = Callable[[str], Sequence[object]]
"""Answers of a step: one value per partner, a single shared value, or empty if unanswered."""


def evaluate(condition: Condition, lookup: Lookup) -> bool:
    """True when ``condition`` holds for the answers ``lookup`` gives. Never raises on data."""
    if isinstance(condition, BoolOp):
        results = (evaluate(part, lookup) for part in condition.operands)
        return any(results) if condition.op == "or" else all(results)
    if isinstance(condition, Not):
        return not evaluate(condition.operand, lookup)
    return _compare(condition, lookup)


def _compare(compare: Compare, lookup: Lookup) -> bool:
    test = COMPARISONS[compare.op]
    left, right = compare.left, compare.right
    flipped = isinstance(right, Call) and right.func in QUANTIFIERS
    if flipped:
        left, right = right, left
    if isinstance(left, Call) and left.func in QUANTIFIERS:
        values = list(lookup(left.ref.step))
        other = _value(right, lookup)
        if not values or other is None:
            return False
        checks = [_safe(test, other, v) if flipped else _safe(test, v, other) for v in values]
        return any(checks) if left.func == "either" else all(checks)
    a, b = _value(compare.left, lookup), _value(compare.right, lookup)
    if a is None or b is None:
        return False
    return _safe(test, a, b)


def _value(operand: Operand, lookup: Lookup) -> object | None:
    if isinstance(operand, Literal):
        return operand.value
    if isinstance(operand, Call):
        numbers = [v for v in lookup(operand.ref.step) if isinstance(v, (int, float))]
        if not numbers:
            return None
        if operand.func == "min":
            return min(numbers)
        if operand.func == "max":
            return max(numbers)
        return None
    values = list(lookup(operand.step))
    return values[0] if len(values) == 1 else None


def _safe(test: Callable[[object, object], bool], a: object, b: object) -> bool:
    numeric = (int, float)
    if isinstance(a, numeric) != isinstance(b, numeric):
        return False
    try:
        return bool(test(a, b))
    except TypeError:
        return False
