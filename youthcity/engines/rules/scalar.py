"""Scalar evaluator: one person, every policy, with an explanation tree.

Each AST is compiled once into nested closures (no `eval`, no per-call tree dispatch) that work in
three-valued (Kleene) logic: a missing fact is `UNKNOWN`, never zero or false.  `False and
UNKNOWN` is False, `True and UNKNOWN` is UNKNOWN; comparisons and arithmetic with an unknown
operand are unknown; `if UNKNOWN then a else b` is `a` only when both branches agree.

Dates are day ordinals (`date.toordinal()`), the same representation the vectorized evaluator
uses, so both give identical answers.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

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
from .model import (
    ConditionResult,
    FactSpec,
    Policy,
    PolicyResult,
    Status,
    Text,
)


class _Unknown:
    """The third truth value (and the value of any missing operand)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # pragma: no cover - guard against accidental truth tests
        raise TypeError("UNKNOWN has no truth value; test `is UNKNOWN` first")


UNKNOWN: Any = _Unknown()


class Env:
    """Evaluation inputs: facts (internal form), parameter values, earlier policy results, today."""

    __slots__ = ("facts", "params", "eligible", "amounts", "today")

    def __init__(self, facts: dict[str, Any], params: dict[str, Any], today: int) -> None:
        self.facts = facts
        self.params = params
        self.eligible: dict[str, Any] = {}
        self.amounts: dict[str, Any] = {}
        self.today = today


Fn = Callable[[Env], Any]


def month_index(ordinal: int) -> tuple[int, int]:
    """(months since year 0, day of month) for a day ordinal."""
    d = date.fromordinal(ordinal)
    return d.year * 12 + d.month - 1, d.day


def months_between(a: int, b: int) -> int:
    """Whole months from day `a` to day `b` (negative if `b` is earlier)."""
    ma, da = month_index(a)
    mb, db = month_index(b)
    return (mb - ma) - (1 if db < da else 0)


def _divide(a: Any, b: Any) -> Any:
    # Match NumPy's IEEE behaviour so the scalar and vector paths agree on odd inputs.
    if b == 0:
        if a == 0 or (isinstance(a, float) and math.isnan(a)):
            return math.nan
        return math.copysign(math.inf, a)
    return a / b


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _divide,
}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_node(node: Node) -> Fn:
    """Compile an AST into a closure evaluating it in three-valued logic."""
    builder = _BUILDERS.get(type(node))
    if builder is None:  # pragma: no cover - ListLiteral only occurs inside InList
        raise TypeError(f"cannot compile {type(node).__name__}")
    return builder(node)


def _leaf(node: Node) -> Fn:
    U = UNKNOWN
    if isinstance(node, Literal):
        value = node.value
        return lambda env: value
    if isinstance(node, DateLiteral):
        ordinal = node.ordinal
        return lambda env: ordinal
    if isinstance(node, Today):
        return lambda env: env.today
    if isinstance(node, FactRef):
        name = node.name
        return lambda env: env.facts.get(name, U)
    if isinstance(node, ParamRef):
        pname = node.name
        return lambda env: env.params.get(pname, U)
    assert isinstance(node, PolicyRef)
    pid = node.policy
    if node.attr == "eligible":
        return lambda env: env.eligible.get(pid, U)
    return lambda env: env.amounts.get(pid, U)


def _compile_unary(node: Unary) -> Fn:
    U = UNKNOWN
    inner = compile_node(node.operand)
    if node.op == "not":
        def f_not(env: Env) -> Any:
            v = inner(env)
            return U if v is U else not v
        return f_not

    def f_neg(env: Env) -> Any:
        v = inner(env)
        return U if v is U else -v
    return f_neg


def _compile_logic(op: str, left: Fn, right: Fn) -> Fn:
    """Kleene `and` / `or`: a known False (True) side settles `and` (`or`) whatever the other."""
    U = UNKNOWN
    if op == "and":
        def f_and(env: Env) -> Any:
            a = left(env)
            if a is False:
                return False
            b = right(env)
            if b is False:
                return False
            if a is U or b is U:
                return U
            return True
        return f_and

    def f_or(env: Env) -> Any:
        a = left(env)
        if a is True:
            return True
        b = right(env)
        if b is True:
            return True
        if a is U or b is U:
            return U
        return False
    return f_or


def _compile_binary(node: Binary) -> Fn:
    U = UNKNOWN
    left = compile_node(node.left)
    right = compile_node(node.right)
    if node.op in ("and", "or"):
        return _compile_logic(node.op, left, right)
    fn = _COMPARE.get(node.op) or _ARITH[node.op]

    def f_bin(env: Env) -> Any:
        a = left(env)
        if a is U:
            return U
        b = right(env)
        if b is U:
            return U
        return fn(a, b)
    return f_bin


