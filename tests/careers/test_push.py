"""Job push: 为你推荐 from the profile and preferences, and a notification when a new matching
position is published (and only then)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.careers.conftest import hr_of, make_youth, post_internship
from youthcity.careers import selectors, services
from youthcity.core.errors import ServiceError
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


def inbox(user, kind="careers.position_for_you"):
    from youthcity.core.models import Notification

    return list(Notification.objects.filter(recipient=user, kind=kind))


def post_job(employer, *, title, district="410311", education="", requirements=""):
    return services.position_post(staff=hr_of(employer), employer=employer, kind="job", title=title,
                                  district=Region.objects.get(code=district), industry="manufacturing",
                                  education_required=education, monthly_pay=Decimal("6000"), capacity=1,
                                  requirements=requirements)


def test_recommendations_follow_profile_and_preferences(employer, django_capture_on_commit_callbacks):
    grad = make_youth(education="bachelor")
    services.preferences_set(user=grad, major="机械、自动化", districts=[Region.objects.get(code="410311")])
    with django_capture_on_commit_callbacks(execute=True):
        fitting = post_job(employer, title="机械设计工程师", requirements="机械相关专业")
        elsewhere = post_job(employer, title="机械装配技术员", district="410305")
        too_high = post_job(employer, title="机械研究员", education="doctorate")
        other_major = post_job(employer, title="出纳", requirements="会计专业")
    shown = selectors.recommended(grad)
    assert fitting in shown and other_major in shown
    assert elsewhere not in shown and too_high not in shown
    assert shown.index(fitting) < shown.index(other_major)  # the major counts in the order
    titles = [n.title for n in inbox(grad)]
    assert len(titles) == 1 and "机械设计工程师" in titles[0]


def test_internship_is_pushed_when_approved_not_when_posted(employer, django_capture_on_commit_callbacks):
    grad = make_youth(education="bachelor")
    services.preferences_set(user=grad)
    silent = make_youth(education="bachelor")
    services.preferences_set(user=silent, notify_me=False)
    with django_capture_on_commit_callbacks(execute=True):
        position = post_internship(employer, approve=False, title="见习数据分析")
    assert inbox(grad) == []
    from youthcity.accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        services.position_review_decide(reviewer=User.objects.get(username="hrss_staff"),
                                        application=position.reviews.get(), outcome="approve")
    assert len(inbox(grad)) == 1 and inbox(silent) == []
    assert hr_of(employer) not in [n.recipient for n in inbox(grad)]


def test_preferences_refusals_and_page(client, employer):
    from youthcity.accounts.models import User

    nobody = User.objects.create_user(username="push_noprofile", password="x-Password-2026")
    with pytest.raises(ServiceError) as exc:
        services.preferences_set(user=nobody, major="软件")
    assert exc.value.code == "no_profile"
    grad = make_youth()
    with pytest.raises(ServiceError):
        services.preferences_set(user=grad, industries=["nope"])
    with pytest.raises(ServiceError):
        services.preferences_set(user=grad, districts=[Region.objects.get(code="410300")])  # the city, not a district
    assert client.get("/careers/for-you/").status_code == 302
    client.force_login(grad)
    page = client.get("/careers/for-you/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "positions" in page.context
    saved = client.post("/careers/for-you/", {"major": "软件", "industries": ["information"], "notify_me": "on"})
    assert saved.status_code == 302
    assert selectors.preferences_of(grad).industries == ["information"]
