"""Services of the careers domain: the happy path and every refusal with its code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.careers.conftest import credit_code, hr_of, make_youth, place, post_internship, register, verify
from youthcity.accounts import permissions
from youthcity.accounts.models import Role, User
from youthcity.careers import licence, services
from youthcity.careers.models import AllowanceClaim, Employer, JobApplication, Position
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


def test_gb32100_check_character_on_a_published_example():
    assert licence.problem("91350100M000100Y43") is None
    assert licence.problem("91350100M000100Y44") == "check"
    assert licence.problem("91350100M000100Y4") == "length"
    assert licence.problem("9135010OM000100Y43") == "character"  # letter O is not in the alphabet


def test_registration_creates_an_inactive_enterprise_hr_account_and_a_verification(city):
    employer = register(name="示例测试有限公司")
    hr = hr_of(employer)
    assert employer.status == Employer.Status.PENDING and not employer.unit.is_active
    assert employer.unit.kind == "enterprise"
    assert permissions.is_employer_staff(hr, employer.unit) and Role.EMPLOYER in permissions.roles_of(hr)
    assert permissions.faces_for(hr) == ["portal"]  # no workbench, no dashboard: not a programme role
    assert not permissions.is_youth(hr)
    verification = employer.verifications.get()
    assert verification.unit.code == "410311-hrss" and verification.applicant == hr  # the employer's district
    # 洛龙区人社局 has nobody in the demo: the city's department (over it) is told
    assert Notification.objects.filter(recipient__username="hrss_reviewer", kind="careers.employer.application_submitted").exists()


@pytest.mark.parametrize("code, problem", [("91410311MA0000001", "18"), ("91410311MA000000IX", "I、O"),
                                           ("91350100M000100Y44", "GB 32100")])
def test_a_bad_credit_code_is_refused_with_the_reason_on_the_field(city, code, problem):
    with pytest.raises(ServiceError) as exc:
        register(code=code)
    assert exc.value.code == "invalid" and exc.value.status == 422
    assert problem in exc.value.fields["credit_code"][0]
    assert not Employer.objects.filter(credit_code=code).exists()


def test_a_credit_code_registers_once(city):
    code = credit_code(424242)
    register(code=code)
    with pytest.raises(ServiceError) as exc:
        register(code=code)
    assert exc.value.code == "already_registered"


def test_an_unverified_employer_cannot_post(city):
    employer = register()
    with pytest.raises(ServiceError) as exc:
        post_internship(employer, approve=False)
    assert exc.value.code == "employer_not_verified" and exc.value.status == 403
    assert "核验" in str(_zh(lambda: post_internship(employer, approve=False)))
    assert not Position.objects.filter(employer=employer).exists()


def _zh(fn):
    from django.utils.translation import override

    with override("zh-hans"):
        try:
            fn()
        except ServiceError as exc:
            return exc.message
    return ""


def test_a_refused_verification_keeps_the_employer_from_posting(city):
    employer = register()
    reviewer = User.objects.get(username="hrss_reviewer")
    with pytest.raises(ServiceError) as exc:
        services.verification_decide(reviewer=reviewer, application=employer.verifications.get(), outcome="reject")
    assert exc.value.code == "reason_required"
    services.verification_decide(reviewer=reviewer, application=employer.verifications.get(), outcome="reject",
                                 reason="营业执照与名称不符")
    employer.refresh_from_db()
    assert employer.status == Employer.Status.REJECTED
    with pytest.raises(ServiceError):
        post_internship(employer, approve=False)


def test_nobody_verifies_their_own_employer(city):
    employer = register()
    hr = hr_of(employer)
    from youthcity.accounts.services import membership_grant
    from youthcity.organizations.models import Unit

    membership_grant(user=hr, role=Role.REVIEWER, unit=Unit.objects.get(code="ly-hrss"))
    with pytest.raises(PermissionDenied):
        services.verification_decide(reviewer=hr, application=employer.verifications.get(), outcome="approve")
    assert not employer.verifications.get().decided_by


def test_another_district_cannot_decide_a_verification(city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    employer = register()  # in 洛龙区: 洛龙区人社局's case (docs/careers.md, District routing)
    jianxi_staff = staff(Unit.objects.get(code="410305-hrss"), Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        services.verification_decide(reviewer=jianxi_staff, application=employer.verifications.get(),
                                     outcome="approve")
    services.verification_decide(reviewer=staff(Unit.objects.get(code="410311-hrss"), Role.REVIEWER),
                                 application=employer.verifications.get(), outcome="approve")


def test_internship_waits_for_approval_jobs_publish_at_once(employer):
    internship = post_internship(employer, approve=False)
    assert internship.status == Position.Status.PENDING and internship.reviews.get().unit.code == "410311-hrss"
    job = services.position_post(staff=hr_of(employer), employer=employer, kind="job", title="工程师",
                                 district=employer.district, industry="information", monthly_pay=Decimal(6000),
                                 capacity=1)
    assert job.status == Position.Status.PUBLISHED and job.published_at
    services.position_review_decide(reviewer=User.objects.get(username="hrss_staff"), application=internship.reviews.get(),
                                    outcome="approve")
    internship.refresh_from_db()
    assert internship.status == Position.Status.PUBLISHED


@pytest.mark.parametrize("changes, field", [
    ({"capacity": 0}, "capacity"), ({"pay": "-1"}, "monthly_pay"), ({"pay": "1000"}, "monthly_pay"),
    ({"ends_on": dt.date(2026, 6, 1)}, "ends_on"), ({"starts_on": None}, "starts_on"),
])
def test_bad_positions_are_refused_on_their_field(employer, changes, field):
    with pytest.raises(ServiceError) as exc:
        post_internship(employer, approve=False, **changes)
    assert exc.value.code == "invalid" and field in exc.value.fields


def test_internship_allowance_floor_is_80_percent_of_the_county_minimum_wage(city):
    assert services.internship_floor("410311", dt.date(2026, 7, 1)) == Decimal("1600.00")  # tier 1: 2000
    assert services.internship_floor("410324", dt.date(2026, 7, 1)) == Decimal("1440.00")  # a county, tier 2: 1800
    assert services.internship_floor("410311", dt.date(2021, 7, 1)) == Decimal("1520.00")  # 1900 before 2022


def test_apply_offer_accept_notifies_both_sides(internship):
    person = make_youth()
    application = services.job_apply(applicant=person, position=internship, cover_note="你好")
    hr = hr_of(internship.employer)
    assert Notification.objects.filter(recipient=hr, kind="careers.application_received").exists()
    assert application.profile["education_level"] == "bachelor"
    services.application_decide(staff=hr, application=application, action="shortlist")
    services.application_decide(staff=hr, application=application, action="offer")
    assert Notification.objects.filter(recipient=person, kind="careers.offer").exists()
    services.offer_respond(applicant=person, application=application, accept=True)
    application.refresh_from_db()
    assert application.status == JobApplication.Status.ACCEPTED and application.accepted_at
    assert Notification.objects.filter(recipient=hr, kind="careers.offer_accepted").exists()


def test_application_refusals(internship):
    person = make_youth()
    services.job_apply(applicant=person, position=internship)
    with pytest.raises(ServiceError) as exc:
        services.job_apply(applicant=person, position=internship)
    assert exc.value.code == "already_applied"
    with pytest.raises(ServiceError) as exc:
        services.job_apply(applicant=hr_of(internship.employer), position=internship)
    assert exc.value.code in ("no_profile", "own_employer")
    low = make_youth(education="senior_high")
    with pytest.raises(ServiceError) as exc:
        services.job_apply(applicant=low, position=post_internship(internship.employer, education_required="associate"))
    assert exc.value.code == "education"
    pending = post_internship(internship.employer, approve=False)
    with pytest.raises(ServiceError) as exc:
        services.job_apply(applicant=person, position=pending)
    assert exc.value.code == "not_open"


def test_employer_staff_with_a_youth_profile_cannot_apply_to_their_own_employer(internship):
    from youthcity.accounts.services import youth_profile_create

    hr = hr_of(internship.employer)
    youth_profile_create(user=hr)
    with pytest.raises(ServiceError) as exc:
        services.job_apply(applicant=hr, position=internship)
    assert exc.value.code == "own_employer"


def test_only_the_employer_decides_and_never_on_someone_else_s_offer(internship):
    person = make_youth()
    application = services.job_apply(applicant=person, position=internship)
    other = verify(register())
    with pytest.raises(PermissionDenied):
        services.application_decide(staff=hr_of(other), application=application, action="offer")
    with pytest.raises(PermissionDenied):
        services.offer_respond(applicant=make_youth(), application=application, accept=True)
    with pytest.raises(ServiceError) as exc:
        services.application_decide(staff=hr_of(internship.employer), application=application, action="reject")
    assert exc.value.code == "reason_required"
    with pytest.raises(ServiceError) as exc:
        services.offer_respond(applicant=person, application=application, accept=True)
    assert exc.value.code == "no_offer"


def test_offers_stop_at_capacity(employer):
    position = post_internship(employer, capacity=1)
    place(position)
    late = services.job_apply(applicant=make_youth(), position=position)
    with pytest.raises(ServiceError) as exc:
        services.application_decide(staff=hr_of(employer), application=late, action="offer")
    assert exc.value.code == "full"


def test_allowance_claim_amount_from_the_rule_and_approval(internship):
    placement = place(internship)
    hr = hr_of(internship.employer)
    july = services.working_days_in(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    claim = services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 7, 1),
                                            attendance_days=july)
    assert claim.amount == Decimal("1600.00") and claim.minimum_wage == Decimal("2000") and claim.wage_tier == 1
    half = services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 8, 1), attendance_days=10)
    august = services.working_days_in(dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    assert half.amount == (Decimal("1600") * 10 / august).quantize(Decimal("0.01"))
    services.claim_decide(reviewer=User.objects.get(username="hrss_reviewer"), application=claim, outcome="approve")
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.approved_amount == Decimal("1600.00")
    with pytest.raises(ServiceError) as exc:  # the same month twice
        services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 7, 1), attendance_days=5)
    assert exc.value.code == "already_open"


def test_a_claim_for_days_outside_the_internship_is_refused(employer):
    position = post_internship(employer, starts_on=dt.date(2026, 7, 15), ends_on=dt.date(2026, 9, 30))
    placement = place(position)
    hr = hr_of(employer)
    with pytest.raises(ServiceError) as exc:
        services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 10, 1), attendance_days=5)
    assert exc.value.code == "outside_internship" and "month" in exc.value.fields
    possible = services.working_days_in(dt.date(2026, 7, 15), dt.date(2026, 7, 31))
    with pytest.raises(ServiceError) as exc:
        services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 7, 1),
                                        attendance_days=possible + 1)
    assert exc.value.code == "outside_internship" and "attendance_days" in exc.value.fields
    assert not AllowanceClaim.objects.filter(placement=placement).exists()
    services.allowance_claim_submit(staff=hr, placement=placement, month=dt.date(2026, 7, 1), attendance_days=possible)


def test_claims_only_by_the_host_base_and_only_for_interns(employer):
    placement = place(post_internship(employer))
    other = verify(register())
    with pytest.raises(PermissionDenied):
        services.allowance_claim_submit(staff=hr_of(other), placement=placement, month=dt.date(2026, 7, 1),
                                        attendance_days=3)
    job = services.position_post(staff=hr_of(employer), employer=employer, kind="job", title="工程师",
                                 district=employer.district, industry="information", monthly_pay=Decimal(6000),
                                 capacity=1)
    with pytest.raises(ServiceError) as exc:
        services.allowance_claim_submit(staff=hr_of(employer), placement=place(job), month=dt.date(2026, 7, 1),
                                        attendance_days=3)
    assert exc.value.code == "not_an_intern"


def test_a_county_internship_uses_the_county_tier(employer):
    position = post_internship(employer, district="410324", pay="1500")
    claim = services.allowance_claim_submit(
        staff=hr_of(employer), placement=place(position), month=dt.date(2026, 7, 1),
        attendance_days=services.working_days_in(dt.date(2026, 7, 1), dt.date(2026, 7, 31)))
    assert claim.wage_tier == 2 and claim.amount == Decimal("1440.00")


def test_retention_measures_count_accepted_placements(employer):
    from youthcity.careers import live

    luolong = Region.objects.get(code="410311")
    year = str(dt.date.today().year)
    before = (live.graduates_staying(luolong, year), live.placements_accepted(luolong, year))
    position = post_internship(employer, capacity=3)
    place(position)
    place(position, make_youth(education="senior_high"))  # a placement, but not a graduate
    assert live.placements_accepted(luolong, year) == before[1] + 2
    assert live.graduates_staying(luolong, year) == before[0] + 1
    assert live.graduates_staying(luolong, "not a year") is None
    assert live.positions_published(luolong, year) >= 3
