"""Vectorized evaluator: every policy over a column table of persons, in NumPy.

Each expression node evaluates to a value column plus a *known* mask (None = all known, False =
all unknown), so a missing fact stays unknown exactly as in the scalar evaluator (Kleene logic).
Categorical facts are integer codes: enum membership is a `take` on a small lookup table, never a
per-element Python loop.  Identical subexpressions (say, `years_between(birth_date, today)` in
several policies) are computed once per call.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
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
)
from .model import FactSpec, Policy, PopulationResult
from .scalar import months_between

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ORDER_OPS = frozenset({"<", "<=", ">", ">="})
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_COMPARE_UFUNCS: dict[str, Any] = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


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
    """A column value with its known mask (None: all known; False: all unknown)."""

    __slots__ = ("v", "k", "cats")

    def __init__(self, v: Any, k: Any = None, cats: tuple[str, ...] | None = None) -> None:
        self.v = v
        self.k = k
        self.cats = cats


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


class _Evaluator:
    def __init__(
        self,
        facts: Mapping[str, FactSpec],
        table: Mapping[str, np.ndarray],
        n: int,
        params: Mapping[str, Any],
        today: int,
    ) -> None:
        self.facts = facts
        self.table = table
        self.n = n
        self.params = params
        self.today = today
        self.categories: Mapping[str, tuple[str, ...]] = getattr(table, "categories", {})
        self.cache: dict[str, _V] = {}
        # Per policy: (eligible rows, known mask or None when every row is decided).
        self.policy_eligible: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        # Per policy: the amount column, or one number when every eligible person gets the same.
        self.policy_amount: dict[str, np.ndarray | float] = {}
        self.month_cache: dict[str, tuple[Any, Any]] = {}

    # -- leaves --------------------------------------------------------------------------------

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
        out = self._eval(node)
        out.k = _norm_known(out.k)
        self.cache[key] = out
        return out

    def _eval(self, node: Node) -> _V:
        if isinstance(node, Literal):
            return _V(_boolv(node.value))
        if isinstance(node, DateLiteral):
            return _V(node.ordinal)
        if isinstance(node, Today):
            return _V(self.today)
        if isinstance(node, FactRef):
            return self.fact(node.name)
        if isinstance(node, ParamRef):
            return self.param(node.name)
        if isinstance(node, PolicyRef):
            if node.attr == "eligible":
                eligible, decided = self.policy_eligible[node.policy]
                return _V(eligible, decided)
            amount = self.policy_amount[node.policy]
            if isinstance(amount, float):
                eligible, decided = self.policy_eligible[node.policy]
                if math.isnan(amount):  # open: known (as 0) only where decided not eligible
                    return _V(np.zeros(self.n), ~eligible if decided is None else decided & ~eligible)
                return _V(eligible * amount, decided)
            known = ~np.isnan(amount)
            return _V(np.where(known, amount, 0.0), known)
        if isinstance(node, Unary):
            a = self.eval(node.operand)
            if node.op == "not":
                return _V(~a.v, a.k)
            return _V(-a.v, a.k)
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, InList):
            return self._in(node)
        if isinstance(node, IfElse):
            c = self.eval(node.cond)
            a = self.eval(node.then)
            b = self.eval(node.other)
            value = np.where(c.v, a.v, b.v)
            if c.k is None and a.k is None and b.k is None:
                return _V(value)
            kc, ka, kb = _kval(c.k), _kval(a.k), _kval(b.k)
            known = np.where(kc, np.where(c.v, ka, kb), ka & kb & (a.v == b.v))
            return _V(value, known)
        if isinstance(node, Call):
            return self._call(node)
        raise TypeError(f"cannot evaluate {type(node).__name__}")  # pragma: no cover

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
        x_col = isinstance(x.v, np.ndarray) and x.v.ndim > 0
        y_col = isinstance(y.v, np.ndarray) and y.v.ndim > 0
        if x_col == y_col or (isinstance(k.v, np.ndarray) and k.v.ndim > 0) or k.k is False:
            return None
        fixed = int(y.v if x_col else x.v)
        if fixed < 1:  # an unknown scalar placeholder
            return None
        col: np.ndarray = x.v if x_col else y.v
        known = _kand(_kand(x.k, y.k), k.k)
        side, day = _date_cut(call.func, fixed, x_col, op, k.v)
        # Rows holding a placeholder (not a day ordinal) are unknown, so their value does not matter.
        value: Any
        if side == "all":
            value = np.True_
        elif side == "none":
            value = np.False_
        elif side == ">=":
            value = col >= day
        else:
            value = col <= day
        return _V(_boolv(value), known)

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
                fast.k = _norm_known(fast.k)
                return fast
        a = self.eval(node.left)
        b = self.eval(node.right)
        if op in ("and", "or"):
            # A known constant side settles the node or leaves the other side as it is
            # (`false and x` is a known false, `true and x` is x; dually for `or`).
            for const, other in ((a, b), (b, a)):
                if const.k is None and not (isinstance(const.v, np.ndarray) and const.v.ndim > 0):
                    if bool(const.v) == (op == "or"):
                        return _V(np.bool_(op == "or"))
                    return _V(other.v, other.k)
            if op == "and":
                value = a.v & b.v
            else:
                value = a.v | b.v
            if a.k is None and b.k is None:
                return _V(value)
            ka, kb = _kval(a.k), _kval(b.k)
            if op == "and":
                # Known when both are known, or either side is a known False.
                known = (ka & kb) | (ka & ~a.v) | (kb & ~b.v)
            else:
                known = (ka & kb) | (ka & a.v) | (kb & b.v)
            return _V(value, known)
        known = _kand(a.k, b.k)
        if op in ("==", "!="):
            lt, rt = node.left.type, node.right.type
            if lt.kind in ("enum", "string") or rt.kind in ("enum", "string"):
                eq = _boolv(self._text_equal(node.left, a, node.right, b))
            else:
                eq = _boolv(a.v == b.v)
            return _V(eq if op == "==" else ~eq, known)
        if op == "<":
            return _V(_boolv(a.v < b.v), known)
        if op == "<=":
            return _V(_boolv(a.v <= b.v), known)
        if op == ">":
            return _V(_boolv(a.v > b.v), known)
        if op == ">=":
            return _V(_boolv(a.v >= b.v), known)
        if op == "+":
            return _V(a.v + b.v, known)
        if op == "-":
            return _V(a.v - b.v, known)
        if op == "*":
            return _V(a.v * b.v, known)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _V(np.true_divide(a.v, b.v), known)

    @staticmethod
    def _codes_for(node: Node, value: _V) -> tuple[Any, tuple[str, ...] | None]:
        """An enum/string operand as (codes or text, categories); categories None for text."""
        if node.type.kind == "enum":
            return value.v, node.type.enum_values
        return value.v, value.cats

    def _text_equal(self, ln: Node, a: _V, rn: Node, b: _V) -> Any:
        """Equality of enum/string operands, comparing integer codes whenever possible."""
        av, acats = self._codes_for(ln, a)
        bv, bcats = self._codes_for(rn, b)
        a_text = isinstance(av, str)
        b_text = isinstance(bv, str)
        if acats is not None and b_text:
            return _boolv(av == _code(acats, bv))
        if bcats is not None and a_text:
            return _boolv(bv == _code(bcats, av))
        if acats is not None and bcats is not None:
            if acats == bcats:
                return av == bv
            return _decode(av, acats) == _decode(bv, bcats)
        if acats is not None:
            av = _decode(av, acats)
        if bcats is not None:
            bv = _decode(bv, bcats)
        return _boolv(np.asarray(av == bv) if not (a_text and b_text) else av == bv)

    def _in(self, node: InList) -> _V:
        a = self.eval(node.operand)
        items = [self.eval(i) for i in node.items.items]
        known = a.k
        for it in items:
            known = _kand(known, it.k)
        kind = node.operand.type.kind
        if kind in ("enum", "string"):
            if kind == "enum":
                cats: tuple[str, ...] | None = node.operand.type.enum_values
            else:
                cats = a.cats
            if cats is not None and not isinstance(a.v, str):
                codes = sorted(
                    {c for it in items if isinstance(it.v, str) and (c := _code(cats, it.v)) >= 0}
                )
                value: Any
                if isinstance(a.v, np.ndarray) and codes and codes[-1] - codes[0] == len(codes) - 1:
                    # Contiguous codes (e.g. associate..doctorate): two one-byte comparisons are
                    # cheaper than a gather, which widens the index column to intp first.
                    lo, hi = codes[0], codes[-1]
                    value = (a.v == lo) if lo == hi else ((a.v >= lo) & (a.v <= hi))
                else:
                    lut = np.zeros(len(cats) + 1, dtype=np.bool_)
                    lut[codes] = True
                    value = lut.take(a.v, mode="clip") if isinstance(a.v, np.ndarray) else lut[int(a.v)]
            else:
                value = np.isin(a.v, [str(it.v) for it in items])
        else:
            value = np.False_
            for it in items:
                value = value | (a.v == it.v)
        if node.negated:
            value = ~value
        return _V(_boolv(value), known)

    def _month_day(self, node: Node) -> tuple[Any, Any]:
        key = node.key()
        hit = self.month_cache.get(key)
        if hit is not None:
            return hit
        v = self.eval(node).v
        if isinstance(v, np.ndarray) and v.ndim > 0:
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
        a_col = isinstance(a.v, np.ndarray) and a.v.ndim > 0
        b_col = isinstance(b.v, np.ndarray) and b.v.ndim > 0
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

    def _full_bool(self, x: Any) -> np.ndarray:
        if isinstance(x, np.ndarray) and x.ndim > 0:
            return x
        return np.full(self.n, bool(x), dtype=np.bool_)

    def policy(self, policy: Policy, on: date) -> PopulationResult:
        n = self.n
        unknown: Any = None  # rows where some condition is unknown (None: no such row)
        owned = False  # whether `ok_acc` is an array of ours (not a cached condition column)
        if not policy.in_force(on):
            ok = np.zeros(n, dtype=np.bool_)
            owned = True
        else:
            # ok = no condition is definitely false; one AND per condition, in place once we
            # hold an array of our own.
            ok_acc: Any = None
            for cond in policy.conditions:
                r = self.eval(cond.node)
                if r.k is False:
                    unknown = np.True_
                    continue
                fresh = False
                if r.k is None:
                    term = r.v
                else:
                    not_known = ~r.k
                    term = r.v | not_known
                    fresh = isinstance(term, np.ndarray) and term.ndim > 0
                    if unknown is None or unknown is np.True_:
                        unknown = not_known if unknown is None else unknown
                    else:
                        np.logical_or(unknown, not_known, out=unknown)
                if ok_acc is None:
                    ok_acc, owned = term, fresh
                elif owned:
                    np.logical_and(ok_acc, term, out=ok_acc)
                else:
                    ok_acc = ok_acc & term
                    owned = isinstance(ok_acc, np.ndarray) and ok_acc.ndim > 0
            if ok_acc is None or not (isinstance(ok_acc, np.ndarray) and ok_acc.ndim > 0):
                ok = self._full_bool(np.True_ if ok_acc is None else ok_acc)
                owned = True
            else:
                ok = ok_acc
        # int8 status from one-byte boolean views: 1 where ok, then -1 where ok but unknown.
        undecided: np.ndarray | None = None
        if unknown is None:
            # `ok` is ours (never a cached column) when owned: view it rather than copy it.
            status = ok.view(np.int8) if owned else ok.view(np.int8).copy()
            eligible = ok
        else:
            undecided = self._full_bool(unknown & ok)
            if undecided.any():
                status = ok.view(np.int8) - undecided.view(np.int8) * np.int8(2)
                eligible = ok & ~undecided
            else:
                undecided = None
                status = ok.view(np.int8) if owned else ok.view(np.int8).copy()
                eligible = ok
        amount = self._amount(policy, eligible, undecided, False)
        has_max = policy.amount is not None and policy.amount.max_node is not None
        amount_max = self._amount(policy, eligible, undecided, True) if has_max else amount
        self.policy_eligible[policy.id] = (eligible, None if undecided is None else ~undecided)
        self.policy_amount[policy.id] = amount
        if isinstance(amount, float) and isinstance(amount_max, float):
            return PopulationResult(status, amount_each=amount, amount_max_each=amount_max)
        column = _column(amount, eligible, undecided)
        column_max = column if amount_max is amount else _column(amount_max, eligible, undecided)
        return PopulationResult(status, column, column_max)

    def _amount(
        self, policy: Policy, eligible: np.ndarray, undecided: np.ndarray | None, upper: bool
    ) -> np.ndarray | float:
        """The amount for eligible persons: one float when it does not vary from person to person
        (NaN when open), else a column that is 0.0 where not eligible and NaN where undecided or
        eligible with an open amount."""
        spec = policy.amount
        node = None
        if spec is not None:
            node = spec.max_node if upper else spec.node
        if node is None:
            return 0.0
        r = self.eval(node)
        scalar = not (isinstance(r.v, np.ndarray) and r.v.ndim > 0)
        if scalar and r.k is False:
            return math.nan
        if scalar and r.k is None:
            return float(r.v)
        value = np.full(self.n, float(r.v)) if scalar else r.v
        amount = np.where(eligible, value, 0.0).astype(np.float64, copy=False)
        if r.k is not None:
            amount[eligible & ~_kval(r.k)] = np.nan
        if undecided is not None:
            amount[undecided] = np.nan
        return amount


def _column(amount: np.ndarray | float, eligible: np.ndarray, undecided: np.ndarray | None) -> np.ndarray:
    """An amount as a column (a constant is `amount` where eligible, NaN where undecided)."""
    if not isinstance(amount, float):
        return amount
    column = eligible * amount if math.isfinite(amount) else np.where(eligible, amount, 0.0)
    if undecided is not None:
        column[undecided] = np.nan
    return column


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


_MAX_ORDINAL = date.max.toordinal()


def _between_scalar(func: str, fixed: int, col_first: bool, day: int) -> int:
    """months/years_between with the column's day `day` in its place, exactly as the scalar evaluator."""
    months = months_between(day, fixed) if col_first else months_between(fixed, day)
    return months if func == "months_between" else months // 12


