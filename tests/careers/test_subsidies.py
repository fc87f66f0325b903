"""Employer-audience benefits: the hiring subsidy and the enterprise–university base subsidy,
applied for by a verified employer's HR staff, reviewed by the district's human-resources
department, paid to the organisation; nobody reviews their own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.careers.conftest import hr_of, register, verify
from tests.factories import staff
from youthcity.accounts.models import Role
from youthcity.careers import services
from youthcity.careers.models import EmployerSubsidy
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test document\n%%EOF\n"
HIRING, BASE = "private_enterprise_hiring_subsidy", "enterprise_university_base_subsidy"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def hiring_docs():
    return {d: pdf(f"{d}.pdf") for d in ("business_licence", "labour_contracts", "social_insurance_records")}


def base_docs():
    return {d: pdf(f"{d}.pdf") for d in ("business_licence", "cooperation_agreement", "base_report")}


@pytest.fixture
def luolong_hrss(city):
    return Unit.objects.get(code="410311-hrss")


@pytest.fixture
def district_reviewer(luolong_hrss):
    return staff(luolong_hrss, Role.REVIEWER)


def apply_hiring(employer, **kw):
    return services.subsidy_apply(staff=hr_of(employer), employer=employer, policy_id=HIRING,
                                  is_private=kw.pop("is_private", True), graduates_hired=kw.pop("graduates_hired", 3),
                                  documents=kw.pop("documents", None) or hiring_docs(), **kw)


def test_hiring_subsidy_goes_to_the_district_department_and_is_paid_to_the_organisation(employer, luolong_hrss,
                                                                                       district_reviewer):
    subsidy = apply_hiring(employer)
    assert subsidy.unit == luolong_hrss and subsidy.applicant == hr_of(employer)
    assert subsidy.eligibility["status"] in ("eligible", "awaiting_confirmation") and subsidy.amount_min is None  # to be set by the city
    assert subsidy.documents.count() == 3
    with pytest.raises(ServiceError) as exc:
        services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="approve")
    assert "amount" in exc.value.fields
    services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="approve", amount="15000")
    subsidy.refresh_from_db()
    assert subsidy.status == "approved" and subsidy.approved_amount == Decimal("15000.00")
    assert subsidy.payee_name == employer.name and subsidy.payee_credit_code == employer.credit_code
    assert subsidy.decisions.get().amount == Decimal("15000.00")
    services.subsidy_payment_record(staff=district_reviewer, application=subsidy, paid_on=dt.date.today(),
                                    reference="转账-001")
    subsidy.refresh_from_db()
    assert subsidy.paid_on == dt.date.today() and subsidy.paid_by == district_reviewer
    with pytest.raises(ServiceError):
        services.subsidy_payment_record(staff=district_reviewer, application=subsidy, paid_on=dt.date.today(),
                                        reference="again")


def test_base_subsidy_amount_must_be_within_the_rule(employer, district_reviewer):
    subsidy = services.subsidy_apply(staff=hr_of(employer), employer=employer, policy_id=BASE,
                                     university="河南科技大学机电工程学院", documents=base_docs())
    assert (subsidy.amount_min, subsidy.amount_max) == (Decimal("100000"), Decimal("200000"))
    for bad in ("50000", "250000"):
        with pytest.raises(ServiceError) as exc:
            services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="approve", amount=bad)
        assert exc.value.fields["amount"]
    services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="approve", amount="150000")
    assert EmployerSubsidy.objects.get(pk=subsidy.pk).approved_amount == Decimal("150000")


def test_refusals_on_applying(employer, city):
    hr = hr_of(employer)
    with pytest.raises(ServiceError) as exc:  # not private: the rule's reason, in Chinese
        apply_hiring(employer, is_private=False)
    assert exc.value.code == "not_eligible" and "民营企业" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        apply_hiring(employer, graduates_hired=0)
    assert "graduates_hired" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # documents the policy asks for
        apply_hiring(employer, documents={"business_licence": pdf()})
    assert set(exc.value.fields) == {"labour_contracts", "social_insurance_records"}
    with pytest.raises(ServiceError) as exc:
        services.subsidy_apply(staff=hr, employer=employer, policy_id=BASE, documents=base_docs())
    assert "university" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # a youth policy is not an employer benefit
        services.subsidy_apply(staff=hr, employer=employer, policy_id="interview_travel_subsidy", documents={})
    assert exc.value.status == 404
    apply_hiring(employer)
    with pytest.raises(ServiceError) as exc:
        apply_hiring(employer)
    assert exc.value.code == "already_open"
    unverified = register()
    with pytest.raises(ServiceError) as exc:
        apply_hiring(unverified)
    assert exc.value.code == "employer_not_verified"
    other = verify(register())
    with pytest.raises(PermissionDenied):  # HR staff of another employer
        services.subsidy_apply(staff=hr_of(other), employer=employer, policy_id=HIRING, is_private=True,
                               graduates_hired=1, documents=hiring_docs())


def test_nobody_reviews_their_own_and_review_is_scoped_by_region(employer, luolong_hrss, district_reviewer, city):
    from youthcity.accounts.models import User
    from youthcity.accounts.services import membership_grant
    from youthcity.careers.workflow import subsidy_workflow

    hr = hr_of(employer)
    membership_grant(user=hr, role=Role.REVIEWER, unit=luolong_hrss)  # an HR person who is also a reviewer
    subsidy = apply_hiring(employer)
    assert not subsidy_workflow.queue(hr).filter(pk=subsidy.pk).exists()
    with pytest.raises(PermissionDenied):
        services.subsidy_decide(reviewer=hr, application=subsidy, outcome="approve", amount="1000")
    city_reviewer = User.objects.get(username="hrss_reviewer")  # 市人社局: not this district's case
    assert not subsidy_workflow.queue(city_reviewer).filter(pk=subsidy.pk).exists()
    with pytest.raises(PermissionDenied):
        services.subsidy_decide(reviewer=city_reviewer, application=subsidy, outcome="approve", amount="1000")
    jianxi = staff(Unit.objects.get(code="410305-hrss"), Role.REVIEWER)
    assert not subsidy_workflow.queue(jianxi).filter(pk=subsidy.pk).exists()
    assert subsidy_workflow.queue(district_reviewer).filter(pk=subsidy.pk).exists()
    with pytest.raises(ServiceError) as exc:
        services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="reject")
    assert exc.value.code == "reason_required"
    services.subsidy_decide(reviewer=district_reviewer, application=subsidy, outcome="reject", reason="合同不全")
    with pytest.raises(ServiceError):
        services.subsidy_payment_record(staff=district_reviewer, application=subsidy, paid_on=dt.date.today(),
                                        reference="x")


def test_pages_employer_applies_and_district_reviewer_decides(client, employer, district_reviewer):
    hr = hr_of(employer)
    client.force_login(hr)
    home = client.get("/careers/employer/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"/careers/employer/subsidies/new/{HIRING}/" in home.content.decode()
    page = client.get(f"/careers/employer/subsidies/new/{HIRING}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "劳动合同" in page.content.decode()
    assert client.get("/careers/employer/subsidies/new/interview_travel_subsidy/").status_code == 404
    bad = client.post(f"/careers/employer/subsidies/new/{HIRING}/", {"graduates_hired": 2},
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 200 and bad.context["form"].errors
    data = {"is_private": "on", "graduates_hired": 2, **{f"doc_{k}": v for k, v in hiring_docs().items()}}
    sent = client.post(f"/careers/employer/subsidies/new/{HIRING}/", data)
    subsidy = EmployerSubsidy.objects.get()
    assert sent.status_code == 302 and sent.url == f"/careers/employer/subsidies/{subsidy.pk}/"
    assert client.get(sent.url).status_code == 200
    assert client.get(f"/work/careers/subsidies/{subsidy.pk}/").status_code in (302, 403)  # HR staff: no workbench
    client.logout()
    client.force_login(district_reviewer)
    queue = client.get("/work/careers/")
    assert subsidy in queue.context["subsidies"]
    review = client.post(f"/work/careers/subsidies/{subsidy.pk}/", {"action": "decide", "outcome": "approve",
                                                                    "amount": "8000"})
    assert review.status_code == 302
    paid = client.post(f"/work/careers/subsidies/{subsidy.pk}/", {"action": "pay", "paid_on": dt.date.today().isoformat(),
                                                                  "reference": "BANK-1"})
    assert paid.status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.status == "approved" and subsidy.paid_on is not None
    client.force_login(staff(Unit.objects.get(code="410305-hrss"), Role.REVIEWER))
    assert client.get(f"/work/careers/subsidies/{subsidy.pk}/").status_code == 404
