import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import bearer
from youthcity.accounts.models import YouthProfile
from youthcity.benefits import services
from youthcity.benefits.models import BenefitApplication, Decision, Disbursement
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification


def test_the_responsible_units_reviewer_sees_the_queue_and_the_explanation(client, users, submitted):
    client.force_login(users["hrss_reviewer"])
    queue = client.get("/work/benefits/").content.decode()
    assert f'data-testid="queue-row-{submitted.pk}"' in queue
    page = client.get(f"/work/benefits/{submitted.pk}/")
    assert page.status_code == 200
    assert page.context["eligibility"]["status"] == "awaiting_confirmation"  # 十四五 ended in 2025
    html = page.content.decode()
    assert "二、（二）4" in html and "已获本地用人单位面试邀请：是" in html and "has_interview_invitation" not in html


@pytest.mark.parametrize("username", ["housing_staff", "league_staff", "station_staff", "luolong_coordinator"])
def test_other_units_cannot_see_or_decide(client, users, submitted, username):
    client.force_login(users[username])
    assert f"queue-row-{submitted.pk}" not in client.get("/work/benefits/").content.decode()
    assert client.get(f"/work/benefits/{submitted.pk}/").status_code == 404
    assert client.post(f"/work/benefits/{submitted.pk}/", {"d-outcome": "approve"}).status_code == 404
    doc = submitted.documents.first()
    assert client.get(f"/work/benefits/documents/{doc.pk}/").status_code == 404
    r = client.post(f"/api/v1/benefits/review/{submitted.pk}/decision", {"outcome": "approve"},
                    content_type="application/json", **bearer(users[username]))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_leader_reads_but_cannot_decide(users, submitted):
    with pytest.raises(services.PermissionDenied):
        services.application_decide(reviewer=users["leader"], application=submitted, outcome="approve")


def test_approve_on_the_web_notifies_the_applicant(client, users, submitted, graduate):
    client.force_login(users["hrss_reviewer"])
    # the interview subsidy's amount is still to be set by the city: a reviewer cannot invent one
    r = client.post(f"/work/benefits/{submitted.pk}/", {"action": "decide", "d-outcome": "approve",
                                                        "d-amount": "500"})
    assert r.status_code == 200 and "金额尚未由市里确定" in r.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    r = client.post(f"/work/benefits/{submitted.pk}/", {"action": "decide", "d-outcome": "approve"})
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.approved_amount is None
    decision = submitted.decisions.get()
    assert decision.eligibility_status == "awaiting_confirmation" and decision.decided_by == users["hrss_reviewer"]
    assert decision.eligibility["zh"]["conditions"][0]["clause"].startswith("二、（二）4")
    note = Notification.objects.get(recipient=graduate, kind="benefits.approve")
    assert "已批准" in note.title and note.url == f"/benefits/applications/{submitted.pk}/"


def test_reject_needs_a_reason(client, users, submitted):
    client.force_login(users["hrss_reviewer"])
    r = client.post(f"/work/benefits/{submitted.pk}/", {"action": "decide", "d-outcome": "reject", "d-reason": " "})
    assert r.status_code == 200 and "请填写理由" in r.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.decisions.exists()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        BenefitApplication.objects.filter(pk=submitted.pk).update(status="rejected", decision_reason="")
    services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="reject",
                                reason="面试邀请无法核实")
    submitted.refresh_from_db()
    assert submitted.status == "rejected" and submitted.decision_reason == "面试邀请无法核实"


def test_eligibility_is_rechecked_at_decision_time(users, submitted, graduate):
    YouthProfile.objects.filter(user=graduate).update(hukou_city="洛阳市", home_city="洛阳市")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="approve")
    assert exc.value.code == "not_eligible"
    decision = services.application_decide(reviewer=users["hrss_reviewer"], application=submitted,
                                           outcome="reject", reason="户籍已迁入洛阳")
    assert decision.eligibility_status == "not_eligible"


def test_a_decided_application_cannot_be_decided_again(users, submitted):
    services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="approve")
    with pytest.raises(ServiceError) as exc:
        services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="reject",
                                    reason="x")
    assert exc.value.code == "not_open"


