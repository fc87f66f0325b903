"""Synthetic population: seeded, internally consistent, plausible shares; simulation summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from youthcity.engines.rules import (
    PolicySet,
    load_policy_set,
    simulate,
    synthetic_population,
)
from youthcity.engines.rules.population import years_between_days

from .conftest import DEMO_POLICY, LUOYANG

ON = date(2024, 7, 1)


def test_same_seed_same_table_other_seed_other_table() -> None:
    a = synthetic_population(5_000, 42, LUOYANG)
    b = synthetic_population(5_000, 42, LUOYANG)
    c = synthetic_population(5_000, 43, LUOYANG)
    assert set(a) == set(b)
    for name in a:
        assert np.array_equal(a[name], b[name]), name
    assert not np.array_equal(a["birth_date"], c["birth_date"])


def test_internal_consistency() -> None:
    table = synthetic_population(50_000, 1, LUOYANG, on=ON)
    age = years_between_days(table["birth_date"], ON.toordinal())
    assert age.min() >= 14 and age.max() <= 35
    grad = table["graduation_date"]
    known = table["graduation_date.known"]
    assert (grad[known] <= ON.toordinal()).all()
    edu_values = ("none", "junior_high", "senior_high", "vocational", "preparatory_technician", "technician",
                  "associate", "bachelor", "master", "doctorate")
    level = np.asarray(edu_values, dtype=object)[table["education_level"]]
    tertiary = np.isin(level, ["associate", "bachelor", "master", "doctorate", "technician", "preparatory_technician"])
    birth = table["birth_date"].astype(np.int64)
    # Tertiary graduation after the 18th birthday (approximated as 18 * 365.25 days).
    assert (grad[tertiary] - birth[tertiary] >= 18 * 365).all()
    # Nobody without education has a graduation date; everyone else has one.
    assert not known[level == "none"].any()
    assert known[level != "none"].all()
    # A doctorate needs years: nobody under 27 holds one.
    assert (age[level == "doctorate"] >= 27).all()
    # Enterprises belong to founders only.
    founders = table["is_startup_founder"]
    for flag in ("enterprise_is_private", "enterprise_in_city", "enterprise_hired_graduates", "uses_incubator"):
        assert not table[flag][~founders].any(), flag
    # Interns have internship months, others none.
    assert (table["internship_months"][table["is_intern"]] >= 1).all()
    assert (table["internship_months"][~table["is_intern"]] == 0).all()


def test_shares_are_plausible() -> None:
    table = synthetic_population(100_000, 5, LUOYANG)
    local = table.categories["hukou_city"].index("luoyang")
    share_local = float((table["hukou_city"] == local).mean())
    assert 0.58 < share_local < 0.66
    student = (table["employment_status"] == 0).mean()
    assert 0.15 < student < 0.45
    assert set(np.unique(table["district"])) == set(range(len(LUOYANG.districts)))


def test_missing_share_blanks_facts() -> None:
    table = synthetic_population(20_000, 9, LUOYANG, missing_share=0.2)
    share = 1 - table["is_intern.known"].mean()
    assert 0.17 < share < 0.23


def test_simulation_counts_and_per_district(luoyang: PolicySet) -> None:
    table = synthetic_population(30_000, 3, LUOYANG)
    summary = simulate(luoyang, table, ON)
    station = summary.policies["youth_station_stay"]
    assert station.eligible > 0
    assert station.eligible + station.not_eligible + station.undetermined == 30_000
    assert sum(d.eligible for d in station.by_district.values()) == station.eligible
    assert station.total == 15 * station.eligible
    allowance = summary.policies["internship_living_allowance"]
    # By place: tier-1 districts price 1,600 yuan; the counties the city has yet to set stay open.
    assert allowance.amount_open > 0
    assert allowance.total == 1600 * (allowance.eligible - allowance.amount_open)
    assert allowance.by_district["luolong"].total > 0 and allowance.by_district["yiyang"].total == 0
    interview = summary.policies["interview_travel_subsidy"]
    assert interview.to_be_set and interview.total == 0 and interview.amount_open == interview.eligible
    base = summary.policies["enterprise_university_base_subsidy"]
    assert base.total_max == 2 * base.total
    # What-if: lowering the youth age cap can only reduce the incubator waiver count.
    what_if = simulate(luoyang, table, ON, overrides={"youth.max_age": 28})
    assert what_if.policies["incubator_rent_waiver"].eligible <= summary.policies["incubator_rent_waiver"].eligible
    priced = simulate(luoyang, table, ON, overrides={"interview_subsidy.amount": 500})
    assert priced.policies["interview_travel_subsidy"].total == 500 * interview.eligible


def test_simulation_reports_undetermined(luoyang: PolicySet) -> None:
    table = synthetic_population(10_000, 4, LUOYANG, missing_share=0.3)
    summary = simulate(luoyang, table, ON)
    assert summary.policies["youth_station_stay"].undetermined > 0


def test_simulation_totals_for_an_amount_that_varies_by_person(policy_dir: Callable[..., Path]) -> None:
    """An amount read from a fact is a column: totals are its sums, undecided and open rows left out."""
    text = DEMO_POLICY.replace("expression: param.demo.amount", "expression: internship_months * param.demo.amount")
    ps = load_policy_set(policy_dir(demo=text))
    table = synthetic_population(20_000, 5, LUOYANG, missing_share=0.2)
    (res,) = ps.evaluate_population(table, ON).values()
    assert res.amount_each is None  # varies by person: kept as a column
    summary = simulate(ps, table, ON)
    figures = summary.policies["demo"]
    months = np.asarray(table["internship_months"], dtype=np.float64)
    known = table.get("internship_months.known", np.ones(20_000, dtype=bool))
    eligible = res.status == 1
    assert figures.eligible == int(eligible.sum()) > 0
    assert figures.amount_open == int((eligible & ~known).sum()) > 0
    assert figures.total == pytest.approx(float((months * 150)[eligible & known].sum()))
    assert sum(d.total for d in figures.by_district.values()) == pytest.approx(figures.total)
