"""Benefits part two: students, validity (awaiting the city's confirmation), parameters by place
set in the app, pages a citizen can read (public list, reviewer's questions and answers, approved
amount), and the share link of the policy package."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import signing
from django.utils import timezone

from tests.benefits.conftest import INTERVIEW, interview_documents, make_youth
from youthcity.benefits import adapters, selectors, services
from youthcity.benefits.models import ParameterValue
from youthcity.benefits.registry import registry
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification

TODAY = dt.date(2026, 12, 1)


def final_year_student(username: str = "student_test"):
    """An out-of-town bachelor student graduating within a year (highest completed: senior high)."""
    return make_youth(username, education_level="senior_high", graduation_date=dt.date(2022, 6, 30),
                      is_student=True, study_level="bachelor", school="郑州大学",
                      expected_graduation_date=timezone.localdate() + dt.timedelta(days=200),
                      employment_status="student")


@pytest.fixture
def fresh_registry():
    """Values written in a test reach the process-wide registry; put the files' set back after."""
    yield registry
    registry.reload()


# -- students ------------------------------------------------------------------------------------


def test_profile_facts_state_being_a_student(city):
    user = final_year_student()
    facts = adapters.profile_facts(user.youth_profile)
    assert facts["is_student"] is True and facts["study_level"] == "bachelor"
    assert facts["expected_graduation_date"] == (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    assert facts["education_level"] == "senior_high"


def test_a_final_year_student_meets_the_interview_subsidy_and_youth_station(city):
    user = final_year_student()
    facts = dict(adapters.profile_facts(user.youth_profile), has_interview_invitation=True, is_job_seeking=True)
    groups = selectors.grouped_results(facts, TODAY, "zh")
    found = {r["id"]: status for status, rows in groups.items() for r in rows}
    # December 2026: the Luoyang plan's period (十四五, to 2025) has ended, so the city confirms first.
    assert found[INTERVIEW] == "awaiting_confirmation"
    assert found["youth_station_stay"] == "awaiting_confirmation"


def test_the_profile_refuses_a_future_graduation_and_asks_a_student_for_the_expected_date(client, users):
    youth = users["youth"]
    client.force_login(youth)
    base = {"birth_date": "2002-05-18", "education_level": "senior_high", "hukou_city": "郑州市",
            "home_city": "郑州市", "current_city": "洛阳市", "employment_status": "student"}
    future = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    r = client.post("/accounts/profile/", {**base, "graduation_date": future})
    assert "graduation_date" in r.context["form"].errors
    r = client.post("/accounts/profile/", {**base, "is_student": "true", "study_level": "bachelor"})
    assert "expected_graduation_date" in r.context["form"].errors
    r = client.post("/accounts/profile/", {**base, "is_student": "true", "study_level": "bachelor",
                                           "school": "郑州大学", "expected_graduation_date": future})
    assert r.status_code == 302
    youth.youth_profile.refresh_from_db()
    assert youth.youth_profile.is_student and youth.youth_profile.expected_graduation_date.isoformat() == future


def test_the_finder_asks_whether_someone_is_a_student(client, city):
    session = client.session
    session["benefits_finder"] = {"facts": {"education_level": "senior_high", "hukou_city": "zhengzhou",
                                            "home_city": "zhengzhou"}, "skipped": [], "prefilled": []}
    session.save()
    r = client.get("/benefits/finder/?fact=is_student")
    assert "您目前是否在校就读" in r.content.decode()
    r = client.post("/benefits/finder/", {"fact": "expected_graduation_date",
                                          "answer": (timezone.localdate() + dt.timedelta(days=90)).isoformat()})
    assert r.status_code == 302  # a future expected graduation date is accepted


# -- validity ------------------------------------------------------------------------------------


def test_the_api_says_a_policy_awaits_the_citys_confirmation(client, city):
    facts = {"education_level": "bachelor", "hukou_city": "xian", "home_city": "xian", "has_interview_invitation": True}
    body = client.post("/api/v1/benefits/check", {"facts": facts, "on": "2026-12-01"},
                       content_type="application/json").json()
    result = next(r for r in body["results"] if r["policy"] == INTERVIEW)
    assert result["status"] == "awaiting_confirmation" and result["awaiting_confirmation"] is True
    assert result["confirmation"] == ["period_ended", "review_due"]
    assert result["validity"]["until"] == "2025-12-31"
    assert "待市里确认" in result["reason"]
    before = client.post("/api/v1/benefits/check", {"facts": facts, "on": "2025-06-01"},
                         content_type="application/json").json()
    result = next(r for r in before["results"] if r["policy"] == INTERVIEW)
    assert result["status"] == "eligible" and result["awaiting_confirmation"] is False


def test_the_results_page_lists_them_apart(client, city):
    session = client.session
    session["benefits_finder"] = {"facts": {"education_level": "bachelor", "hukou_city": "xian", "home_city": "xian",
                                            "has_interview_invitation": True}, "skipped": [], "prefilled": []}
    session.save()
    html = client.get("/benefits/results/").content.decode()
    assert 'data-testid="group-awaiting"' in html and "待市里确认" in html
    awaiting = html.split('data-testid="group-awaiting"')[1].split("</section>")[0]
    assert f'data-testid="result-{INTERVIEW}"' in awaiting


# -- the public list -----------------------------------------------------------------------------


def test_the_public_list_reads_as_words_and_numbers(client, city):
    html = client.get("/benefits/policies/").content.decode()
    assert "param." not in html and "未匹配到单位" not in html and "XX区" not in html
    assert "每月1,600元（不低于见习所在县区月最低工资标准的80%）" in html
    assert "一次性100,000–200,000元" in html
    assert "金额待市里确定" in html
    assert "有效期" in html and "“十四五”期间（2021—2025年）" in html


def test_staff_still_see_the_rule_and_the_unresolved_unit(client, users):
    client.force_login(users["coordinator"])
    html = client.get("/benefits/policies/").content.decode()
    assert "param.internship.allowance_share_of_minimum_wage" in html and "未匹配到单位" in html


# -- the reviewer's screen and the approved amount ------------------------------------------------


def test_the_reviewer_sees_questions_and_answers_not_keys(client, users, submitted):
    client.force_login(users["hrss_reviewer"])
    html = client.get(f"/work/benefits/{submitted.pk}/").content.decode()
    assert "home_city=" not in html and "param.city.code" not in html and "zhengzhou" not in html
    answers = html.split('data-testid="review-answers"')[1].split("</dl>")[0]
    assert "您的家（常住地）在哪个城市？" in answers and "郑州市" in answers
    assert "您是否已获得本市用人单位的面试（应聘）邀请？" in answers


def test_the_approved_amount_reaches_the_decision_the_inbox_and_the_applicant(client, users, city, fresh_registry,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.parameter_value_set(staff=users["hrss_staff"], parameter="interview_subsidy.amount",
                                     effective_from=dt.date(2026, 1, 1), value=Decimal("500"),
                                     notice="洛人社〔2026〕1号（示范数据）")
    youth = make_youth("amount_test")
    application = services.application_submit(applicant=youth, policy_id=INTERVIEW, documents=interview_documents(),
                                              stated_facts={"has_interview_invitation": True})
    services.application_decide(reviewer=users["hrss_reviewer"], application=application, outcome="approve")
    application.refresh_from_db()
    assert application.approved_amount == Decimal("500")
    note = Notification.objects.get(recipient=youth, kind="benefits.approve")
    assert "500元" in note.body or "500元" in note.title
    client.force_login(youth)
    html = client.get(f"/benefits/applications/{application.pk}/").content.decode()
    assert 'data-testid="approved-amount"' in html and "500元" in html
    assert 'data-testid="next-step"' in html and f"款项将由{application.unit}发放，请留意站内通知" in html
    client.force_login(users["hrss_reviewer"])
    html = client.get(f"/work/benefits/{application.pk}/").content.decode()
    assert "500元" in html.split("History")[-1] or "500元" in html


# -- parameters by place, set in the app ----------------------------------------------------------


def test_hr_staff_set_a_county_minimum_wage_with_its_notice(client, users, fresh_registry,
                                                            django_capture_on_commit_callbacks):
    facts = {"education_level": "bachelor", "is_intern": True, "work_district": "yiyang"}
    before = next(r for r in selectors.policy_set().evaluate(facts, TODAY) if r.policy_id == "internship_living_allowance")
    assert before.amount is None and before.amount_to_be_set
    client.force_login(users["hrss_staff"])
    page = client.get("/work/benefits/parameters/")
    assert page.status_code == 200 and "宜阳县" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/work/benefits/parameters/", {
            "parameter": "minimum_wage.monthly.yiyang", "effective_from": "2022-01-01", "value": "1800",
            "notice": "豫政〔2021〕33号（示范数据：县区类别待核）"})
    assert r.status_code == 302
    row = ParameterValue.objects.get(parameter="minimum_wage.monthly.yiyang")
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.actor == users["hrss_staff"]
    after = next(r for r in selectors.policy_set().evaluate(facts, TODAY) if r.policy_id == "internship_living_allowance")
    assert after.amount == Decimal("1440.00") and not after.amount_to_be_set
    luolong = dict(facts, work_district="luolong")
    tier1 = next(r for r in selectors.policy_set().evaluate(luolong, TODAY) if r.policy_id == "internship_living_allowance")
    assert tier1.amount == Decimal("1600.00")
    # the same date again, no notice, a negative value: refused, nothing written
    for bad in ({"effective_from": "2022-01-01", "value": "1900", "notice": "x"},
                {"effective_from": "2023-01-01", "value": "1900", "notice": " "},
                {"effective_from": "2023-01-01", "value": "-1", "notice": "x"}):
        r = client.post("/work/benefits/parameters/", {"parameter": "minimum_wage.monthly.yiyang", **bad})
        assert r.status_code == 200 and r.context["form"].errors
    assert ParameterValue.objects.count() == 1


