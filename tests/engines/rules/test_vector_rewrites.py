"""The vector evaluator's shortcuts give exactly what the plain computation gives.

- `months_between` / `years_between` of a date column and a fixed day compared with a constant is
  evaluated as one cut on the column (`date_cut`): checked day by day against the scalar
  evaluator's `months_between`;
- every amount is written once per person in fen, in the narrowest integer type, with a marker
  for unknown amounts (`PopulationResult.amount_fen`): checked against `np.where` on the status;
- a whole synthetic population (sparse and dense eligibility, missing facts, undecided rows,
  policy references) agrees row by row with the scalar evaluator.

The Hypothesis agreement tests (`test_expression_agreement.py`) also cover the rewritten forms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from youthcity.engines.rules import PolicySet, Status, synthetic_population, table_from_records
from youthcity.engines.rules.loader import load_policy_set
from youthcity.engines.rules.model import PopulationResult, fen_dtype, money_fen, unknown_fen, widen_fen
from youthcity.engines.rules.scalar import months_between
from youthcity.engines.rules.vector import COMPARE_UFUNCS, MAX_ORDINAL, date_cut, evaluate_table

from .conftest import DEMO_POLICY, LUOYANG, LUOYANG_POLICIES

ON = date(2024, 7, 1)
FIXED_DAYS = [date(2024, 2, 29), date(2024, 7, 1), date(2023, 1, 31), date(2021, 12, 31)]
CODES = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1, Status.AWAITING_CONFIRMATION: 1}


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
    for op, compare in COMPARE_UFUNCS.items():
        for k in ks:
            cut = date_cut(func, f, col_first, op, k)
            for day in window:
                expected = bool(compare(_between(func, f, col_first, day), k))
                assert _cut_truth(cut, day) == expected, (func, fixed, col_first, op, k, date.fromordinal(day))
            for day in (1, MAX_ORDINAL):  # the ends of the calendar too
                assert _cut_truth(cut, day) == bool(compare(_between(func, f, col_first, day), k))


def test_date_cut_constant_answers() -> None:
    f = date(2024, 7, 1).toordinal()
    assert date_cut("months_between", f, True, "<", 10**9) == ("all", 0)
    assert date_cut("months_between", f, True, ">", 10**9) == ("none", 0)
    assert date_cut("years_between", f, False, "<=", float("nan")) == ("none", 0)


@pytest.mark.parametrize(
    "value", [0.0, 15.0, -3.5, 0.125, 1600.0, 200_000.0, 3e7, 1e17, math.inf, None], ids=str
)
@pytest.mark.parametrize("missing_share", [0.0, 0.2])
def test_amount_column_is_the_definition_in_fen(
    policy_dir: Callable[..., Path], value: float | None, missing_share: float
) -> None:
    """A constant amount is written once per person, in fen, in the narrowest integer type:
    the amount where eligible, 0 where not, the unknown marker where undecided or open."""
    ps = load_policy_set(policy_dir(demo=DEMO_POLICY))
    table = synthetic_population(4000, 3, LUOYANG, missing_share=missing_share)
    res = ps.evaluate_population(table, ON, overrides={"demo.amount": value})["demo"]
    fen = None if value is None else money_fen(value)
    assert res.amount_fen is not None
    unknown = unknown_fen(res.amount_fen.dtype)
    expected = np.where(res.status == 1, unknown if fen is None else fen, np.where(res.status == -1, unknown, 0))
    assert np.array_equal(res.amount_fen, expected)
    assert res.amount_fen.dtype == fen_dtype(min(0, fen or 0), max(0, fen or 0))
    assert res.amount_max_fen is res.amount_fen  # no range: the same column
    assert np.array_equal(res.amount, np.where(expected == unknown, math.nan, expected / 100), equal_nan=True)
    if missing_share:
        assert (res.status == -1).any()
    assert (res.status == 1).any()
    hint = res.amount_each
    assert hint is not None and (math.isnan(hint) if fen is None else hint == fen / 100)


def test_fen_types_and_widening() -> None:
    assert fen_dtype(0, 127) == np.int8 and fen_dtype(-127, 0) == np.int8
    assert fen_dtype(-128, 0) == np.int16  # the minimum is kept for "unknown"
    assert fen_dtype(0, 160_000) == np.int32 and fen_dtype(0, 2**31) == np.int64
    with pytest.raises(OverflowError):
        fen_dtype(0, 2**63)
    narrow = np.array([5, -128, 0, 127], dtype=np.int8)
    wide = widen_fen(narrow, np.dtype(np.int32))
    assert wide.dtype == np.int32 and wide.tolist() == [5, unknown_fen(np.dtype(np.int32)), 0, 127]
    assert money_fen(1600.0000000000002) == 160_000 and money_fen(math.nan) is None
    assert money_fen(0.125) == 12  # rounded as the scalar path rounds (Decimal of round(x, 2))


def test_population_result_columns() -> None:
    status = np.array([1, 0, -1], dtype=np.int8)
    with pytest.raises(ValueError):
        PopulationResult(status, amount_each=1.0)  # a hint without its column
    plain = PopulationResult(status)
    assert plain.amount_fen is None
    assert np.array_equal(plain.amount, [0.0, 0.0, math.nan], equal_nan=True)
    fen = np.array([10_000, 0, 0], dtype=np.int16)
    fen[2] = unknown_fen(fen.dtype)
    top = np.array([20_000, 0, unknown_fen(np.dtype(np.int16))], dtype=np.int16)
    ranged = PopulationResult(status, fen, top, amount_each=100.0, amount_max_each=200.0)
    assert np.array_equal(ranged.amount, [100.0, 0.0, math.nan], equal_nan=True)
    assert np.array_equal(ranged.amount_max, [200.0, 0.0, math.nan], equal_nan=True)
    single = PopulationResult(status, fen)
    assert single.amount_max is single.amount and single.amount_max_fen is single.amount_fen


@pytest.mark.parametrize("chunk_rows", [1, 333, 4000])
def test_blocks_join_amounts_of_different_widths(policy_dir: Callable[..., Path], chunk_rows: int) -> None:
    """A varying amount may fit int8 in one block and need int32 in another: joined columns keep
    the unknown marker and every amount."""
    text = DEMO_POLICY.replace("expression: param.demo.amount", "expression: internship_months * internship_months * 40")
    ps = load_policy_set(policy_dir(demo=text))
    table = synthetic_population(3000, 6, LUOYANG, missing_share=0.2)
    params = ps.parameter_values(ON)
    whole = evaluate_table(ps.policies, ps.facts, table, params, ON)["demo"]
    blocks = evaluate_table(ps.policies, ps.facts, table, params, ON, chunk_rows=chunk_rows)["demo"]
    assert np.array_equal(whole.status, blocks.status)
    assert np.array_equal(whole.amount, blocks.amount, equal_nan=True)
    assert blocks.amount_fen is not None and whole.amount_fen is not None
    assert np.array_equal(widen_fen(whole.amount_fen, blocks.amount_fen.dtype), blocks.amount_fen)


@pytest.fixture(scope="module")
def luoyang_ps() -> PolicySet:
    return load_policy_set(LUOYANG_POLICIES)


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
    table = synthetic_population(3000, 5, LUOYANG, on=on, missing_share=missing_share)
    vector = luoyang_ps.evaluate_population(table, on)
    sparse = [pid for pid, r in vector.items() if 0 < np.count_nonzero(r.status == 1) * 32 <= table.n]
    assert sparse, "the sample should exercise the sparse amount path"
    for i in range(table.n):
        for result in luoyang_ps.evaluate(_person(luoyang_ps, table, i), on, explain=False):
            column = vector[result.policy_id]
            assert CODES[result.status] == column.status[i], (result.policy_id, i)
            amount = float(column.amount[i])
            if result.meets_conditions and result.amount is not None:
                assert math.isclose(amount, float(result.amount), abs_tol=0.005), (result.policy_id, i)
            elif result.status is Status.NOT_ELIGIBLE:
                assert amount == 0.0, (result.policy_id, i)
            elif result.policy.amount is not None or result.status is Status.UNDETERMINED:
                assert math.isnan(amount), (result.policy_id, i)


def test_results_do_not_alias_each_other(luoyang_ps: PolicySet) -> None:
    """Status columns may be views of internal boolean arrays; no two results share memory."""
    on = date(2024, 7, 1)
    table = synthetic_population(2000, 3, LUOYANG, on=on)
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
