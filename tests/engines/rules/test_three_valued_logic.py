"""Kleene three-valued logic: a missing fact is unknown, never zero or false (scalar and vector)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from youthcity.engines.rules import PolicySet, Status, load_policy_set, table_from_records
from youthcity.engines.rules.expressions import BOOL, NUMBER, Type, check, parse
from youthcity.engines.rules.scalar import UNKNOWN, Env, compile_node

U = UNKNOWN


class Scope:
    types = {"a": BOOL, "b": BOOL, "n": NUMBER, "m": NUMBER}

    def fact_type(self, name: str) -> Type | None:
        return self.types.get(name)

    def param_type(self, name: str) -> Type | None:
        return None

    def policy_exists(self, policy_id: str) -> bool:
        return False


def run(text: str, **facts: Any) -> Any:
    node = parse(text)
    check(node, Scope())
    return compile_node(node)(Env(dict(facts), {}, date(2024, 1, 1).toordinal()))


@pytest.mark.parametrize(
    ("a", "b", "and_", "or_"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (False, False, False, False),
        (True, U, U, True),
        (False, U, False, U),
        (U, U, U, U),
    ],
)
def test_kleene_tables(a: Any, b: Any, and_: Any, or_: Any) -> None:
    facts = {k: v for k, v in (("a", a), ("b", b)) if v is not U}
    assert run("a and b", **facts) is and_
    assert run("b and a", **facts) is and_
    assert run("a or b", **facts) is or_
    assert run("b or a", **facts) is or_


def test_not_and_comparisons_propagate_unknown() -> None:
    assert run("not a") is U
    assert run("not a", a=True) is False
    assert run("n > 3") is U
    assert run("n + 1 > 3", n=5) is True
    assert run("n * 0 == 0") is U  # unknown times zero is still unknown: no silent zero
    assert run("n in [1, 2]") is U
    assert run("min(n, m) > 1", n=2) is U


def test_if_with_unknown_condition() -> None:
    assert run("if a then 1 else 1") == 1  # both branches agree
    assert run("if a then 1 else 2") is U
    assert run("if a then n else 2", a=True) is U
    assert run("if a then 5 else n", a=True) == 5


DEMO = """\
id: demo
name: {zh: 示例, en: Demo}
source: {document: D, clause: "1", text: T}
responsible_unit: U
effective: {from: 2020-01-01}
kind: service
eligibility:
  - id: c1
    expression: is_job_seeking and is_intern
    clause: "1"
    reason: {pass: {zh: 是, en: yes}, fail: {zh: 否, en: no}}
  - id: c2
    expression: internship_months > 2 or is_startup_founder
    clause: "2"
    reason: {pass: {zh: 是, en: yes}, fail: {zh: 否, en: no}}
application: {required: false, how_to_apply: {zh: 无, en: none}}
"""


@pytest.fixture
def demo(tmp_path: Path) -> PolicySet:
    (tmp_path / "demo.yaml").write_text(DEMO, encoding="utf-8")
    return load_policy_set(tmp_path)


@pytest.mark.parametrize(
    ("facts", "status", "missing"),
    [
        ({}, Status.UNDETERMINED, ("is_job_seeking", "is_intern", "internship_months", "is_startup_founder")),
        ({"is_job_seeking": False}, Status.NOT_ELIGIBLE, ()),
        ({"is_job_seeking": True}, Status.UNDETERMINED, ("is_intern", "internship_months", "is_startup_founder")),
        ({"is_job_seeking": True, "is_intern": True, "is_startup_founder": True}, Status.ELIGIBLE, ()),
        ({"is_job_seeking": True, "is_intern": True, "internship_months": 1}, Status.UNDETERMINED, ("is_startup_founder",)),
        ({"is_job_seeking": True, "is_intern": True, "internship_months": 1, "is_startup_founder": False}, Status.NOT_ELIGIBLE, ()),
    ],
)
def test_policy_status_scalar_and_vector(demo: PolicySet, facts: dict[str, Any], status: Status, missing: tuple[str, ...]) -> None:
    on = date(2024, 1, 1)
    (result,) = demo.evaluate(facts, on)
    assert result.status is status
    assert result.missing_facts == missing
    vector = demo.evaluate_population(table_from_records(demo.facts, [demo.validate_facts(facts, on)]), on)
    code = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1}[status]
    assert vector["demo"].status.tolist() == [code]


def test_explanation_marks_the_failed_condition(demo: PolicySet) -> None:
    (result,) = demo.evaluate({"is_job_seeking": True, "is_intern": False}, date(2024, 1, 1))
    c1, c2 = result.conditions
    assert c1.outcome == "fail" and c1.reason.en == "no" and c1.clause == "1"
    assert c1.values == {"is_intern": False, "is_job_seeking": True}
    assert c2.outcome == "unknown" and c2.missing_facts == ("internship_months", "is_startup_founder")
    assert result.missing_facts == ()  # a definite "no" needs nothing more


def test_vector_masks_behave_like_missing(demo: PolicySet) -> None:
    table = table_from_records(
        demo.facts,
        [
            {"is_job_seeking": False},
            {"is_job_seeking": True, "is_intern": True, "is_startup_founder": True},
            {},
        ],
    )
    assert "is_job_seeking.known" in table
    status = demo.evaluate_population(table, date(2024, 1, 1))["demo"].status
    assert status.dtype == np.int8
    assert status.tolist() == [0, 1, -1]
