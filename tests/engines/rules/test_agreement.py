"""The scalar and vectorized evaluators agree (Hypothesis over random, partly unknown persons)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from youthcity.engines.rules import PolicySet, Status, synthetic_population, table_from_records
from youthcity.engines.rules.loader import load_policy_set
from youthcity.engines.rules.model import unknown_fen

from .conftest import LUOYANG, LUOYANG_POLICIES

PS: PolicySet = load_policy_set(LUOYANG_POLICIES)
CODES = {Status.ELIGIBLE: 1, Status.NOT_ELIGIBLE: 0, Status.UNDETERMINED: -1, Status.AWAITING_CONFIRMATION: 1}
CITIES = ["luoyang", "zhengzhou", "xian", "beijing"]
DISTRICTS = ["luolong", "xigong", "laocheng"]


@st.composite
def persons(draw: st.DrawFn, on: date) -> dict[str, Any]:
    """A random person; each fact is absent with probability ~1/3."""
    facts: dict[str, Any] = {}

    def maybe(name: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.integers(0, 2)) > 0:
            facts[name] = draw(strategy)

    birth = draw(st.dates(min_value=on - timedelta(days=365 * 40), max_value=on - timedelta(days=365 * 13)))
    if draw(st.booleans()):
        facts["birth_date"] = birth
    earliest = date(birth.year + 15, 1, 1)
    if earliest <= on and draw(st.integers(0, 2)) > 0:
        facts["graduation_date"] = draw(st.dates(min_value=earliest, max_value=on))
    if draw(st.booleans()):
        # Age given: it must agree with the birth date when both are given; alone it is any age.
        # Rows mixing a given age with one derived from the birth date test the vector coalesce.
        years = (on.year - birth.year) - ((on.month, on.day) < (birth.month, birth.day))
        facts["age"] = years if "birth_date" in facts else draw(st.integers(13, 40))
    for name, spec in PS.facts.items():
        if name in ("birth_date", "graduation_date", "age"):
            continue
        if spec.type == "bool":
            maybe(name, st.booleans())
        elif spec.type == "enum":
            maybe(name, st.sampled_from(spec.values))
        elif spec.type == "int":
            maybe(name, st.integers(0, 24))
        elif spec.type == "string":
            maybe(name, st.sampled_from(DISTRICTS if "district" in name else CITIES))
    return facts


ON_DATES = st.dates(min_value=date(2021, 6, 1), max_value=date(2026, 12, 31))


def _assert_agree(batch: list[dict[str, Any]], on: date, overrides: dict[str, Any] | None = None) -> None:
    clean = [PS.validate_facts(p, on) for p in batch]
    vector = PS.evaluate_population(table_from_records(PS.facts, clean), on, overrides)
    for i, person in enumerate(batch):
        for result in PS.evaluate(person, on, overrides):
            column = vector[result.policy_id]
            assert CODES[result.status] == column.status[i], (result.policy_id, person, on)
            if result.policy.amount is None:
                continue
            amount = float(column.amount[i])
            assert column.amount_fen is not None
            fen = int(column.amount_fen[i])
            if result.meets_conditions and result.amount is not None:
                assert math.isclose(amount, float(result.amount), abs_tol=0.005), (result.policy_id, person)
                assert fen == int(result.amount * 100), (result.policy_id, person)  # the fen, exactly
            elif result.status is Status.NOT_ELIGIBLE:
                assert amount == 0.0 and fen == 0
            else:
                assert math.isnan(amount), (result.policy_id, person)
                assert fen == unknown_fen(column.amount_fen.dtype)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), on=ON_DATES)
def test_scalar_and_vector_agree_on_random_persons(data: st.DataObject, on: date) -> None:
    batch = data.draw(st.lists(persons(on), min_size=1, max_size=12))
    _assert_agree(batch, on)


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    window=st.integers(0, 4),
    max_age=st.integers(25, 40),
    amount=st.one_of(st.none(), st.integers(0, 2000)),
)
def test_agreement_holds_under_what_if_overrides(data: st.DataObject, window: int, max_age: int, amount: int | None) -> None:
    on = date(2024, 7, 1)
    batch = data.draw(st.lists(persons(on), min_size=1, max_size=8))
    overrides = {
        "youth_station.graduation_window_years": window,
        "youth.max_age": max_age,
        "interview_subsidy.amount": amount,
    }
    _assert_agree(batch, on, overrides)


def test_agreement_on_synthetic_population_rows() -> None:
    on = date(2024, 7, 1)
    city = replace(LUOYANG, districts=tuple(DISTRICTS), district_regions=(), district_weights=())
    table = synthetic_population(400, 11, city, on=on, missing_share=0.25)
    vector = PS.evaluate_population(table, on)
    for i in range(table.n):
        person: dict[str, Any] = {}
        for name, spec in PS.facts.items():
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
        for result in PS.evaluate(person, on):
            assert CODES[result.status] == vector[result.policy_id].status[i], (result.policy_id, person)
