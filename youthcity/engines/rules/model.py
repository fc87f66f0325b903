"""Typed, immutable objects the loader builds and the evaluators read.

Everything here is plain data: loading (`loader.py`) validates and constructs it, evaluation
(`scalar.py`, `vector.py`) only reads it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from .expressions import BOOL, DATE, NUMBER, STRING, Node, Type

ParamValue = bool | int | float | str | date


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The text in `lang` (anything starting with "zh" gives Chinese, otherwise English)."""
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: document, clause and the quoted text."""

    document: Text
    clause: str
    text: str


# ---------------------------------------------------------------------------------------------
# Facts


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One person fact: its type, allowed values or range, and the question that asks for it.

    `type` is bool, int, number, date, enum or string.  For dates `minimum`/`maximum` are ISO
    dates and `not_after_today` rejects future dates; for numbers they are numeric bounds.

    A *derived* fact (`derived`, e.g. `age` = `years_between(birth_date, today)`) may be given
    directly or follows from the facts it reads (`derived_from`) when it is not; given both,
    they must agree.
    """

    name: str
    type: str
    label: Text
    question: Text
    values: tuple[str, ...] = ()
    value_labels: tuple[Text, ...] = ()
    minimum: float | date | None = None
    maximum: float | date | None = None
    not_after_today: bool = False
    order: int = 0
    derived: Node | None = None
    derived_text: str | None = None
    derived_from: tuple[str, ...] = ()

    @property
    def expr_type(self) -> Type:
        """The expression type of this fact."""
        if self.type == "bool":
            return BOOL
        if self.type in ("int", "number"):
            return NUMBER
        if self.type == "date":
            return DATE
        if self.type == "enum":
            return Type("enum", enum_values=self.values, name=self.name)
        return STRING

    def code_of(self, value: str) -> int:
        """Integer code of an enum value (its index in `values`); -1 if not allowed."""
        try:
            return self.values.index(value)
        except ValueError:
            return -1


# ---------------------------------------------------------------------------------------------
# Parameters


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """A dated parameter.  The value on a date is the last one dated on or before it.

    When `to_be_set_by_city` is true the plan leaves the number open: every value is None and
    results that depend on it say so instead of inventing a number.
    """

    name: str
    type: str  # number, int, bool, string, date
    description: Text
    unit: str | None
    values: tuple[tuple[date, ParamValue | None], ...]
    reference: Citation | None
    to_be_set_by_city: bool
    file: str
    line: int
    # A regional parameter's values for one group of places (a wage tier, a county): `regional`
    # is the name expressions use (`param.minimum_wage.monthly`), `group` this group's key,
    # `region_fact` the string fact that picks the group and `region_values` its values in it.
    # The group "unassigned" (no values) answers for a place in no group: the amount stays open.
    regional: str | None = None
    group: str | None = None
    region_fact: str | None = None
    region_values: tuple[str, ...] = ()
    # A short name for field labels and menus ('应届生认定期限（月）'); the description when absent.
    label: Text | None = None

    @property
    def expr_type(self) -> Type:
        if self.type == "bool":
            return BOOL
        if self.type in ("int", "number"):
            return NUMBER
        if self.type == "date":
            return DATE
        return STRING

    def value_at(self, on: date) -> ParamValue | None:
        """Value in force on `on`; None if the value is to be set or nothing is dated that early."""
        found: ParamValue | None = None
        for start, value in self.values:
            if start <= on:
                found = value
            else:
                break
        return found


# ---------------------------------------------------------------------------------------------
# Policies


@dataclass(frozen=True, slots=True)
class Condition:
    """A named, cited eligibility condition with plain-language reasons for pass and fail."""

    id: str
    text: str
    node: Node
    clause: str
    reason_pass: Text
    reason_fail: Text
    facts: frozenset[str]  # facts read, including through referenced policies
    params: frozenset[str]
    policies: frozenset[str]
    direct_refs: tuple[str, ...]  # names shown as "values seen" (facts, param.x, policy.y.z)
    # A condition read from a sentence about the future ("将……放宽申请条件"): the note says so,
    # and a result that relies on it awaits the city's confirmation until the flag is removed.
    provisional: Text | None = None


@dataclass(frozen=True, slots=True)
class Amount:
    """The amount expression (and optional upper bound for ranges such as 100,000–200,000)."""

    text: str
    node: Node
    max_text: str | None
    max_node: Node | None
    unit: str  # CNY, nights, months ...
    period: str  # once, month, year, stay
    facts: frozenset[str]
    params: frozenset[str]
    basis: Text | None = None  # how the amount is set, in words ("本地最低工资标准的80%")


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    """A document an application for the benefit needs."""

    id: str
    label: Text


