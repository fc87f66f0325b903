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
    a, round_, hr = setup["a"], setup["round"], setup["hr"]
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
    assert not MatchingRound.objects.filter(name="x").exists()


def test_round_through_the_pages(client, setup):
    a, b, round_ = setup["a"], setup["b"], setup["round"]
    person = _local(make_youth())
    client.force_login(person)
    assert round_.name in client.get("/careers/").content.decode()
    page = client.post(f"/careers/rounds/{round_.pk}/", {f"rank_{a.pk}": "1", f"rank_{b.pk}": "1"})
    assert page.status_code == 200 and page.context["errors"]  # two positions with the same rank
    assert client.post(f"/careers/rounds/{round_.pk}/", {f"rank_{a.pk}": "2", f"rank_{b.pk}": "1"}).status_code == 302
    client.force_login(setup["hr"])
    sheet = client.get(f"/careers/employer/rounds/{round_.pk}/")
    assert sheet.status_code == 200 and person.username in sheet.content.decode()
    assert client.post(f"/careers/employer/rounds/{round_.pk}/", {"position": b.pk, "person": [person.pk],
                                                                 f"rank_{person.pk}": "1"}).status_code == 302
    client.force_login(setup["staff"])
    assert client.post(f"/work/careers/rounds/{round_.pk}/").status_code == 302
    detail = client.get(f"/work/careers/rounds/{round_.pk}/")
    assert [(x.applicant_id, x.position_id) for x in detail.context["assignments"]] == [(person.pk, b.pk)]
    audit = client.get(f"/work/careers/rounds/{round_.pk}/audit.json")
    assert audit.status_code == 200 and verify_audit(audit.content, detail.context["round"].audit_sha256).ok
    client.force_login(person)
    assert client.get("/careers/my/").context["applications"][0].status == "offered"
    assert client.get(f"/careers/rounds/{round_.pk}/").status_code == 404  # matched: closed for ranking


def test_opening_a_round_through_the_page(client, setup):
    client.force_login(setup["staff"])
    response = client.post("/work/careers/rounds/", {"name": "第二轮", "tie_break_seed": "种子", "max_choices": "3",
                                                     "position": [setup["a"].pk], f"reserved_{setup['a'].pk}": "1"})
    assert response.status_code == 302
    created = MatchingRound.objects.get(name="第二轮")
    assert created.round_positions.get().reserved_out_of_town == 1
    assert client.post("/work/careers/rounds/", {"name": "", "tie_break_seed": ""}).context["errors"]
