"""The city-scale generator (bench/generate_city.py) at a tiny size: volumes, constraints, the ledger audit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "deploy")]

pytestmark = [pytest.mark.pg_only, pytest.mark.django_db]


def test_a_small_city_loads_with_a_consistent_ledger(city):
    from django.db import connection
    from generate_city import generate
    from pgtools import audit_ok, booking_audit

    from youthcity.accounts.models import User
    from youthcity.benefits.models import BenefitApplication
    from youthcity.stations.models import BedNight, Booking

    connection.ensure_connection()
    before = User.objects.count(), BenefitApplication.objects.count(), Booking.objects.count()
    result = generate(connection.connection, youths=500, applications=300, stays=200, stations=2, seed=7)
    assert (User.objects.count(), BenefitApplication.objects.count(), Booking.objects.count()) == (
        before[0] + 500, before[1] + 300, before[2] + 200)
    assert audit_ok(booking_audit(connection.connection))
    assert BedNight.objects.filter(booking__person_id__gte=result["first_user_id"]).count() == result["ledger_nights"]
    assert User.objects.filter(pk__gte=result["first_user_id"], youth_profile__isnull=False).count() == 500
    # The ORM keeps working after COPY: the sequences were moved past the generated ids.
    assert User.objects.create(username="after-copy").pk > result["first_user_id"] + 499
