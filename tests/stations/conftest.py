"""Small stations and eligible young people built on the demo city."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

_seq = itertools.count(1)


def make_youth(username: str | None = None, *, gender: str = "female", hukou: str = "郑州市",
               employment: str = "job_seeking", education: str = "bachelor"):
    from youthcity.accounts.models import User, YouthProfile

    username = username or f"guest{next(_seq):05d}"
    user = User.objects.create_user(username=username, password="x-Password-2026", display_name=username)
    YouthProfile.objects.create(user=user, gender=gender, hukou_city=hukou, home_city=hukou,
                                education_level=education, employment_status=employment,
                                graduation_date=dt.date(2026, 6, 30))
    return user


def make_station(code: str = "test", *, rooms=(("F1", "female", 2),), unit_code: str = "410311-station-yanhuang",
                 **extra):
    from youthcity.organizations.models import Unit
    from youthcity.stations.models import Bed, Room, Station

    unit = Unit.objects.get(code=unit_code)
    station = Station.objects.create(code=code, name=f"测试驿站{code}", unit=unit, region=unit.region,
                                     address="洛阳市测试路1号", **extra)
    for name, gender, n in rooms:
        room = Room.objects.create(station=station, name=name, gender=gender)
        for i in range(1, n + 1):
            Bed.objects.create(room=room, station=station, label=str(i))
    return station


@pytest.fixture
def station(city):
    return make_station()


@pytest.fixture
def youth(city):
    return make_youth()


@pytest.fixture
def today():
    return timezone.localdate()


def assert_ledger_consistent():
    """No two active stays overlap for a bed or a person; ledger rows match active bookings exactly."""
    from youthcity.stations.models import ACTIVE_STATUSES, BedNight, Booking, PersonNight
    from youthcity.stations.selectors import nights_of

    active = list(Booking.objects.filter(status__in=ACTIVE_STATUSES))
    by_bed, by_person = {}, {}
    for b in active:
        for d in nights_of(b.check_in, b.check_out):
            assert (b.bed_id, d) not in by_bed, f"bed {b.bed_id} double-booked on {d}"
            assert (b.person_id, d) not in by_person, f"person {b.person_id} holds two stays on {d}"
            by_bed[(b.bed_id, d)] = b.pk
            by_person[(b.person_id, d)] = b.pk
    active_ids = {b.pk for b in active}
    ledger_bed = {(r.bed_id, r.night): r.booking_id for r in BedNight.objects.filter(booking_id__in=active_ids)}
    ledger_person = {(r.person_id, r.night): r.booking_id for r in PersonNight.objects.filter(booking_id__in=active_ids)}
    assert ledger_bed == by_bed
    assert ledger_person == by_person
