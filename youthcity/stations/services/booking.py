"""Bookings on the night ledger: create, change dates, cancel.

The no-double-booking rule lives in the database (see models.py and docs/bookings.md): a booking
and its night-ledger rows are written together; a unique-key violation on (bed, night) sends the
request to the next candidate bed inside a savepoint, and when no bed is left the whole request is
refused with nothing written. Per-person rules (one stay at a time, cumulative cap, number of
stays) are checked after locking the person's row, which serialises one person's requests on
PostgreSQL; SQLite already serialises every writer (transaction_mode IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify

from .. import adapters
from ..models import (
    Bed,
    Booking,
    BookingStatus,
    Station,
    WaitlistEntry,
    WaitlistStatus,
)
from ..rules import StationRules
from ..selectors import nights_of
from .common import check_eligible, lock_person, require_staff, today_of
from .ledger import no_bed, place, release_ledger
from .limits import check_limits
from .waitlist import waitlist_offer_next


@transaction.atomic
def booking_create(*, person, station: Station, check_in: dt.date, check_out: dt.date,
                   idempotency_key: str | None = None, bed_id: int | None = None,
                   now: dt.datetime | None = None, rules: StationRules | None = None) -> tuple[Booking, bool]:
    """Book any free bed matching the person's gender for [check_in, check_out) (or the bed ``bed_id``).

    Returns (booking, created). The same idempotency key returns the first booking (created=False).
    Raises ServiceError (403 not eligible, 409 no bed / overlapping stay, 422 invalid or over a limit).
    """
    today = today_of(now)
    key = (idempotency_key or "").strip()[:80] or None
    lock_person(person)
    if key:
        existing = Booking.objects.filter(person=person, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    if not station.is_active:
        raise ServiceError(422, "station_closed", _("This station is not taking bookings."),
                             {"station": [_("Not taking bookings.")]})
    if bed_id is not None and not Bed.objects.filter(pk=bed_id, station=station, is_active=True).exists():
        raise ServiceError(422, "unknown_bed", _("This station has no such bed."), {"bed": [_("Unknown bed.")]})
    check_eligible(person, today)
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today,
                 rules=rules or adapters.rules_on(check_in), refuse_overlap=True)
    booking = place(person=person, station=station, check_in=check_in, check_out=check_out, idempotency_key=key,
                     only_bed=bed_id)
    if booking is None:
        raise no_bed(station)
    _confirm(booking)
    return booking, True


def _confirm(booking: Booking) -> None:
    """The confirmation in the person's inbox (in their language)."""
    person = booking.person
    with override(person.preferred_language or "zh-hans"):
        notify(recipient=person, kind="stations.booked",
               title=_("Booking confirmed: %(station)s") % {"station": booking.station.name},
               body=_("%(check_in)s to %(check_out)s. Bring your ID card to check in.") % {
                   "check_in": booking.check_in.isoformat(), "check_out": booking.check_out.isoformat()},
               url=reverse("stations:my-bookings"), dedupe_key=f"stations-booked-{booking.pk}")


@transaction.atomic
def booking_change_dates(*, booking: Booking, person, check_in: dt.date, check_out: dt.date,
                         now: dt.datetime | None = None, rules: StationRules | None = None) -> Booking:
    """Move a not-yet-started booking to new dates (same bed if free, else another bed at the station)."""
    today = today_of(now)
    lock_person(person)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.person_id != person.pk:
        raise ServiceError(404, "not_found", _("Not found."))
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(409, "not_changeable", _("Only a booking that has not started can be changed."))
    old_in, old_out = booking.check_in, booking.check_out
    release_ledger(booking)
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today, exclude_booking_id=booking.pk,
                 rules=rules or adapters.rules_on(check_in), refuse_overlap=True)
    placed = place(person=person, station=booking.station, check_in=check_in, check_out=check_out, booking=booking)
    if placed is None:
        raise no_bed(booking.station)
    if set(nights_of(old_in, old_out)) - set(nights_of(check_in, check_out)):
        waitlist_offer_next(station=booking.station, now=now)
    return placed


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, now: dt.datetime | None = None) -> Booking:
    """Cancel by the guest (or station staff). Frees every night and offers them to the waitlist."""
    booking = Booking.objects.select_for_update().select_related("station__unit").get(pk=booking.pk)
    if booking.person_id != actor.pk:
        require_staff(actor, booking.station)
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.OFFERED):
        raise ServiceError(409, "not_cancellable", _("This booking can no longer be cancelled."))
    release_ledger(booking)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    WaitlistEntry.objects.filter(booking=booking, status=WaitlistStatus.OFFERED).update(status=WaitlistStatus.CANCELLED)
    waitlist_offer_next(station=booking.station, now=now)
    return booking


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, person) -> WaitlistEntry:
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.person_id != person.pk:
        raise ServiceError(404, "not_found", _("Not found."))
    if entry.status == WaitlistStatus.OFFERED and entry.booking_id:
        return booking_cancel(booking=entry.booking, actor=person).waitlist_entry
    if entry.status == WaitlistStatus.WAITING:
        entry.status = WaitlistStatus.CANCELLED
        entry.save(update_fields=["status", "updated_at"])
    return entry
