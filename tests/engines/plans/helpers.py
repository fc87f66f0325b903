"""Shared helpers for the plan parser tests (no Django here)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from youthcity.engines.plans import Measure, Plan, Target

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def measures(plan: Plan) -> list[Measure]:
    return list(plan.measures())


def find_target(measure: Measure, value: int | str, unit: str) -> Target:
    """The one target of ``measure`` with this value and unit (fails loudly otherwise)."""
    found = [t for t in measure.targets if t.value == Decimal(value) and t.unit == unit]
    assert len(found) == 1, f"{value} {unit} not found once in {[(t.value, t.unit) for t in measure.targets]}"
    return found[0]


def values(measure: Measure) -> list[tuple[int | float, str]]:
    return [(t.to_dict()["value"], t.unit) for t in measure.targets]
