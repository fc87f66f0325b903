"""The vector evaluator's shortcuts give exactly what the plain computation gives.

- `months_between` / `years_between` of a date column and a fixed day compared with a constant is
  evaluated as one cut on the column (`_date_cut`): checked day by day against the scalar
  evaluator's `months_between`;
- a constant amount is kept as one number and its column built on first read
  (`PopulationResult.amount`): checked against `np.where` at every density;
- a whole synthetic population (sparse and dense eligibility, missing facts, undecided rows,
  policy references) agrees row by row with the scalar evaluator.

The Hypothesis agreement tests (`test_expression_agreement.py`) also cover the rewritten forms.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from youthcity.engines.rules import PolicySet, Status, synthetic_population, table_from_records
from youthcity.engines.rules.cli import DEFAULT_POLICY_DIR
from youthcity.engines.rules.loader import load_policy_set
from youthcity.engines.rules.model import PopulationResult
from youthcity.engines.rules.scalar import months_between
from youthcity.engines.rules.vector import _COMPARE_UFUNCS, _MAX_ORDINAL, _date_cut

FIXED_DAYS = [date(2024, 2, 29), date(2024, 7, 1), date(2023, 1, 31), date(2021, 12, 31)]
CODES = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1}


def _between(func: str, fixed: int, col_first: bool, day: int) -> int:
    months = months_between(day, fixed) if col_first else months_between(fixed, day)
    return months if func == "months_between" else months // 12


def _cut_truth(cut: tuple[str, int], day: int) -> bool:
    side, at = cut
    if side == "all":
        return True
    if side == "none":
        return False
    return day >= at if side == ">=" else day <= at


@pytest.mark.parametrize("fixed", FIXED_DAYS, ids=str)
@pytest.mark.parametrize("func", ["months_between", "years_between"])
@pytest.mark.parametrize("col_first", [True, False])
def test_date_cut_matches_the_month_count_on_every_day(fixed: date, func: str, col_first: bool) -> None:
    f = fixed.toordinal()
    window = range(f - 800, f + 801, 1)
    ks: list[Any] = [-25, -13, -12, -1, 0, 1, 2, 11, 12, 24, 2.5, -0.5] if func == "months_between" else [-2, -1, 0, 1, 2, 1.5]
    for op, compare in _COMPARE_UFUNCS.items():
        for k in ks:
            cut = _date_cut(func, f, col_first, op, k)
            for day in window:
                expected = bool(compare(_between(func, f, col_first, day), k))
                assert _cut_truth(cut, day) == expected, (func, fixed, col_first, op, k, date.fromordinal(day))
            for day in (1, _MAX_ORDINAL):  # the ends of the calendar too
                assert _cut_truth(cut, day) == bool(compare(_between(func, f, col_first, day), k))


def test_date_cut_constant_answers() -> None:
    f = date(2024, 7, 1).toordinal()
    assert _date_cut("months_between", f, True, "<", 10**9) == ("all", 0)
    assert _date_cut("months_between", f, True, ">", 10**9) == ("none", 0)
    assert _date_cut("years_between", f, False, "<=", float("nan")) == ("none", 0)


@pytest.mark.parametrize("density", [0.0, 0.001, 0.02, 0.2, 0.5, 1.0])
@pytest.mark.parametrize("value", [0.0, 15.0, -3.5, 1600.0, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("undecided_share", [0.0, 0.1])
def test_constant_amount_column_matches_np_where(density: float, value: float, undecided_share: float) -> None:
    """A constant amount kept as one number builds the same column as the definition, on demand."""
    n = 10_000
    draw = np.random.default_rng(7).random(n)
    status = np.where(draw < density, 1, np.where(draw > 1 - undecided_share, -1, 0)).astype(np.int8)
    result = PopulationResult(status, amount_each=value)
    assert result._amount is None  # nothing built until read
    got = result.amount
    expected = np.where(status == 1, value, np.where(status == -1, math.nan, 0.0))
    assert got.dtype == np.float64 and got.shape == (n,)
    assert np.array_equal(got, expected, equal_nan=True)
    assert result.amount_max is got  # no range: the same column
    assert result.amount is got  # built once


def test_population_result_takes_a_column_or_a_number() -> None:
    status = np.array([1, 0, -1], dtype=np.int8)
    with pytest.raises(ValueError):
        PopulationResult(status)
    with pytest.raises(ValueError):
        PopulationResult(status, np.zeros(3), amount_each=1.0)
    ranged = PopulationResult(status, amount_each=100.0, amount_max_each=200.0)
    assert np.array_equal(ranged.amount_max, [200.0, 0.0, math.nan], equal_nan=True)
    assert np.array_equal(ranged.amount, [100.0, 0.0, math.nan], equal_nan=True)


@pytest.fixture(scope="module")
def luoyang_ps() -> PolicySet:
    return load_policy_set(DEFAULT_POLICY_DIR)


def _person(ps: PolicySet, table: Any, i: int) -> dict[str, Any]:
    person: dict[str, Any] = {}
    for name, spec in ps.facts.items():
        known = table.get(f"{name}.known")
        if name not in table or (known is not None and not known[i]):
            continue
        value = table[name][i]
        if spec.type == "date":
            person[name] = date.fromordinal(int(value))
        elif spec.type == "enum":
            person[name] = spec.values[int(value)]
        elif spec.type == "string":
            person[name] = table.categories[name][int(value)]
        elif spec.type == "bool":
            person[name] = bool(value)
        else:
            person[name] = int(value)
    return person


@pytest.mark.parametrize("missing_share", [0.0, 0.15])
@pytest.mark.parametrize("on", [date(2024, 7, 1), date(2022, 2, 28)], ids=str)
def test_population_agrees_with_scalar_row_by_row(luoyang_ps: PolicySet, missing_share: float, on: date) -> None:
    table = synthetic_population(3000, 5, on=on, missing_share=missing_share)
    vector = luoyang_ps.evaluate_population(table, on)
    sparse = [pid for pid, r in vector.items() if 0 < np.count_nonzero(r.status == 1) * 32 <= table.n]
    assert sparse, "the sample should exercise the sparse amount path"
    for i in range(table.n):
        for result in luoyang_ps.evaluate(_person(luoyang_ps, table, i), on, explain=False):
            column = vector[result.policy_id]
            assert CODES[result.status] == column.status[i], (result.policy_id, i)
            amount = float(column.amount[i])
            if result.status is Status.ELIGIBLE and result.amount is not None:
                assert math.isclose(amount, float(result.amount), abs_tol=0.005), (result.policy_id, i)
            elif result.status is Status.NOT_ELIGIBLE:
                assert amount == 0.0, (result.policy_id, i)
            elif result.policy.amount is not None or result.status is Status.UNDETERMINED:
                assert math.isnan(amount), (result.policy_id, i)


def test_results_do_not_alias_each_other(luoyang_ps: PolicySet) -> None:
    """Status columns may be views of internal boolean arrays; no two results share memory."""
    on = date(2024, 7, 1)
    table = synthetic_population(2000, 3, on=on)
    out = luoyang_ps.evaluate_population(table, on)
    statuses = [r.status for r in out.values()]
    for i, a in enumerate(statuses):
        for b in statuses[i + 1:]:
            assert not np.shares_memory(a, b)
        for name in table:
            assert not np.shares_memory(a, table[name])
    again = luoyang_ps.evaluate_population(table, on)
    for pid in out:
        assert np.array_equal(out[pid].status, again[pid].status)


def test_graduation_window_edges_hold_on_month_ends(luoyang_ps: PolicySet) -> None:
    """Graduation on each day around a 24-month window edge, through the whole policy set."""
    on = date(2024, 3, 31)
    base: dict[str, Any] = {
        "birth_date": date(2000, 3, 1),
        "education_level": "bachelor",
        "employment_status": "unemployed",
    }
    for offset in range(-40, 41):
        person = dict(base, graduation_date=date(2022, 3, 31) + timedelta(days=offset))
        scalar = {r.policy_id: CODES[r.status] for r in luoyang_ps.evaluate(person, on, explain=False)}
        clean = [luoyang_ps.validate_facts(person, on)]
        vector = luoyang_ps.evaluate_population(table_from_records(luoyang_ps.facts, clean), on)
        for pid, code in scalar.items():
            assert vector[pid].status[0] == code, (pid, person["graduation_date"])
