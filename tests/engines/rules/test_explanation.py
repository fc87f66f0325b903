"""The explanation tree is built on first read from what the evaluation recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from youthcity.engines.rules import PolicySet, Status

ON = date(2024, 7, 1)
GRADUATE: dict[str, Any] = {
    "birth_date": date(2000, 3, 1),
    "education_level": "bachelor",
    "graduation_date": date(2023, 7, 1),
    "hukou_city": "zhengzhou",
    "home_city": "zhengzhou",
    "is_job_seeking": True,
    "employment_status": "employed",  # the apartments ask for proof of work in the city
    "current_city": "luoyang",
}


def test_explanation_is_built_once_on_read(luoyang: PolicySet) -> None:
    results = {r.policy_id: r for r in luoyang.evaluate(GRADUATE, ON)}
    built: list[int] = []
    explanation = results["youth_station_stay"].explanation
    assert explanation is not None

    def counted() -> Any:
        built.append(1)
        return explanation()

    station = replace(results["youth_station_stay"], explanation=counted)
    assert built == []  # nothing built by the evaluation
    conditions = station.conditions
    assert station.conditions is conditions and built == [1]  # built once, on first read
    assert station.status is Status.ELIGIBLE and [c.outcome for c in conditions] == ["pass"] * len(conditions)
    seen = {k: v for c in conditions for k, v in c.values.items()}
    assert seen["hukou_city"] == "zhengzhou" and seen["param.city.code"] == "luoyang"
    assert seen["graduation_date"] == date(2023, 7, 1)  # dates shown as dates, not day numbers


def test_explanation_reads_earlier_results_as_they_were(luoyang: PolicySet) -> None:
    """A condition on another policy shows that policy's answer, even when read after later
    policies have been evaluated."""
    for facts, shown in ((GRADUATE, "eligible"), ({"education_level": "senior_high"}, "not_eligible"), ({}, "undetermined")):
        results = {r.policy_id: r for r in luoyang.evaluate(facts, ON)}
        (condition,) = results["talent_apartment_shared_ownership"].conditions
        assert condition.values == {"policy.talent_apartment_city.eligible": shown}


def test_unknown_conditions_name_what_is_missing(luoyang: PolicySet) -> None:
    results = {r.policy_id: r for r in luoyang.evaluate({"education_level": "bachelor"}, ON)}
    interview = results["interview_travel_subsidy"]
    assert interview.status is Status.UNDETERMINED
    unknown = [c for c in interview.conditions if c.outcome == "unknown"]
    assert unknown and all(c.missing_facts for c in unknown)
    assert "hukou_city" in unknown[0].missing_facts and unknown[0].reason.en.startswith("Still needed")
    assert set(interview.missing_facts) >= {"hukou_city", "home_city", "has_interview_invitation"}


def test_no_explanation_when_not_asked(luoyang: PolicySet) -> None:
    for result in luoyang.evaluate(GRADUATE, ON, explain=False):
        assert result.conditions == () and result.explanation is None
    explained = luoyang.evaluate(GRADUATE, ON)
    plain = luoyang.evaluate(GRADUATE, ON, explain=False)
    assert [(r.status, r.amount, r.missing_facts) for r in explained] == [(r.status, r.amount, r.missing_facts) for r in plain]
