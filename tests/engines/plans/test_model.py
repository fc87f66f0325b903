"""The result types: frozen, exact values, and the stable JSON shape."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from youthcity.engines.plans import Measure, Plan, Project, Target, parse_text

from .helpers import fixture_text


def test_json_round_trip_of_every_fixture() -> None:
    for name in ("luoyang_zh.txt", "luoyang_en.txt", "district_pilot_zh.txt", "qingcheng_zh.txt"):
        plan = parse_text(fixture_text(name))
        data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
        assert Plan.from_dict(data) == plan


def test_values_are_exact_and_json_numbers_are_ints_when_integral() -> None:
    target = Target("1.3万个", "岗位", Decimal("1.3") * 10000, "个")
    assert target.to_dict()["value"] == 13000
    assert isinstance(target.to_dict()["value"], int)
    assert Target("x", "y", Decimal("12.5"), "%").to_dict()["value"] == 12.5


def test_frozen() -> None:
    plan = Plan("t", None, None, (Project(None, (), (Measure(None, None, "x"),)),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.title = "other"  # type: ignore[misc]


def test_shape_of_an_empty_plan() -> None:
    assert Plan(None, None, None).to_dict() == {
        "title": None, "issuer": None, "date": None, "projects": [],
        "period": None, "metadata": {}, "notice": None, "unmatched_tasks": [], "goals": [],
    }


def test_target_defaults() -> None:
    assert Target("t", "s", Decimal(1), "个").to_dict() == {
        "text": "t", "subject": "s", "value": 1, "unit": "个", "comparator": ">=", "per": None, "deadline": None,
        "kind": "quantity", "scope": None, "written": "",
    }


def test_version_1_dicts_still_read() -> None:
    """Plans stored before the 2nd version of the shape (no kind, deadline, benefits, period…)."""
    old = {"title": "t", "issuer": None, "date": None, "projects": [{"title": None, "lead_units": [], "measures": [
        {"number": "1", "title": None, "text": "x", "responsible_units": ["a"], "targets": [
            {"text": "x", "subject": "s", "value": 5, "unit": "个", "comparator": ">=", "per": None, "deadline": None}
        ]}]}]}
    plan = Plan.from_dict(old)
    target = next(plan.targets())
    assert (target.kind, target.scope, target.written) == ("quantity", None, "")
    assert next(plan.measures()).deadline is None and plan.period is None and plan.metadata == ()
