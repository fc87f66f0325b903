"""District routing: an employer's verification, its internship positions' approval and its
allowance claims go to the human-resources department of the employer's district; the city's
department sees and decides them all (its region subtree); another district's never does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.careers.conftest import hr_of, place, post_internship, register
from tests.factories import staff
from youthcity.accounts.models import Role, User
from youthcity.careers import services
from youthcity.careers.workflow import claim_workflow, employer_workflow, position_workflow
from youthcity.organizations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(city):
    return {"luolong": staff(Unit.objects.get(code="410311-hrss"), Role.REVIEWER),
            "jianxi": staff(Unit.objects.get(code="410305-hrss"), Role.REVIEWER),
            "city": User.objects.get(username="hrss_reviewer")}


def test_verification_goes_to_the_district_and_the_city_sees_it(reviewers):
    employer = register(district="410311")
    verification = employer.verifications.get()
    assert verification.unit.code == "410311-hrss"
    assert employer_workflow.queue(reviewers["luolong"]).filter(pk=verification.pk).exists()
    assert employer_workflow.queue(reviewers["city"]).filter(pk=verification.pk).exists()
    assert not employer_workflow.queue(reviewers["jianxi"]).filter(pk=verification.pk).exists()
    with pytest.raises(PermissionDenied):  # another district's reviewer
        services.verification_decide(reviewer=reviewers["jianxi"], application=verification, outcome="approve")
    services.verification_decide(reviewer=reviewers["luolong"], application=verification, outcome="approve")
    employer.refresh_from_db()
    assert employer.is_verified
    other = register(district="410305")
    assert other.verifications.get().unit.code == "410305-hrss"
    services.verification_decide(reviewer=reviewers["city"], application=other.verifications.get(), outcome="reject",
                                 reason="营业执照不清晰")  # the city's department decides any district's
    other.refresh_from_db()
    assert other.status == "rejected"
    services.employer_resubmit(staff=hr_of(other), employer=other)
    assert other.verifications.filter(status="submitted").get().unit.code == "410305-hrss"


def test_positions_and_claims_go_to_the_employer_s_district(reviewers):
    from tests.careers.conftest import verify

    employer = verify(register(district="410311"), reviewer=reviewers["luolong"])
    position = post_internship(employer, approve=False, district="410305")  # placed in another district
    review = position.reviews.get()
    assert review.unit.code == "410311-hrss"  # the employer's district decides
    assert not position_workflow.queue(reviewers["jianxi"]).filter(pk=review.pk).exists()
    with pytest.raises(PermissionDenied):
        services.position_review_decide(reviewer=reviewers["jianxi"], application=review, outcome="approve")
    services.position_review_decide(reviewer=reviewers["luolong"], application=review, outcome="approve")
    position.refresh_from_db()
    placement = place(position)
    claim = services.allowance_claim_submit(staff=hr_of(employer), placement=placement, month=dt.date(2026, 8, 1),
                                            attendance_days=10)
    assert claim.unit.code == "410311-hrss"
    assert claim_workflow.queue(reviewers["city"]).filter(pk=claim.pk).exists()
    assert not claim_workflow.queue(reviewers["jianxi"]).filter(pk=claim.pk).exists()
    with pytest.raises(PermissionDenied):
        services.claim_decide(reviewer=reviewers["jianxi"], application=claim, outcome="approve")
    services.claim_decide(reviewer=reviewers["city"], application=claim, outcome="approve")


def test_nobody_decides_their_own_even_in_the_line(reviewers):
    employer = register(district="410311")
    verification = employer.verifications.get()
    hr = hr_of(employer)
    from youthcity.accounts.services import membership_grant

    membership_grant(user=hr, role=Role.REVIEWER, unit=Unit.objects.get(code="ly-hrss"))  # also the city's reviewer
    assert not employer_workflow.queue(hr).filter(pk=verification.pk).exists()
    with pytest.raises(PermissionDenied):
        services.verification_decide(reviewer=hr, application=verification, outcome="approve")


def test_pages_are_scoped(client, reviewers):
    employer = register(district="410311")
    verification = employer.verifications.get()
    client.force_login(reviewers["jianxi"])
    assert client.get(f"/work/careers/employers/{verification.pk}/").status_code == 404
    assert client.post(f"/work/careers/employers/{verification.pk}/", {"outcome": "approve"}).status_code == 404
    client.force_login(reviewers["luolong"])
    assert client.get(f"/work/careers/employers/{verification.pk}/").status_code == 200
    assert verification in list(client.get("/work/careers/").context["verifications"])
    client.force_login(reviewers["jianxi"])
    assert verification not in list(client.get("/work/careers/").context["verifications"])