@lru_cache(maxsize=4096)
def _date_cut(func: str, fixed: int, col_first: bool, op: str, k: Any) -> tuple[str, int]:
    """Where `func(col, fixed) <op> k` (or `func(fixed, col)`) holds, as a half-line of days.

    Returns ("all", 0), ("none", 0), (">=", d) (true from day d on) or ("<=", d) (true up to d).
    The month count is monotone in the column's day, so its comparison with a constant switches
    at most once; about 22 scalar evaluations find the switch (cached: the same rules on the
    same day ask the same question on every evaluation).
    """
    compare = _COMPARE_UFUNCS[op]

    def truth(day: int) -> bool:
        return bool(compare(_between_scalar(func, fixed, col_first, day), k))

    lo, hi = 1, _MAX_ORDINAL
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
) -> dict[str, PopulationResult]:
    """Evaluate every policy (in dependency order) over `table` (in blocks if `chunk_rows`)."""
    n = getattr(table, "n", None)
    if n is None:
        n = len(next(iter(table.values()))) if table else 0
    n = int(n)
    today = on.toordinal()
    with np.errstate(invalid="ignore"):
        if chunk_rows is None or n <= chunk_rows:
            ev = _Evaluator(facts, table, n, params, today)
            return {pid: ev.policy(p, on) for pid, p in policies.items()}
        parts: dict[str, list[PopulationResult]] = {pid: [] for pid in policies}
        categories = getattr(table, "categories", {})
        for start in range(0, n, chunk_rows):
            stop = min(n, start + chunk_rows)
            block = PopulationTable({k: v[start:stop] for k, v in table.items()}, categories)
            ev = _Evaluator(facts, block, stop - start, params, today)
            for pid, p in policies.items():
                parts[pid].append(ev.policy(p, on))
        return {pid: _join(blocks) for pid, blocks in parts.items()}


def _same(values: Sequence[float | None]) -> bool:
    first = values[0]
    if first is None:
        return False
    return all(v is not None and (v == first or (math.isnan(v) and math.isnan(first))) for v in values)


def _join(blocks: Sequence[PopulationResult]) -> PopulationResult:
    """One result from the results of consecutive blocks of rows."""
    status = np.concatenate([b.status for b in blocks])
    each = [b.amount_each for b in blocks]
    each_max = [b.amount_max_each for b in blocks]
    if _same(each) and _same(each_max):
        return PopulationResult(status, amount_each=each[0], amount_max_each=each_max[0])
    amount = np.concatenate([b.amount for b in blocks])
    same_max = all(b.amount_max is b.amount for b in blocks)
    amount_max = amount if same_max else np.concatenate([b.amount_max for b in blocks])
    return PopulationResult(status, amount, amount_max)


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
