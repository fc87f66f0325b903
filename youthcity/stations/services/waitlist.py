"""The waitlist: join, leave, offers of freed beds (with expiry), accepting an offer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify

from .. import adapters
from ..models import Booking, BookingStatus, PersonNight, Station, WaitlistEntry, WaitlistStatus
from ..rules import StationRules
from .common import check_eligible, lock_person, today_of
from .ledger import place
from .limits import check_limits


@transaction.atomic
def waitlist_join(*, person, station: Station, check_in: dt.date, check_out: dt.date,
                  now: dt.datetime | None = None, rules: StationRules | None = None) -> WaitlistEntry:
    today = today_of(now)
    lock_person(person)
    check_eligible(person, today)
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today,
                 rules=rules or adapters.rules_on(check_in))
    if WaitlistEntry.objects.filter(person=person, station=station,
                                    status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]).exists():
        raise ServiceError(409, "already_waiting", _("You are already on this station's waitlist."))
    return WaitlistEntry.objects.create(person=person, station=station, check_in=check_in, check_out=check_out)


def waitlist_offer_next(*, station: Station, now: dt.datetime | None = None, limit: int = 50) -> list[Booking]:
    """Offer freed beds to waiting people, oldest request first; each offer holds the bed until it expires.

    Runs inside the caller's transaction. An entry whose dates no longer fit stays waiting; one whose
    check-in has passed is closed.
    """
    now = now or timezone.now()
    today = today_of(now)
    offers: list[Booking] = []
    entries = list(WaitlistEntry.objects.filter(station=station, status=WaitlistStatus.WAITING)
                   .select_related("person__youth_profile").order_by("created_at", "id")[:limit])
    for entry in entries:
        if entry.check_in < today:
            entry.status = WaitlistStatus.EXPIRED
            entry.save(update_fields=["status", "updated_at"])
            continue
        person = entry.person
        lock_person(person)
        try:
            with transaction.atomic():
                check_limits(person=person, check_in=entry.check_in, check_out=entry.check_out, today=today,
                             rules=adapters.rules_on(entry.check_in))
                if PersonNight.objects.filter(person=person, night__gte=entry.check_in,
                                              night__lt=entry.check_out).exists():
                    continue
                expires = min(now + dt.timedelta(hours=station.offer_hours),
                              timezone.make_aware(dt.datetime.combine(entry.check_in, dt.time(23, 59))))
                booking = place(person=person, station=station, check_in=entry.check_in, check_out=entry.check_out,
                                 status=BookingStatus.OFFERED, offer_expires_at=expires)
        except ServiceError:
            continue
        if booking is None:
            continue
        entry.status, entry.booking = WaitlistStatus.OFFERED, booking
        entry.save(update_fields=["status", "booking", "updated_at"])
        offers.append(booking)
        notify(recipient=person, kind="stations.waitlist_offer",
               title=_("A bed is free for you at %(station)s") % {"station": station.name},
               body=_("%(check_in)s to %(check_out)s. Accept before %(expires)s or it goes to the next person.") % {
                   "check_in": entry.check_in.isoformat(), "check_out": entry.check_out.isoformat(),
                   "expires": timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")},
               url=reverse("stations:my-bookings"), dedupe_key=f"stations-offer-{booking.pk}")
    return offers


@transaction.atomic
def offer_accept(*, booking: Booking, person, now: dt.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.person_id != person.pk:
        raise ServiceError(404, "not_found", _("Not found."))
    if booking.status != BookingStatus.OFFERED:
        raise ServiceError(409, "no_open_offer", _("There is no open offer for this booking."))
    if booking.offer_expires_at <= now:
        raise ServiceError(409, "offer_expired", _("This offer has expired."))
    booking.status = BookingStatus.BOOKED
    booking.save(update_fields=["status", "updated_at"])
    WaitlistEntry.objects.filter(booking=booking).update(status=WaitlistStatus.ACCEPTED, updated_at=now)
    return booking


