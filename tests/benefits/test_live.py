"""Benefit payments feed the monitoring system's live indicators."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from youthcity.applications.models import ApplicationStatus
from youthcity.benefits.models import BenefitApplication, Disbursement
from youthcity.core.measures import value as live_value
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region


def test_benefits_paid_and_approvals_by_where_the_young_person_lives(users):
    youth = users["youth"]  # lives in 洛龙区
    app = BenefitApplication.objects.create(
        applicant=youth, policy_id="interview_travel_subsidy", policy_name="一次性面试补贴", unit=Unit.objects.get(code="ly-hrss"),
        status=ApplicationStatus.APPROVED, decided_at=timezone.make_aware(dt.datetime(2026, 9, 1, 10)),
        approved_amount=Decimal("500"))
    Disbursement.objects.create(application=app, amount=Decimal("500"), paid_on=dt.date(2026, 9, 3),
                                reference="LY-2026-001", recorded_by=users["hrss_reviewer"])
    Disbursement.objects.create(application=app, amount=Decimal("120.50"), paid_on=dt.date(2025, 12, 30),
                                reference="LY-2025-009", recorded_by=users["hrss_reviewer"])
    luolong, jianxi = Region.objects.get(name="洛龙区"), Region.objects.get(name="涧西区")
    assert live_value("benefits_paid", luolong, "2026") == Decimal("500")
    assert live_value("benefits_paid", luolong, "2025") == Decimal("120.5")
    assert live_value("benefits_paid", jianxi, "2026") == 0
    assert live_value("benefit_approvals", luolong, "2026") >= 1
    assert live_value("benefit_approvals", jianxi, "2026") == 0
