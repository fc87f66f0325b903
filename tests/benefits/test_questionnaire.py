"""The finder's question order: the engine's vote, minus what the person chose to skip."""

import datetime as dt

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from youthcity.benefits import selectors
from youthcity.benefits.registry import policy_set
from youthcity.engines.rules import Status

ON = dt.date(2026, 11, 21)
SAMPLE = {
    "bool": st.booleans(),
    "enum": None,  # drawn from the fact's own values below
    "date": st.dates(dt.date(1995, 1, 1), dt.date(2008, 1, 1)).map(dt.date.isoformat),
    "int": st.integers(0, 12),
    "number": st.integers(0, 12),
    "string": st.sampled_from(["luoyang", "zhengzhou", "luolong", "xigong"]),
}


YOUTH = {"education_level": "bachelor", "hukou_city": "zhengzhou"}


def test_without_skips_it_is_the_engines_question_over_the_youth_benefits(city):
    ps = policy_set()
    youth = [p.id for p in ps.policies.values() if p.audience == "youth"]
    assert selectors.next_question(YOUTH, (), ON) == ps.next_question(YOUTH, ON, only=youth)


def _all_questions(facts: dict) -> set[str]:
    """Every question the finder would ask if the person skipped each one."""
    asked: list[str] = []
    while (fact := selectors.next_question(facts, asked, ON)) is not None:
        asked.append(fact)
    return set(asked)


def test_employers_benefits_are_asked_about_only_once_the_person_runs_a_business(city):
    ps = policy_set()
    employer = {p.id for p in ps.policies.values() if p.audience == "employer"}
    assert employer == {"private_enterprise_hiring_subsidy", "enterprise_university_base_subsidy"}
    enterprise_facts = {"enterprise_is_private", "enterprise_hired_graduates", "enterprise_has_university_base"}
    assert not _all_questions({**YOUTH, "is_startup_founder": False}) & enterprise_facts
    assert enterprise_facts <= _all_questions({**YOUTH, "is_startup_founder": True})
    groups = selectors.grouped_results(YOUTH, ON, "en")
    assert {v["id"] for v in groups["for_employers"]} == employer
    assert not employer & {v["id"] for g in ("eligible", "awaiting_confirmation", "undetermined", "not_eligible") for v in groups[g]}
    founder = selectors.grouped_results({**YOUTH, "is_startup_founder": True}, ON, "en")
    assert founder["for_employers"] == []


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_questionnaire_ends_and_leaves_only_skipped_facts_open(city, data):
    ps = policy_set()
    facts: dict = {}
    skipped: list[str] = []
    for _ in range(2 * len(ps.facts) + 2):  # an answer may clear one earlier answer (see below)
        fact = selectors.next_question(facts, skipped, ON)
        if fact is None:
            break
        assert fact not in facts and fact not in skipped
        spec = ps.facts[fact]
        if data.draw(st.booleans(), label=f"skip {fact}") and data.draw(st.booleans()):
            skipped.append(fact)
            continue
        strategy = st.sampled_from(spec.values) if spec.type == "enum" else SAMPLE[spec.type]
        facts[fact] = data.draw(strategy, label=fact)
        if fact == "graduation_date" and "birth_date" in facts:
            facts[fact] = max(facts[fact], f"{int(facts['birth_date'][:4]) + 16}-07-01")
        if fact == "birth_date" and "graduation_date" in facts:
            facts.pop("graduation_date")
    else:
        raise AssertionError("the questionnaire did not end")
    for result in ps.evaluate(facts, ON):
        if result.status is Status.UNDETERMINED and result.in_force and selectors.asks_about(result.policy, facts):
            assert set(result.missing_facts) <= set(skipped), (result.policy_id, result.missing_facts)
