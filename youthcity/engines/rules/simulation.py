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

import numpy as np

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
        undetermined = res.status == -1
        n_eligible = int(np.count_nonzero(eligible))
        each, each_max = res.amount_each, res.amount_max_each
        if each is not None and each_max is not None:
            # The same amount for every eligible person: totals are counts times the amount.
            open_count = n_eligible if math.isnan(each) else 0
            total = 0.0 if math.isnan(each) else n_eligible * each
            total_max = 0.0 if math.isnan(each_max) else n_eligible * each_max
        else:
            open_amount = eligible & np.isnan(res.amount)
            amount = np.where(np.isnan(res.amount), 0.0, res.amount)
            amount_max = np.where(np.isnan(res.amount_max), 0.0, res.amount_max)
            open_count, total, total_max = int(open_amount.sum()), float(amount.sum()), float(amount_max.sum())
        by_district: dict[str, DistrictFigures] = {}
        if dcodes is not None and districts:
            k = len(districts)
            e_counts = np.bincount(dcodes[eligible], minlength=k)
            u_counts = np.bincount(dcodes[undetermined], minlength=k)
            totals: np.ndarray
            totals_max: np.ndarray
            if each is not None and each_max is not None:
                totals = e_counts * (0.0 if math.isnan(each) else each)
                totals_max = e_counts * (0.0 if math.isnan(each_max) else each_max)
            else:
                totals = np.bincount(dcodes, weights=amount, minlength=k)
                totals_max = np.bincount(dcodes, weights=amount_max, minlength=k)
            for i, name in enumerate(districts):
                by_district[name] = DistrictFigures(
                    int(e_counts[i]), int(u_counts[i]), float(totals[i]), float(totals_max[i])
                )
        to_be_set = policy.amount is not None and any(params.get(p) is None for p in policy.amount.params)
        figures[pid] = PolicyFigures(
            policy_id=pid,
            kind=policy.kind,
            unit=policy.amount.unit if policy.amount else None,
            period=policy.amount.period if policy.amount else None,
            eligible=n_eligible,
            not_eligible=int((res.status == 0).sum()),
            undetermined=int(undetermined.sum()),
            amount_open=open_count if policy.amount else 0,
            total=float(total),
            total_max=float(total_max),
            to_be_set=to_be_set,
            by_district=by_district,
        )
    return SimulationSummary(on=on, population=n, overrides=dict(overrides or {}), policies=figures)
