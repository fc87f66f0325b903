"""Dated parameters, what-if overrides and to-be-set parameters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

from youthcity.engines.rules import PolicySet, Status, load_policy_set, synthetic_population

from .conftest import DEMO_POLICY, LUOYANG


def test_value_is_last_dated_on_or_before(policy_dir: Callable[..., Path]) -> None:
    ps = load_policy_set(policy_dir(demo=DEMO_POLICY))
    spec = ps.parameters["demo.amount"]
    assert spec.value_at(date(2019, 12, 31)) is None
    assert spec.value_at(date(2020, 1, 1)) == 100
    assert spec.value_at(date(2022, 12, 31)) == 100
    assert spec.value_at(date(2023, 1, 1)) == 150
    facts = {"education_level": "bachelor"}
    assert ps.evaluate(facts, date(2022, 6, 1))[0].amount == Decimal("100.00")
    assert ps.evaluate(facts, date(2023, 6, 1))[0].amount == Decimal("150.00")


def test_overrides_apply_to_both_evaluators(policy_dir: Callable[..., Path]) -> None:
    ps = load_policy_set(policy_dir(demo=DEMO_POLICY))
    on = date(2023, 6, 1)
    (r,) = ps.evaluate({"education_level": "master"}, on, overrides={"demo.amount": 999})
    assert r.amount == Decimal("999.00")
    table = synthetic_population(500, 3, LUOYANG)
    base = ps.evaluate_population(table, on)["demo"]
    what_if = ps.evaluate_population(table, on, overrides={"demo.amount": 999})["demo"]
    eligible = base.status == 1
    assert eligible.any()
    assert np.all(base.amount[eligible] == 150)
    assert np.all(what_if.amount[eligible] == 999)


def test_minimum_wage_history_drives_internship_allowance(luoyang: PolicySet) -> None:
    facts = {"education_level": "bachelor", "is_intern": True, "work_district": "luolong"}
    by_date = {
        d: next(r for r in luoyang.evaluate(facts, d) if r.policy_id == "internship_living_allowance").amount
        for d in (date(2021, 12, 31), date(2022, 1, 1), date(2025, 1, 1))
    }
    assert by_date == {
        date(2021, 12, 31): Decimal("1520.00"),
        date(2022, 1, 1): Decimal("1600.00"),
        date(2025, 1, 1): Decimal("1600.00"),
    }
    wage = luoyang.parameters["minimum_wage.monthly.tier1"]
    assert wage.reference is not None and "豫政〔2021〕33号" in wage.reference.document.zh


def test_to_be_set_parameters_never_become_numbers(luoyang: PolicySet) -> None:
    to_be_set = {name for name, p in luoyang.parameters.items() if p.to_be_set_by_city}
    assert {"interview_subsidy.amount", "private_enterprise_hiring_subsidy.amount", "startup_loan.max_amount"} <= to_be_set
    for name in to_be_set:
        assert all(v is None for _, v in luoyang.parameters[name].values)
    facts = {"education_level": "bachelor", "hukou_city": "xian", "home_city": "xian", "has_interview_invitation": True}
    result = next(r for r in luoyang.evaluate(facts, date(2024, 6, 1)) if r.policy_id == "interview_travel_subsidy")
    assert result.status is Status.ELIGIBLE
    assert result.amount is None and result.amount_to_be_set
    assert result.unset_parameters == ("interview_subsidy.amount",)
    # Once the city sets the figure (what-if), the amount appears.
    result2 = next(
        r for r in luoyang.evaluate(facts, date(2024, 6, 1), overrides={"interview_subsidy.amount": 300})
        if r.policy_id == "interview_travel_subsidy"
    )
    assert result2.amount == Decimal("300.00") and not result2.amount_to_be_set


def test_vector_amount_is_nan_when_to_be_set(luoyang: PolicySet) -> None:
    table = synthetic_population(20_000, 2, LUOYANG)
    res = luoyang.evaluate_population(table, date(2024, 7, 1))["interview_travel_subsidy"]
    eligible = res.status == 1
    assert eligible.any()
    assert np.isnan(res.amount[eligible]).all()
    assert (res.amount[res.status == 0] == 0).all()


def test_block_evaluation_matches_whole_columns(luoyang: PolicySet) -> None:
    from youthcity.engines.rules.vector import evaluate_table

    on = date(2024, 7, 1)
    table = synthetic_population(5_000, 8, LUOYANG, missing_share=0.1)
    params = luoyang.parameter_values(on)
    whole = evaluate_table(luoyang.policies, luoyang.facts, table, params, on)
    blocks = evaluate_table(luoyang.policies, luoyang.facts, table, params, on, chunk_rows=777)
    for pid in whole:
        assert np.array_equal(whole[pid].status, blocks[pid].status)
        assert np.array_equal(whole[pid].amount, blocks[pid].amount, equal_nan=True)
        assert np.array_equal(whole[pid].amount_max, blocks[pid].amount_max, equal_nan=True)