@dataclass(frozen=True, slots=True)
class Validity:
    """How long a policy holds: the period of the plan it comes from and the date by which the
    city reviews it.  Past `until` or `review` (unless the city has confirmed it up to
    `confirmed_until`) a result that would qualify awaits the city's confirmation instead."""

    period: Text  # the plan's words, e.g. “十四五”期间（2021—2025年）
    until: date | None  # the end of the plan's period (None: the plan names none)
    review: date  # the date by which the city reviews the policy
    confirmed_until: date | None = None  # the city confirmed the policy in force up to this date
    confirmed_by: str | None = None  # the notice that confirmed it

    def lapsed(self, on: date) -> tuple[str, ...]:
        """Why the policy needs the city's confirmation on `on`: "period_ended", "review_due"."""
        if self.confirmed_until is not None and on <= self.confirmed_until:
            return ()
        out: list[str] = []
        if self.until is not None and on > self.until:
            out.append("period_ended")
        if on > self.review:
            out.append("review_due")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Policy:
    """One benefit as code: what it is, where it comes from, who may have it and how much."""

    id: str
    name: Text
    sources: tuple[Citation, ...]
    responsible_unit: str
    effective_from: date | None
    effective_to: date | None
    kind: str  # cash, in_kind, waiver, service
    audience: str  # youth (a young person applies) or employer (an enterprise applies)
    conditions: tuple[Condition, ...]
    amount: Amount | None
    application_required: bool
    documents: tuple[RequiredDocument, ...]
    how_to_apply: Text
    parameters: tuple[str, ...]  # parameters declared in this policy's file
    facts: frozenset[str]  # every fact the policy can read (conditions and amount)
    depends_on: frozenset[str]  # other policies referenced
    file: str
    validity: Validity | None = None
    # The domain entry point that takes this policy's applications (``stations.booking``), when
    # another domain's own flow is the application; None: a benefits application.
    apply_via: str | None = None
    # What the policy's text leaves to the city (a policy drafted from a plan's clause marks
    # here what the drafter could not read: an amount, a condition in words): while any is
    # listed, a result that would qualify awaits the city instead ("待市里确定").
    to_be_set_by_city: tuple[Text, ...] = ()

    def needs_confirmation(self, on: date) -> tuple[str, ...]:
        """Why a qualifying result on `on` awaits the city's confirmation: "period_ended" (the
        plan's period is over), "review_due" (the review date has passed), "provisional" (a
        condition was read from a sentence about the future), "to_be_set_by_city" (the policy
        lists parts the city still has to set).  Empty: nothing to confirm."""
        reasons = self.validity.lapsed(on) if self.validity is not None else ()
        if any(c.provisional is not None for c in self.conditions):
            reasons = (*reasons, "provisional")
        if self.to_be_set_by_city:
            reasons = (*reasons, "to_be_set_by_city")
        return reasons

    def in_force(self, on: date) -> bool:
        """Whether the policy's effective period contains `on`."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A JSON-ready description (for a policy list API)."""
        return {
            "id": self.id,
            "name": self.name.get(lang),
            "kind": self.kind,
            "audience": self.audience,
            "responsible_unit": self.responsible_unit,
            "effective_from": None if self.effective_from is None else self.effective_from.isoformat(),
            "effective_to": None if self.effective_to is None else self.effective_to.isoformat(),
            "validity": None
            if self.validity is None
            else {
                "period": self.validity.period.get(lang),
                "until": None if self.validity.until is None else self.validity.until.isoformat(),
                "review": self.validity.review.isoformat(),
                "confirmed_until": None
                if self.validity.confirmed_until is None
                else self.validity.confirmed_until.isoformat(),
                "confirmed_by": self.validity.confirmed_by,
            },
            "sources": [
                {"document": s.document.get(lang), "clause": s.clause, "text": s.text} for s in self.sources
            ],
            "conditions": [
                {
                    "id": c.id,
                    "expression": c.text,
                    "clause": c.clause,
                    "provisional": None if c.provisional is None else c.provisional.get(lang),
                }
                for c in self.conditions
            ],
            "amount": None
            if self.amount is None
            else {
                "expression": self.amount.text,
                "max": self.amount.max_text,
                "unit": self.amount.unit,
                "period": self.amount.period,
                "basis": None if self.amount.basis is None else self.amount.basis.get(lang),
            },
            "application_required": self.application_required,
            "apply_via": self.apply_via,
            "documents": [{"id": d.id, "label": d.label.get(lang)} for d in self.documents],
            "how_to_apply": self.how_to_apply.get(lang),
            "facts": sorted(self.facts),
            "depends_on": sorted(self.depends_on),
        }


