"""Simultaneous bookings of one service slot on PostgreSQL, each thread with its own connection:
the slot is never overbooked and nobody gets a server error."""

import datetime as dt
import os
import threading
from collections import Counter

import pytest


def stampede(slot, people, max_connections: int) -> list[str]:
    from django.db import connections

    from youthcity.careers import services
    from youthcity.core.errors import ServiceError

    barrier = threading.Barrier(len(people))
    gate = threading.BoundedSemaphore(max_connections)
    outcomes = [""] * len(people)

    def worker(i, person):
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    outcomes[i] = services.service_book(person=person, slot=slot).status
                except ServiceError as exc:
                    outcomes[i] = exc.code
        except Exception as exc:  # noqa: BLE001 - any other error fails the guarantee
            outcomes[i] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


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
    outcomes = stampede(slot, people, int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    assert Counter(outcomes) == {"booked": 5, "full": 95}, Counter(outcomes)
    assert ServiceBooking.objects.filter(slot=slot, status="booked").count() == 5
