"""Every expression form gives the same answer in both evaluators (Hypothesis, with unknowns)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.rules import PolicySet, Status, load_policy_set, table_from_records

EXPRESSIONS = [
    "days_between(graduation_date, today) > 400",
    "graduation_date + 30 < today - 365",
    "today - birth_date >= 365 * 20",
    "min(internship_months, 6) * 2 >= max(3, internship_months - 1)",
    "(if is_intern then internship_months else 0) > 2",
    "if is_intern then true else is_job_seeking",
    "employment_status not in ['student', 'unemployed']",
    "not (education_level == 'bachelor' or education_level == 'master')",
    "hukou_city == current_city",
    "home_city != 'luoyang' and work_district in ['luolong', 'xigong']",
    "internship_months / 4 > 1.5",
    "-internship_months < -3 or not is_full_time",
    "years_between(birth_date, graduation_date) >= 22",
    "months_between(date('2023-01-31'), graduation_date) > 5",
    "30 >= years_between(birth_date, today) and 6 < months_between(graduation_date, today)",
    "years_between(birth_date, date('2024-01-01')) > 20 or months_between(graduation_date, today) <= 30",
    "months_between(today, graduation_date) > -12",
    "policy.base.eligible and policy.base.amount > 150",
    "policy.base.amount * 2 == 400 or is_startup_founder",
    # Rewritten by the vector evaluator into a cut on the date column (either side, every order op).
    "months_between(graduation_date, today) >= 12 and 40 > months_between(graduation_date, today)",
    "months_between(graduation_date, date('2024-02-29')) <= 7 or years_between(birth_date, today) < 19",
    "years_between(date('2000-02-29'), birth_date) <= -3 or 4 >= months_between(today, graduation_date)",
    "months_between(today, graduation_date) < -6 and years_between(graduation_date, today) > 0",
    "12 * 2 > months_between(graduation_date, today) and years_between(birth_date, today) >= 2 * 10",
    # A known constant on one side of `and` / `or` settles the node or passes the other side on.
    "true and is_job_seeking",
    "is_job_seeking or false",
    "(1 == 2) and is_job_seeking",
    "is_job_seeking or (3 > 2)",
    "(0 == 0) or months_between(graduation_date, today) < 6",
    "is_intern and (1 < 0 or is_full_time)",
    # Scratch columns are overwritten in place by their reader: a subexpression read twice in one
    # tree (kept) beside temporaries (recycled), negations and nested and/or over unknowns.
    "not (is_intern and is_full_time) or (internship_months > 3 and not is_job_seeking)",
    "(education_level in ['bachelor', 'master']) and not (education_level in ['bachelor', 'master'] and is_intern)",
    "not (not is_intern or not (is_full_time or is_job_seeking)) or hukou_city != current_city",
    "(is_intern or is_full_time) and (is_intern or is_full_time) and not (uses_incubator and is_full_time)",
    "employment_status not in ['employed', 'self_employed'] and not (work_district == 'luolong')",
    "(internship_months > 2) == is_intern or (internship_months <= 2) != is_job_seeking",
]

BASE = """\
id: base
name: {zh: 基础, en: Base}
source: {document: D, clause: "1", text: T}
responsible_unit: U
effective: {from: 2020-01-01}
kind: cash
eligibility:
  - id: c
    expression: is_job_seeking or uses_incubator
    clause: "1"
    reason: {pass: {zh: 是, en: yes}, fail: {zh: 否, en: no}}
amount:
  expression: if uses_incubator then 200 else internship_months * 10
  unit: CNY
  period: once
application: {required: false, how_to_apply: {zh: 无, en: none}}
"""

TEMPLATE = """\
id: {pid}
name: {{zh: 测试, en: Test}}
source: {{document: D, clause: "1", text: T}}
responsible_unit: U
effective: {{from: 2020-01-01}}
kind: cash
eligibility:
  - id: c
    expression: "{expr}"
    clause: "1"
    reason: {{pass: {{zh: 是, en: yes}}, fail: {{zh: 否, en: no}}}}
amount:
  expression: "if is_intern then internship_months * 100 else 50"
  unit: CNY
  period: once
application: {{required: false, how_to_apply: {{zh: 无, en: none}}}}
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> PolicySet:
    d: Path = tmp_path_factory.mktemp("forms")
    (d / "base.yaml").write_text(BASE, encoding="utf-8")
    for i, expr in enumerate(EXPRESSIONS):
        (d / f"form_{i:02d}.yaml").write_text(TEMPLATE.format(pid=f"form_{i:02d}", expr=expr), encoding="utf-8")
    return load_policy_set(d)


CODES = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1, Status.AWAITING_CONFIRMATION: 1}
ON = date(2024, 7, 1)


@st.composite
def person(draw: st.DrawFn) -> dict[str, Any]:
    facts: dict[str, Any] = {}

    def maybe(name: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.integers(0, 3)) > 0:
            facts[name] = draw(strategy)

    birth = draw(st.dates(min_value=date(1985, 1, 1), max_value=date(2008, 12, 31)))
    if draw(st.booleans()):
        facts["birth_date"] = birth
    maybe("graduation_date", st.dates(min_value=birth + timedelta(days=365 * 15), max_value=ON))
    maybe("internship_months", st.integers(0, 24))
    for name in ("is_intern", "is_job_seeking", "is_full_time", "is_startup_founder", "uses_incubator"):
        maybe(name, st.booleans())
    maybe("employment_status", st.sampled_from(["student", "employed", "unemployed", "self_employed"]))
    maybe("education_level", st.sampled_from(["bachelor", "master", "associate", "none"]))
    for name in ("hukou_city", "current_city", "home_city"):
        maybe(name, st.sampled_from(["luoyang", "zhengzhou", "xian"]))
    maybe("work_district", st.sampled_from(["luolong", "xigong", "jianxi"]))
    return facts


@settings(max_examples=120, deadline=None)
@given(batch=st.lists(person(), min_size=1, max_size=10))
def test_every_form_agrees(forms: PolicySet, batch: list[dict[str, Any]]) -> None:
    clean = [forms.validate_facts(p, ON) for p in batch]
    vector = forms.evaluate_population(table_from_records(forms.facts, clean), ON)
    for i, facts in enumerate(batch):
        for result in forms.evaluate(facts, ON):
            column = vector[result.policy_id]
            assert CODES[result.status] == column.status[i], (result.policy_id, facts)
            assert column.amount_fen is not None
            if result.meets_conditions and result.amount is not None:
                assert math.isclose(float(result.amount), float(column.amount[i]), abs_tol=0.005)
                assert int(column.amount_fen[i]) == int(result.amount * 100)
            elif result.meets_conditions:
                assert math.isnan(column.amount[i])
            elif result.status is Status.NOT_ELIGIBLE:
                assert column.amount_fen[i] == 0
