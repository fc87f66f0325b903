"""The night ledger: every active booking owns one row per night for its bed and for its guest.

Writing both in one savepoint is what makes double-booking impossible (docs/bookings.md):
:func:`place` tries candidate beds in order and moves on when the database refuses a night.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.translation import gettext as _

from youthcity.core.errors import ServiceError

from ..models import Bed, BedNight, Booking, BookingStatus, PersonNight, Station
from ..selectors import gender_rooms, nights_of


def write_ledger(booking: Booking, nights: Iterable[dt.date]) -> None:
    nights = list(nights)
    # bulk_create: the ledger is derived data (the Booking row is the audited record).
    BedNight.objects.bulk_create([BedNight(bed_id=booking.bed_id, night=d, booking=booking) for d in nights])
    PersonNight.objects.bulk_create([PersonNight(person_id=booking.person_id, night=d, booking=booking) for d in nights])


def release_ledger(booking: Booking, from_night: dt.date | None = None) -> int:
    bed_rows = BedNight.objects.filter(booking=booking)
    person_rows = PersonNight.objects.filter(booking=booking)
    if from_night is not None:
        bed_rows, person_rows = bed_rows.filter(night__gte=from_night), person_rows.filter(night__gte=from_night)
    n = bed_rows._raw_delete(bed_rows.db)  # no per-row signals: these rows are not audited
    person_rows._raw_delete(person_rows.db)
    return n


CANDIDATE_BATCH = 4


def candidate_beds(station: Station, person, check_in: dt.date, check_out: dt.date, prefer: int | None = None,
                   only: int | None = None) -> Iterator[Bed]:
    """The free beds for the stay, in the order to try them, each with its room (so the booking
    placed on one is shown without another query).

    Only the free beds' ids are read for the order (a station of 200 beds would otherwise build 200
    model objects for every booking, most of a booking's CPU); the beds themselves are loaded a few
    at a time, as they are tried — nearly always just the first batch."""
    taken = BedNight.objects.filter(bed__station=station, night__gte=check_in, night__lt=check_out).values("bed_id")
    qs = Bed.objects.filter(station=station, is_active=True, room__gender__in=gender_rooms(person))
    if only is not None:
        qs = qs.filter(pk=only)
    ids = list(qs.exclude(pk__in=taken).order_by("room__name", "label").values_list("pk", flat=True))
    if ids:
        # Rotate the start by person, so a stampede of different people spreads over the beds
        # instead of queueing on the first one.
        k = person.pk % len(ids)
        ids = ids[k:] + ids[:k]
    if prefer is not None and prefer in ids:
        ids.remove(prefer)
        ids.insert(0, prefer)
    for start in range(0, len(ids), CANDIDATE_BATCH):
        batch = ids[start:start + CANDIDATE_BATCH]
        beds = Bed.objects.select_related("room").in_bulk(batch)
        yield from (beds[pk] for pk in batch if pk in beds)


def next_booking_id() -> int | None:
    """PostgreSQL: take the booking's id from its sequence before inserting anything (see `_place`)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('stations_booking', 'id'))")
        return int(cursor.fetchone()[0])


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
    DEFERRED); on SQLite the single writer makes the order irrelevant and the booking goes first.
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
            placed = Booking(station=station, bed=bed, person=person, check_in=check_in, check_out=check_out,
                             status=status, idempotency_key=idempotency_key, offer_expires_at=offer_expires_at)
            placed.pk = next_booking_id()
            if placed.pk is not None:
                write_ledger(placed, nights)
                placed.save(force_insert=True)
            else:
                placed.save(force_insert=True)
                write_ledger(placed, nights)
            return placed

    for bed in candidate_beds(station, person, check_in, check_out, prefer, only_bed):
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


