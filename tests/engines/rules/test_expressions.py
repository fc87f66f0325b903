"""Expression parser: precedence, associativity, errors with positions, type checking."""

from __future__ import annotations

import pytest

from youthcity.engines.rules.errors import ExpressionError
from youthcity.engines.rules.expressions import (
    BOOL,
    DATE,
    NUMBER,
    STRING,
    Binary,
    IfElse,
    InList,
    Type,
    Unary,
    check,
    parse,
    tokenize,
)


class Scope:
    facts = {
        "age": NUMBER,
        "ok": BOOL,
        "born": DATE,
        "city": STRING,
        "level": Type("enum", enum_values=("a", "b"), name="level"),
    }
    params = {"limit": NUMBER, "city_code": STRING}

    def fact_type(self, name: str) -> Type | None:
        return self.facts.get(name)

    def param_type(self, name: str) -> Type | None:
        return self.params.get(name)

    def policy_exists(self, policy_id: str) -> bool:
        return policy_id == "other"


def key(text: str) -> str:
    return parse(text).key()


def test_arithmetic_precedence_and_left_associativity() -> None:
    assert key("1 + 2 * 3") == "(1 + (2 * 3))"
    assert key("(1 + 2) * 3") == "((1 + 2) * 3)"
    assert key("10 - 4 - 3") == "((10 - 4) - 3)"
    assert key("8 / 4 / 2") == "((8 / 4) / 2)"
    assert key("-2 * 3") == "((- 2) * 3)"


def test_logic_precedence() -> None:
    assert key("a or b and c") == "(a or (b and c))"
    assert key("not a and b") == "((not a) and b)"
    assert key("not a == 1") == "(not (a == 1))"
    assert key("a + 1 > 2 and b") == "(((a + 1) > 2) and b)"


def test_if_then_else_and_in() -> None:
    node = parse("if ok then 1 else 2 + 3")
    assert isinstance(node, IfElse)
    assert node.other.key() == "(2 + 3)"
    node2 = parse("level not in ['a', 'b']")
    assert isinstance(node2, InList) and node2.negated
    assert isinstance(parse("not level in ['a']"), Unary)


def test_references() -> None:
    assert key("param.youth.max_age") == "param.youth.max_age"
    assert key("policy.other.eligible") == "policy.other.eligible"
    assert key("date('2024-02-29')") == "date(2024-02-29)"
    assert key("months_between(born, today)") == "months_between(born, today)"


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("1 +", 3, "unexpected end"),
        ("a == b == c", 7, "chained"),
        ("(1 + 2", 6, "expected ')'"),
        ("1 $ 2", 2, "unexpected character"),
        ("'abc", 0, "unterminated"),
        ("foo(1)", 0, "unknown function"),
        ("min()", 0, "argument"),
        ("a in b", 5, "list literal"),
        ("date('2024-02-30')", 5, "invalid date"),
        ("policy.x.cost", 9, "eligible"),
        ("", 0, "empty"),
        ("1 2", 2, "after a complete expression"),
    ],
)
def test_syntax_errors_have_positions(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        parse(text)
    assert exc.value.offset == offset
    assert fragment in exc.value.message


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("agee > 3", 0, "unknown fact 'agee'"),
        ("param.nope > 3", 0, "unknown parameter 'nope'"),
        ("policy.missing.eligible", 0, "unknown policy"),
        ("born > 3", 5, "cannot order-compare date with number"),
        ("born == 3", 5, "cannot compare date with number"),
        ("ok and age", 7, "must be bool"),
        ("age + city", 4, "cannot apply '+'"),
        ("level == 'c'", 9, "not a value of level"),
        ("level in ['a', 'z']", 15, "not a value of level"),
        ("if ok then 1 else born", 18, "'then' and 'else'"),
        ("not age", 4, "must be bool"),
        ("min(age, born)", 9, "mixes"),
    ],
)
def test_type_errors_have_positions(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        check(parse(text), Scope())
    assert exc.value.offset == offset, exc.value.message
    assert fragment in exc.value.message


def test_types() -> None:
    assert check(parse("years_between(born, today) <= param.limit"), Scope()) == BOOL
    assert check(parse("born + 30"), Scope()) == DATE
    assert check(parse("today - born"), Scope()) == NUMBER
    assert check(parse("city == param.city_code"), Scope()) == BOOL
    assert check(parse("policy.other.amount * 2"), Scope()) == NUMBER


def test_no_eval_names_are_just_facts() -> None:
    # Python builtins are not special: they are unknown facts, not code.
    with pytest.raises(ExpressionError, match="unknown fact '__import__'"):
        check(parse("__import__"), Scope())
    with pytest.raises(ExpressionError, match="unknown function"):
        parse("__import__('os')")


def test_tokenizer_positions() -> None:
    toks = tokenize("a  >= 10")
    assert [(t.kind, t.text, t.pos) for t in toks] == [
        ("name", "a", 0),
        ("op", ">=", 3),
        ("number", "10", 6),
        ("end", "", 8),
    ]
    assert isinstance(parse("a >= 1"), Binary)
