"""The periodic job (``youthcity stations_tick``): expired offers, no-shows, daily job digests;
and what station staff post and record: job notices and follow-up visits."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify

from ..models import Booking, BookingStatus, FollowUp, JobNotice, Station, WaitlistEntry, WaitlistStatus
from .common import require_staff
from .ledger import release_ledger
from .waitlist import waitlist_offer_next


@transaction.atomic
def offers_expire(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    expired = list(Booking.objects.select_for_update().filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now))
    stations = {}
    for booking in expired:
        release_ledger(booking)
        booking.status = BookingStatus.EXPIRED
        booking.save(update_fields=["status", "updated_at"])
        WaitlistEntry.objects.filter(booking=booking).update(status=WaitlistStatus.EXPIRED, updated_at=now)
        stations[booking.station_id] = booking.station
    for station in stations.values():
        waitlist_offer_next(station=station, now=now)
    return len(expired)


@transaction.atomic
def bookings_release_no_shows(*, now: dt.datetime | None = None) -> int:
    """Release bookings not checked in by the station's release hour of the arrival day."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    candidates = Booking.objects.select_for_update().select_related("station").filter(
        status=BookingStatus.BOOKED, check_in__lte=today)
    released, stations = 0, {}
    for booking in candidates:
        if booking.check_in == today and now.hour < booking.station.no_show_release_hour:
            continue
        release_ledger(booking)
        booking.status = BookingStatus.NO_SHOW
        booking.save(update_fields=["status", "updated_at"])
        released += 1
        stations[booking.station_id] = booking.station
        notify(recipient=booking.person, kind="stations.no_show",
               title=_("Your youth-station booking was released"),
               body=_("You did not check in at %(station)s on %(day)s, so the bed went to someone else.") % {
                   "station": booking.station.name, "day": booking.check_in.isoformat()},
               url=reverse("stations:my-bookings"), dedupe_key=f"stations-noshow-{booking.pk}")
    for station in stations.values():
        waitlist_offer_next(station=station, now=now)
    return released


@transaction.atomic
def job_notice_post(*, station: Station, staff, title: str, employer: str, kind: str = JobNotice.Kind.JOB,
                    body: str = "", url: str = "", valid_until: dt.date) -> JobNotice:
    require_staff(staff, station)
    if valid_until < timezone.localdate():
        raise ServiceError(422, "date_in_past", _("The notice would already have expired."),
                             {"valid_until": [_("Choose today or a later date.")]})
    return JobNotice.objects.create(station=station, posted_by=staff, title=title.strip(), employer=employer.strip(),
                                    kind=kind, body=body, url=url, valid_until=valid_until)


def job_digests_send(*, today: dt.date | None = None) -> int:
    """One digest a day to each current guest listing the current job notices of the station's district."""
    today = today or timezone.localdate()
    sent = 0
    stays = (Booking.objects.filter(status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN],
                                    check_in__lte=today, check_out__gt=today)
             .select_related("station", "person"))
    for booking in stays:
        # local = posted by any station of the guest's district (the station's own first)
        notices = sorted(JobNotice.objects.filter(station__region_id=booking.station.region_id, valid_until__gte=today)
                         .order_by("-created_at")[:10], key=lambda n: n.station_id != booking.station_id)
        if not notices:
            continue
        lines = "\n".join(f"· {n.get_kind_display()}｜{n.title}｜{n.employer}" for n in notices)
        with transaction.atomic():
            note = notify(
                recipient=booking.person, kind="stations.job_digest",
                title=ngettext("%(n)d local job for you today", "%(n)d local jobs for you today",
                               len(notices)) % {"n": len(notices)},
                body=lines, url=reverse("stations:my-bookings"),
                dedupe_key=f"stations-jobs-{booking.person_id}-{today.isoformat()}",
            )
        sent += note is not None
    return sent


def stations_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job (``youthcity stations_tick``): expiries, no-shows, then today's digests."""
    now = now or timezone.now()
    return {
        "offers_expired": offers_expire(now=now),
        "no_shows_released": bookings_release_no_shows(now=now),
        "digests_sent": job_digests_send(today=timezone.localdate(now)),
    }


# --- follow-up ----------------------------------------------------------------------------------


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, staff, reached: bool = True, found_work: bool | None = None,
                     employer: str = "", staying_in_city: bool | None = None, notes: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("booking__station__unit").get(pk=follow_up.pk)
    require_staff(staff, follow_up.booking.station)
    if reached:
        errors = {}
        if found_work is None:
            errors["found_work"] = [_("Answer this question.")]
        if staying_in_city is None:
            errors["staying_in_city"] = [_("Answer this question.")]
        if errors:
            raise ServiceError(422, "invalid", _("Some fields are invalid."), errors)
        follow_up.status = FollowUp.Status.DONE
    else:
        follow_up.status = FollowUp.Status.UNREACHABLE
    follow_up.found_work, follow_up.staying_in_city = found_work, staying_in_city
    follow_up.employer, follow_up.notes = employer.strip(), notes.strip()
    follow_up.recorded_by, follow_up.recorded_at = staff, timezone.now()
    follow_up.save()
    return follow_up
