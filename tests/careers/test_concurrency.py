"""Simultaneous bookings of one service slot on PostgreSQL, each thread with its own connection:
the slot is never overbooked and nobody gets a server error."""

import datetime as dt
import os
from collections import Counter

import pytest

from tests.concurrency import stampede


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_100_simultaneous_bookings_for_5_places(city):
    from django.utils import timezone

    from youthcity.accounts.models import User, YouthProfile
    from youthcity.careers import services
    from youthcity.careers.models import CentreService, ServiceBooking, ServiceCentre
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    unit = Unit.objects.get(code="ly-hrss")
    centre = ServiceCentre.objects.create(unit=unit, name="并发测试服务中心", kind="one_stop",
                                          district=Region.objects.get(code="410311"), address="测试地址")
    service = CentreService.objects.create(centre=centre, kind="career_advice")
    slot = services.slots_add(staff=User.objects.get(username="hrss_staff"), service=service,
                              day=timezone.localdate() + dt.timedelta(days=2), start=dt.time(9), minutes=30, count=1,
                              capacity=5)[0]
    User.objects.bulk_create([User(username=f"book{i:04d}", password="!") for i in range(100)])
    people = list(User.objects.filter(username__startswith="book").order_by("username"))
    YouthProfile.objects.bulk_create([YouthProfile(user=p, education_level="bachelor") for p in people])
    outcomes = stampede(lambda person: services.service_book(person=person, slot=slot).status, people,
                        int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    assert Counter(outcomes) == {"booked": 5, "full": 95}, Counter(outcomes)
    assert ServiceBooking.objects.filter(slot=slot, status="booked").count() == 5
