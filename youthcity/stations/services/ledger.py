"""The night ledger: every active booking owns one row per night for its bed and for its guest.

Writing both in one savepoint is what makes double-booking impossible (docs/bookings.md):
:func:`place` tries candidate beds in order and moves on when the database refuses a night.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import signals
from django.utils.translation import gettext as _

from youthcity.core import sql
from youthcity.core.errors import ServiceError

from ..models import Bed, BedNight, Booking, BookingStatus, PersonNight, Room, Station
from ..selectors import gender_rooms, nights_of


def ledger_statements(booking: Booking, nights: Iterable[dt.date]) -> list[tuple[str, list]]:
    """The two INSERTs of a booking's nights: its bed's and its guest's (one row per night each).

    Hand-written (:mod:`youthcity.core.sql`): the ledger is derived data, not audited (the Booking
    row is the audited record), and every booking writes it."""
    nights = list(nights)
    return [sql.values_statement(BedNight, ("bed", "night", "booking"), [(booking.bed_id, d, booking.pk) for d in nights]),
            sql.values_statement(PersonNight, ("person", "night", "booking"),
                                 [(booking.person_id, d, booking.pk) for d in nights])]


def write_ledger(booking: Booking, nights: Iterable[dt.date]) -> None:
    nights = list(nights)
    if nights:
        sql.run_all(ledger_statements(booking, nights))


def release_ledger(booking: Booking, from_night: dt.date | None = None) -> int:
    bed_rows = BedNight.objects.filter(booking=booking)
    person_rows = PersonNight.objects.filter(booking=booking)
    if from_night is not None:
        bed_rows, person_rows = bed_rows.filter(night__gte=from_night), person_rows.filter(night__gte=from_night)
    n = bed_rows._raw_delete(bed_rows.db)  # no per-row signals: these rows are not audited
    person_rows._raw_delete(person_rows.db)
    return n


def candidate_beds(station: Station, person, check_in: dt.date, check_out: dt.date, prefer: int | None = None,
                   only: int | None = None) -> tuple[Iterator[Bed], int | None]:
    """The free beds for the stay, in the order to try them (each with its room's name, so the
    booking placed on one is shown without another query), and on PostgreSQL a new booking id.

    One statement; beds are built from its rows without loading every column (a station of 200
    beds would otherwise build 200 model objects per booking). The booking id comes from the
    sequence in the same statement (an InitPlan, evaluated once), see :func:`place`. The beds are
    built as they are tried — nearly always just the first."""
    genders = gender_rooms(person)
    params: list = [station.pk, *genders, *([only] if only is not None else []), check_in, check_out]
    found = sql.rows(_candidates_sql(len(genders), only is not None), params)
    ids = [row[0] for row in found]
    if ids:
        # Rotate the start by person, so a stampede of different people spreads over the beds
        # instead of queueing on the first one.
        k = person.pk % len(ids)
        found = found[k:] + found[:k]
    if prefer is not None and prefer in ids:
        found.sort(key=lambda row: row[0] != prefer)  # stable: the preferred bed first, the rest in order
    new_id = found[0][4] if found and connection.vendor == "postgresql" else None
    return (_bed(station, *row[:4]) for row in found), new_id


def _bed(station: Station, bed_id: int, room_id: int, label: str, room_name: str) -> Bed:
    """A bed (and its room) from a candidate row: only the columns read, the rest load if asked for."""
    bed = Bed.from_db(connection.alias, ["id", "room_id", "station_id", "label", "is_active"],
                      [bed_id, room_id, station.pk, label, True])
    room = Room.from_db(connection.alias, ["id", "station_id", "name"], [room_id, station.pk, room_name])
    room.station = station
    bed.room = room
    return bed


@functools.cache
def _candidates_sql(n_genders: int, one_bed: bool) -> str:
    bed = functools.partial(sql.column, Bed)
    night = functools.partial(sql.column, BedNight)
    room = functools.partial(sql.column, Room)
    next_id = ""
    if connection.vendor == "postgresql":
        booking_table = Booking._meta.db_table
        next_id = f", (SELECT nextval(pg_get_serial_sequence('{booking_table}', 'id')))"
    return (
        f"SELECT b.{_BED_ID}, b.{bed('room')}, b.{bed('label')}, r.{room('name')}{next_id} "
        f"FROM {sql.table(Bed)} b JOIN {sql.table(Room)} r ON r.{room('id')} = b.{bed('room')} "
        f"WHERE b.{bed('station')} = %s AND b.{bed('is_active')} "
        f"AND r.{room('gender')} IN ({', '.join(['%s'] * n_genders)})"
        + (f" AND b.{_BED_ID} = %s" if one_bed else "")
        + f" AND NOT EXISTS (SELECT 1 FROM {sql.table(BedNight)} n WHERE n.{night('bed')} = b.{_BED_ID} "
        f"AND n.{night('night')} >= %s AND n.{night('night')} < %s) "
        f"ORDER BY r.{room('name')}, b.{bed('label')}"
    )


_BED_ID = sql.column(Bed, "id")


def place(*, person, station: Station, check_in: dt.date, check_out: dt.date, booking: Booking | None = None,
           status: str = BookingStatus.BOOKED, idempotency_key: str | None = None,
           offer_expires_at: dt.datetime | None = None, only_bed: int | None = None) -> Booking | None:
    """Try candidate beds in order; each attempt in a savepoint. Returns None when all are taken.

    The ledger rows are written *before* the booking row. Two requests for one bed-night then meet
    in the ledger's unique B-tree index, where the second simply waits for the first to commit or
    roll back and then fails cleanly (or proceeds) — so the booking row reaches PostgreSQL's
    exclusion constraint only when no conflicting stay is in flight, and two concurrent exclusion
    checks (which PostgreSQL can only resolve by killing one as a deadlock) never meet. Every
    request writes one bed's nights in ascending order, so these waits cannot form a cycle. On
    PostgreSQL the id comes from the sequence first (foreign keys are DEFERRABLE INITIALLY
    DEFERRED) and the three INSERTs travel in one round trip; on SQLite the single writer makes the
    order irrelevant and the booking goes first. A new booking is written by hand
    (:mod:`youthcity.core.sql`) with the same ``pre_save``/``post_save`` signals as ``save()``, so
    its audit entry is the one every other write gets.
    """
    prefer = booking.bed_id if booking else None
    nights = nights_of(check_in, check_out)

    def attempt(bed: Bed) -> Booking:
        with transaction.atomic():
            if booking is not None:
                placed = booking
                placed.bed, placed.check_in, placed.check_out = bed, check_in, check_out
                write_ledger(placed, nights)
                placed.save(update_fields=["bed", "check_in", "check_out", "updated_at"])
                return placed
            placed = Booking(pk=new_id, station=station, bed=bed, person=person, check_in=check_in,
                             check_out=check_out, status=status, idempotency_key=idempotency_key,
                             offer_expires_at=offer_expires_at)
            signals.pre_save.send(sender=Booking, instance=placed, raw=False, using=connection.alias,
                                  update_fields=None)
            if placed.pk is not None:
                sql.run_all([*ledger_statements(placed, nights), sql.insert_statement(placed)])
                sql.saved(placed)
            else:
                sql.insert(placed)
                write_ledger(placed, nights)
            signals.post_save.send(sender=Booking, instance=placed, created=True, update_fields=None, raw=False,
                                   using=connection.alias)
            return placed

    beds, new_id = candidate_beds(station, person, check_in, check_out, prefer, only_bed)
    for bed in beds:
        for _retry in range(DEADLOCK_RETRIES):
            try:
                return attempt(bed)
            except IntegrityError:
                break  # somebody else got this bed in the meantime: try the next one
            except OperationalError as exc:
                if not is_deadlock(exc):
                    raise
                continue  # a deadlock victim (should not happen, see above): savepoint gone, retry
        if booking is not None:
            booking.refresh_from_db()
    return None


DEADLOCK_RETRIES = 5


def is_deadlock(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) == "40P01"


def no_bed(station: Station) -> ServiceError:
    return ServiceError(409, "no_bed_available",
                          _("No bed is free at %(station)s for these dates.") % {"station": station.display_name})


