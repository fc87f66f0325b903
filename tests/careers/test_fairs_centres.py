"""Job fairs (publish, sign up, check in, live counts) and service-centre appointments (slots,
booking, never overbooked, cancel, staff's day and attendance)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.careers.conftest import make_youth, post_internship
from tests.factories import staff
from youthcity.accounts.models import Role, User
from youthcity.careers import live, services
from youthcity.careers.models import CentreService, FairSignUp, ServiceBooking, ServiceCentre, ServiceSlot
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def luolong(city):
    return Region.objects.get(code="410311")


@pytest.fixture
def district_staff(luolong):
    return staff(Unit.objects.get(code="410311-hrss"), Role.UNIT_STAFF)


def publish(staff_member, positions, *, capacity=None, start_in=dt.timedelta(days=3), **kw):
    starts = timezone.now() + start_in
    return services.fair_publish(staff=staff_member, name=kw.pop("name", "2026年春风行动专场招聘会"),
                                 kind="spring_breeze", district=kw.pop("district", Region.objects.get(code="410311")),
                                 venue="洛龙区人力资源市场", starts_at=starts, ends_at=starts + dt.timedelta(hours=4),
                                 positions=positions, capacity=capacity, **kw)


def test_fair_publish_sign_up_check_in_and_live_counts(internship, district_staff, luolong):
    fair = publish(district_staff, [internship], capacity=2)
    assert fair.unit.code == "410311-hrss" and fair.booths.get().employer == internship.employer
    assert list(fair.booths.get().positions.all()) == [internship]
    a, b, c = make_youth(), make_youth(), make_youth()
    signup = services.fair_sign_up(person=a, fair=fair)
    with pytest.raises(ServiceError) as exc:
        services.fair_sign_up(person=a, fair=fair)
    assert exc.value.code == "already_signed_up"
    services.fair_sign_up(person=b, fair=fair)
    with pytest.raises(ServiceError) as exc:  # limited places: never overfilled
        services.fair_sign_up(person=c, fair=fair)
    assert exc.value.code == "full"
    services.fair_sign_up_cancel(person=b, signup=FairSignUp.objects.get(fair=fair, person=b))
    services.fair_sign_up(person=c, fair=fair)
    with pytest.raises(ServiceError) as exc:  # check-in only on the fair's day
        services.fair_check_in(staff=district_staff, signup=signup)
    assert exc.value.code == "not_today"
    services.fair_check_in(staff=district_staff, signup=signup, now=fair.starts_at + dt.timedelta(hours=1))
    year = str(fair.starts_at.year)
    assert live.fair_signups(luolong, year) == 2
    assert live.fair_attendance(luolong, year) == 1
    assert live.fair_employers(luolong, year) == 1
    assert live.fair_signups(Region.objects.get(code="410305"), year) == 0
    assert live.fair_signups(luolong, "abc") is None


def test_fair_refusals(internship, district_staff, city):
    with pytest.raises(ServiceError) as exc:
        publish(district_staff, [])
    assert "positions" in exc.value.fields
    pending = post_internship(internship.employer, approve=False, title="待审核见习岗位")
    with pytest.raises(ServiceError) as exc:
        publish(district_staff, [pending])
    assert "positions" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        publish(district_staff, [internship], start_in=-dt.timedelta(days=2))
    assert "ends_at" in exc.value.fields
    jianxi_staff = staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF)
    with pytest.raises(PermissionDenied):  # another district's department
        publish(jianxi_staff, [internship])
    youth_user = make_youth()
    with pytest.raises(PermissionDenied):
        publish(youth_user, [internship])
    fair = publish(district_staff, [internship])
    with pytest.raises(PermissionDenied):
        services.fair_check_in(staff=jianxi_staff, signup=services.fair_sign_up(person=youth_user, fair=fair))
    with pytest.raises(ServiceError):
        services.fair_cancel(staff=district_staff, fair=fair, reason="")
    services.fair_cancel(staff=district_staff, fair=fair, reason="场地调整")
    with pytest.raises(ServiceError) as exc:
        services.fair_sign_up(person=make_youth(), fair=fair)
    assert exc.value.code == "cancelled"
    no_profile = User.objects.create_user(username="noprofile_fair", password="x-Password-2026")
    with pytest.raises(ServiceError) as exc:
        services.fair_sign_up(person=no_profile, fair=publish(district_staff, [internship], name="另一场"))
    assert exc.value.code == "no_profile"
    city_staff = User.objects.get(username="hrss_staff")  # 市人社局 publishes for any district
    assert publish(city_staff, [internship], name="市级双选会").unit.code == "ly-hrss"


@pytest.fixture
def centre(luolong):
    unit = Unit.objects.get(code="410311-hrss")
    centre = ServiceCentre.objects.create(unit=unit, name="洛龙区青年创业之家", kind="startup_home", district=luolong,
                                          address="洛龙区开元大道")
    CentreService.objects.create(centre=centre, kind="career_advice")
    CentreService.objects.create(centre=centre, kind="loan_guidance")
    return centre


def open_slot(staff_member, centre, *, capacity=1, days=2, kind="career_advice", count=1):
    service = centre.services.get(kind=kind)
    return services.slots_add(staff=staff_member, service=service, day=timezone.localdate() + dt.timedelta(days=days),
                              start=dt.time(9, 30), minutes=30, count=count, capacity=capacity)


def test_booking_never_overbooks_and_cancel_frees_the_place(centre, district_staff):
    slot, second = open_slot(district_staff, centre, capacity=1, count=2)
    assert second.starts_at - slot.starts_at == dt.timedelta(minutes=30)
    a, b = make_youth(), make_youth()
    booking = services.service_book(person=a, slot=slot, note="想了解创业担保贷款")
    with pytest.raises(ServiceError) as exc:
        services.service_book(person=b, slot=slot)
    assert exc.value.code == "full"
    with pytest.raises(ServiceError) as exc:
        services.service_book(person=a, slot=slot)
    assert exc.value.code == "already_booked"
    other = open_slot(district_staff, centre, kind="loan_guidance")[0]
    with pytest.raises(ServiceError) as exc:  # same time, another service: one place at a time
        services.service_book(person=a, slot=other)
    assert exc.value.code == "overlap"
    with pytest.raises(PermissionDenied):
        services.service_booking_cancel(person=b, booking=booking)
    services.service_booking_cancel(person=a, booking=booking)
    services.service_book(person=b, slot=slot)
    assert ServiceBooking.objects.filter(slot=slot, status__in=ServiceBooking.HOLDING).count() == 1
    with pytest.raises(ServiceError) as exc:
        open_slot(district_staff, centre)  # the same time again
    assert exc.value.code == "slot_exists"


def test_slots_and_attendance_are_the_centres_staff_s(centre, district_staff, luolong):
    with pytest.raises(ServiceError) as exc:
        open_slot(district_staff, centre, days=-1)
    assert "day" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.slots_add(staff=district_staff, service=centre.services.first(), day=timezone.localdate(),
                           start=dt.time(23, 59), minutes=5, count=50, capacity=0)
    assert {"minutes", "count", "capacity"} <= set(exc.value.fields)
    outsider = staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF)
    with pytest.raises(PermissionDenied):
        open_slot(outsider, centre)
    slot = open_slot(district_staff, centre)[0]
    person = make_youth()
    booking = services.service_book(person=person, slot=slot)
    with pytest.raises(ServiceError) as exc:
        services.service_booking_mark(staff=district_staff, booking=booking, attended=True)
    assert exc.value.code == "not_yet"
    later = slot.starts_at + dt.timedelta(minutes=5)
    with pytest.raises(PermissionDenied):
        services.service_booking_mark(staff=outsider, booking=booking, attended=True, now=later)
    with pytest.raises(ServiceError) as exc:
        services.service_booking_cancel(person=person, booking=booking, now=later)
    assert exc.value.code == "past"
    with pytest.raises(ServiceError) as exc:  # a started slot takes walk-ins only into a free place
        services.service_book(person=make_youth(), slot=slot, now=later)
    assert exc.value.code == "full"
    services.service_booking_mark(staff=district_staff, booking=booking, attended=True, now=later)
    assert ServiceBooking.objects.get(pk=booking.pk).status == "attended"
    assert live.services_attended(luolong, str(slot.starts_at.year)) == 1


def test_pages_fairs_and_centres(client, internship, district_staff, centre):
    fair = publish(district_staff, [internship])
    slot = open_slot(district_staff, centre, capacity=2)[0]
    page = client.get("/careers/fairs/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and fair.name in page.content.decode()
    assert client.get(f"/careers/fairs/{fair.pk}/").status_code == 200
    assert client.post(f"/careers/fairs/{fair.pk}/").status_code == 302  # to the login
    person = make_youth()
    client.force_login(person)
    assert client.post(f"/careers/fairs/{fair.pk}/").status_code == 302
    assert FairSignUp.objects.filter(fair=fair, person=person, status="signed_up").exists()
    assert client.get("/careers/centres/").status_code == 200
    centre_page = client.get(f"/careers/centres/{centre.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"book-{slot.pk}" in centre_page.content.decode()
    booked = client.post(f"/careers/centres/{centre.pk}/", {"slot": slot.pk, "note": "求职咨询"})
    assert booked.status_code == 302 and booked.url == "/careers/my/bookings/"
    mine = client.get("/careers/my/bookings/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "求职指导" in mine.content.decode() or mine.status_code == 200
    booking = ServiceBooking.objects.get(person=person)
    assert client.post("/careers/my/bookings/", {"booking": booking.pk}).status_code == 302
    assert ServiceBooking.objects.get(pk=booking.pk).status == "cancelled"
    assert client.get("/work/careers/fairs/").status_code in (302, 403)
    client.force_login(district_staff)
    assert fair in client.get("/work/careers/fairs/").context["fairs"]
    assert client.get(f"/work/careers/fairs/{fair.pk}/").status_code == 200
    day = client.get(f"/work/careers/centres/{centre.pk}/?day={timezone.localdate(slot.starts_at).isoformat()}")
    assert day.status_code == 200 and len(day.context["slots"]) == 1
    assert client.get(f"/work/careers/centres/{centre.pk}/?day=bad").status_code == 200
    client.force_login(staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF))
    assert client.get(f"/work/careers/fairs/{fair.pk}/").status_code == 404
    assert client.get(f"/work/careers/centres/{centre.pk}/").status_code == 404
    assert ServiceSlot.objects.filter(service__centre=centre).count() == 1
