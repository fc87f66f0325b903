"""The youth-station policy is one rule with parameters: other cities are just other values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from youthcity.core.city_pack import CITIES_DIR
from youthcity.engines.rules import PolicySet, Status, load_policy_set
from youthcity.stations.rules import YOUTH_STATION_PARAMETERS, StationRules, youth_station_rules

FIXTURES = Path(__file__).parent / "fixtures" / "youth_station"
ON = date(2024, 6, 1)


@pytest.fixture(scope="module")
def luoyang() -> PolicySet:
    return load_policy_set(CITIES_DIR / "luoyang" / "policies")


def fixture(city: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / f"{city}.yaml").read_text(encoding="utf-8"))
    return data


def station_result(ps: PolicySet, facts: dict[str, Any], overrides: dict[str, Any] | None) -> Any:
    return next(r for r in ps.evaluate(facts, ON, overrides) if r.policy_id == "youth_station_stay")


def test_luoyang_rules(luoyang: PolicySet) -> None:
    assert youth_station_rules(luoyang, ON) == StationRules(
        max_nights_per_stay=15,
        cumulative_nights_cap=15,
        cumulative_window="total",
        cumulative_window_years=0,
        graduation_window_years=0,
        min_booking_lead_days=0,
        lead_time_in_working_days=False,
        max_stays=0,
    )
    declared = set(luoyang.policies["youth_station_stay"].parameters)
    assert set(YOUTH_STATION_PARAMETERS) == declared


@pytest.mark.parametrize(
    ("city", "per_stay", "cap", "window", "graduation_years", "lead_days", "working_days"),
    [
        ("shanghai", 3, 15, "calendar_year", 0, 0, False),
        ("hangzhou", 7, 7, "since_graduation", 2, 0, False),
        ("zhengzhou", 7, 7, "total", 0, 3, True),
        ("shenzhen", 7, 7, "total", 0, 0, False),
        ("longgang", 15, 15, "total", 0, 0, False),
    ],
)
def test_other_cities_are_parameter_sets(
    luoyang: PolicySet,
    city: str,
    per_stay: int,
    cap: int,
    window: str,
    graduation_years: int,
    lead_days: int,
    working_days: bool,
) -> None:
    overrides = fixture(city)["overrides"]
    rules = youth_station_rules(luoyang, ON, overrides)
    assert (rules.max_nights_per_stay, rules.cumulative_nights_cap, rules.cumulative_window) == (per_stay, cap, window)
    assert rules.graduation_window_years == graduation_years
    assert (rules.min_booking_lead_days, rules.lead_time_in_working_days) == (lead_days, working_days)
    home = "luoyang"  # someone from Luoyang is out of town in every other city
    facts = {
        "education_level": "bachelor",
        "hukou_city": home,
        "home_city": home,
        "is_job_seeking": True,
        "graduation_date": date(2023, 7, 1),
    }
    result = station_result(luoyang, facts, overrides)
    assert result.status is Status.ELIGIBLE
    assert result.amount == Decimal(per_stay)
    # A local of that city is not out of town there.
    local = dict(facts, hukou_city=overrides["city.code"], home_city=overrides["city.code"])
    assert station_result(luoyang, local, overrides).status is Status.NOT_ELIGIBLE


def test_hangzhou_graduation_window_excludes_older_graduates(luoyang: PolicySet) -> None:
    overrides = fixture("hangzhou")["overrides"]
    facts = {
        "education_level": "master",
        "hukou_city": "luoyang",
        "home_city": "luoyang",
        "is_job_seeking": True,
        "graduation_date": date(2021, 6, 30),
        "is_student": False,
    }
    result = station_result(luoyang, facts, overrides)
    assert result.status is Status.NOT_ELIGIBLE
    failed = [c for c in result.conditions if c.outcome == "fail"]
    assert [c.id for c in failed] == ["graduation_window"]
    # Luoyang itself sets no graduation window: the same person (from elsewhere) is eligible there.
    in_luoyang = dict(facts, hukou_city="xian", home_city="xian")
    assert station_result(luoyang, in_luoyang, None).status is Status.ELIGIBLE


def test_bad_window_value_is_refused(luoyang: PolicySet) -> None:
    with pytest.raises(ValueError, match="cumulative_window"):
        youth_station_rules(luoyang, ON, {"youth_station.cumulative_window": "fortnight"})
