"""≥200 simultaneous booking requests, each thread with its own database connection."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from youthcity.stations.models import ACTIVE_STATUSES, BedNight, Booking

from .conftest import assert_ledger_consistent
from .stampede import identical_dates_stampede, mixed_dates_stampede

ROOT = Path(__file__).resolve().parents[2]


def _check(result: dict, beds: int) -> None:
    assert not result["errors"], result["errors"]
    codes = result["codes"]
    # exactly the free capacity was sold; everyone else got a clean refusal (no lock/server errors)
    assert result["created"] == beds, result
    assert set(codes) <= {"ok", "no_bed_available"}, codes
    # the 20 duplicate submissions either replayed the winner's booking or were refused like their twin
    assert codes.get("ok", 0) >= beds
    assert result["active"] == result["distinct_beds"] == result["distinct_people"] == beds
    assert result["bed_nights"] == 3 * beds


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_stampede_on_postgresql(city):
    # PostgreSQL here allows 100 connections shared by every engineer's tests: the 200 threads
    # start together at a barrier and at most 40 hold a connection at once.
    result = identical_dates_stampede(n=200, beds=5, max_connections=int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    _check(result, 5)
    active = Booking.objects.filter(station_id=result["station"], status__in=ACTIVE_STATUSES)
    assert active.count() == 5 and len({b.bed_id for b in active}) == 5
    assert BedNight.objects.filter(bed__station_id=result["station"]).count() == 15
    assert_ledger_consistent()


def _check_mixed(result: dict) -> None:
    assert not result["errors"], result["errors"]
    assert set(result["codes"]) <= {"ok", "no_bed_available"}, result["codes"]
    assert result["codes"].get("ok", 0) == result["booked"] > 0
    assert not result["unjustified_refusals"], result  # nobody was refused a bed that stayed free


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_mixed_dates_stampede_on_postgresql(city):
    result = mixed_dates_stampede(n=200, beds=6, max_connections=int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    _check_mixed(result)
    assert_ledger_consistent()


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the SQLite variant")
def test_stampede_on_file_backed_sqlite(tmp_path):
    """Same stampede against a file-backed SQLite database in a subprocess (the test database is in
    memory, where SQLite's shared cache locks whole tables instead of queueing writers)."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'stampede.sqlite3'}",
           "YOUTHCITY_VAR_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "tests.stations.stampede", "200"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    _check(result["identical"], 5)
    assert result["identical"]["requests"] == 200
    _check_mixed(result["mixed"])


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_exclusion_constraint_backs_the_ledger(city):
    """Even a write that bypasses the ledger cannot put two active stays on one bed."""
    import datetime as dt

    from django.db import IntegrityError, transaction

    from .conftest import make_station, make_youth

    station = make_station("excl", rooms=(("F", "female", 1),))
    bed = station.beds.get()
    a, b = make_youth(), make_youth()
    day = dt.date(2030, 1, 1)
    Booking.objects.create(station=station, bed=bed, person=a, check_in=day, check_out=day + dt.timedelta(days=3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(station=station, bed=bed, person=b, check_in=day + dt.timedelta(days=2),
                               check_out=day + dt.timedelta(days=4))
    # back-to-back is allowed (half-open ranges), and cancelled stays do not count
    Booking.objects.create(station=station, bed=bed, person=b, check_in=day + dt.timedelta(days=3),
                           check_out=day + dt.timedelta(days=5))
    Booking.objects.create(station=station, bed=bed, person=b, check_in=day, check_out=day + dt.timedelta(days=1),
                           status="cancelled")
