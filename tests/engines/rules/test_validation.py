"""Malformed facts are refused with field errors in both languages (the API's 422)."""

from __future__ import annotations

from datetime import date

import pytest

from youthcity.engines.rules import FactsError, PolicySet

ON = date(2024, 6, 1)


def errors(ps: PolicySet, facts: dict[str, object]) -> dict[str, str]:
    with pytest.raises(FactsError) as exc:
        ps.validate_facts(facts, ON)
    return {e.field: e.code for e in exc.value.errors}


def test_bad_facts(luoyang: PolicySet) -> None:
    assert errors(luoyang, {"age": -3}) == {"age": "too_small"}
    assert errors(luoyang, {"age": 24.5}) == {"age": "invalid"}
    assert errors(luoyang, {"birth_date": "2027-01-01"}) == {"birth_date": "in_future"}
    assert errors(luoyang, {"graduation_date": "2030-07-01"}) == {"graduation_date": "in_future"}
    assert errors(luoyang, {"education_level": "phd"}) == {"education_level": "invalid_choice"}
    assert errors(luoyang, {"internship_months": 99}) == {"internship_months": "too_large"}
    assert errors(luoyang, {"internship_months": -1}) == {"internship_months": "too_small"}
    assert errors(luoyang, {"is_intern": "yes"}) == {"is_intern": "invalid"}
    assert errors(luoyang, {"shoe_size": 42}) == {"shoe_size": "unknown_fact"}
    assert errors(luoyang, {"birth_date": "2001-02-30"}) == {"birth_date": "invalid"}
    assert errors(luoyang, {"birth_date": "2000-01-01", "graduation_date": "2003-07-01"}) == {"graduation_date": "inconsistent"}


def test_messages_in_both_languages(luoyang: PolicySet) -> None:
    with pytest.raises(FactsError) as exc:
        luoyang.evaluate({"education_level": "phd", "birth_date": "2030-01-01"}, ON)
    by_field = {e.field: e for e in exc.value.errors}
    assert "出生日期" in by_field["birth_date"].message("zh")
    assert "Date of birth" in by_field["birth_date"].message("en")
    assert "bachelor" in by_field["education_level"].message_en


def test_none_means_unanswered(luoyang: PolicySet) -> None:
    assert luoyang.validate_facts({"birth_date": None, "is_intern": False}, ON) == {"is_intern": False}


def test_a_given_age_must_agree_with_the_date_of_birth(luoyang: PolicySet) -> None:
    assert luoyang.validate_facts({"age": 24, "birth_date": "2000-03-01"}, ON) == {"age": 24, "birth_date": date(2000, 3, 1)}
    with pytest.raises(FactsError) as exc:
        luoyang.evaluate({"age": 30, "birth_date": "2000-03-01"}, ON)
    (err,) = exc.value.errors
    assert (err.field, err.code) == ("age", "inconsistent")
    assert err.message("zh") == "年龄（周岁）与出生日期不一致"
    assert err.message("en") == "Age does not match date of birth"


def test_age_follows_from_the_date_of_birth_or_is_given(luoyang: PolicySet) -> None:
    def tenant(**facts: object) -> str:
        results = luoyang.evaluate({"rents_guaranteed_housing": True, **facts}, ON)
        return next(r for r in results if r.policy_id == "tenant_equal_public_services").status.value

    assert tenant(birth_date="1988-06-02") == "eligible"  # 35 until the day before turning 36
    assert tenant(birth_date="1988-06-01") == "not_eligible"  # 36 today
    assert tenant(age=35) == "eligible" and tenant(age=36) == "not_eligible"
    assert tenant() == "undetermined"
