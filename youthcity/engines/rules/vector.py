"""Vectorized evaluator: every policy over a column table of persons, in NumPy.

Each expression node evaluates to a value column plus a *known* mask (None = all known, False =
all unknown), so a missing fact stays unknown exactly as in the scalar evaluator (Kleene logic).
Categorical facts are integer codes: enum membership is a `take` on a small lookup table, never a
per-element Python loop.  Identical subexpressions (say, `years_between(birth_date, today)` in
several policies) are computed once per call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from .expressions import (
    Binary,
    Call,
    DateLiteral,
    FactRef,
    IfElse,
    InList,
    Literal,
    Node,
    ParamRef,
    PolicyRef,
    Today,
    Unary,
    walk,
)
from .model import FactSpec, Policy, PopulationResult, fen_dtype, money_fen, unknown_fen, widen_fen
from .scalar import months_between

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ORDER_OPS = frozenset({"<", "<=", ">", ">="})
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
COMPARE_UFUNCS: dict[str, Any] = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


class PopulationTable(Mapping[str, np.ndarray]):
    """A column table: {fact: array}, optional `"<fact>.known"` boolean masks, and categories.

    Dates are day ordinals (`date.toordinal()`), enums are integer codes into the fact's declared
    values, and string facts (cities, districts) are integer codes into `categories[fact]`.
    """

    def __init__(
        self,
        columns: Mapping[str, np.ndarray],
        categories: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._columns = dict(columns)
        self.categories: dict[str, tuple[str, ...]] = dict(categories or {})
        lengths = {len(c) for c in self._columns.values()}
        if len(lengths) > 1:
            raise ValueError("all columns must have the same length")
        self.n = lengths.pop() if lengths else 0

    def __getitem__(self, key: str) -> np.ndarray:
        return self._columns[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def decode(self, name: str) -> np.ndarray:
        """A string column as text (for display and tests; not used in the hot path)."""
        col = self._columns[name]
        cats = self.categories.get(name)
        if cats is None:
            return col
        return np.asarray(cats, dtype=object).take(col)


class _V:
    """A column value with its known mask (None: all known; False: all unknown).

    `own` marks a scratch column nobody else holds: its reader may overwrite it (an `and` writes
    into one operand) or hand it back to the scratch pool once read.  A cached value is never
    owned, so a column several policies read is never overwritten.
    """

    __slots__ = ("v", "k", "cats", "own")

    def __init__(self, v: Any, k: Any = None, cats: tuple[str, ...] | None = None, own: bool = False) -> None:
        self.v = v
        self.k = k
        self.cats = cats
        self.own = own


def _is_col(x: Any) -> bool:
    return isinstance(x, np.ndarray) and x.ndim > 0


def _kand(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    if a is False or b is False:
        return False
    return a & b


def _norm_known(k: Any) -> Any:
    if k is None or k is False:
        return k
    if isinstance(k, np.ndarray) and k.ndim > 0:
        # An all-true mask (e.g. `0 == 0 or <unknown somewhere>`) is cheaper as None downstream.
        return None if k.all() else k
    return None if bool(k) else False


def _kval(k: Any) -> Any:
    """Known mask usable in arithmetic (np.bool_ scalars for all-known / all-unknown)."""
    if k is None:
        return np.True_
    if k is False:
        return np.False_
    return k


def _boolv(x: Any) -> Any:
    if isinstance(x, bool | np.bool_):
        return np.bool_(x)
    return x


class VectorPlan:
    """What an evaluation needs to know about a policy set beyond its trees, worked out once.

    `uses` counts how often each subexpression (by structural key) occurs across every policy,
    derived facts expanded: a subexpression that occurs once is a temporary whose column goes back
    to the scratch pool as soon as its parent has read it; any other is computed once per
    evaluation and kept.  `referenced` holds the (policy, attribute) pairs other policies read.
    """

    def __init__(self, policies: Mapping[str, Policy], facts: Mapping[str, FactSpec]) -> None:
        self.uses: dict[str, int] = {}
        self.referenced: set[tuple[str, str]] = set()
        # Every amount column's expression, and whether it reads only parameters (then its
        # width is known before any person is evaluated).
        self.amount_nodes: list[tuple[Node, bool]] = []
        for policy in policies.values():
            for cond in policy.conditions:
                self._count(cond.node, facts)
            if policy.amount is not None:
                for node in (policy.amount.node, policy.amount.max_node):
                    if node is not None:
                        self._count(node, facts)
                        per_person = any(isinstance(x, FactRef | PolicyRef) for x in walk(node))
                        self.amount_nodes.append((node, not per_person))

    def _count(self, root: Node, facts: Mapping[str, FactSpec]) -> None:
        # A subexpression met again is read from the cache, so its children are not counted again:
        # the count is how often the evaluator asks for the value, not how often it is written.
        stack = [root]
        while stack:
            node = stack.pop()
            key = node.key()
            seen = self.uses.get(key, 0)
            self.uses[key] = seen + 1
            if seen:
                continue
            if isinstance(node, PolicyRef):
                self.referenced.add((node.policy, node.attr))
            elif isinstance(node, FactRef):
                spec = facts.get(node.name)
                if spec is not None and spec.derived is not None:
                    stack.append(spec.derived)
            stack.extend(node.children())

    def shared(self, key: str) -> bool:
        """Whether the subexpression is read more than once (unknown keys count as shared)."""
        return self.uses.get(key, 2) > 1


class _Scratch:
    """Boolean work columns for one evaluation, cut from blocks and recycled.

    A fresh column costs its page faults on first write (about as much as the work itself at a
    million rows), so temporaries are handed back and reused rather than allocated per operation.
    """

    _BLOCK_ROWS = 8

    def __init__(self, n: int) -> None:
        self.n = n
        self._free: list[np.ndarray] = []

    def take(self) -> np.ndarray:
        if not self._free:
            self._free.extend(np.empty((self._BLOCK_ROWS, self.n), dtype=np.bool_))
        return self._free.pop()

    def give(self, value: _V) -> None:
        """Take back an owned column once its reader is done with it."""
        if value.own:
            value.own = False
            self._free.append(value.v)


class _Arena:
    """One allocation for every output column of an evaluation: statuses, then amounts.

    `widths` are the amount columns' item sizes (8 for an amount that varies by person, whose
    type is only known once computed: space never written is never touched, as the operating
    system maps pages on first write).  The block goes with the last result that views it.
    """

    _ALIGN = 64

    def __init__(self, n: int, statuses: int, widths: Sequence[int]) -> None:
        self.n = n
        head = statuses * n
        self._buf = np.empty(head + sum(w * n + self._ALIGN for w in widths) + self._ALIGN, dtype=np.uint8)
        self.status = self._buf[:head].view(np.int8).reshape(statuses, n)
        self._off = head

    def column(self, dtype: np.dtype[Any]) -> np.ndarray:
        size = self.n * dtype.itemsize
        start = -(-self._off // self._ALIGN) * self._ALIGN
        if start + size > self._buf.size:  # pragma: no cover - the arena is sized from the widths
            return np.empty(self.n, dtype=dtype)
        self._off = start + size
        return self._buf[start:start + size].view(dtype)


class _Evaluator:
    def __init__(
        self,
        facts: Mapping[str, FactSpec],
        table: Mapping[str, np.ndarray],
        n: int,
        params: Mapping[str, Any],
        today: int,
        plan: VectorPlan,
    ) -> None:
        self.facts = facts
        self.table = table
        self.n = n
        self.params = params
        self.today = today
        self.plan = plan
        self.scratch = _Scratch(n)
        self.arena = _Arena(n, 0, ())  # replaced by one sized for the policies before evaluating
        self.categories: Mapping[str, tuple[str, ...]] = getattr(table, "categories", {})
        self.cache: dict[str, _V] = {}
        # Per referenced policy: (eligible rows, known mask or None when every row is decided).
        self.policy_eligible: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        # Per policy whose amount another policy reads: its amount as those policies see it.
        self.policy_amount: dict[str, _V] = {}
        self.month_cache: dict[str, tuple[Any, Any]] = {}

    # -- leaves --------------------------------------------------------------------------------

    def _literal(self, node: Literal) -> _V:
        return _V(_boolv(node.value))

    def _date_literal(self, node: DateLiteral) -> _V:
        return _V(node.ordinal)

    def _today(self, node: Today) -> _V:
        return _V(self.today)

    def _fact_ref(self, node: FactRef) -> _V:
        return self.fact(node.name)

    def _param_ref(self, node: ParamRef) -> _V:
        return self.param(node.name)

    def fact(self, name: str) -> _V:
        spec = self.facts[name]
        if spec.derived is not None:
            given = self._given(name, spec)
            if given is None:  # no column: follows from its definition
                return self.eval(spec.derived)
            if given.k is None:
                return given
            # Given for some rows: the definition fills in the rest.
            d = self.eval(spec.derived)
            known = _kval(given.k)
            return _V(np.where(known, given.v, d.v), known | _kval(d.k))
        given = self._given(name, spec)
        return self._missing(spec) if given is None else given

    @staticmethod
    def _missing(spec: FactSpec) -> _V:
        zero: Any = np.False_ if spec.type == "bool" else 0
        return _V(zero, False, () if spec.type == "string" else None)

    def _given(self, name: str, spec: FactSpec) -> _V | None:
        """The table's column for `name` (None when the table has none)."""
        if name not in self.table:
            return None
        col = self.table[name]
        if spec.type == "bool" and col.dtype != np.bool_:
            col = col.astype(np.bool_)
        mask = self.table.get(f"{name}.known")
        known: Any = None
        if mask is not None:
            known = mask if mask.dtype == np.bool_ else mask.astype(np.bool_)
        cats = None
        if spec.type == "string" and col.dtype.kind in "iu":
            cats = self.categories.get(name)
            if cats is None:
                raise ValueError(f"string fact {name!r} is coded but the table has no categories")
        return _V(col, known, cats)

    def param(self, name: str) -> _V:
        value = self.params.get(name)
        if value is None:
            return _V(0, False)
        if isinstance(value, bool):
            return _V(np.bool_(value))
        if isinstance(value, date):
            return _V(value.toordinal())
        return _V(value)

    # -- evaluation ----------------------------------------------------------------------------

    def eval(self, node: Node) -> _V:
        key = node.key()
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        out: _V = _DISPATCH[type(node)](self, node)
        out.k = _norm_known(out.k)
        if self.plan.shared(key):
            out.own = False
            self.cache[key] = out
        return out

    def _bool_op(self, ufunc: Any, a: _V, b: _V) -> _V:
        """`ufunc(a, b)` as a boolean value, written into an owned operand or a scratch column."""
        a_col, b_col = _is_col(a.v), _is_col(b.v)
        if not (a_col or b_col):
            return _V(_boolv(ufunc(a.v, b.v)))
        if a.own:
            out, spare = a, b
        elif b.own:
            out, spare = b, a
        else:
            out, spare = _V(self.scratch.take(), own=True), None
        ufunc(a.v, b.v, out=out.v)
        if spare is not None:
            self.scratch.give(spare)
        return _V(out.v, own=True)

    def _policy_ref(self, node: PolicyRef) -> _V:
        if node.attr == "eligible":
            eligible, decided = self.policy_eligible[node.policy]
            return _V(eligible, decided)
        return self.policy_amount[node.policy]

    def _unary(self, node: Unary) -> _V:
        a = self.eval(node.operand)
        if node.op == "not":
            if not _is_col(a.v):
                return _V(np.logical_not(a.v), a.k)
            out = a.v if a.own else self.scratch.take()
            np.logical_not(a.v, out=out)
            return _V(out, a.k, own=True)
        return _V(-a.v, a.k)

    def _if_else(self, node: IfElse) -> _V:
        c = self.eval(node.cond)
        a = self.eval(node.then)
        b = self.eval(node.other)
        value = np.where(c.v, a.v, b.v)
        if c.k is None and a.k is None and b.k is None:
            return _V(value)
        kc, ka, kb = _kval(c.k), _kval(a.k), _kval(b.k)
        known = np.where(kc, np.where(c.v, ka, kb), ka & kb & (a.v == b.v))
        return _V(value, known)

    def _between_threshold(self, node: Binary) -> _V | None:
        """`months_between(col, fixed) <op> k` (or years, either side) as a cut on the date column.

        Months from a date to a fixed day never increase as the date gets later (and months from
        a fixed day to a date never decrease), so comparing them with a constant is true on one
        side of a cut-off day.  We find that day by bisection over all day ordinals with the
        scalar evaluator's own `months_between`, then compare the raw column once: the same
        answer as computing a month count per row, without touching the column to do it.
        """
        call, other, op = self._definition(node.left), self._definition(node.right), node.op
        if not isinstance(call, Call):
            call, other = other, call
            op = _MIRROR[op]
        if not isinstance(call, Call) or call.func not in ("months_between", "years_between"):
            return None
        k = self.eval(other)
        x = self.eval(call.args[0])
        y = self.eval(call.args[1])
        x_col, y_col = _is_col(x.v), _is_col(y.v)
        if x_col == y_col or _is_col(k.v) or k.k is False:
            return None
        fixed = int(y.v if x_col else x.v)
        if fixed < 1:  # an unknown scalar placeholder
            return None
        col: np.ndarray = x.v if x_col else y.v
        known = _norm_known(_kand(_kand(x.k, y.k), k.k))
        side, day = date_cut(call.func, fixed, x_col, op, k.v)
        # Rows holding a placeholder (not a day ordinal) are unknown, so their value does not matter.
        if side in ("all", "none"):
            return _V(np.bool_(side == "all"), known)
        out = self.scratch.take()
        (np.greater_equal if side == ">=" else np.less_equal)(col, day, out=out)
        return _V(out, known, own=True)

    def _definition(self, node: Node) -> Node:
        """A derived fact the table does not hold, as its definition (so `age <= 35` takes the
        date-window shortcut of `years_between(birth_date, today) <= 35`); any other node as is."""
        if isinstance(node, FactRef) and node.name not in self.table:
            derived = self.facts[node.name].derived
            if derived is not None:
                return derived
        return node

    def _binary(self, node: Binary) -> _V:
        op = node.op
        if op in _ORDER_OPS:
            fast = self._between_threshold(node)
            if fast is not None:
                return fast
        a = self.eval(node.left)
        b = self.eval(node.right)
        if op in ("and", "or"):
            return self._logic(op, a, b)
        known = _kand(a.k, b.k)
        if op in ("==", "!="):
            lt, rt = node.left.type, node.right.type
            ufunc = np.equal if op == "==" else np.not_equal
            if lt.kind in ("enum", "string") or rt.kind in ("enum", "string"):
                out = self._text_equal(node.left, a, node.right, b, ufunc)
            else:
                out = self._bool_op(ufunc, a, b)
            out.k = known
            return out
        if op in _ORDER_OPS:
            out = self._bool_op(COMPARE_UFUNCS[op], a, b)
            out.k = known
            return out
        if op == "+":
            return _V(a.v + b.v, known)
        if op == "-":
            return _V(a.v - b.v, known)
        if op == "*":
            return _V(a.v * b.v, known)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _V(np.true_divide(a.v, b.v), known)

    def _logic(self, op: str, a: _V, b: _V) -> _V:
        """Kleene `and` / `or`."""
        # A known constant side settles the node or leaves the other side as it is
        # (`false and x` is a known false, `true and x` is x; dually for `or`).
        for const, other in ((a, b), (b, a)):
            if const.k is None and not _is_col(const.v):
                if bool(const.v) == (op == "or"):
                    self.scratch.give(other)
                    return _V(np.bool_(op == "or"))
                passed = _V(other.v, other.k, other.cats, other.own)
                other.own = False
                return passed
        known: Any = None
        if a.k is not None or b.k is not None:
            # Before the value: an owned operand's column may be overwritten with it.
            ka, kb = _kval(a.k), _kval(b.k)
            if op == "and":  # known when both are known, or either side is a known false
                known = (ka & kb) | (ka & ~a.v) | (kb & ~b.v)
            else:
                known = (ka & kb) | (ka & a.v) | (kb & b.v)
        out = self._bool_op(np.logical_and if op == "and" else np.logical_or, a, b)
        out.k = known
        return out

    @staticmethod
    def _codes_for(node: Node, value: _V) -> tuple[Any, tuple[str, ...] | None]:
        """An enum/string operand as (codes or text, categories); categories None for text."""
        if node.type.kind == "enum":
            return value.v, node.type.enum_values
        return value.v, value.cats

    def _text_equal(self, ln: Node, a: _V, rn: Node, b: _V, ufunc: Any) -> _V:
        """(In)equality of enum/string operands, comparing integer codes whenever possible."""
        av, acats = self._codes_for(ln, a)
        bv, bcats = self._codes_for(rn, b)
        a_text = isinstance(av, str)
        b_text = isinstance(bv, str)
        if acats is not None and b_text:
            return self._bool_op(ufunc, _V(av), _V(_code(acats, bv)))
        if bcats is not None and a_text:
            return self._bool_op(ufunc, _V(bv), _V(_code(bcats, av)))
        if acats is not None and bcats is not None and acats == bcats:
            return self._bool_op(ufunc, _V(av), _V(bv))
        if acats is not None:
            av = _decode(av, acats)
        if bcats is not None:
            bv = _decode(bv, bcats)
        equal = np.asarray(av == bv) if not (a_text and b_text) else av == bv
        return _V(_boolv(equal if ufunc is np.equal else np.logical_not(equal)))

    def _in(self, node: InList) -> _V:
        a = self.eval(node.operand)
        items = [self.eval(i) for i in node.items.items]
        known = a.k
        for it in items:
            known = _kand(known, it.k)
        kind = node.operand.type.kind
        cats: tuple[str, ...] | None = None
        if kind == "enum":
            cats = node.operand.type.enum_values
        elif kind == "string":
            cats = a.cats
        if cats is not None and not isinstance(a.v, str):
            out = self._in_codes(a, cats, items)
        elif kind in ("enum", "string"):
            out = _V(_boolv(np.isin(a.v, [str(it.v) for it in items])))
        else:
            value: Any = np.False_
            for it in items:
                value = value | (a.v == it.v)
            out = _V(_boolv(value))
        if node.negated:
            out = self._unary_not(out)
        out.k = known
        return out

    def _unary_not(self, a: _V) -> _V:
        if not _is_col(a.v):
            return _V(np.logical_not(a.v))
        out = a.v if a.own else self.scratch.take()
        np.logical_not(a.v, out=out)
        return _V(out, own=True)

    def _in_codes(self, a: _V, cats: tuple[str, ...], items: list[_V]) -> _V:
        """Membership of coded values: a range test when the codes are contiguous, else a lookup."""
        codes = sorted({c for it in items if isinstance(it.v, str) and (c := _code(cats, it.v)) >= 0})
        if _is_col(a.v) and codes and codes[-1] - codes[0] == len(codes) - 1:
            # Contiguous codes (e.g. associate..doctorate): two one-byte comparisons are cheaper
            # than a gather, which widens the index column to intp first.
            lo, hi = codes[0], codes[-1]
            if lo == hi:
                return self._bool_op(np.equal, _V(a.v), _V(lo))
            lower = self._bool_op(np.greater_equal, _V(a.v), _V(lo))
            upper = self._bool_op(np.less_equal, _V(a.v), _V(hi))
            return self._bool_op(np.logical_and, lower, upper)
        lut = np.zeros(len(cats) + 1, dtype=np.bool_)
        lut[codes] = True
        if not _is_col(a.v):
            return _V(lut[int(a.v)])
        out_col = self.scratch.take()
        np.take(lut, a.v, mode="clip", out=out_col)
        return _V(out_col, own=True)

    def _month_day(self, node: Node) -> tuple[Any, Any]:
        key = node.key()
        hit = self.month_cache.get(key)
        if hit is not None:
            return hit
        v = self.eval(node).v
        if _is_col(v):
            days = (v.astype(np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]")
            months = days.astype("datetime64[M]")
            mi = months.astype(np.int64) + 1970 * 12
            day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
            out: tuple[Any, Any] = (mi, day)
        else:
            ordinal = int(v)
            if ordinal < 1:  # an unknown scalar placeholder
                out = (0, 1)
            else:
                d = date.fromordinal(ordinal)
                out = (d.year * 12 + d.month - 1, d.day)
        self.month_cache[key] = out
        return out

    def _call(self, node: Call) -> _V:
        args = [self.eval(a) for a in node.args]
        known: Any = None
        for a in args:
            known = _kand(known, a.k)
        if node.func in ("min", "max"):
            fn = np.minimum if node.func == "min" else np.maximum
            value = args[0].v
            for a in args[1:]:
                value = fn(value, a.v)
            return _V(value, known)
        if node.func == "days_between":
            return _V(args[1].v - args[0].v, known)
        lut_result = self._between_by_lookup(node.func, args[0], args[1])
        if lut_result is not None:
            return _V(lut_result, known)
        ma, da = self._month_day(node.args[0])
        mb, db = self._month_day(node.args[1])
        months = (mb - ma) - (db < da)
        if node.func == "years_between":
            return _V(np.floor_divide(months, 12), known)
        return _V(months, known)

    def _between_by_lookup(self, func: str, a: _V, b: _V) -> Any:
        """months/years between a date column and a fixed date, through a small lookup table.

        A population's dates span a few thousand distinct days, so computing the answer once per
        distinct day and gathering it with `take` beats converting a million dates to calendar
        fields.  Returns None when the shortcut does not apply (two columns, or a huge span).
        """
        a_col, b_col = _is_col(a.v), _is_col(b.v)
        if a_col == b_col:
            return None
        col: np.ndarray = a.v if a_col else b.v
        known = a.k if a_col else b.k
        if col.size == 0:
            return None
        lo = int(col.min())
        if lo < 1:  # unknown rows hold a 0 placeholder; find the real lower bound
            real = col[col >= 1] if known is None or known is False else col[known]
            if real.size == 0:
                return np.zeros(col.shape, dtype=np.int64)
            lo = int(real.min())
        hi = int(col.max())
        if hi - lo > 400_000:
            return None
        days = np.arange(lo, hi + 1, dtype=np.int64)
        dt = (days - _EPOCH_ORDINAL).astype("datetime64[D]")
        months = dt.astype("datetime64[M]")
        mi = months.astype(np.int64) + 1970 * 12
        day = (dt - months.astype("datetime64[D]")).astype(np.int64) + 1
        fixed = int(b.v if a_col else a.v)
        if fixed < 1:
            fm, fd = 0, 1
        else:
            fdate = date.fromordinal(fixed)
            fm, fd = fdate.year * 12 + fdate.month - 1, fdate.day
        if a_col:
            lut = (fm - mi) - (fd < day)
        else:
            lut = (mi - fm) - (day < fd)
        if func == "years_between":
            lut = np.floor_divide(lut, 12)
        lut = lut.astype(np.int32)
        return lut.take(col - lo, mode="clip")

    # -- policies ------------------------------------------------------------------------------

    def policy(self, policy: Policy, on: date, status: np.ndarray) -> PopulationResult:
        """Evaluate one policy into its `status` row, then its amount columns (in one pass each)."""
        ok = status.view(np.bool_)
        if policy.in_force(on):
            unknown = self._conditions(policy, on, ok)
        else:
            ok.fill(False)
            unknown = None
        undecided: np.ndarray | None = None
        if unknown is not None:
            if unknown is np.True_:
                undecided = ok.copy()
            else:
                np.logical_and(unknown, ok, out=unknown)
                undecided = unknown
            if not undecided.any():
                undecided = None
        amounts = self._amount_columns(policy, ok, undecided)
        if undecided is not None:
            # 1 -> -1 where a passing row still has an unknown condition (undecided within ok).
            np.subtract(status, undecided.view(np.int8), out=status)
            np.subtract(status, undecided.view(np.int8), out=status)
        self._remember(policy, status, ok, undecided)
        if amounts is None:
            return PopulationResult(status)
        fen, each, fen_max, each_max = amounts
        return PopulationResult(status, fen, fen_max, amount_each=each, amount_max_each=each_max)

    def _conditions(self, policy: Policy, on: date, ok: np.ndarray) -> Any:
        """Write into `ok` where no condition is definitely false; return where some condition is
        unknown (None: nowhere; np.True_: everywhere; else a column of ours)."""
        unknown: Any = None
        pending: _V | None = None  # the first column term, ANDed with the second into `ok`
        started = False
        for cond in policy.conditions:
            r = self.eval(cond.node)
            if r.k is False:  # unknown everywhere: decides nothing, leaves every row open
                unknown = np.True_
                self.scratch.give(r)
                continue
            term, unknown = self._term(r, unknown)
            if not _is_col(term.v):
                if not bool(term.v):  # definitely false for everyone
                    if pending is not None:
                        self.scratch.give(pending)
                    ok.fill(False)
                    return None
                continue
            if started:
                np.logical_and(ok, term.v, out=ok)
            elif pending is None:
                pending = term
                continue
            else:
                np.logical_and(pending.v, term.v, out=ok)
                self.scratch.give(pending)
                pending, started = None, True
            self.scratch.give(term)
        if not started:
            if pending is None:
                ok.fill(True)
            else:
                np.copyto(ok, pending.v)
                self.scratch.give(pending)
        return unknown

    def _term(self, r: _V, unknown: Any) -> tuple[_V, Any]:
        """A condition as "not definitely false" (value or unknown), and the unknown rows so far."""
        if r.k is None:
            return r, unknown
        not_known = np.logical_not(r.k)
        if r.own:
            np.logical_or(r.v, not_known, out=r.v)
            term = r
        elif _is_col(r.v) or _is_col(not_known):
            out = self.scratch.take()
            np.logical_or(r.v, not_known, out=out)
            term = _V(out, own=True)
        else:
            term = _V(np.logical_or(r.v, not_known))
        if unknown is None:
            unknown = not_known
        elif unknown is not np.True_:
            np.logical_or(unknown, not_known, out=unknown)
        return term, unknown

    def _remember(self, policy: Policy, status: np.ndarray, ok: np.ndarray, undecided: np.ndarray | None) -> None:
        """Keep what later policies read of this one (only when some policy reads it)."""
        pid = policy.id
        referenced = self.plan.referenced
        if (pid, "eligible") not in referenced and (pid, "amount") not in referenced:
            return
        if undecided is None:
            eligible, decided = ok, None
        else:
            eligible, decided = np.greater(status, 0), ~undecided
        self.policy_eligible[pid] = (eligible, decided)
        if (pid, "amount") in referenced:
            self.policy_amount[pid] = self._amount_as_read(policy, eligible, decided)

    def _amount_as_read(self, policy: Policy, eligible: np.ndarray, decided: np.ndarray | None) -> _V:
        """A policy's amount as another policy reads it: 0 where not eligible, the amount where
        eligible, unknown where undecided or the amount is open (not rounded to the fen, as in
        the scalar evaluator)."""
        node = policy.amount.node if policy.amount is not None else None
        if node is None:
            return _V(np.zeros(self.n), decided)
        r = self.eval(node)
        if not _is_col(r.v) and not _is_col(r.k):
            value = math.nan if r.k is False else float(r.v)
            if math.isnan(value):  # open: known (as 0) only where decided not eligible
                return _V(np.zeros(self.n), ~eligible if decided is None else decided & ~eligible)
            return _V(np.where(eligible, value, 0.0), decided)
        column: np.ndarray = np.where(eligible, r.v, 0.0).astype(np.float64, copy=False)
        if r.k is not None:
            column[eligible & ~_kval(r.k)] = np.nan
        if decided is not None:
            column[~decided] = np.nan
        known = ~np.isnan(column)
        return _V(np.where(known, column, 0.0), known)

    def _amount_columns(
        self, policy: Policy, ok: np.ndarray, undecided: np.ndarray | None
    ) -> tuple[np.ndarray, float | None, np.ndarray | None, float | None] | None:
        spec = policy.amount
        if spec is None:
            return None
        fen, each = self._fen_column(spec.node, ok, undecided)
        if spec.max_node is None:
            return fen, each, None, None
        fen_max, each_max = self._fen_column(spec.max_node, ok, undecided)
        return fen, each, fen_max, each_max

    def amount_width(self, node: Node, constant: bool) -> int:
        """Bytes per person of an amount column (8 when it varies by person: not known yet)."""
        if not constant:
            return 8
        r = self.eval(node)
        fen = None if r.k is False or _is_col(r.v) else money_fen(float(r.v))
        return 1 if fen is None else fen_dtype(min(0, fen), max(0, fen)).itemsize

    def _fen_column(self, node: Node, ok: np.ndarray, undecided: np.ndarray | None) -> tuple[np.ndarray, float | None]:
        """The amount per person in fen, written once: 0 where not eligible, the amount where
        eligible, the unknown marker where undecided or open.  Also the amount when it is one
        number for everyone (NaN when open), else None."""
        r = self.eval(node)
        if _is_col(r.v) or _is_col(r.k):
            return self._varying_fen(r, ok, undecided), None
        value = math.nan if r.k is False else float(r.v)
        fen = None if r.k is False else money_fen(value)
        if fen is None:  # open for every eligible person
            col = self.arena.column(np.dtype(np.int8))
            np.multiply(ok, np.int8(unknown_fen(col.dtype)), out=col)
            return col, math.nan
        col = self.arena.column(fen_dtype(min(0, fen), max(0, fen)))
        np.multiply(ok, col.dtype.type(fen), out=col)
        if undecided is not None:
            np.copyto(col, unknown_fen(col.dtype), where=undecided)
        return col, fen / 100

    def _varying_fen(self, r: _V, ok: np.ndarray, undecided: np.ndarray | None) -> np.ndarray:
        """An amount that varies by person (rounded half to even at the fen)."""
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = np.rint(np.broadcast_to(np.asarray(r.v, dtype=np.float64), (self.n,)) * 100.0)
            valid = np.isfinite(scaled) & (np.abs(scaled) < 2.0**62) & _kval(r.k)
        good = ok & valid
        bad = ok & ~valid
        if undecided is not None:
            good &= ~undecided
            bad |= undecided
        fen = np.where(good, scaled, 0.0).astype(np.int64)
        low = min(0, int(fen.min())) if fen.size else 0
        high = max(0, int(fen.max())) if fen.size else 0
        col = self.arena.column(fen_dtype(low, high))
        np.copyto(col, fen, casting="unsafe")
        col[bad] = unknown_fen(col.dtype)
        return col


# Node type -> evaluator method (a class-level table: a per-instance one of bound methods would be a
# reference cycle, keeping every evaluation's scratch columns alive until the garbage collector ran).
_DISPATCH: dict[type[Node], Callable[[_Evaluator, Any], _V]] = {
    Literal: _Evaluator._literal,
    DateLiteral: _Evaluator._date_literal,
    Today: _Evaluator._today,
    FactRef: _Evaluator._fact_ref,
    ParamRef: _Evaluator._param_ref,
    PolicyRef: _Evaluator._policy_ref,
    Unary: _Evaluator._unary,
    Binary: _Evaluator._binary,
    InList: _Evaluator._in,
    IfElse: _Evaluator._if_else,
    Call: _Evaluator._call,
}


def _code(cats: tuple[str, ...], value: str) -> int:
    try:
        return cats.index(value)
    except ValueError:
        return -2  # never equal to a real code, and distinct from unknown placeholders


def _decode(codes: Any, cats: tuple[str, ...]) -> Any:
    arr = np.asarray(cats, dtype=object)
    if isinstance(codes, np.ndarray):
        return arr.take(codes, mode="clip")
    return arr[int(codes)] if 0 <= int(codes) < len(cats) else ""


MAX_ORDINAL = date.max.toordinal()


def _between_scalar(func: str, fixed: int, col_first: bool, day: int) -> int:
    """months/years_between with the column's day `day` in its place, exactly as the scalar evaluator."""
    months = months_between(day, fixed) if col_first else months_between(fixed, day)
    return months if func == "months_between" else months // 12


@lru_cache(maxsize=4096)
def date_cut(func: str, fixed: int, col_first: bool, op: str, k: Any) -> tuple[str, int]:
    """Where `func(col, fixed) <op> k` (or `func(fixed, col)`) holds, as a half-line of days.

    Returns ("all", 0), ("none", 0), (">=", d) (true from day d on) or ("<=", d) (true up to d).
    The month count is monotone in the column's day, so its comparison with a constant switches
    at most once; about 22 scalar evaluations find the switch (cached: the same rules on the
    same day ask the same question on every evaluation).
    """
    compare = COMPARE_UFUNCS[op]

    def truth(day: int) -> bool:
        return bool(compare(_between_scalar(func, fixed, col_first, day), k))

    lo, hi = 1, MAX_ORDINAL
    t_lo, t_hi = truth(lo), truth(hi)
    if t_lo == t_hi:  # monotone, so constant over all days
        return ("all", 0) if t_lo else ("none", 0)
    # Bisect for the last day whose truth equals t_lo.
    a, b = lo, hi  # truth(a) == t_lo, truth(b) == t_hi
    while b - a > 1:
        mid = (a + b) // 2
        if truth(mid) == t_lo:
            a = mid
        else:
            b = mid
    return ("<=", a) if t_lo else (">=", b)


# Measured on 1M rows: whole-column evaluation beats blocks of 32k–256k rows (per-block Python
# overhead outweighs cache gains), so blocks are only a way to bound peak memory on huge tables.


def evaluate_table(
    policies: Mapping[str, Policy],
    facts: Mapping[str, FactSpec],
    table: Mapping[str, np.ndarray],
    params: Mapping[str, Any],
    on: date,
    chunk_rows: int | None = None,
    plan: VectorPlan | None = None,
) -> dict[str, PopulationResult]:
    """Evaluate every policy (in dependency order) over `table` (in blocks if `chunk_rows`).

    `plan` is the policies' `VectorPlan` (a `PolicySet` keeps one; built here when not given).
    """
    n = getattr(table, "n", None)
    if n is None:
        n = len(next(iter(table.values()))) if table else 0
    n = int(n)
    if plan is None:
        plan = VectorPlan(policies, facts)
    with np.errstate(invalid="ignore"):
        if chunk_rows is None or n <= chunk_rows:
            return _evaluate_block(policies, facts, table, n, params, on, plan)
        parts: dict[str, list[PopulationResult]] = {pid: [] for pid in policies}
        categories = getattr(table, "categories", {})
        for start in range(0, n, chunk_rows):
            stop = min(n, start + chunk_rows)
            block = PopulationTable({k: v[start:stop] for k, v in table.items()}, categories)
            for pid, result in _evaluate_block(policies, facts, block, stop - start, params, on, plan).items():
                parts[pid].append(result)
        return {pid: _join(blocks) for pid, blocks in parts.items()}


def _evaluate_block(
    policies: Mapping[str, Policy],
    facts: Mapping[str, FactSpec],
    table: Mapping[str, np.ndarray],
    n: int,
    params: Mapping[str, Any],
    on: date,
    plan: VectorPlan,
) -> dict[str, PopulationResult]:
    ev = _Evaluator(facts, table, n, params, on.toordinal(), plan)
    ev.arena = _Arena(n, len(policies), [ev.amount_width(node, constant) for node, constant in plan.amount_nodes])
    return {pid: ev.policy(p, on, ev.arena.status[i]) for i, (pid, p) in enumerate(policies.items())}


def _same(values: Sequence[float | None]) -> float | None:
    """The common value of per-block hints, or None when they differ (or one is None)."""
    first = values[0]
    if first is None:
        return None
    for v in values:
        if v is None or not (v == first or (math.isnan(v) and math.isnan(first))):
            return None
    return first


def _join_fen(columns: Sequence[np.ndarray]) -> np.ndarray:
    dtype = np.result_type(*columns)
    return np.concatenate([widen_fen(c, dtype) for c in columns])


def _join(blocks: Sequence[PopulationResult]) -> PopulationResult:
    """One result from the results of consecutive blocks of rows."""
    status = np.concatenate([b.status for b in blocks])
    first = blocks[0]
    if first.amount_fen is None:
        return PopulationResult(status)
    fen = _join_fen([b.amount_fen for b in blocks if b.amount_fen is not None])
    fen_max = None
    if first.amount_max_fen is not first.amount_fen:
        fen_max = _join_fen([b.amount_max_fen for b in blocks if b.amount_max_fen is not None])
    each = _same([b.amount_each for b in blocks])
    each_max = _same([b.amount_max_each for b in blocks]) if fen_max is not None else None
    return PopulationResult(status, fen, fen_max, amount_each=each, amount_max_each=each_max)


def table_from_records(
    facts: Mapping[str, FactSpec], records: Sequence[Mapping[str, Any]]
) -> PopulationTable:
    """Build a column table from validated fact dicts (e.g. to screen a batch of applicants).

    Missing facts get a `"<fact>.known"` mask; string facts are dictionary-encoded.  This loops in
    Python over records, so it is for batches of requests, not for building a million rows.
    """
    n = len(records)
    columns: dict[str, np.ndarray] = {}
    categories: dict[str, tuple[str, ...]] = {}
    for name, spec in facts.items():
        present = [name in r and r[name] is not None for r in records]
        if not any(present):
            continue
        known = np.array(present, dtype=np.bool_)
        if spec.type == "date":
            col = np.array([r[name].toordinal() if ok else 0 for r, ok in zip(records, present, strict=True)], dtype=np.int64)
        elif spec.type == "enum":
            col = np.array([spec.code_of(r[name]) if ok else 0 for r, ok in zip(records, present, strict=True)], dtype=np.int16)
        elif spec.type == "string":
            cats = tuple(sorted({str(r[name]) for r, ok in zip(records, present, strict=True) if ok}))
            index = {c: i for i, c in enumerate(cats)}
            col = np.array([index[str(r[name])] if ok else 0 for r, ok in zip(records, present, strict=True)], dtype=np.int16)
            categories[name] = cats
        elif spec.type == "bool":
            col = np.array([bool(r[name]) if ok else False for r, ok in zip(records, present, strict=True)], dtype=np.bool_)
        else:
            dtype = np.int64 if spec.type == "int" else np.float64
            col = np.array([r[name] if ok else 0 for r, ok in zip(records, present, strict=True)], dtype=dtype)
        columns[name] = col
        if not known.all():
            columns[f"{name}.known"] = known
    if not columns:
        columns["__rows__"] = np.zeros(n, dtype=np.int8)
    return PopulationTable(columns, categories)
