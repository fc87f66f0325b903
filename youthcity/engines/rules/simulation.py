"""Microsimulation: eligible counts and costs per policy and per district.

Totals are sums of amounts over eligible persons whose amount is known.  They are in each
policy's own unit (`unit`, per `period`): yuan for cash benefits, months or nights for waivers and
stays.  A range (amount with `max`) gives a low and a high total.  Persons whose amount stays
open (a to-be-set parameter) are counted in `amount_open`, never priced at an invented number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from .model import PopulationResult, unknown_fen
from .policyset import Overrides, PolicySet


@dataclass(frozen=True, slots=True)
class DistrictFigures:
    """One policy's figures in one district."""

    eligible: int
    undetermined: int
    total: float
    total_max: float


@dataclass(frozen=True, slots=True)
class PolicyFigures:
    """One policy's figures over the whole population."""

    policy_id: str
    kind: str
    unit: str | None
    period: str | None
    eligible: int
    not_eligible: int
    undetermined: int
    amount_open: int  # eligible persons whose amount is open (to be set, or missing facts)
    total: float
    total_max: float
    to_be_set: bool
    by_district: dict[str, DistrictFigures] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    """Figures for every policy on one date, with the parameter overrides used."""

    on: date
    population: int
    overrides: dict[str, object]
    policies: dict[str, PolicyFigures]

    def total_cash(self) -> float:
        """Sum of the known yuan totals of cash policies (low end of ranges)."""
        return float(
            sum(p.total for p in self.policies.values() if p.kind == "cash" and p.unit == "CNY")
        )


def simulate(
    policy_set: PolicySet,
    table: Mapping[str, np.ndarray],
    on: date,
    overrides: Overrides | None = None,
    district_column: str = "district",
) -> SimulationSummary:
    """Run every policy over `table` and summarise counts and totals (per district if present)."""
    results = policy_set.evaluate_population(table, on, overrides)
    n = len(next(iter(table.values()))) if table else 0
    districts: tuple[str, ...] = ()
    dcodes = None
    if district_column in table:
        dcodes = np.asarray(table[district_column]).astype(np.intp, copy=False)
        districts = getattr(table, "categories", {}).get(district_column, ())
        if not districts:
            districts = tuple(str(i) for i in range(int(dcodes.max()) + 1 if n else 0))
    params = policy_set.parameter_values(on, overrides)
    figures: dict[str, PolicyFigures] = {}
    for pid, res in results.items():
        policy = policy_set.policies[pid]
        eligible = res.status == 1
        n_eligible = int(np.count_nonzero(eligible))
        totals = _Totals.of(res, eligible, n_eligible)
        by_district: dict[str, DistrictFigures] = {}
        if dcodes is not None and districts:
            by_district = _by_district(res, eligible, totals, dcodes, districts)
        to_be_set = policy.amount is not None and _amount_to_be_set(policy_set, policy.amount.params, params)
        figures[pid] = PolicyFigures(
            policy_id=pid,
            kind=policy.kind,
            unit=policy.amount.unit if policy.amount else None,
            period=policy.amount.period if policy.amount else None,
            eligible=n_eligible,
            not_eligible=int(np.count_nonzero(res.status == 0)),
            undetermined=int(np.count_nonzero(res.status == -1)),
            amount_open=totals.open_count,
            total=totals.total,
            total_max=totals.total_max,
            to_be_set=to_be_set,
            by_district=by_district,
        )
    return SimulationSummary(on=on, population=n, overrides=dict(overrides or {}), policies=figures)


def _amount_to_be_set(policy_set: PolicySet, names: frozenset[str], params: dict[str, Any]) -> bool:
    """Whether the city has yet to set the amount: a plain parameter without a value, or a
    regional parameter none of whose places has one (a place still open is counted in
    `amount_open`, the others are priced)."""
    regional: dict[str, bool] = {}
    for name in names:
        spec = policy_set.parameters[name]
        if spec.regional is None:
            if params.get(name) is None:
                return True
        elif spec.group != "unassigned":
            regional[spec.regional] = regional.get(spec.regional, False) or params.get(name) is not None
    return any(not has_value for has_value in regional.values())


@dataclass(frozen=True, slots=True)
class _Totals:
    """One policy's totals: the amount when the same for everyone, or the known amounts (fen)."""

    open_count: int
    total: float
    total_max: float
    each: float | None  # the one amount of every eligible person (None: it varies, or no amount)
    each_max: float | None
    known: np.ndarray | None  # per person, the amount in fen where known (0 elsewhere)
    known_max: np.ndarray | None

    @staticmethod
    def of(res: PopulationResult, eligible: np.ndarray, n_eligible: int) -> _Totals:
        if res.amount_fen is None:
            return _Totals(0, 0.0, 0.0, 0.0, 0.0, None, None)
        each, each_max = res.amount_each, res.amount_max_each
        if each is not None and each_max is not None:
            # The same amount for every eligible person: totals are counts times the amount.
            return _Totals(
                n_eligible if math.isnan(each) else 0,
                0.0 if math.isnan(each) else n_eligible * each,
                0.0 if math.isnan(each_max) else n_eligible * each_max,
                each, each_max, None, None,
            )
        fen = _known_fen(res.amount_fen)
        fen_max = fen if res.amount_max_fen is res.amount_fen else _known_fen(res.amount_max_fen)
        open_count = int(np.count_nonzero(eligible & (res.amount_fen == unknown_fen(res.amount_fen.dtype))))
        return _Totals(open_count, int(fen.sum()) / 100, int(fen_max.sum()) / 100, None, None, fen, fen_max)


def _known_fen(column: np.ndarray | None) -> np.ndarray:
    """Amounts in fen as int64, unknown ones as 0 (they are counted apart, never priced)."""
    assert column is not None
    return np.where(column == unknown_fen(column.dtype), 0, column).astype(np.int64, copy=False)


def _by_district(
    res: PopulationResult, eligible: np.ndarray, totals: _Totals, dcodes: np.ndarray, districts: tuple[str, ...]
) -> dict[str, DistrictFigures]:
    k = len(districts)
    e_counts = np.bincount(dcodes[eligible], minlength=k)
    u_counts = np.bincount(dcodes[res.status == -1], minlength=k)
    sums: np.ndarray
    sums_max: np.ndarray
    if totals.known is not None and totals.known_max is not None:
        sums = np.bincount(dcodes, weights=totals.known, minlength=k) / 100
        sums_max = np.bincount(dcodes, weights=totals.known_max, minlength=k) / 100
    else:
        each = totals.each if totals.each is not None and not math.isnan(totals.each) else 0.0
        each_max = totals.each_max if totals.each_max is not None and not math.isnan(totals.each_max) else 0.0
        sums, sums_max = e_counts * each, e_counts * each_max
    return {
        name: DistrictFigures(int(e_counts[i]), int(u_counts[i]), float(sums[i]), float(sums_max[i]))
        for i, name in enumerate(districts)
    }