def _compile_in(node: InList) -> Fn:
    U = UNKNOWN
    operand = compile_node(node.operand)
    items = [compile_node(i) for i in node.items.items]
    negated = node.negated

    def f_in(env: Env) -> Any:
        v = operand(env)
        if v is U:
            return U
        values = [i(env) for i in items]
        if any(x is U for x in values):
            return U
        return (v in values) != negated
    return f_in


def _compile_if(node: IfElse) -> Fn:
    U = UNKNOWN
    cond = compile_node(node.cond)
    then = compile_node(node.then)
    other = compile_node(node.other)

    def f_if(env: Env) -> Any:
        c = cond(env)
        if c is U:  # unknown condition: known only when both branches agree
            a = then(env)
            b = other(env)
            if a is not U and b is not U and a == b:
                return a
            return U
        return then(env) if c else other(env)
    return f_if


def _compile_call(node: Call) -> Fn:
    U = UNKNOWN
    args = [compile_node(a) for a in node.args]
    func = node.func
    if func in ("min", "max"):
        agg = min if func == "min" else max

        def f_minmax(env: Env) -> Any:
            vals = [a(env) for a in args]
            if any(v is U for v in vals):
                return U
            return agg(vals)
        return f_minmax
    a0, a1 = args

    def f_dates(env: Env) -> Any:
        x = a0(env)
        y = a1(env)
        if x is U or y is U:
            return U
        if func == "days_between":
            return y - x
        months = months_between(x, y)
        return months if func == "months_between" else months // 12
    return f_dates


_BUILDERS: dict[type[Node], Callable[[Any], Fn]] = {
    Literal: _leaf,
    DateLiteral: _leaf,
    Today: _leaf,
    FactRef: _leaf,
    ParamRef: _leaf,
    PolicyRef: _leaf,
    Unary: _compile_unary,
    Binary: _compile_binary,
    InList: _compile_in,
    IfElse: _compile_if,
    Call: _compile_call,
}


# ---------------------------------------------------------------------------------------------
# Policy evaluation

_NOT_IN_FORCE = Text("该政策在此日期不在有效期内。", "The policy is not in force on this date.")
_ALL_MET = Text("符合全部条件。", "Meets every condition.")
_CONFIRMATION_TEXT = {
    "period_ended": Text(
        "该政策所依据的规划期（{period}）已结束，",
        "The period of the plan behind this policy ({period}) has ended; ",
    ),
    "review_due": Text("该政策已过复核日期（{review}），", "the policy's review date ({review}) has passed; "),
    "provisional": Text(
        "部分条件依据“将……”等尚待落实的表述，",
        "a condition comes from a statement about the future (\"will ...\"); ",
    ),
    "to_be_set_by_city": Text(
        "该政策尚有内容待市里确定（{open_zh}），",
        "parts of the policy are still to be set by the city ({open_en}); ",
    ),
}
_AWAITING = Text(
    "您符合全部条件，但{why}待市里确认后方可享受。",
    "You meet every condition, but {why}the city has to confirm the policy before it is granted.",
)


def confirmation_reason(policy: Policy, reasons: tuple[str, ...]) -> Text:
    """The plain-language reason of a result awaiting the city's confirmation."""
    v = policy.validity
    period = v.period if v is not None else Text("", "")
    review = v.review.isoformat() if v is not None else ""
    open_zh = "；".join(t.zh for t in policy.to_be_set_by_city)
    open_en = "; ".join(t.en for t in policy.to_be_set_by_city)
    parts_zh = "".join(
        _CONFIRMATION_TEXT[r].zh.format(period=period.zh, review=review, open_zh=open_zh) for r in reasons
    )
    parts_en = "".join(
        _CONFIRMATION_TEXT[r].en.format(period=period.en, review=review, open_en=open_en) for r in reasons
    )
    return Text(_AWAITING.zh.format(why=parts_zh), _AWAITING.en.format(why=parts_en))


def _display_fn(name: str, facts: Mapping[str, FactSpec]) -> Fn:
    """How to read the value behind a reference for an explanation (resolved once per policy set):
    unknown shows as None, a date fact as a date, a policy's eligibility as its status."""
    U = UNKNOWN
    if name.startswith("param."):
        key = name[6:]
        return lambda env: env.params.get(key)  # unset parameters are absent
    if name.startswith("policy."):
        _, pid, attr = name.split(".")
        if attr == "amount":
            return lambda env: None if (v := env.amounts.get(pid, U)) is U else v

        def eligibility(env: Env) -> str:
            e = env.eligible.get(pid, U)
            return "undetermined" if e is U else ("eligible" if e else "not_eligible")
        return eligibility
    spec = facts.get(name)
    if spec is not None and spec.type == "date":
        return lambda env: None if (v := env.facts.get(name)) is None else date.fromordinal(v)
    return lambda env: env.facts.get(name)  # missing facts are absent


