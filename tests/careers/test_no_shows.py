"""Service centres: appointments not checked in N minutes after their start are released by the
periodic job (the boundary minute), the place is free for walk-ins, staff can still mark a late
arrival, the young person sees 未到（已释放）."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.careers.conftest import make_youth
from tests.careers.test_fairs_centres import centre, open_slot  # noqa: F401 (fixture)
from tests.factories import staff
from youthcity.accounts.models import Role
from youthcity.careers import services
from youthcity.careers.models import ServiceBooking
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def luolong(city):
    return Region.objects.get(code="410311")


@pytest.fixture
def district_staff(city):
    return staff(Unit.objects.get(code="410311-hrss"), Role.UNIT_STAFF)


def test_the_city_pack_sets_the_minutes():
    assert services.no_show_minutes() == 15


def test_released_at_the_boundary_minute_not_before(centre, district_staff):  # noqa: F811
    slot = open_slot(district_staff, centre, capacity=1)[0]
    person, walk_in = make_youth(), make_youth()
    booking = services.service_book(person=person, slot=slot)
    just_before = slot.starts_at + dt.timedelta(minutes=14, seconds=59)
    assert services.bookings_release_no_shows(now=just_before) == 0
    assert ServiceBooking.objects.get(pk=booking.pk).status == "booked"
    with pytest.raises(ServiceError) as exc:  # the place is still held
        services.service_book(person=walk_in, slot=slot, now=just_before)
    assert exc.value.code == "full"
    at = slot.starts_at + dt.timedelta(minutes=15)
    assert services.careers_tick(now=at) == {"no_shows_released": 1}
    released = ServiceBooking.objects.get(pk=booking.pk)
    assert (released.status, released.marked_by, released.marked_at) == ("no_show", None, at)
    assert Notification.objects.filter(recipient=person, kind="careers.service_no_show").count() == 1
    assert services.careers_tick(now=at + dt.timedelta(minutes=5)) == {"no_shows_released": 0}  # twice: nothing more
    walked_in = services.service_book(person=walk_in, slot=slot, now=at + dt.timedelta(minutes=1))  # the freed place
    assert walked_in.status == "booked"
    with pytest.raises(ServiceError) as exc:  # after the slot ends: too late
        services.service_book(person=make_youth(), slot=slot, now=slot.ends_at)
    assert exc.value.code == "past"


def test_checked_in_or_cancelled_bookings_are_left_alone_and_staff_mark_a_late_arrival(centre, district_staff):  # noqa: F811
    slot = open_slot(district_staff, centre, capacity=3)[0]
    came, cancelled, late = make_youth(), make_youth(), make_youth()
    a = services.service_book(person=came, slot=slot)
    b = services.service_book(person=cancelled, slot=slot)
    c = services.service_book(person=late, slot=slot)
    services.service_booking_cancel(person=cancelled, booking=b)
    services.service_booking_mark(staff=district_staff, booking=a, attended=True,
                                  now=slot.starts_at + dt.timedelta(minutes=2))
    assert services.bookings_release_no_shows(now=slot.starts_at + dt.timedelta(hours=1)) == 1
    statuses = dict(ServiceBooking.objects.filter(slot=slot).values_list("person_id", "status"))
    assert statuses == {came.pk: "attended", cancelled.pk: "cancelled", late.pk: "no_show"}
    services.service_booking_mark(staff=district_staff, booking=c, attended=True,
                                  now=slot.starts_at + dt.timedelta(minutes=20))  # arrived late after all
    marked = ServiceBooking.objects.get(pk=c.pk)
    assert (marked.status, marked.marked_by) == ("attended", district_staff)


def test_the_minutes_can_be_given_and_the_command_runs(centre, district_staff, capsys):  # noqa: F811
    slot = open_slot(district_staff, centre)[0]
    booking = services.service_book(person=make_youth(), slot=slot)
    assert services.bookings_release_no_shows(now=slot.starts_at + dt.timedelta(minutes=5), minutes=5) == 1
    assert ServiceBooking.objects.get(pk=booking.pk).status == "no_show"
    call_command("careers_tick")
    assert "no_shows_released=0" in capsys.readouterr().out


def test_the_young_person_sees_released(client, centre, district_staff):  # noqa: F811
    slot = open_slot(district_staff, centre)[0]
    person = make_youth()
    services.service_book(person=person, slot=slot)
    services.bookings_release_no_shows(now=slot.starts_at + dt.timedelta(minutes=30))
    client.force_login(person)
    page = client.get("/careers/my/bookings/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未到（已释放）" in page
    client.force_login(district_staff)
    day = client.get(f"/work/careers/centres/{centre.pk}/?day={timezone.localdate(slot.starts_at).isoformat()}",
                     HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "自动释放" in day
