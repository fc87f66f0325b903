"""The station desk: identity check, check-in, check-out, extending a stay."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from youthcity.accounts.privacy import personal_data_access_record
from youthcity.accounts.services import identity_number_record
from youthcity.core.errors import ServiceError

from .. import adapters
from ..models import Booking, BookingStatus, FollowUp, IdentityCheck
from ..rules import StationRules
from ..selectors import nights_of
from .common import lock_person, require_staff, today_of
from .ledger import release_ledger, write_ledger
from .limits import check_limits
from .waitlist import waitlist_offer_next

FOLLOW_UP_DAYS: tuple[int, ...] = tuple(getattr(settings, "STATIONS_FOLLOW_UP_DAYS", (7, 30)))


@transaction.atomic
def identity_reveal(*, booking: Booking, staff) -> str:
    """The guest's full ID number for checking it against the card at arrival, logged as an
    :class:`IdentityCheck`. Only staff of the station, only for a booking awaiting check-in."""
    booking = Booking.objects.select_related("station__unit", "person").get(pk=booking.pk)
    require_staff(staff, booking.station)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(409, "not_checkin_ready", _("The ID number is shown only to check a guest in."))
    if not booking.person.id_number:
        raise ServiceError(409, "no_id_number", _("No ID number is on file: enter it from the ID card."))
    IdentityCheck.objects.create(booking=booking, staff=staff)
    with override(booking.person.preferred_language or "zh-hans"):  # the person reads it ("who looked at my data")
        personal_data_access_record(
            viewer=staff, subject=booking.person, action="identity_reveal", fields=["id_number"],
            purpose=_("Check-in at %(station)s: ID number compared with the ID card") % {"station": booking.station.name})
    return booking.person.id_number


@transaction.atomic
def booking_check_in(*, booking: Booking, staff, identity_confirmed: bool, id_number: str = "",
                     now: dt.datetime | None = None) -> Booking:
    today = today_of(now)
    booking = Booking.objects.select_for_update().select_related("station__unit", "person").get(pk=booking.pk)
    require_staff(staff, booking.station)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(409, "not_checkin_ready", _("Only a confirmed booking can be checked in."))
    if not booking.check_in <= today < booking.check_out:
        raise ServiceError(422, "not_arrival_day", _("This booking is not for today."))
    if not identity_confirmed:
        raise ServiceError(422, "identity_not_verified", _("Check the guest's ID card and tick the box."),
                             {"identity_confirmed": [_("Confirm that you checked the ID card.")]})
    guest = booking.person
    id_number = (id_number or "").strip().upper()
    if id_number and not guest.id_number:
        identity_number_record(user=guest, id_number=id_number)
    if booking.check_in < today:  # arrived late: the missed nights go back to the pool
        release_ledger(booking)
        booking.check_in = today
        write_ledger(booking, nights_of(today, booking.check_out))
    booking.status, booking.checked_in_at, booking.checked_in_by = BookingStatus.CHECKED_IN, timezone.now(), staff
    booking.save(update_fields=["status", "check_in", "checked_in_at", "checked_in_by", "updated_at"])
    return booking


@transaction.atomic
def booking_check_out(*, booking: Booking, staff, now: dt.datetime | None = None) -> Booking:
    """Check out; unused future nights are freed; follow-up visits are scheduled."""
    today = today_of(now)
    booking = Booking.objects.select_for_update().select_related("station__unit").get(pk=booking.pk)
    require_staff(staff, booking.station)
    if booking.status != BookingStatus.CHECKED_IN:
        raise ServiceError(409, "not_checked_in", _("Only a guest who is checked in can check out."))
    new_out = min(max(today, booking.check_in + dt.timedelta(days=1)), booking.check_out)
    freed = new_out < booking.check_out
    if freed:
        release_ledger(booking, from_night=new_out)
    booking.check_out, booking.status, booking.checked_out_at = new_out, BookingStatus.CHECKED_OUT, timezone.now()
    booking.save(update_fields=["check_out", "status", "checked_out_at", "updated_at"])
    for days in FOLLOW_UP_DAYS:
        FollowUp.objects.get_or_create(booking=booking, days_after=days,
                                       defaults={"due_on": new_out + dt.timedelta(days=days)})
    if freed:
        waitlist_offer_next(station=booking.station, now=now)
    return booking


@transaction.atomic
def booking_extend(*, booking: Booking, staff, check_out: dt.date, now: dt.datetime | None = None,
                   rules: StationRules | None = None) -> Booking:
    """Extend a stay on the same bed, within the policy limits."""
    today = today_of(now)
    booking = Booking.objects.select_for_update().select_related("station__unit", "person").get(pk=booking.pk)
    require_staff(staff, booking.station)
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN):
        raise ServiceError(409, "not_extendable", _("Only a current booking can be extended."))
    if check_out <= booking.check_out:
        raise ServiceError(422, "not_later", _("The new check-out date must be later than the current one."),
                             {"check_out": [_("Must be later than the current check-out date.")]})
    lock_person(booking.person)
    check_limits(person=booking.person, check_in=booking.check_in, check_out=check_out, today=today,
                 exclude_booking_id=booking.pk, extension=True, rules=rules or adapters.rules_on(booking.check_in))
    try:
        with transaction.atomic():
            write_ledger(booking, nights_of(booking.check_out, check_out))
    except IntegrityError as exc:
        raise ServiceError(409, "bed_taken", _("This bed or guest is already booked on some of those nights.")) from exc
    booking.check_out = check_out
    booking.save(update_fields=["check_out", "updated_at"])
    return booking


