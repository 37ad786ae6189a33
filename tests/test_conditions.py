"""The condition language: parsing, precedence, evaluation and its error messages."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect.format import conditions
from reconnect.format.conditions import (
    BoolOp,
    Call,
    Compare,
    ConditionError,
    Literal,
    Not,
    Ref,
    evaluate,
    parse,
    references,
)


def lookup_from(answers: dict[str, Sequence[object]]):
    return lambda step: answers.get(step, [])


def holds(text: str, **answers: Sequence[object]) -> bool:
    data = {name.replace("_", "-"): values for name, values in answers.items()}
    return evaluate(parse(text), lookup_from(data))


# parsing ---------------------------------------------------------------------------------


def test_a_comparison_parses_into_its_parts_with_columns() -> None:
    parsed = parse("either(calm) <= 3")
    assert parsed == Compare(Call("either", Ref("calm", 8), 1), "<=", Literal(3, 17), 1)


def test_operands_numbers_strings_and_refs() -> None:
    parsed = parse("topic == 'money'")
    assert isinstance(parsed, Compare)
    assert parsed.left == Ref("topic", 1)
    assert parsed.right == Literal("money", 10)
    assert parse('x != "a b"').right == Literal("a b", 6)  # type: ignore[union-attr]
    assert parse("x > -2").right == Literal(-2, 5)  # type: ignore[union-attr]
    half = parse("x < 2.5").right  # type: ignore[union-attr]
    assert half == Literal(2.5, 5)
    whole = parse("x < 3.0").right  # type: ignore[union-attr]
    assert whole.value == 3 and isinstance(whole.value, int)


def test_and_binds_tighter_than_or() -> None:
    parsed = parse("a == 1 or b == 2 and c == 3")
    assert isinstance(parsed, BoolOp) and parsed.op == "or"
    assert isinstance(parsed.operands[0], Compare)
    right = parsed.operands[1]
    assert isinstance(right, BoolOp) and right.op == "and" and len(right.operands) == 2


def test_not_binds_tighter_than_and() -> None:
    parsed = parse("not a == 1 and b == 2")
    assert isinstance(parsed, BoolOp) and parsed.op == "and"
    assert isinstance(parsed.operands[0], Not)
    assert isinstance(parsed.operands[1], Compare)


def test_parentheses_override_precedence() -> None:
    parsed = parse("(a == 1 or b == 2) and c == 3")
    assert isinstance(parsed, BoolOp) and parsed.op == "and"
    assert isinstance(parsed.operands[0], BoolOp) and parsed.operands[0].op == "or"
    negated = parse("not (a == 1 or b == 2)")
    assert isinstance(negated, Not) and isinstance(negated.operand, BoolOp)


def test_chains_are_flat() -> None:
    parsed = parse("a == 1 and b == 2 and c == 3")
    assert isinstance(parsed, BoolOp) and len(parsed.operands) == 3


def test_precedence_is_visible_in_evaluation() -> None:
    # or(a, and(b, c)): true through a alone
    assert holds("a == 1 or b == 1 and c == 1", a=[1], b=[0], c=[0])
    # and(or(a, b), c): false because c fails
    assert not holds("(a == 1 or b == 1) and c == 1", a=[1], b=[0], c=[0])
    # not applies only to the first comparison
    assert holds("not a == 1 and b == 1", a=[0], b=[1])
    assert not holds("not (a == 0 and b == 1)", a=[0], b=[1])
    assert holds("not not a == 0", a=[0])


def test_whitespace_is_free() -> None:
    spaced = parse("  either( calm )   <=   3 ")
    assert isinstance(spaced, Compare) and spaced.left == Call("either", Ref("calm", 11), 3)
    assert holds("either(calm)<=3", calm=[2, 9])
    assert holds("calm==1", calm=[1])


def test_step_ids_with_digits_and_hyphens() -> None:
    assert parse("either(check-in-1) >= 2") == Compare(
        Call("either", Ref("check-in-1", 8), 1), ">=", Literal(2, 23), 1)
    # ids may start with a digit: they must not be read as a number followed by a word
    assert parse("either(2nd-check) <= 3").left == Call(  # type: ignore[union-attr]
        "either", Ref("2nd-check", 8), 1)
    assert holds("either(2nd-check) <= 3", **{"2nd_check": [1, 9]})


# evaluation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [("==", 5, True), ("==", 4, False), ("!=", 4, True), ("!=", 5, False),
     ("<", 6, True), ("<", 5, False), ("<=", 5, True), ("<=", 4, False),
     (">", 4, True), (">", 5, False), (">=", 5, True), (">=", 6, False)],
)
def test_every_operator(op: str, value: int, expected: bool) -> None:
    assert holds(f"x {op} {value}", x=[5]) is expected
    # the literal may stand on the left too, with the operator read the same way
    mirrored = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
    assert holds(f"{value} {mirrored} x", x=[5]) is expected


def test_either_and_both() -> None:
    assert holds("either(calm) <= 3", calm=[2, 9])
    assert not holds("both(calm) <= 3", calm=[2, 9])
    assert holds("both(calm) <= 3", calm=[2, 3])
    assert not holds("either(calm) <= 3", calm=[4, 9])
    # a quantifier on the right compares the same way round
    assert holds("3 >= either(calm)", calm=[2, 9])
    assert not holds("3 >= both(calm)", calm=[2, 9])
    assert holds("1 < both(calm)", calm=[2, 9])


def test_min_and_max_give_numbers() -> None:
    assert holds("min(calm) == 2", calm=[2, 9])
    assert holds("max(calm) == 9", calm=[2, 9])
    assert holds("max(calm) > min(calm)", calm=[2, 9])
    assert not holds("max(calm) > min(calm)", calm=[5, 5])


def test_only_one_partner_answered_so_far() -> None:
    assert holds("either(calm) <= 3", calm=[1])
    assert holds("both(calm) <= 3", calm=[1])
    assert holds("min(calm) == 1", calm=[1])


@pytest.mark.parametrize(
    "text",
    ["either(calm) <= 3", "both(calm) <= 3", "min(calm) <= 3", "max(calm) >= 0", "calm == 1",
     "topic == \"Money\"", "calm != 1", "3 >= either(calm)", "min(calm) == max(calm)",
     "either(calm) == both(calm)"],
)
def test_unanswered_steps_make_comparisons_false(text: str) -> None:
    assert evaluate(parse(text), lookup_from({})) is False


def test_not_of_an_unanswered_comparison_is_true() -> None:
    assert holds("not either(calm) <= 3") is True


def test_string_comparisons() -> None:
    assert holds('topic == "Money"', topic=["Money"])
    assert not holds('topic == "money"', topic=["Money"])  # exact, case matters
    assert holds("topic != 'Money'", topic=["Time"])
    assert holds('topic < "b"', topic=["a"])
    assert holds('either(wish) == "yes"', wish=["no", "yes"])
    assert not holds('both(wish) == "yes"', wish=["no", "yes"])


def test_mixed_types_never_raise_and_are_false() -> None:
    assert not holds('calm < "3"', calm=[2])
    assert not holds("topic > 3", topic=["Money"])
    assert not holds("either(calm) <= 'x'", calm=[1, 2])
    assert not holds("min(topic) == 1", topic=["Money"])
    assert not holds("calm == 2", calm=[2, 2])  # two answers but no either/both: no single value
    assert holds("calm != 'x'", calm=[2]) is False  # different kinds compare false, even !=


# errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "column"),
    [
        ("", "the condition is empty", 1),
        ("   ", "the condition is empty", 1),
        ("(either(calm) <= 3", "a `(` is never closed", 19),
        ("((a == 1) or b == 2", "a `(` is never closed", 20),
        ("avg(calm) > 3", "unknown function `avg`", 1),
        ("a == 1 and Either(calm) > 3", "unknown function `Either`", 12),
        ("calm = 3", "unexpected character '='", 6),
        ("calm == 3 calm", "unexpected 'calm' after a complete condition", 11),
        ("(a == 1) b", "unexpected 'b' after a complete condition", 10),
        ('topic == "money', "unexpected character '\"'", 10),
        ("topic == 'money", "unexpected character \"'\"", 10),
        ("calm", "expected a comparison such as `<=` or `==`, but the condition ends", 5),
        ("calm calm", "expected a comparison such as `<=` or `==`, but found 'calm'", 6),
        ("calm <=", "the condition ends too early", 8),
        ("and == 3", "`and` cannot stand here", 1),
        ("either(3) < 2", "`either(...)` takes a step id", 8),
        ("either(both) < 2", "`either(...)` takes a step id", 8),
        ("either(calm <= 2", "`either(` is never closed", 13),
        ("either(calm", "`either(` is never closed", 12),
        ("x == )", "unexpected ')'", 6),
        ("x == 1 && y == 2", "unexpected character '&'", 8),
    ],
)
def test_syntax_errors_have_messages_and_columns(text: str, fragment: str, column: int) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(text)
    assert fragment in caught.value.message
    assert caught.value.column == column
    assert 1 <= caught.value.column <= len(text) + 1


def test_error_hints() -> None:
    with pytest.raises(ConditionError) as caught:
        parse("calm = 3")
    assert "==" in caught.value.hint
    with pytest.raises(ConditionError) as caught:
        parse("avg(calm) > 3")
    assert "either()" in caught.value.hint and "max()" in caught.value.hint
    with pytest.raises(ConditionError) as caught:
        parse("a == 1 b == 2")
    assert "and" in caught.value.hint


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    deep = "(" * 400 + "a == 1" + ")" * 400
    with pytest.raises(ConditionError) as caught:
        parse(deep)
    assert "deep" in caught.value.message
    with pytest.raises(ConditionError):
        parse("not " * 1500 + "a == 1")
    # modest nesting is fine
    assert holds("(" * 20 + "a == 1" + ")" * 20, a=[1])
    assert holds("not " * 20 + "a == 1", a=[1])


# references -------------------------------------------------------------------------------


def test_references_lists_every_step_with_its_function() -> None:
    text = 'either(calm) <= 3 and (topic == "Money" or not max(close) > min(calm))'
    found = [(ref.step, func, ref.column) for ref, func in references(parse(text))]
    assert found == [("calm", "either", text.index("calm") + 1),
                     ("topic", None, text.index("topic") + 1),
                     ("close", "max", text.index("close") + 1),
                     ("calm", "min", text.rindex("calm") + 1)]


def test_references_of_literals_only_is_empty() -> None:
    assert list(references(parse("1 == 1"))) == []


def test_walk_yields_every_comparison() -> None:
    parsed = parse("a == 1 or not (b == 2 and c == 3)")
    assert [compare.left.step for compare in conditions.walk(parsed)] == [  # type: ignore[union-attr]
        "a", "b", "c"]


# properties -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["either", "both", "min", "max", "(", ")", "calm", "topic", "and", "or", "not", "==", "!=",
     "<", "<=", ">", ">=", "=", "3", "-1", "2.5", '"x"', "'y'", '"', "'", " ", "  ", "&", "\t",
     "é", "\n", "٣"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=25).map("".join)))
def test_parse_never_raises_anything_but_condition_error(text: str) -> None:
    try:
        parsed = parse(text)
    except ConditionError as error:
        problem = error
    else:
        problem = None
    if problem is not None:
        assert 1 <= problem.column <= len(text) + 1
        assert problem.message
    else:
        assert isinstance(parsed, Compare | Not | BoolOp)
        # whatever parses can be evaluated against any answers without raising
        evaluate(parsed, lookup_from({"calm": [1, 2], "topic": ["x"]}))
        evaluate(parsed, lookup_from({}))