def test_disbursement_is_recorded_once_per_reference(client, users, submitted):
    services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="approve")
    client.force_login(users["hrss_staff"])
    r = client.post(f"/work/benefits/{submitted.pk}/", {"action": "pay", "p-amount": "300.00",
                                                        "p-paid_on": "2026-11-20", "p-reference": "HRSS-2026-0001"})
    assert r.status_code == 302
    pay = Disbursement.objects.get(application=submitted)
    assert pay.amount == Decimal("300.00") and pay.recorded_by == users["hrss_staff"]
    with pytest.raises(ServiceError) as exc:
        services.disbursement_record(staff=users["hrss_staff"], application=submitted, amount=Decimal("300"),
                                     paid_on=dt.date(2026, 11, 20), reference="HRSS-2026-0001")
    assert exc.value.code == "duplicate_reference"
    with pytest.raises(services.PermissionDenied):
        services.disbursement_record(staff=users["housing_staff"], application=submitted, amount=Decimal("1"),
                                     paid_on=dt.date(2026, 11, 20), reference="X")


def test_decisions_are_audited_with_the_reviewer_as_actor(client, users, submitted):
    from auditlog.models import LogEntry

    client.force_login(users["hrss_reviewer"])
    client.post(f"/work/benefits/{submitted.pk}/", {"action": "decide", "d-outcome": "approve"})
    decision = Decision.objects.get(application=submitted)
    entry = LogEntry.objects.get_for_object(decision).get()
    assert entry.actor == users["hrss_reviewer"]


def test_admin_pages_render(client, users, submitted):
    client.force_login(users["admin"])
    assert client.get("/admin/benefits/benefitapplication/").status_code == 200
    assert client.get(f"/admin/benefits/benefitapplication/{submitted.pk}/change/").status_code == 200


def test_the_reviewer_reads_the_rule_reasons_about_the_applicant_not_addressed_to_them(client, users, submitted):
    import re

    client.force_login(users["hrss_reviewer"])
    html = client.get(f"/work/benefits/{submitted.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    checks = html.split('data-testid="eligibility-now"')[1].split("</ul>")[0]
    assert "申请人" in checks and "您" not in checks
    labels = re.findall(r"(?:：|</span>)([^：<；]+)：", checks)
    assert all(len(label) <= 30 for label in labels), labels  # a parameter by its short name


def test_applicant_voice_turns_second_person_into_the_applicant():
    from youthcity.benefits.adapters import applicant_voice

    assert applicant_voice("您的户籍和家都不在洛阳，您符合全部条件。", "zh") == "申请人的户籍和家都不在洛阳，申请人符合全部条件。"
    assert applicant_voice("Neither your hukou nor your home is in Luoyang, so you come from out of town.", "en") == (
        "Neither the applicant's hukou nor the applicant's home is in Luoyang, so the applicant comes from out of town.")
    assert applicant_voice("You have an associate degree or higher, or you are a university student.", "en") == (
        "The applicant has an associate degree or higher, or the applicant is a university student.")
    assert applicant_voice("You work in Luoyang.", "en") == "The applicant works in Luoyang."


def test_the_queue_is_paged_with_its_count_and_keeps_the_filter(client, users, submitted):
    from tests.factories import open_benefit_applications

    open_cases = open_benefit_applications(60)
    assert open_cases > 50
    client.force_login(users["hrss_reviewer"])
    first = client.get("/work/benefits/?status=open").content.decode()
    assert first.count('data-testid="queue-row-') == 50
    assert f"共 {open_cases} 件申请" in first
    assert 'href="?status=open&amp;page=2"' in first and "1 / 2" in first
    second = client.get("/work/benefits/?status=open&page=2").content.decode()
    assert second.count('data-testid="queue-row-') == open_cases - 50
    assert 'href="?status=open&amp;page=1"' in second
    shown = set()
    for page in (first, second):
        shown |= {int(x.split('"')[0]) for x in page.split('data-testid="queue-row-')[1:]}
    assert len(shown) == open_cases  # every open case reachable, none twice
    assert client.get("/work/benefits/?status=open&page=99").status_code == 200  # past the end: the last page
