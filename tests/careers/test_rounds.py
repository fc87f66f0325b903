"""Matching rounds: the engine places young people, reserves go to out-of-town graduates, the
audit file verifies, and bad rankings are refused with reasons."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from tests.careers.conftest import hr_of, make_youth, post_internship, register, verify
from youthcity.accounts.models import User, YouthProfile
from youthcity.careers import services
from youthcity.careers.models import JobApplication, MatchingRound
from youthcity.core.errors import ServiceError
from youthcity.engines.matching import verify as verify_audit

pytestmark = pytest.mark.django_db


def _local(user):
    YouthProfile.objects.filter(user=user).update(hukou_city="洛阳市")
    return user


@pytest.fixture
def setup(employer):
    a = post_internship(employer, title="甲岗位", capacity=2)
    b = post_internship(employer, title="乙岗位", capacity=1)
    staff = User.objects.get(username="hrss_staff")
    round_ = services.round_create(staff=staff, name="2026年暑期见习匹配", tie_break_seed="公开种子-2026",
                                   positions={a: 1, b: 0})
    return {"a": a, "b": b, "staff": staff, "round": round_, "hr": hr_of(employer)}


def test_round_places_by_stable_matching_with_an_out_of_town_reserve(setup):
    a, b, round_, hr = setup["a"], setup["b"], setup["round"], setup["hr"]
    local1, local2, outsider = _local(make_youth()), _local(make_youth()), make_youth()  # outsider: 郑州市 hukou
    for person in (local1, local2, outsider):
        services.round_choices_set(applicant=person, round_=round_, position_ids=[a.pk, b.pk])
    # the employer prefers both locals for 甲, the outsider last; for 乙 the outsider first
    services.round_ranking_set(staff=hr, round_=round_, position=a, applicant_ids=[local1.pk, local2.pk, outsider.pk])
    services.round_ranking_set(staff=hr, round_=round_, position=b, applicant_ids=[outsider.pk, local2.pk])
    round_ = services.round_run(staff=setup["staff"], round_=round_)
    placed = {x.applicant_id: (x.position_id, x.seat) for x in round_.assignments.all()}
    # 甲 has 1 open + 1 reserved seat: open → local1, reserved → outsider; local2 goes on to 乙
    assert placed == {local1.pk: (a.pk, "open"), outsider.pk: (a.pk, "out_of_town"), local2.pk: (b.pk, "open")}
    assert JobApplication.objects.filter(status="offered", applicant=outsider, position=a).exists()
    check = verify_audit(round_.audit.encode(), round_.audit_sha256)
    assert check.ok, check
    assert str(outsider.pk) in round_.audit and outsider.username not in round_.audit  # ids, no names
    assert json.loads(round_.audit)["inputs"]["tie_break_seed"] == "公开种子-2026"
    with pytest.raises(ServiceError) as exc:
        services.round_run(staff=setup["staff"], round_=round_)
    assert exc.value.code == "round_closed"


def test_bad_choices_and_rankings_are_refused(setup):
    a, b, round_, hr = setup["a"], setup["b"], setup["round"], setup["hr"]
    person = make_youth()
    for ids in ([a.pk, a.pk], [a.pk, 999999]):
        with pytest.raises(ServiceError) as exc:
            services.round_choices_set(applicant=person, round_=round_, position_ids=ids)
        assert exc.value.code == "invalid_choices"
    stranger = make_youth()
    services.round_choices_set(applicant=person, round_=round_, position_ids=[a.pk])
    with pytest.raises(ServiceError) as exc:  # ranks someone who did not choose the position
        services.round_ranking_set(staff=hr, round_=round_, position=a, applicant_ids=[person.pk, stranger.pk])
    assert exc.value.code == "invalid_ranking" and "没有选择" in exc.value.message
    other = verify(register())
    with pytest.raises(PermissionDenied):
        services.round_ranking_set(staff=hr_of(other), round_=round_, position=a, applicant_ids=[person.pk])
    with pytest.raises(PermissionDenied):
        services.round_run(staff=hr, round_=round_)  # an employer does not run rounds


def test_round_needs_published_internships_and_sane_reserves(setup):
    staff, employer = setup["staff"], setup["a"].employer
    pending = post_internship(employer, approve=False)
    with pytest.raises(ServiceError) as exc:
        services.round_create(staff=staff, name="x", tie_break_seed="s", positions={pending: 0, setup["a"]: 5})
    assert exc.value.code == "invalid" and len(exc.value.fields["positions"]) == 2
    with pytest.raises(PermissionDenied):
        services.round_create(staff=hr_of(employer), name="x", tie_break_seed="s", positions={setup["a"]: 0})
    assert MatchingRound.objects.count() == 1