# ---------------------------------------------------------------------------------------------
# Results


class Status(StrEnum):
    """Three answers, not two: a missing fact never turns into "not eligible".

    A fourth, `AWAITING_CONFIRMATION`, is the scalar evaluator's word for "the person meets every
    condition, but the policy's period or review date has passed or a condition is provisional":
    the city has to confirm the policy before it is granted (`Policy.needs_confirmation`).  The
    vectorized evaluator counts such persons as eligible (code 1): a simulation prices the policy
    as if the city confirmed it.
    """

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"
    AWAITING_CONFIRMATION = "awaiting_confirmation"


# Codes used in population status arrays (int8).
ELIGIBLE_CODE = 1
NOT_ELIGIBLE_CODE = 0
UNDETERMINED_CODE = -1


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """One node of the explanation: a condition, the values it saw and its outcome.

    `outcome` is "pass", "fail" or "unknown"; `reason` is the plain-language reason for that
    outcome (for "unknown" it names the facts still needed).
    """

    id: str
    expression: str
    outcome: str
    values: dict[str, Any]
    clause: str
    reason: Text
    missing_facts: tuple[str, ...]
    unset_parameters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PolicyResult:
    """The answer for one policy and one person on one date, with its explanation tree."""

    policy_id: str
    policy: Policy
    status: Status
    amount: Decimal | None
    amount_max: Decimal | None
    amount_unit: str | None
    amount_to_be_set: bool  # True when a to-be-set parameter keeps the amount open
    unset_parameters: tuple[str, ...]
    missing_facts: tuple[str, ...]
    in_force: bool
    reason: Text
    # Why a qualifying result awaits the city's confirmation (see `Policy.needs_confirmation`).
    confirmation: tuple[str, ...] = ()
    # Builds the explanation tree from the evaluation on first read of `conditions` (None: the
    # evaluation was asked for no explanation).
    explanation: Callable[[], tuple[ConditionResult, ...]] | None = field(default=None, repr=False, compare=False)
    _conditions: tuple[ConditionResult, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def conditions(self) -> tuple[ConditionResult, ...]:
        """The explanation: every condition with the values it read, its outcome, clause and reason."""
        built = self._conditions
        if built is None:
            built = self.explanation() if self.explanation is not None else ()
            object.__setattr__(self, "_conditions", built)
        return built

    @property
    def eligible(self) -> bool | None:
        """True / False / None (undetermined).  Awaiting confirmation counts as False: the
        person is not told they qualify before the city confirms the policy."""
        if self.status is Status.UNDETERMINED:
            return None
        return self.status is Status.ELIGIBLE

    @property
    def meets_conditions(self) -> bool:
        """Every condition is met (eligible, or eligible once the city confirms the policy)."""
        return self.status in (Status.ELIGIBLE, Status.AWAITING_CONFIRMATION)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A JSON-ready form (dates as ISO strings, amounts as strings)."""
        return {
            "policy": self.policy_id,
            "name": self.policy.name.get(lang),
            "status": self.status.value,
            "amount": None if self.amount is None else str(self.amount),
            "amount_max": None if self.amount_max is None else str(self.amount_max),
            "amount_unit": self.amount_unit,
            "amount_to_be_set": self.amount_to_be_set,
            "unset_parameters": list(self.unset_parameters),
            "missing_facts": list(self.missing_facts),
            "in_force": self.in_force,
            "awaiting_confirmation": self.status is Status.AWAITING_CONFIRMATION,
            "confirmation": list(self.confirmation),
            "validity": None
            if self.policy.validity is None
            else {
                "period": self.policy.validity.period.get(lang),
                "until": None if self.policy.validity.until is None else self.policy.validity.until.isoformat(),
                "review": self.policy.validity.review.isoformat(),
            },
            "reason": self.reason.get(lang),
            "responsible_unit": self.policy.responsible_unit,
            "sources": [
                {"document": s.document.get(lang), "clause": s.clause, "text": s.text}
                for s in self.policy.sources
            ],
            "conditions": [
                {
                    "id": c.id,
                    "expression": c.expression,
                    "outcome": c.outcome,
                    "values": {k: _jsonable(v) for k, v in c.values.items()},
                    "clause": c.clause,
                    "reason": c.reason.get(lang),
                    "missing_facts": list(c.missing_facts),
                }
                for c in self.conditions
            ],
            "how_to_apply": self.policy.how_to_apply.get(lang),
            "application_required": self.policy.application_required,
            "documents": [{"id": d.id, "label": d.label.get(lang)} for d in self.policy.documents],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def money_fen(value: float) -> int | None:
    """An amount as an integer number of hundredths of its unit (fen for CNY), rounded exactly as
    the scalar evaluator rounds (`round(value, 2)`); None when it is not a finite number or does
    not fit in 63 bits (such an amount is reported as open, as the scalar path reports None)."""
    if not math.isfinite(value):
        return None
    fen = int(Decimal(repr(round(value, 2))).quantize(Decimal("0.01")) * 100)
    return fen if -_INT64_MAX <= fen <= _INT64_MAX else None


_INT64_MAX = int(np.iinfo(np.int64).max)
_FEN_DTYPES = (np.dtype(np.int8), np.dtype(np.int16), np.dtype(np.int32), np.dtype(np.int64))


def fen_dtype(low: int, high: int) -> np.dtype[Any]:
    """The narrowest integer type holding every amount in [low, high] with its minimum left free
    to mark an unknown amount (see `PopulationResult`)."""
    for dtype in _FEN_DTYPES:
        info = np.iinfo(dtype)
        if info.min < low and high <= info.max:
            return dtype
    raise OverflowError(f"amounts {low}..{high} do not fit in 64 bits")


def unknown_fen(dtype: np.dtype[Any]) -> int:
    """The value that marks an unknown amount in an amount column of `dtype`."""
    return int(np.iinfo(dtype).min)


def widen_fen(column: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    """An amount column in a wider integer type, its unknown marker moved to the new minimum."""
    if column.dtype == dtype:
        return column
    out = column.astype(dtype)
    out[column == unknown_fen(column.dtype)] = unknown_fen(dtype)
    return out


class PopulationResult:
    """Column results for one policy over a population: every status and every amount per person.

    `status` (int8) holds 1 (eligible), 0 (not eligible) or -1 (undetermined).

    `amount_fen` holds each person's amount as an integer number of hundredths of the amount's
    unit (fen for CNY): 0 where not eligible, the amount where eligible, and the column type's
    minimum (`unknown_fen(col.dtype)`) where undetermined or where the amount is open (a missing
    fact, or a parameter the city has yet to set).  The type is the narrowest integer type that
    holds the column (an open amount fits in int8, 15 nights in int16, 1,600 yuan in int32), so
    widen before arithmetic that could overflow (`col.astype(np.int64)`; `sum` already does).
    `amount_max_fen` is a range's upper end (the same array when the policy has no range); both
    are None for a policy without an amount.

    `amount_each` is a hint, not a substitute: the amount (float, NaN when open) when it is the
    same for every eligible person, so totals are counts times one number.

    `amount` / `amount_max` give the same amounts as float64 (yuan, NaN where unknown; for a policy
    without an amount 0.0, NaN where undetermined), built on first read.

    Columns of one evaluation are views into one allocation; it is freed with the last of them.
    """

    __slots__ = ("status", "amount_fen", "amount_max_fen", "amount_each", "amount_max_each", "_amount", "_amount_max")

    def __init__(
        self,
        status: np.ndarray,
        amount_fen: np.ndarray | None = None,
        amount_max_fen: np.ndarray | None = None,
        *,
        amount_each: float | None = None,
        amount_max_each: float | None = None,
    ) -> None:
        if amount_fen is None and (amount_max_fen is not None or amount_each is not None):
            raise ValueError("an upper end or a per-person hint needs an amount column")
        self.status = status
        self.amount_fen = amount_fen
        self.amount_max_fen = amount_fen if amount_max_fen is None else amount_max_fen
        self.amount_each = amount_each
        self.amount_max_each = amount_each if amount_max_each is None and amount_max_fen is None else amount_max_each
        self._amount: np.ndarray | None = None
        self._amount_max: np.ndarray | None = None

    @property
    def amount(self) -> np.ndarray:
        if self._amount is None:
            self._amount = self._yuan(self.amount_fen)
        return self._amount

    @property
    def amount_max(self) -> np.ndarray:
        if self.amount_max_fen is self.amount_fen:
            return self.amount
        if self._amount_max is None:
            self._amount_max = self._yuan(self.amount_max_fen)
        return self._amount_max

    def _yuan(self, fen: np.ndarray | None) -> np.ndarray:
        if fen is None:
            undecided = self.status == -1
            if not undecided.any():
                return np.broadcast_to(np.float64(0.0), self.status.shape)
            return np.where(undecided, math.nan, 0.0)
        column = fen / 100.0
        column[fen == unknown_fen(fen.dtype)] = math.nan
        return column

    def __repr__(self) -> str:
        kind = "no amount" if self.amount_fen is None else f"amount_fen={self.amount_fen.dtype}"
        return f"PopulationResult(n={self.status.size}, {kind})"
