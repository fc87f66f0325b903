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
    assert Plan(None, None, None).to_dict() == {"title": None, "issuer": None, "date": None, "projects": []}


def test_target_defaults() -> None:
    assert Target("t", "s", Decimal(1), "个").to_dict() == {
        "text": "t", "subject": "s", "value": 1, "unit": "个", "comparator": ">=", "per": None, "deadline": None,
    }
