"""The policy expression language: tokenizer, recursive-descent parser and type checker.

Expressions are parsed into a small typed AST and never handed to `eval`.  Grammar, lowest
precedence first::

    expr        := 'if' expr 'then' expr 'else' expr | or_expr
    or_expr     := and_expr ('or' and_expr)*
    and_expr    := not_expr ('and' not_expr)*
    not_expr    := 'not' not_expr | comparison
    comparison  := additive (('=='|'!='|'<'|'<='|'>'|'>=') additive
                             | 'not'? 'in' list)?
    additive    := term (('+'|'-') term)*
    term        := unary (('*'|'/') unary)*
    unary       := '-' unary | primary
    primary     := NUMBER | STRING | 'true' | 'false' | 'today' | list | '(' expr ')'
                 | NAME '(' args ')'                       (function call)
                 | 'param' '.' NAME ('.' NAME)*             (parameter)
                 | 'policy' '.' NAME '.' ('eligible'|'amount')
                 | NAME                                     (person fact)

Comparisons do not chain (``a < b < c`` is an error), which keeps the meaning obvious.
Every node keeps its character offset so errors point at the exact place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from .errors import ExpressionError

# ---------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True, slots=True)
class Type:
    """A static expression type.  `kind` is bool, number, date, string, enum or list.

    For enums `enum_values` holds the allowed values and `name` the fact that declares them;
    for lists `item` is the element type.
    """

    kind: str
    enum_values: tuple[str, ...] | None = None
    name: str | None = None
    item: Type | None = None

    def describe(self) -> str:
        if self.kind == "enum":
            return f"enum {self.name}"
        if self.kind == "list" and self.item is not None:
            return f"list of {self.item.describe()}"
        return self.kind


BOOL = Type("bool")
NUMBER = Type("number")
DATE = Type("date")
STRING = Type("string")


# ---------------------------------------------------------------------------------------------
# AST


@dataclass(slots=True, eq=False)
class Node:
    """Base AST node: `pos` is the 0-based offset in the source text, `type` set by the checker."""

    pos: int
    type: Type = field(default=NUMBER, init=False)
    cached_key: str = field(default="", init=False, repr=False)

    def key(self) -> str:
        """A canonical text used to share identical subexpressions between policies (cached)."""
        k = self.cached_key
        if not k:
            k = self.cached_key = self._key()
        return k

    def _key(self) -> str:
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(slots=True, eq=False)
class Literal(Node):
    value: bool | int | float | str

    def _key(self) -> str:
        return repr(self.value)


@dataclass(slots=True, eq=False)
class DateLiteral(Node):
    ordinal: int

    def _key(self) -> str:
        return f"date({date.fromordinal(self.ordinal).isoformat()})"


@dataclass(slots=True, eq=False)
class ListLiteral(Node):
    items: list[Node]

    def _key(self) -> str:
        return "[" + ", ".join(i.key() for i in self.items) + "]"

    def children(self) -> tuple[Node, ...]:
        return tuple(self.items)


@dataclass(slots=True, eq=False)
class Today(Node):
    def _key(self) -> str:
        return "today"


@dataclass(slots=True, eq=False)
class FactRef(Node):
    name: str

    def _key(self) -> str:
        return self.name


@dataclass(slots=True, eq=False)
class ParamRef(Node):
    name: str

    def _key(self) -> str:
        return f"param.{self.name}"


@dataclass(slots=True, eq=False)
class PolicyRef(Node):
    policy: str
    attr: str  # "eligible" or "amount"

    def _key(self) -> str:
        return f"policy.{self.policy}.{self.attr}"


@dataclass(slots=True, eq=False)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node

    def _key(self) -> str:
        return f"({self.op} {self.operand.key()})"

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(slots=True, eq=False)
class Binary(Node):
    op: str  # arithmetic, comparison, "and", "or"
    left: Node
    right: Node

    def _key(self) -> str:
        return f"({self.left.key()} {self.op} {self.right.key()})"

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(slots=True, eq=False)
class InList(Node):
    operand: Node
    items: ListLiteral
    negated: bool

    def _key(self) -> str:
        op = "not in" if self.negated else "in"
        return f"({self.operand.key()} {op} {self.items.key()})"

    def children(self) -> tuple[Node, ...]:
        return (self.operand, self.items)


@dataclass(slots=True, eq=False)
class IfElse(Node):
    cond: Node
    then: Node
    other: Node

    def _key(self) -> str:
        return f"(if {self.cond.key()} then {self.then.key()} else {self.other.key()})"

    def children(self) -> tuple[Node, ...]:
        return (self.cond, self.then, self.other)


@dataclass(slots=True, eq=False)
class Call(Node):
    func: str
    args: list[Node]

    def _key(self) -> str:
        return f"{self.func}(" + ", ".join(a.key() for a in self.args) + ")"

    def children(self) -> tuple[Node, ...]:
        return tuple(self.args)


def walk(node: Node) -> list[Node]:
    """All nodes of the tree, parents before children."""
    out: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children()))
    return out


# ---------------------------------------------------------------------------------------------
# Tokenizer

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'[^'\n]*'|"[^"\n]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,|\.)
    """,
    re.VERBOSE,
)

