"""Backup and restore drill (deploy/backup.py, deploy/restore_drill.py) against the test database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))

pytestmark = [pytest.mark.pg_only, pytest.mark.django_db]


def _url() -> str:
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def test_a_backup_restores_with_equal_counts_and_a_clean_ledger(tmp_path, city):
    from backup import backup
    from restore_drill import drill

    media = tmp_path / "media"
    (media / "docs").mkdir(parents=True)
    (media / "docs" / "a.pdf").write_bytes(b"%PDF-1.4 demo")
    meta = backup(_url(), tmp_path / "backups", media)
    assert meta["tables"]["stations_booking"] >= 1 and meta["media"]["files"] == 1
    report = drill(_url(), tmp_path / "backups", meta)
    assert report["ok"], report
    assert report["count_mismatches"] == {} and report["media"]["files"] == 1
    assert report["recovery_time_seconds"] >= report["restore_seconds"] > 0


def test_the_drill_fails_when_a_table_lost_rows(tmp_path, city):
    from backup import backup
    from restore_drill import drill

    meta = backup(_url(), tmp_path / "backups", None)
    meta["tables"]["regions_region"] += 1  # the restored copy now has one row fewer than recorded
    report = drill(_url(), tmp_path / "backups", meta)
    assert not report["ok"] and list(report["count_mismatches"]) == ["regions_region"]


def test_the_ledger_audit_finds_a_double_booked_night(city):
    from django.db import connection
    from pgtools import booking_audit

    from youthcity.stations.models import BedNight, Booking, BookingStatus

    connection.ensure_connection()
    clean = booking_audit(connection.connection)
    assert {k: v for k, v in clean.items() if k != "active_nights"} == dict.fromkeys(
        ["bed_overlaps", "person_overlaps", "ledger_mismatches", "orphan_nights"], 0)
    stay = Booking.objects.filter(status=BookingStatus.CHECKED_OUT).first()
    # A second stay in the same bed over the same nights, written past the services (as corruption would be),
    # with the ledger rows dropped from the first one so that the unique (bed, night) index lets it in.
    BedNight.objects.filter(booking=stay).delete()
    twin = Booking.objects.create(station=stay.station, bed=stay.bed, person=stay.person, check_in=stay.check_in,
                                  check_out=stay.check_out, status=BookingStatus.CHECKED_OUT)
    audit = booking_audit(connection.connection)
    assert audit["bed_overlaps"] == 1 and audit["person_overlaps"] == 1
    assert audit["ledger_mismatches"] == 2  # neither stay holds exactly its nights any more
    twin.status = BookingStatus.CANCELLED
    twin.save()
    BedNight.objects.create(bed=stay.bed, night=stay.check_in, booking=twin)
    assert booking_audit(connection.connection)["orphan_nights"] == 1