class CompiledPolicy:
    """A policy with its conditions and amount compiled to closures."""

    __slots__ = ("policy", "conditions", "amount", "amount_max", "shown")

    def __init__(self, policy: Policy, facts: Mapping[str, FactSpec] | None = None) -> None:
        self.policy = policy
        self.conditions = [compile_node(c.node) for c in policy.conditions]
        self.amount = compile_node(policy.amount.node) if policy.amount else None
        self.amount_max = (
            compile_node(policy.amount.max_node)
            if policy.amount is not None and policy.amount.max_node is not None
            else None
        )
        # Per condition, the values its explanation shows: (name, reader).
        self.shown = [tuple((r, _display_fn(r, facts or {})) for r in c.direct_refs) for c in policy.conditions]


def _needed_text(missing: list[str], facts: Mapping[str, FactSpec]) -> Text:
    zh = "、".join(facts[m].label.zh if m in facts else m for m in missing)
    en = ", ".join(facts[m].label.en if m in facts else m for m in missing)
    return Text(f"还需要：{zh}", f"Still needed: {en}")


def _to_decimal(value: Any) -> Decimal | None:
    if value is UNKNOWN or value is None:
        return None
    f = float(value)
    if math.isnan(f) or math.isinf(f):
        return None
    return Decimal(repr(round(f, 2))).quantize(Decimal("0.01"))


_UNSET_CONDITION = Text(
    "该条件依赖的参数尚待本市确定。", "This condition depends on a value the city has yet to set."
)
_UNSET_POLICY = Text("条件依赖的参数尚待本市确定。", "A condition depends on a value the city has yet to set.")

# One condition's outcome as evaluated: "pass" / "fail" / "unknown", with for "unknown" the
# facts still missing and the parameters not yet set.
_Outcome = tuple[str, tuple[str, ...], tuple[str, ...]]
_PASS: _Outcome = ("pass", (), ())
_FAIL: _Outcome = ("fail", (), ())


class _Explanation:
    """Builds a policy's explanation tree on first read, from what the evaluation recorded (the
    outcome of every condition, and the facts and earlier results it read), never re-evaluating.
    The values read do not change afterwards: later policies only add results of their own."""

    __slots__ = ("cp", "outcomes", "env", "facts")

    def __init__(self, cp: CompiledPolicy, outcomes: list[_Outcome], env: Env, facts: Mapping[str, FactSpec]) -> None:
        self.cp = cp
        self.outcomes = outcomes
        self.env = env
        self.facts = facts

    def __call__(self) -> tuple[ConditionResult, ...]:
        env, facts = self.env, self.facts
        out = []
        for cond, shown, (outcome, cmissing, cunset) in zip(
            self.cp.policy.conditions, self.cp.shown, self.outcomes, strict=True
        ):
            if outcome == "pass":
                reason = cond.reason_pass
            elif outcome == "fail":
                reason = cond.reason_fail
            else:
                reason = _needed_text(list(cmissing), facts) if cmissing else _UNSET_CONDITION
            out.append(
                ConditionResult(
                    id=cond.id,
                    expression=cond.text,
                    outcome=outcome,
                    values={name: read(env) for name, read in shown},
                    clause=cond.clause,
                    reason=reason,
                    missing_facts=cmissing,
                    unset_parameters=cunset,
                )
            )
        return tuple(out)


def _outcomes(cp: CompiledPolicy, env: Env, present: Any, unset: frozenset[str]) -> list[_Outcome]:
    """Every condition's outcome for one person (the only evaluation of the conditions)."""
    U = UNKNOWN
    out: list[_Outcome] = []
    for cond, fn in zip(cp.policy.conditions, cp.conditions, strict=True):
        v = fn(env)
        if v is U:
            out.append((
                "unknown",
                tuple(sorted(f for f in cond.facts if f not in present)),
                tuple(sorted(p for p in cond.params if p in unset)),
            ))
        else:
            out.append(_PASS if v else _FAIL)
    return out


