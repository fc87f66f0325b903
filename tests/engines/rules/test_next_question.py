"""The finder's next question: driven by rule dependencies, it settles policies quickly."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from youthcity.engines.rules import PolicySet, Status, next_question

ON = date(2024, 6, 1)

# A young out-of-town graduate, as the finder would discover them.
TRUTH: dict[str, Any] = {
    "age": 24,  # on ON; the finder asks the age, not the date of birth
    "birth_date": date(2000, 3, 1),
    "education_level": "bachelor",
    "graduation_date": date(2023, 7, 1),
    "is_full_time": True,
    "hukou_city": "zhengzhou",
    "home_city": "zhengzhou",
    "current_city": "luoyang",
    "employment_status": "unemployed",
    "is_job_seeking": True,
    "has_interview_invitation": True,
    "is_intern": False,
    "internship_months": 0,
    "owns_home_in_city": False,
    "is_startup_founder": False,
    "uses_incubator": False,
    "enterprise_is_private": False,
    "enterprise_in_city": False,
    "enterprise_district": "luolong",
    "enterprise_hired_graduates": False,
    "enterprise_has_university_base": False,
    "rents_guaranteed_housing": False,
    "has_school_age_child": False,
    "work_district": "luolong",
}


def undetermined(ps: PolicySet, facts: dict[str, Any]) -> int:
    return sum(r.status is Status.UNDETERMINED for r in ps.evaluate(facts, ON, explain=False))


def ask_until_done(ps: PolicySet, chooser: Any) -> int:
    facts: dict[str, Any] = {}
    questions = 0
    while undetermined(ps, facts):
        name = chooser(facts)
        assert name is not None and name not in facts
        facts[name] = TRUTH[name]
        questions += 1
    return questions


def test_each_answer_never_increases_undetermined(luoyang: PolicySet) -> None:
    facts: dict[str, Any] = {}
    counts = [undetermined(luoyang, facts)]
    while (name := next_question(facts, luoyang, ON)) is not None:
        facts[name] = TRUTH[name]
        counts.append(undetermined(luoyang, facts))
    assert counts[-1] == 0
    assert all(b <= a for a, b in zip(counts, counts[1:], strict=False))


def test_fewer_questions_than_random_order(luoyang: PolicySet) -> None:
    guided = ask_until_done(luoyang, lambda facts: next_question(facts, luoyang, ON))
    rng = random.Random(7)
    randoms = []
    for _ in range(10):
        order = list(TRUTH)
        rng.shuffle(order)
        randoms.append(ask_until_done(luoyang, lambda facts, order=order: next(n for n in order if n not in facts)))
    assert guided <= min(randoms)
    assert guided < sum(randoms) / len(randoms)
    assert guided < len(TRUTH)


def test_question_for_one_policy_and_none_when_settled(luoyang: PolicySet) -> None:
    only = ["interview_travel_subsidy"]
    facts: dict[str, Any] = {}
    asked = []
    while (name := luoyang.next_question(facts, ON, only)) is not None:
        asked.append(name)
        facts[name] = TRUTH[name]
    assert set(asked) <= {"education_level", "hukou_city", "home_city", "has_interview_invitation"}
    result = next(r for r in luoyang.evaluate(facts, ON) if r.policy_id == "interview_travel_subsidy")
    assert result.status is Status.ELIGIBLE


def test_a_decisive_no_ends_the_questions(luoyang: PolicySet) -> None:
    facts = {"hukou_city": "luoyang", "home_city": "luoyang"}
    assert luoyang.next_question(facts, ON, ["interview_travel_subsidy", "youth_station_stay"]) is None


def test_skipped_facts_are_never_asked_and_the_rest_still_are(luoyang: PolicySet) -> None:
    first = luoyang.next_question({}, ON)
    assert first is not None
    second = luoyang.next_question({}, ON, skip=[first])
    assert second is not None and second != first
    # Skipping every question in turn walks through all facts any undetermined policy needs.
    skipped: list[str] = []
    while (fact := luoyang.next_question({}, ON, skip=skipped)) is not None:
        assert fact not in skipped
        skipped.append(fact)
    needed = {f for r in luoyang.evaluate({}, ON) if r.status is Status.UNDETERMINED for f in r.missing_facts}
    assert set(skipped) == needed
