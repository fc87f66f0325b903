"""Students (final-year boundary), validity and the city's confirmation, parameters by place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from youthcity.engines.rules import PolicyError, PolicySet, Status, load_policy_set
from youthcity.engines.rules.scalar import months_between
from youthcity.engines.rules.vector import table_from_records

CODES = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1, Status.AWAITING_CONFIRMATION: 1}
OUT_OF_TOWN = {"hukou_city": "zhengzhou", "home_city": "zhengzhou", "has_interview_invitation": True,
               "is_job_seeking": True}


def _result(ps: PolicySet, facts: dict, on: date, pid: str):
    return next(r for r in ps.evaluate(facts, on) if r.policy_id == pid)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    on=st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 12, 31)),
    ahead=st.integers(min_value=-40, max_value=800),
    level=st.sampled_from(["vocational", "associate", "bachelor", "master", "technician"]),
)
def test_final_year_boundary_matches_its_definition(luoyang: PolicySet, on: date, ahead: int, level: str) -> None:
    """A student qualifies as "应聘大学生" exactly when studying for a university degree and
    graduating on or after the date and less than 12 whole months later — both evaluators."""
    expected_graduation = on + timedelta(days=ahead)
    facts = {**OUT_OF_TOWN, "education_level": "senior_high", "is_student": True, "study_level": level,
             "expected_graduation_date": expected_graduation}
    final_year = (level in ("associate", "bachelor", "master") and expected_graduation >= on
                  and months_between(on.toordinal(), expected_graduation.toordinal()) < 12)
    want = Status.ELIGIBLE if final_year else Status.NOT_ELIGIBLE
    for pid in ("interview_travel_subsidy", "youth_station_stay"):
        assert _result(luoyang, facts, on, pid).status is want, (pid, facts, on)
    clean = luoyang.validate_facts(facts, on)
    vector = luoyang.evaluate_population(table_from_records(luoyang.facts, [clean]), on)
    assert int(vector["interview_travel_subsidy"].status[0]) == CODES[want]


def test_students_of_any_year_may_have_the_internship_allowance(luoyang: PolicySet) -> None:
    facts = {"education_level": "senior_high", "is_student": True, "study_level": "bachelor",
             "expected_graduation_date": date(2027, 6, 30), "is_intern": True, "work_district": "jianxi"}
    result = _result(luoyang, facts, date(2024, 6, 1), "internship_living_allowance")
    assert result.status is Status.ELIGIBLE and float(result.amount) == 1600


def test_every_luoyang_policy_has_a_period_and_a_review_date(luoyang: PolicySet) -> None:
    for policy in luoyang.policies.values():
        assert policy.validity is not None, policy.id
        assert policy.validity.until is None or policy.validity.review <= policy.validity.until
    assert luoyang.policies["interview_travel_subsidy"].validity.until == date(2025, 12, 31)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(on=st.dates(min_value=date(2022, 1, 1), max_value=date(2028, 12, 31)))
def test_past_the_period_a_qualifying_person_awaits_confirmation_never_eligible(luoyang: PolicySet, on: date) -> None:
    facts = {**OUT_OF_TOWN, "education_level": "bachelor", "birth_date": date(2000, 3, 1)}
    for result in luoyang.evaluate(facts, on):
        lapsed = result.policy.needs_confirmation(on)
        if result.status is Status.AWAITING_CONFIRMATION:
            assert lapsed and result.confirmation == lapsed and "待市里确认" in result.reason.zh
        if lapsed:
            assert result.status is not Status.ELIGIBLE


def test_the_citys_confirmation_lifts_the_wait(policy_dir: Callable[..., Path]) -> None:
    policy = _POLICY.replace("VALIDITY", "validity: {period: {zh: 十四五, en: 14th FYP}, until: 2025-12-31, "
                                          "review: 2025-12-31, confirmed_until: 2027-12-31, confirmed_by: 洛政〔2026〕1号}")
    ps = load_policy_set(policy_dir(demo=policy))
    assert ps.evaluate({"is_intern": True}, date(2026, 12, 1))[0].status is Status.ELIGIBLE
    assert ps.evaluate({"is_intern": True}, date(2028, 1, 1))[0].status is Status.AWAITING_CONFIRMATION


@pytest.mark.parametrize("validity,message", [
    ("validity: {period: {zh: a, en: a}, until: 2025-12-31, review: 2026-06-30}", "review is after validity.until"),
    ("validity: {period: {zh: a, en: a}, until: 2019-12-31, review: 2019-12-31}", "before effective.from"),
    ("validity: {period: {zh: a, en: a}, until: 2025-12-31, review: 2025-12-31, confirmed_until: 2027-01-01}",
     "go together"),
    ("validity: {period: {zh: a, en: a}, until: 2025-12-31}", "missing the required key 'review'"),
])
def test_bad_validity_is_refused_at_its_line(policy_dir: Callable[..., Path], validity: str, message: str) -> None:
    with pytest.raises(PolicyError) as exc:
        load_policy_set(policy_dir(demo=_POLICY.replace("VALIDITY", validity)))
    assert message in exc.value.message and exc.value.line >= 1


# -- parameters by place -------------------------------------------------------------------------


def test_a_regional_parameter_is_chosen_by_the_place(luoyang: PolicySet) -> None:
    on = date(2024, 6, 1)
    base = {"education_level": "bachelor", "is_intern": True}
    amounts = {d: _result(luoyang, dict(base, work_district=d), on, "internship_living_allowance")
               for d in ("luolong", "jianxi", "yiyang", "luanchuan")}
    assert float(amounts["luolong"].amount) == float(amounts["jianxi"].amount) == 1600
    assert amounts["yiyang"].amount is None and amounts["yiyang"].amount_to_be_set
    assert not amounts["luolong"].amount_to_be_set
    assert "minimum_wage.monthly.yiyang" in amounts["yiyang"].unset_parameters
    assert "minimum_wage.monthly.yiyang" not in amounts["luolong"].unset_parameters


def test_values_set_by_the_city_apply_from_their_date(luoyang: PolicySet) -> None:
    ps = luoyang.with_values({"minimum_wage.monthly.yiyang": [(date(2022, 1, 1), 1800)],
                              "interview_subsidy.amount": [(date(2026, 1, 1), 500)]})
    facts = {"education_level": "bachelor", "is_intern": True, "work_district": "yiyang"}
    assert float(_result(ps, facts, date(2024, 6, 1), "internship_living_allowance").amount) == 1440
    assert _result(ps, facts, date(2021, 12, 31), "internship_living_allowance").amount is None
    interview = {**OUT_OF_TOWN, "education_level": "bachelor"}
    assert _result(ps, interview, date(2025, 6, 1), "interview_travel_subsidy").amount_to_be_set
    assert float(_result(ps, interview, date(2026, 6, 1), "interview_travel_subsidy").amount) == 500
    assert luoyang.parameters["interview_subsidy.amount"].to_be_set_by_city  # the original is untouched
    with pytest.raises(KeyError):
        luoyang.with_values({"minimum_wage.nowhere": [(date(2022, 1, 1), 1)]})
    with pytest.raises(ValueError):
        luoyang.with_values({"youth_station.max_nights_per_stay": [(date(2022, 1, 1), 1.5)]})


def test_amount_on_reads_parameters_for_lists(luoyang: PolicySet) -> None:
    on = date(2026, 12, 1)
    assert luoyang.amount_on("internship_living_allowance", on) == (None, None)  # depends on the county
    assert luoyang.amount_on("internship_living_allowance", on, {"work_district": "xigong"}) == (1600.0, 1600.0)
    assert luoyang.amount_on("enterprise_university_base_subsidy", on) == (100000.0, 200000.0)
    assert luoyang.amount_on("interview_travel_subsidy", on) == (None, None)


@pytest.mark.parametrize("params,message", [
    ("by: work_district\n    values: {a: {2020-01-01: 1}}", "needs both"),
    ("by: work_district\n    regions: {a: [x], b: [x]}\n    values: {a: {2020-01-01: 1}, b: {2020-01-01: 2}}",
     "in both a and b"),
    ("by: work_district\n    regions: {a: [x]}\n    values: {b: {2020-01-01: 1}}", "same groups"),
])
def test_bad_regional_parameters_are_refused(policy_dir: Callable[..., Path], params: str, message: str) -> None:
    text = _REGIONAL.replace("PARAMS", params)
    with pytest.raises(PolicyError) as exc:
        load_policy_set(policy_dir(demo=text))
    assert message in exc.value.message


_POLICY = """
id: demo
name: {zh: 示例, en: Demo}
source: {document: {zh: 方案, en: Plan}, clause: "1", text: 见习补贴}
responsible_unit: 市人社局
effective: {from: 2021-01-01, to: null}
VALIDITY
kind: cash
eligibility:
  - id: intern
    expression: is_intern
    clause: "1"
    reason: {pass: {zh: 是, en: yes}, fail: {zh: 否, en: no}}
application: {required: false, how_to_apply: {zh: 无, en: none}}
"""

_REGIONAL = """
id: demo
name: {zh: 示例, en: Demo}
source: {document: {zh: 方案, en: Plan}, clause: "1", text: 见习补贴}
responsible_unit: 市人社局
effective: {from: 2021-01-01, to: null}
kind: cash
eligibility:
  - id: intern
    expression: is_intern
    clause: "1"
    reason: {pass: {zh: 是, en: yes}, fail: {zh: 否, en: no}}
amount: {expression: param.wage, unit: CNY, period: month}
application: {required: false, how_to_apply: {zh: 无, en: none}}
parameters:
  wage:
    description: {zh: 工资, en: wage}
    type: number
    PARAMS
"""