def _status(
    policy: Policy, in_force: bool, outcomes: list[_Outcome], facts: Mapping[str, FactSpec]
) -> tuple[Status, Text, set[str], set[str]]:
    """The policy's status and reason from its conditions' outcomes, with the missing facts and
    unset parameters that keep it undetermined."""
    missing: set[str] = set()
    unset_used: set[str] = set()
    first_fail = -1
    any_unknown = False
    for i, (outcome, cmissing, cunset) in enumerate(outcomes):
        if outcome == "fail":
            if first_fail < 0:
                first_fail = i
        elif outcome == "unknown":
            any_unknown = True
            missing.update(cmissing)
            unset_used.update(cunset)
    if not in_force:
        return Status.NOT_ELIGIBLE, _NOT_IN_FORCE, set(), unset_used
    if first_fail >= 0:
        return Status.NOT_ELIGIBLE, policy.conditions[first_fail].reason_fail, set(), unset_used
    if any_unknown:
        reason = _needed_text(sorted(missing), facts) if missing else _UNSET_POLICY
        return Status.UNDETERMINED, reason, missing, unset_used
    return Status.ELIGIBLE, _ALL_MET, missing, unset_used


def _amounts(
    cp: CompiledPolicy, env: Env, status: Status, present: Any, unset: frozenset[str], missing: set[str],
    unset_used: set[str], regional: frozenset[str] = frozenset(),
) -> tuple[Decimal | None, Decimal | None, bool]:
    """The amount (and range top) for an eligible person; records the amount later policies read.

    A regional parameter's open groups (a county the city has yet to set) count as "to be set"
    only for a person whose amount they leave open."""
    policy = cp.policy
    U = UNKNOWN
    if policy.amount is None:
        env.amounts[policy.id] = 0.0 if status is not Status.UNDETERMINED else U
        return None, None, False
    a_unset = sorted(p for p in policy.amount.params if p in unset and p not in regional)
    r_unset = sorted(p for p in policy.amount.params if p in unset and p in regional)
    unset_used.update(a_unset)
    amount = amount_max = None
    if status is Status.ELIGIBLE and cp.amount is not None:
        raw = cp.amount(env)
        if raw is U:
            place_missing = [f for f in policy.amount.facts if f not in present]
            missing.update(place_missing)
            if r_unset and not place_missing:
                a_unset = r_unset
                unset_used.update(r_unset)
        amount = _to_decimal(raw)
        env.amounts[policy.id] = raw if raw is U else float(raw)
        if cp.amount_max is not None:
            amount_max = _to_decimal(cp.amount_max(env))
    elif status is Status.NOT_ELIGIBLE:
        env.amounts[policy.id] = 0.0
    else:
        env.amounts[policy.id] = U
    return amount, amount_max, bool(a_unset)


def _in_order(names: set[str], facts: Mapping[str, FactSpec]) -> tuple[str, ...]:
    """Fact names in declaration order (the questionnaire's order)."""
    if not names:
        return ()
    return tuple(sorted(names, key=lambda m: facts[m].order if m in facts else 0))


def evaluate_compiled(
    compiled: list[CompiledPolicy],
    facts: Mapping[str, FactSpec],
    internal_facts: dict[str, Any],
    params: dict[str, Any],
    unset: frozenset[str],
    on: date,
    explain: bool = True,
    regional: frozenset[str] = frozenset(),
) -> list[PolicyResult]:
    """Evaluate compiled policies (in dependency order) for one person's internal facts.

    With `explain`, each result's explanation tree is built from this evaluation when first read.
    """
    env = Env(internal_facts, params, on.toordinal())
    present = internal_facts.keys()
    results: list[PolicyResult] = []
    for cp in compiled:
        policy = cp.policy
        in_force = policy.in_force(on)
        outcomes = _outcomes(cp, env, present, unset)
        status, reason_text, missing, unset_used = _status(policy, in_force, outcomes, facts)
        confirmation = policy.needs_confirmation(on) if status is Status.ELIGIBLE else ()
        amount, amount_max, amount_to_be_set = _amounts(cp, env, status, present, unset, missing, unset_used, regional)
        env.eligible[policy.id] = (
            True if status is Status.ELIGIBLE else False if status is Status.NOT_ELIGIBLE else UNKNOWN
        )
        if confirmation:
            status, reason_text = Status.AWAITING_CONFIRMATION, confirmation_reason(policy, confirmation)
        results.append(
            PolicyResult(
                policy_id=policy.id,
                policy=policy,
                status=status,
                amount=amount,
                amount_max=amount_max,
                amount_unit=policy.amount.unit if policy.amount else None,
                amount_to_be_set=amount_to_be_set,
                unset_parameters=tuple(sorted(unset_used)),
                missing_facts=_in_order(missing, facts),
                in_force=in_force,
                reason=reason_text,
                confirmation=confirmation,
                explanation=_Explanation(cp, outcomes, env, facts) if explain else None,
            )
        )
    return results
