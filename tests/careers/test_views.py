"""Pages and API: the happy paths through the views, scoped 404s, the Excel export, Chinese text."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.careers.conftest import (
    PASSWORD,
    credit_code,
    hr_of,
    make_youth,
    place,
    post_internship,
    register,
    verify,
)
from tests.conftest import bearer
from youthcity.accounts.models import User
from youthcity.careers.models import Employer, JobApplication, Position

pytestmark = pytest.mark.django_db


def test_catalogue_filters_and_shows_demo_positions(client, city):
    page = client.get("/careers/")
    assert page.status_code == 200 and "示例·软件工程师" in page.content.decode()
    assert "示例·质量检测见习生" not in page.content.decode()  # waits for approval
    page = client.get("/careers/?kind=internship&district=410305")
    titles = {p.title for p in page.context["positions"]}
    assert titles == {"示例·数控加工见习生"}
    assert {p.title for p in client.get("/careers/?education=vocational").context["positions"]} == {"示例·数控加工见习生"}
    assert all(p.monthly_pay >= 5000 for p in client.get("/careers/?min_pay=5000").context["positions"])
    assert client.get("/careers/?min_pay=abc").status_code == 200
    bases = client.get("/careers/bases/")
    assert "示例·洛龙智造科技有限公司" in bases.content.decode()


def test_excel_export_writes_formula_like_text_as_text(client, employer):
    post_internship(employer, title="=HYPERLINK(\"http://x\")")
    response = client.get("/careers/positions.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = next(c for c in cells if str(c.value).startswith("="))
    assert formula.data_type == "s" and formula.value == "=HYPERLINK(\"http://x\")"
    assert sheet.cell(1, 1).value  # a header row


def test_employer_registration_page_logs_in_and_shows_pending(client, city):
    data = {"name": "页面测试有限公司", "credit_code": credit_code(777001), "district": city.children.get(code="410311").pk,
            "industry": "information", "display_name": "王人事", "phone": "13712345678", "username": "page_hr",
            "password": "Aa-very-long-2026", "accept_privacy": "on"}
    bad = client.post("/careers/employer/register/", {**data, "credit_code": "91410311MA0000001X"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 200 and "credit_code" in bad.context["form"].errors
    assert "校验码" in bad.content.decode()
    response = client.post("/careers/employer/register/", data)
    assert response.status_code == 302 and response["Location"] == "/careers/employer/"
    home = client.get("/careers/employer/")
    assert home.context["employer"].status == Employer.Status.PENDING and "正在核验" in home.content.decode()
    assert not client.get("/careers/employer/positions/new/").context["employer"].is_verified
    refused = client.post("/careers/employer/positions/new/", {
        "kind": "job", "title": "岗位", "district": data["district"], "industry": "information", "monthly_pay": "5000",
        "capacity": "1"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()


def test_employer_pages_are_scoped_to_the_own_organisation(client, internship):
    other = verify(register())
    foreign = post_internship(other)
    application = JobApplication.objects.create(applicant=make_youth(), position=foreign)
    client.force_login(hr_of(internship.employer))
    assert client.get(f"/careers/employer/positions/{internship.pk}/").status_code == 200
    assert client.get(f"/careers/employer/positions/{foreign.pk}/").status_code == 404
    assert client.post(f"/careers/employer/applications/{application.pk}/offer/").status_code == 404
    assert client.get(f"/careers/employer/interns/{place(foreign).pk}/claim/").status_code == 404
    client.force_login(make_youth())
    assert client.get("/careers/employer/").status_code == 403


def test_young_person_applies_and_accepts_through_the_pages(client, internship):
    person = make_youth("page_youth")
    client.force_login(person)
    assert client.post(f"/careers/positions/{internship.pk}/", {"cover_note": "希望加入"}).status_code == 302
    application = JobApplication.objects.get(applicant=person)
    client.force_login(hr_of(internship.employer))
    client.post(f"/careers/employer/applications/{application.pk}/offer/")
    client.force_login(person)
    page = client.get("/careers/my/")
    assert "已发出录用" in page.content.decode() or page.context["applications"][0].status == "offered"
    client.post(f"/careers/my/{application.pk}/accept/")
    application.refresh_from_db()
    assert application.status == "accepted"
    client.force_login(make_youth())
    assert client.post(f"/careers/my/{application.pk}/accept/").status_code == 404


def test_workbench_review_pages_decide(client, city):
    employer = register()
    client.force_login(User.objects.get(username="hrss_reviewer"))
    queue = client.get("/work/careers/")
    assert employer.name in queue.content.decode()
    verification = employer.verifications.get()
    response = client.post(f"/work/careers/employers/{verification.pk}/", {"outcome": "approve"})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.is_verified
    refused = client.post(f"/work/careers/employers/{verification.pk}/", {"outcome": "approve"})
    assert refused.status_code == 200 and not refused.context["can_decide"]


def test_dashboard_headline(client, internship):
    place(internship)
    client.force_login(User.objects.get(username="leader"))
    page = client.get("/dashboard/careers/")
    assert page.status_code == 200 and page.context["headline"]["staying"] >= 1
    assert client.get(f"/dashboard/careers/?year={dt.date.today().year - 1}").status_code == 200


def test_api_catalogue_apply_and_refusals_in_chinese(client, internship):
    rows = client.get("/api/v1/careers/positions?kind=internship").json()
    assert internship.pk in {r["id"] for r in rows}
    person = make_youth()
    created = client.post(f"/api/v1/careers/positions/{internship.pk}/apply", data={"cover_note": ""},
                          content_type="application/json", **bearer(person))
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    again = client.post(f"/api/v1/careers/positions/{internship.pk}/apply", data={}, content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="zh-hans", **bearer(person))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_applied"
    pending = post_internship(internship.employer, approve=False)
    assert client.get(f"/api/v1/careers/positions/{pending.pk}").status_code == 404
    mine = client.get("/api/v1/careers/applications", **bearer(person)).json()
    assert [a["position"] for a in mine] == [internship.pk]
    assert Position.objects.filter(pk=pending.pk, status="pending").exists()


def test_registration_password_is_validated(client, city):
    response = client.post("/careers/employer/register/", {"name": "x", "credit_code": credit_code(), "username": "ab_c",
                                                           "password": "123", "display_name": "x", "phone": "13700000009",
                                                           "industry": "other", "district": ""})
    assert response.status_code == 200 and "password" in response.context["form"].errors
    assert PASSWORD  # the fixtures' password satisfies the validators


def test_a_refused_employer_asks_again(client, city):
    employer = register()
    reviewer = User.objects.get(username="hrss_reviewer")
    from youthcity.careers import services

    services.verification_decide(reviewer=reviewer, application=employer.verifications.get(), outcome="reject",
                                 reason="执照模糊")
    client.force_login(hr_of(employer))
    assert "执照模糊" in client.get("/careers/employer/").content.decode()
    assert client.post("/careers/employer/resubmit/", {"note": "已重新上传"}).status_code == 302
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING
    assert employer.verifications.filter(status="submitted").count() == 1
