"""Job fairs: a personal signed check-in code per sign-up (QR on the young person's phone), staff
check-in at the door (scoped, audited, refusals), applications and offers resulting from a fair
counted on the staff page and in the live measures."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from tests.careers.conftest import hr_of, make_youth, post_internship
from tests.careers.test_fairs_centres import publish
from tests.factories import staff
from youthcity.accounts.models import Role
from youthcity.careers import live, selectors, services
from youthcity.careers.models import FairSignUp, JobApplication
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db

NOW_START = -dt.timedelta(hours=1)  # the fair started an hour ago and ends in three


@pytest.fixture
def district_staff(city):
    return staff(Unit.objects.get(code="410311-hrss"), Role.UNIT_STAFF)


@pytest.fixture
def fair(internship, district_staff):
    return publish(district_staff, [internship], start_in=NOW_START)


def test_a_code_checks_the_person_in_once(fair, district_staff):
    person = make_youth()
    signup = services.fair_sign_up(person=person, fair=fair)
    code = services.fair_ticket(signup)
    assert code.startswith(f"F{fair.pk}-{signup.pk}-")
    done = services.fair_check_in_code(staff=district_staff, fair=fair, code=f"  {code.lower()} ")
    assert done.pk == signup.pk and done.status == FairSignUp.Status.ATTENDED and done.checked_in_by == district_staff
    assert LogEntry.objects.get_for_object(done).filter(changes__icontains="attended").exists()  # audited
    with pytest.raises(ServiceError) as exc:  # a second scan
        services.fair_check_in_code(staff=district_staff, fair=fair, code=code)
    assert exc.value.code == "already_checked_in"
    counts = selectors.fair_in_scope(district_staff, fair.pk)
    assert (counts.signed, counts.attended) == (1, 1)


def test_codes_of_another_fair_forged_or_edited_are_refused(fair, internship, district_staff):
    other = publish(district_staff, [internship], start_in=NOW_START, name="另一场招聘会")
    person = make_youth()
    signup = services.fair_sign_up(person=person, fair=fair)
    elsewhere = services.fair_sign_up(person=make_youth(), fair=other)
    with pytest.raises(ServiceError) as exc:
        services.fair_check_in_code(staff=district_staff, fair=fair, code=services.fair_ticket(elsewhere))
    assert exc.value.code == "wrong_fair"
    code = services.fair_ticket(signup)
    head, mac = code.rsplit("-", 1)
    forged = [f"{head}-{'0' * 16}", f"F{fair.pk}-{elsewhere.pk}-{mac}", f"F{other.pk}-{signup.pk}-{mac}",
              f"{head}-{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}", "", "hello", str(signup.pk)]
    for text in forged:
        with pytest.raises(ServiceError) as exc:
            services.fair_check_in_code(staff=district_staff, fair=fair, code=text)
        assert exc.value.code == "invalid", text
        assert "code" in exc.value.fields
    assert FairSignUp.objects.get(pk=signup.pk).status == "signed_up"  # nothing half-written


def test_only_the_organising_unit_checks_in_never_oneself_and_not_a_cancelled_sign_up(fair, district_staff):
    person = make_youth()
    signup = services.fair_sign_up(person=person, fair=fair)
    code = services.fair_ticket(signup)
    for outsider in (staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF), person):
        with pytest.raises(PermissionDenied):
            services.fair_check_in_code(staff=outsider, fair=fair, code=code)
    _give_profile(district_staff)
    own = services.fair_sign_up(person=district_staff, fair=fair)
    with pytest.raises(PermissionDenied):  # nobody checks themselves in
        services.fair_check_in_code(staff=district_staff, fair=fair, code=services.fair_ticket(own))
    services.fair_sign_up_cancel(person=person, signup=signup)
    with pytest.raises(ServiceError) as exc:
        services.fair_check_in_code(staff=district_staff, fair=fair, code=code)
    assert exc.value.code == "cancelled"


def _give_profile(user):
    from youthcity.accounts.models import YouthProfile

    YouthProfile.objects.get_or_create(user=user, defaults={"education_level": "bachelor"})


def test_check_in_is_on_the_day_of_the_fair(internship, district_staff):
    later = publish(district_staff, [internship], start_in=dt.timedelta(days=3))
    signup = services.fair_sign_up(person=make_youth(), fair=later)
    with pytest.raises(ServiceError) as exc:
        services.fair_check_in_code(staff=district_staff, fair=later, code=services.fair_ticket(signup))
    assert exc.value.code == "not_today"
    done = services.fair_check_in_code(staff=district_staff, fair=later, code=services.fair_ticket(signup),
                                       now=later.starts_at + dt.timedelta(minutes=5))
    assert done.status == "attended"


def test_applications_and_offers_resulting_from_the_fair_are_counted(fair, internship, district_staff):
    elsewhere = post_internship(internship.employer, title="不在招聘会的岗位")
    before = make_youth()  # applied before the fair, checks in: the open application counts for it
    early = services.job_apply(applicant=before, position=internship)
    services.fair_check_in_code(staff=district_staff, fair=fair,
                                code=services.fair_ticket(services.fair_sign_up(person=before, fair=fair)))
    assert JobApplication.objects.get(pk=early.pk).fair == fair
    visitor = make_youth()  # checks in, then applies to a position of a booth
    services.fair_check_in_code(staff=district_staff, fair=fair,
                                code=services.fair_ticket(services.fair_sign_up(person=visitor, fair=fair)))
    at_fair = services.job_apply(applicant=visitor, position=internship)
    assert at_fair.fair == fair
    assert services.job_apply(applicant=visitor, position=elsewhere).fair is None  # not at the fair
    absent = make_youth()  # signed up, never came: not the fair's
    services.fair_sign_up(person=absent, fair=fair)
    assert services.job_apply(applicant=absent, position=internship).fair is None
    services.application_decide(staff=hr_of(internship.employer), application=at_fair, action="offer")
    counts = selectors.fair_in_scope(district_staff, fair.pk)
    assert (counts.signed, counts.attended, counts.applied, counts.offered) == (3, 2, 2, 1)
    year, luolong = str(fair.starts_at.year), Region.objects.get(code="410311")
    assert live.fair_applications(luolong, year) == 2
    assert live.fair_offers(luolong, year) == 1
    assert live.fair_offers(Region.objects.get(code="410305"), year) == 0
    assert live.fair_offers(luolong, "x") is None


def test_an_application_long_after_the_fair_is_not_the_fairs(internship, district_staff):
    fair = publish(district_staff, [internship], start_in=NOW_START)
    person = make_youth()
    services.fair_check_in_code(staff=district_staff, fair=fair,
                                code=services.fair_ticket(services.fair_sign_up(person=person, fair=fair)))
    assert services._fair_of_application(person, internship, fair.ends_at + dt.timedelta(days=29)) == fair
    assert services._fair_of_application(person, internship, fair.ends_at + dt.timedelta(days=31)) is None


def test_pages_ticket_qr_and_door(client, fair, district_staff):
    person = make_youth()
    client.force_login(person)
    client.post(f"/careers/fairs/{fair.pk}/")
    signup = FairSignUp.objects.get(fair=fair, person=person)
    page = client.get(f"/careers/fairs/{fair.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    code = services.fair_ticket(signup)
    assert code in page and "<svg" in page and "签到码" in page
    assert client.get(f"/work/careers/fairs/{fair.pk}/check-in/").status_code in (302, 403)  # a young person
    client.force_login(district_staff)
    door = client.get(f"/work/careers/fairs/{fair.pk}/check-in/?c={code}")
    assert door.status_code == 200 and door.context["form"].initial["code"] == code
    assert FairSignUp.objects.get(pk=signup.pk).status == "signed_up"  # a GET never checks in
    done = client.post(f"/work/careers/fairs/{fair.pk}/check-in/", {"code": code})
    assert done.status_code == 302
    assert FairSignUp.objects.get(pk=signup.pk).status == "attended"
    assert LogEntry.objects.get_for_object(signup).filter(actor=district_staff).exists()  # who checked in, audited
    again = client.post(f"/work/careers/fairs/{fair.pk}/check-in/", {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 200 and "已签到" in again.content.decode()
    bad = client.post(f"/work/careers/fairs/{fair.pk}/check-in/", {"code": code[:-2] + "ZZ"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 200 and "签到码无效" in bad.content.decode()
    work = client.get(f"/work/careers/fairs/{fair.pk}/")
    assert work.context["fair"].attended == 1
    client.force_login(staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF))
    assert client.get(f"/work/careers/fairs/{fair.pk}/check-in/").status_code == 404
    assert client.post(f"/work/careers/fairs/{fair.pk}/check-in/", {"code": code}).status_code == 404
