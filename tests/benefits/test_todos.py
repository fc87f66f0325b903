"""Reviewers land on the applications waiting for them: the workbench's to-dos count the benefit
applications in their own queue (never another unit's, never their own, not those waiting for
the applicant's documents)."""

from __future__ import annotations

import datetime as dt

from youthcity.benefits import services
from youthcity.benefits.models import BenefitApplication
from youthcity.core import todos as core_todos

TODAY = dt.date(2026, 12, 1)


def _waiting(user) -> int:
    return sum(t.count for t in core_todos.for_user(user, TODAY) if t.url == "/work/benefits/")


def _submitted_for(unit_code: str) -> int:
    return BenefitApplication.objects.filter(unit__code=unit_code, status="submitted").count()


def test_a_reviewer_sees_the_applications_waiting_in_their_queue(submitted, users):
    assert _waiting(users["hrss_reviewer"]) == _submitted_for("ly-hrss") >= 1
    [item] = [t for t in core_todos.for_user(users["hrss_reviewer"], TODAY) if t.url == "/work/benefits/"]
    assert item.kind == "review" and item.title == f"{item.count}份惠青政策申请待您审核"
    # Another unit's staff see only their own unit's; the applicant sees nothing of theirs.
    assert _waiting(users["housing_staff"]) == _submitted_for("ly-housing")
    assert _waiting(submitted.applicant) == 0


def test_an_application_waiting_for_documents_is_the_applicants_move(submitted, users):
    before = _waiting(users["hrss_reviewer"])
    services.application_decide(reviewer=users["hrss_reviewer"], application=submitted,
                                outcome="request_documents", reason="请补充面试邀请函原件扫描件")
    assert _waiting(users["hrss_reviewer"]) == before - 1


def test_the_landing_page_lists_it(client, submitted, users):
    client.force_login(users["hrss_reviewer"])
    html = client.get("/work/").content.decode()
    assert f"{_submitted_for('ly-hrss')}份惠青政策申请待您审核" in html and 'href="/work/benefits/"' in html
