"""Typed, immutable objects the loader builds and the evaluators read.

Everything here is plain data: loading (`loader.py`) validates and constructs it, evaluation
(`scalar.py`, `vector.py`) only reads it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    """A document an application for the benefit needs."""

    id: str
    label: Text


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
            "sources": [
                {"document": s.document.get(lang), "clause": s.clause, "text": s.text} for s in self.sources
            ],
            "conditions": [
                {"id": c.id, "expression": c.text, "clause": c.clause} for c in self.conditions
            ],
            "amount": None
            if self.amount is None
            else {
                "expression": self.amount.text,
                "max": self.amount.max_text,
                "unit": self.amount.unit,
                "period": self.amount.period,
            },
            "application_required": self.application_required,
            "documents": [{"id": d.id, "label": d.label.get(lang)} for d in self.documents],
            "how_to_apply": self.how_to_apply.get(lang),
            "facts": sorted(self.facts),
            "depends_on": sorted(self.depends_on),
        }


# ---------------------------------------------------------------------------------------------
# Results


class Status(StrEnum):
    """Three answers, not two: a missing fact never turns into "not eligible"."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"


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
    conditions: tuple[ConditionResult, ...]
    reason: Text

    @property
    def eligible(self) -> bool | None:
        """True / False / None (undetermined)."""
        if self.status is Status.UNDETERMINED:
            return None
        return self.status is Status.ELIGIBLE

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


class PopulationResult:
    """Column results for one policy over a population.

    `status` holds 1 (eligible), 0 (not eligible) or -1 (undetermined).  `amount` is 0.0 where not
    eligible, the amount where eligible, and NaN where undetermined or where the amount is open
    (missing fact or to-be-set parameter); `amount_max` likewise for a range's upper end (the same
    array as `amount` when the policy has no range).

    When the amount is the same for every eligible person (it reads only parameters, as most
    amounts do), it is kept as one number, `amount_each` (`amount_max_each`; NaN when open), and
    the column is only built when `amount` is first read: a million-row float64 column is 8 MB
    to write, and the counts and totals a simulation needs follow from the status and the number.
    Arrays are results, not buffers: a policy without an amount and nothing undetermined gets a
    shared read-only zero view.
    """

    __slots__ = ("status", "amount_each", "amount_max_each", "_amount", "_amount_max")

    def __init__(
        self,
        status: np.ndarray,
        amount: np.ndarray | None = None,
        amount_max: np.ndarray | None = None,
        *,
        amount_each: float | None = None,
        amount_max_each: float | None = None,
    ) -> None:
        if (amount is None) == (amount_each is None):
            raise ValueError("give either an amount column or amount_each")
        self.status = status
        self._amount = amount
        self.amount_each = amount_each
        if amount_max is None and amount_max_each is None:
            amount_max, amount_max_each = amount, amount_each  # no range: the same amount
        self._amount_max = amount_max
        self.amount_max_each = amount_max_each

    @property
    def amount(self) -> np.ndarray:
        if self._amount is None:
            assert self.amount_each is not None
            self._amount = self._column(self.amount_each)
            if self.amount_max_each is self.amount_each and self._amount_max is None:
                self._amount_max = self._amount
        return self._amount

    @property
    def amount_max(self) -> np.ndarray:
        if self._amount_max is None:
            assert self.amount_max_each is not None
            if self.amount_max_each is self.amount_each:
                self._amount_max = self.amount
            else:
                self._amount_max = self._column(self.amount_max_each)
        return self._amount_max

    def _column(self, each: float) -> np.ndarray:
        status = self.status
        has_undecided = status.size > 0 and int(status.min()) < 0
        if each == 0.0 and not has_undecided:
            return np.broadcast_to(np.float64(0.0), status.shape)
        # Without undecided rows the int8 status holds only 0 and 1: read it as booleans, no copy.
        eligible = (status == 1) if has_undecided else status.view(np.bool_)
        if math.isfinite(each):
            column = eligible * each  # bool * float: 0.0 or the amount, one pass
        else:
            column = np.where(eligible, each, 0.0)
        if has_undecided:
            column[status == -1] = math.nan
        return column

    def __repr__(self) -> str:
        amount = f"amount_each={self.amount_each!r}" if self.amount_each is not None else "amount=<column>"
        return f"PopulationResult(n={self.status.size}, {amount})"
