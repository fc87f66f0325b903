"""Job push reaches youth-station guests (a current or recent stay, read through the stations
selector), not only subscribers; never a guest who switched push off, an old guest, the
employer's staff, or someone without the education asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.careers.test_push import inbox, post_job
from tests.stations.conftest import make_station
from tests.stations.conftest import make_youth as make_guest
from youthcity.careers import services
from youthcity.stations.selectors import recent_guests

pytestmark = pytest.mark.django_db


def stay(person, station, *, start_days: int, nights: int = 2, status: str = "booked"):
    from youthcity.stations.models import Booking
    from youthcity.stations.services.ledger import place

    today = timezone.localdate()
    booking = place(person=person, station=station, check_in=today + dt.timedelta(days=start_days),
                    check_out=today + dt.timedelta(days=start_days + nights))
    if status != "booked":
        Booking.objects.filter(pk=booking.pk).update(status=status)
    return booking


def test_recent_guests_selector(city):
    station = make_station("push1")
    now_here, recent, long_ago, cancelled = (make_guest() for _ in range(4))
    stay(now_here, station, start_days=0)
    stay(recent, station, start_days=-12, status="checked_out")
    stay(long_ago, station, start_days=-60, status="checked_out")
    stay(cancelled, station, start_days=0, nights=1, status="cancelled")
    guests = recent_guests(timezone.localdate(), 30)
    assert set(guests) == {now_here.pk, recent.pk}
    assert guests[now_here.pk] == station.region.path


def test_guests_get_matching_positions_pushed(employer, django_capture_on_commit_callbacks):
    station = make_station("push2")
    guest, college_guest, quiet, old_guest = make_guest(education="bachelor"), make_guest(education="senior_high"), \
        make_guest(), make_guest()
    for person in (guest, college_guest, quiet):
        stay(person, station, start_days=0)
    stay(old_guest, station, start_days=-90, status="checked_out")
    services.preferences_set(user=quiet, notify_me=False)  # switched push off
    with django_capture_on_commit_callbacks(execute=True):
        post_job(employer, title="数控编程员", education="bachelor", district="410305")
    assert len(inbox(guest)) == 1 and "数控编程员" in inbox(guest)[0].title
    assert inbox(college_guest) == []  # the education asked is higher than theirs
    assert inbox(quiet) == [] and inbox(old_guest) == []
    with django_capture_on_commit_callbacks(execute=True):
        post_job(employer, title="仓库管理员")  # no education asked: every current guest
    assert len(inbox(college_guest)) == 1 and len(inbox(guest)) == 2