@pytest.mark.parametrize("username", ["youth", "housing_staff", "station_staff", "luolong_coordinator", "leader"])
def test_others_cannot_set_parameters(client, users, username):
    client.force_login(users[username])
    page = client.get("/work/benefits/parameters/")
    if username == "housing_staff":  # 市住建局 sets its own policies' numbers, not the minimum wage
        assert page.status_code == 200 and "minimum_wage.monthly.yiyang" not in page.content.decode()
        assert services.can_set_parameter(users[username], "rental_housing.rent_free_months_min")
    else:
        assert page.status_code in (302, 403)
    with pytest.raises((services.PermissionDenied, ServiceError)):
        services.parameter_value_set(staff=users[username], parameter="minimum_wage.monthly.yiyang",
                                     effective_from=dt.date(2022, 1, 1), value=Decimal("1800"), notice="x")
    assert not ParameterValue.objects.exists()


def test_a_city_coordinator_may_set_any_numeric_parameter(users):
    assert services.can_set_parameter(users["coordinator"], "rental_housing.rent_free_months_min")
    assert services.can_set_parameter(users["hrss_staff"], "minimum_wage.monthly.yiyang")
    assert not services.can_set_parameter(users["hrss_staff"], "rental_housing.rent_free_months_min")


# -- share link and QR code for the package --------------------------------------------------------


def test_the_package_has_a_share_link_and_qr_code(client, city):
    session = client.session
    facts = {"education_level": "bachelor", "hukou_city": "xian", "home_city": "xian", "has_interview_invitation": True}
    session["benefits_finder"] = {"facts": facts, "skipped": [], "prefilled": []}
    session.save()
    html = client.get("/benefits/package/").content.decode()
    assert "<svg" in html and 'data-testid="share-url"' in html
    url = re.search(r'id="share-url" type="text" readonly value="([^"]+)"', html).group(1)
    assert signing.loads(url.split("a=")[1].replace("%3A", ":"), salt="benefits.package") == facts
    other = client.__class__()
    shared = other.get(url.replace("http://testserver", "").replace("&amp;", "&"))
    assert shared.status_code == 200
    body = shared.content.decode()
    assert 'data-testid="package-shared"' in body and INTERVIEW in body
    assert "benefits_finder" not in other.session  # opening a shared link stores nothing
    assert other.get("/benefits/package/?a=forged").status_code == 404
