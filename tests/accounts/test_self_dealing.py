"""Nobody decides their own case; a GET never writes; staff who are young people apply as such."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.benefits.conftest import INTERVIEW, interview_documents
from tests.conftest import bearer
from tests.factories import YouthProfileFactory, youth
from youthcity.accounts.models import Role, YouthProfile
from youthcity.accounts.permissions import can_decide, roles_of
from youthcity.benefits import services
from youthcity.benefits.workflow import approved_amount
from youthcity.core.errors import ServiceError


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_opening_the_profile_page_creates_nothing(client, users):
    reviewer = users["hrss_reviewer"]
    client.force_login(reviewer)
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert "data-testid=\"create-youth-profile\"" in page.content.decode()
    assert not YouthProfile.objects.filter(user=reviewer).exists()
    assert Role.YOUTH not in roles_of(reviewer)


def test_a_staff_member_creates_a_youth_profile_only_on_request(client, users):
    reviewer = users["hrss_reviewer"]
    client.force_login(reviewer)
    assert client.post("/accounts/profile/", {"action": "create"}).status_code == 302
    assert YouthProfile.objects.filter(user=reviewer).exists()


def _reviewer_applies(users):
    reviewer = users["hrss_reviewer"]
    YouthProfileFactory(user=reviewer)
    return services.application_submit(applicant=reviewer, policy_id=INTERVIEW, documents=interview_documents(),
                                       stated_facts={"has_interview_invitation": True})


def test_a_reviewer_cannot_approve_their_own_application(client, users):
    application = _reviewer_applies(users)
    reviewer = users["hrss_reviewer"]
    assert application.unit.code == "ly-hrss"
    assert not can_decide(reviewer, applicant=reviewer, unit=application.unit)
    # the API: their own application is not in their queue at all
    r = client.post(f"/api/v1/benefits/review/{application.pk}/decision",
                    data={"outcome": "approve", "amount": "999999"}, content_type="application/json",
                    **bearer(reviewer))
    assert r.status_code == 404
    # the web review page and the queue
    client.force_login(reviewer)
    assert client.get(f"/work/benefits/{application.pk}/").status_code == 404
    assert str(application.pk) not in [str(a.pk) for a in client.get("/work/benefits/").context["page"]]
    # the service refuses even when called directly
    with pytest.raises(PermissionDenied):
        services.application_decide(reviewer=reviewer, application=application, outcome="approve",
                                    amount=Decimal("999999"))
    application.refresh_from_db()
    assert application.status == "submitted" and application.approved_amount is None
    # a colleague of the same unit decides it
    decision = services.application_decide(reviewer=users["hrss_staff"], application=application, outcome="approve")
    assert decision.outcome == "approve"


def test_the_reviewer_is_not_asked_to_review_their_own_application(users):
    from youthcity.core.models import Notification

    application = _reviewer_applies(users)
    assert not Notification.objects.filter(recipient=users["hrss_reviewer"],
                                           kind="benefits.application_submitted").exists()
    assert Notification.objects.filter(recipient=users["hrss_staff"], kind="benefits.application_submitted",
                                       url__endswith=f"/{application.pk}/").exists()


def test_no_amount_can_be_invented_for_a_benefit_whose_amount_the_city_has_not_set(users):
    graduate = youth()
    application = services.application_submit(applicant=graduate, policy_id=INTERVIEW,
                                              documents=interview_documents(),
                                              stated_facts={"has_interview_invitation": True})
    with pytest.raises(ServiceError) as exc:
        services.application_decide(reviewer=users["hrss_reviewer"], application=application, outcome="approve",
                                    amount=Decimal("999999"), reason="特殊情况")
    assert exc.value.code == "no_amount_set" and "amount" in exc.value.fields
    application.refresh_from_db()
    assert application.status == "submitted" and application.approved_amount is None


def test_an_approved_amount_is_the_rules_unless_overridden_with_a_reason_within_the_ceiling():
    rule, ceiling = Decimal("100000"), Decimal("200000")
    assert approved_amount(rule=rule, ceiling=ceiling, requested=None, reason="") == rule
    assert approved_amount(rule=rule, ceiling=ceiling, requested=rule, reason="") == rule
    with pytest.raises(ServiceError) as exc:
        approved_amount(rule=rule, ceiling=ceiling, requested=Decimal("150000"), reason="")
    assert exc.value.code == "override_reason_required" and "reason" in exc.value.fields
    assert approved_amount(rule=rule, ceiling=ceiling, requested=Decimal("150000"), reason="规模较大") == 150000
    with pytest.raises(ServiceError) as exc:
        approved_amount(rule=rule, ceiling=ceiling, requested=Decimal("200001"), reason="规模较大")
    assert exc.value.code == "above_ceiling"
    with pytest.raises(ServiceError) as exc:
        approved_amount(rule=rule, ceiling=ceiling, requested=Decimal("-1"), reason="x")
    assert exc.value.code == "invalid"