KEYWORDS = frozenset(
    {"and", "or", "not", "in", "if", "then", "else", "true", "false", "today", "param", "policy"}
)


@dataclass(slots=True, frozen=True)
class Token:
    kind: str  # number, string, name, keyword, op, end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; raises `ExpressionError` at the first character it cannot read."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "'\"":
                raise ExpressionError("unterminated string", pos)
            raise ExpressionError(f"unexpected character {ch!r}", pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            value = m.group()
            if kind == "name" and value in KEYWORDS:
                kind = "keyword"
            tokens.append(Token(kind, value, pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# ---------------------------------------------------------------------------------------------
# Parser

FUNCTIONS: dict[str, tuple[int, int]] = {
    # name: (min args, max args)
    "min": (1, 16),
    "max": (1, 16),
    "months_between": (2, 2),
    "years_between": (2, 2),
    "days_between": (2, 2),
    "date": (1, 1),
}

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, text: str) -> Token | None:
        tok = self.peek()
        if tok.kind in ("op", "keyword") and tok.text == text:
            self.i += 1
            return tok
        return None

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok.kind in ("op", "keyword") and tok.text == text:
            self.i += 1
            return tok
        found = "end of expression" if tok.kind == "end" else repr(tok.text)
        raise ExpressionError(f"expected {text!r}, found {found}", tok.pos)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExpressionError("empty expression", 0)
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise ExpressionError(f"unexpected {tok.text!r} after a complete expression", tok.pos)
        return node

    def expr(self) -> Node:
        tok = self.accept("if")
        if tok is not None:
            cond = self.expr()
            self.expect("then")
            then = self.expr()
            self.expect("else")
            other = self.expr()
            return IfElse(tok.pos, cond, then, other)
        return self.or_expr()

    def or_expr(self) -> Node:
        left = self.and_expr()
        while (tok := self.accept("or")) is not None:
            left = Binary(tok.pos, "or", left, self.and_expr())
        return left

    def and_expr(self) -> Node:
        left = self.not_expr()
        while (tok := self.accept("and")) is not None:
            left = Binary(tok.pos, "and", left, self.not_expr())
        return left

    def not_expr(self) -> Node:
        tok = self.accept("not")
        if tok is not None:
            return Unary(tok.pos, "not", self.not_expr())
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        tok = self.peek()
        if tok.kind == "op" and tok.text in _COMPARISONS:
            self.advance()
            node: Node = Binary(tok.pos, tok.text, left, self.additive())
        elif tok.kind == "keyword" and tok.text in ("in", "not"):
            negated = False
            if tok.text == "not":
                nxt = self.tokens[self.i + 1]
                if not (nxt.kind == "keyword" and nxt.text == "in"):
                    return left
                self.advance()
                negated = True
            self.expect("in")
            lst = self.primary()
            if not isinstance(lst, ListLiteral):
                raise ExpressionError("'in' needs a list literal such as ['a', 'b']", lst.pos)
            node = InList(tok.pos, left, lst, negated)
        else:
            return left
        nxt = self.peek()
        if (nxt.kind == "op" and nxt.text in _COMPARISONS) or (
            nxt.kind == "keyword" and nxt.text == "in"
        ):
            raise ExpressionError("comparisons cannot be chained; use 'and'", nxt.pos)
        return node

    def additive(self) -> Node:
        left = self.term()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("+", "-"):
                self.advance()
                left = Binary(tok.pos, tok.text, left, self.term())
            else:
                return left

    def term(self) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("*", "/"):
                self.advance()
                left = Binary(tok.pos, tok.text, left, self.unary())
            else:
                return left

    def unary(self) -> Node:
        tok = self.accept("-")
        if tok is not None:
            return Unary(tok.pos, "-", self.unary())
        return self.primary()

    def dotted_name(self) -> tuple[str, int]:
        self.expect(".")
        tok = self.advance()
        if tok.kind not in ("name", "keyword"):
            raise ExpressionError("expected a name after '.'", tok.pos)
        return tok.text, tok.pos

    def primary(self) -> Node:
        tok = self.advance()
        if tok.kind == "number":
            value: int | float = float(tok.text) if "." in tok.text else int(tok.text)
            return Literal(tok.pos, value)
        if tok.kind == "string":
            return Literal(tok.pos, tok.text[1:-1])
        if tok.kind == "keyword":
            return self._keyword(tok)
        if tok.kind == "op":
            return self._bracketed(tok)
        if tok.kind == "name":
            if self.peek().kind == "op" and self.peek().text == "(":
                return self._call(tok)
            return FactRef(tok.pos, tok.text)
        raise ExpressionError("unexpected end of expression", tok.pos)

    def _keyword(self, tok: Token) -> Node:
        """true/false, today, param.a.b, policy.<id>.eligible|amount."""
        if tok.text in ("true", "false"):
            return Literal(tok.pos, tok.text == "true")
        if tok.text == "today":
            return Today(tok.pos)
        if tok.text == "param":
            parts = [self.dotted_name()[0]]
            while self.peek().kind == "op" and self.peek().text == ".":
                parts.append(self.dotted_name()[0])
            return ParamRef(tok.pos, ".".join(parts))
        if tok.text == "policy":
            pid, _ = self.dotted_name()
            attr, apos = self.dotted_name()
            if attr not in ("eligible", "amount"):
                raise ExpressionError(f"policy results have 'eligible' and 'amount', not {attr!r}", apos)
            return PolicyRef(tok.pos, pid, attr)
        raise ExpressionError(f"unexpected keyword {tok.text!r}", tok.pos)

    def _bracketed(self, tok: Token) -> Node:
        """A parenthesised expression or a list."""
        if tok.text == "(":
            inner = self.expr()
            self.expect(")")
            return inner
        if tok.text == "[":
            return ListLiteral(tok.pos, self._items("]"))
        raise ExpressionError(f"unexpected {tok.text!r}", tok.pos)

    def _items(self, close: str) -> list[Node]:
        """Comma-separated expressions up to `close` (already past the opening bracket)."""
        items: list[Node] = []
        if self.accept(close) is None:
            while True:
                items.append(self.expr())
                if self.accept(close) is not None:
                    break
                self.expect(",")
        return items

    def _call(self, tok: Token) -> Node:
        """A function call (`date('YYYY-MM-DD')` becomes a date literal)."""
        if tok.text not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function {tok.text!r} (known: {known})", tok.pos)
        self.advance()
        args = self._items(")")
        lo, hi = FUNCTIONS[tok.text]
        if not lo <= len(args) <= hi:
            raise ExpressionError(
                f"{tok.text}() takes {lo if lo == hi else f'{lo} to {hi}'} argument(s), got {len(args)}",
                tok.pos,
            )
        if tok.text == "date":
            arg = args[0]
            if not (isinstance(arg, Literal) and isinstance(arg.value, str)):
                raise ExpressionError("date() takes a 'YYYY-MM-DD' string literal", arg.pos)
            try:
                d = date.fromisoformat(arg.value)
            except ValueError:
                raise ExpressionError(f"invalid date {arg.value!r}", arg.pos) from None
            return DateLiteral(tok.pos, d.toordinal())
        return Call(tok.pos, tok.text, args)


def parse(text: str) -> Node:
    """Parse an expression into an (untyped) AST; raises `ExpressionError` with the offset."""
    return _Parser(text).parse()


# ---------------------------------------------------------------------------------------------
# Type checker


class Scope(Protocol):
    """What the type checker needs to know about names."""

    def fact_type(self, name: str) -> Type | None: ...

    def param_type(self, name: str) -> Type | None: ...

    def policy_exists(self, policy_id: str) -> bool: ...


def _same_comparable(a: Type, b: Type) -> bool:
    if a.kind == "enum" and b.kind == "enum":
        return a.name == b.name
    if {a.kind, b.kind} <= {"enum", "string"}:
        return True
    return a.kind == b.kind


def _check_enum_literal(enum_t: Type, other: Node) -> None:
    """An enum compared with a string literal: the literal must be an allowed value."""
    if isinstance(other, Literal) and isinstance(other.value, str):
        values = enum_t.enum_values or ()
        if other.value not in values:
            raise ExpressionError(
                f"{other.value!r} is not a value of {enum_t.name} (allowed: {', '.join(values)})",
                other.pos,
            )


def check(node: Node, scope: Scope) -> Type:
    """Type-check `node` in place (setting `.type` on every node) and return its type.

    Errors name the problem: unknown fact/parameter/policy, or a type mismatch such as comparing a
    date with a number.
    """
    t = _check(node, scope)
    node.type = t
    return t


def _expect(node: Node, scope: Scope, kinds: tuple[str, ...], what: str) -> Type:
    t = check(node, scope)
    if t.kind not in kinds:
        raise ExpressionError(f"{what} must be {' or '.join(kinds)}, not {t.describe()}", node.pos)
    return t


def _check(node: Node, scope: Scope) -> Type:
    rule = _CHECKS.get(type(node))
    if rule is None:  # pragma: no cover
        raise ExpressionError("unsupported expression", node.pos)
    return rule(node, scope)


def _check_literal(node: Literal, scope: Scope) -> Type:
    if isinstance(node.value, bool):
        return BOOL
    if isinstance(node.value, str):
        return STRING
    return NUMBER


def _check_date(node: Node, scope: Scope) -> Type:
    return DATE


def _check_fact(node: FactRef, scope: Scope) -> Type:
    t = scope.fact_type(node.name)
    if t is None:
        raise ExpressionError(f"unknown fact {node.name!r}", node.pos)
    return t


def _check_param(node: ParamRef, scope: Scope) -> Type:
    t = scope.param_type(node.name)
    if t is None:
        raise ExpressionError(f"unknown parameter {node.name!r}", node.pos)
    return t


def _check_policy(node: PolicyRef, scope: Scope) -> Type:
    if not scope.policy_exists(node.policy):
        raise ExpressionError(f"unknown policy {node.policy!r}", node.pos)
    return BOOL if node.attr == "eligible" else NUMBER


def _check_list(node: ListLiteral, scope: Scope) -> Type:
    if not node.items:
        raise ExpressionError("empty list", node.pos)
    first = check(node.items[0], scope)
    for item in node.items:
        if not isinstance(item, Literal | DateLiteral | ParamRef | Unary):
            raise ExpressionError("list items must be literals or parameters", item.pos)
        t = check(item, scope)
        if not _same_comparable(first, t):
            raise ExpressionError(f"list mixes {first.describe()} and {t.describe()}", item.pos)
    return Type("list", item=first)


def _check_unary(node: Unary, scope: Scope) -> Type:
    if node.op == "not":
        _expect(node.operand, scope, ("bool",), "the operand of 'not'")
        return BOOL
    _expect(node.operand, scope, ("number",), "the operand of unary '-'")
    return NUMBER


def _check_in(node: InList, scope: Scope) -> Type:
    left = check(node.operand, scope)
    if left.kind in ("list", "bool"):
        raise ExpressionError(f"'in' cannot test a {left.describe()}", node.operand.pos)
    lt = check(node.items, scope)
    assert lt.item is not None
    if not _same_comparable(left, lt.item):
        raise ExpressionError(f"cannot look for a {left.describe()} in a {lt.describe()}", node.pos)
    if left.kind == "enum":
        for item in node.items.items:
            _check_enum_literal(left, item)
    return BOOL


def _check_if(node: IfElse, scope: Scope) -> Type:
    _expect(node.cond, scope, ("bool",), "the condition of 'if'")
    a = check(node.then, scope)
    b = check(node.other, scope)
    if a.kind not in ("bool", "number", "date") or a.kind != b.kind:
        raise ExpressionError(
            f"'then' and 'else' must both be bool, number or date; got {a.describe()} and {b.describe()}",
            node.other.pos,
        )
    return a


def _check_call(node: Call, scope: Scope) -> Type:
    if node.func in ("min", "max"):
        first = _expect(node.args[0], scope, ("number", "date"), f"{node.func}() arguments")
        for arg in node.args[1:]:
            t = _expect(arg, scope, ("number", "date"), f"{node.func}() arguments")
            if t.kind != first.kind:
                raise ExpressionError(f"{node.func}() mixes {first.describe()} and {t.describe()}", arg.pos)
        return first
    for arg in node.args:
        _expect(arg, scope, ("date",), f"{node.func}() arguments")
    return NUMBER


def _check_binary(node: Binary, scope: Scope) -> Type:
    op = node.op
    if op in ("and", "or"):
        _expect(node.left, scope, ("bool",), f"the left side of '{op}'")
        _expect(node.right, scope, ("bool",), f"the right side of '{op}'")
        return BOOL
    lt = check(node.left, scope)
    rt = check(node.right, scope)
    if op in ("==", "!="):
        if not _same_comparable(lt, rt) or lt.kind == "list":
            raise ExpressionError(f"cannot compare {lt.describe()} with {rt.describe()}", node.pos)
        if lt.kind == "enum":
            _check_enum_literal(lt, node.right)
        if rt.kind == "enum":
            _check_enum_literal(rt, node.left)
        return BOOL
    if op in ("<", "<=", ">", ">="):
        if lt.kind not in ("number", "date") or lt.kind != rt.kind:
            raise ExpressionError(f"cannot order-compare {lt.describe()} with {rt.describe()}", node.pos)
        return BOOL
    return _arithmetic_type(node, lt, rt)


def _arithmetic_type(node: Binary, lt: Type, rt: Type) -> Type:
    op = node.op
    if op == "+" and {lt.kind, rt.kind} == {"date", "number"}:
        return DATE
    if op == "-" and lt.kind == "date" and rt.kind == "number":
        return DATE
    if op == "-" and lt.kind == "date" and rt.kind == "date":
        return NUMBER
    if lt.kind != "number" or rt.kind != "number":
        raise ExpressionError(f"cannot apply {op!r} to {lt.describe()} and {rt.describe()}", node.pos)
    return NUMBER


_CHECKS: dict[type[Node], Callable[[Any, Scope], Type]] = {
    Literal: _check_literal,
    DateLiteral: _check_date,
    Today: _check_date,
    FactRef: _check_fact,
    ParamRef: _check_param,
    PolicyRef: _check_policy,
    ListLiteral: _check_list,
    Unary: _check_unary,
    InList: _check_in,
    IfElse: _check_if,
    Call: _check_call,
    Binary: _check_binary,
}


def references(node: Node) -> tuple[set[str], set[str], set[str]]:
    """Names an expression reads directly: (facts, parameters, policy ids)."""
    facts: set[str] = set()
    params: set[str] = set()
    policies: set[str] = set()
    for n in walk(node):
        if isinstance(n, FactRef):
            facts.add(n.name)
        elif isinstance(n, ParamRef):
            params.add(n.name)
        elif isinstance(n, PolicyRef):
            policies.add(n.policy)
    return facts, params, policies


def first_policy_ref(node: Node, policy_id: str) -> PolicyRef | None:
    """The first reference to `policy_id` in `node` (for pointing cycle errors at it)."""
    for n in walk(node):
        if isinstance(n, PolicyRef) and n.policy == policy_id:
            return n
    return None


# A type alias used by evaluators to keep signatures short.
NodeVisitor = Callable[[Node], object]
