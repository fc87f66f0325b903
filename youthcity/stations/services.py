"""Every write of the youth-station domain. Views, the API and commands call these.

The no-double-booking rule lives in the database (see models.py and docs/bookings.md): a booking
and its night-ledger rows are written together; a unique-key violation on (bed, night) sends the
request to the next candidate bed inside a savepoint, and when no bed is left the whole request is
refused with nothing written. Per-person rules (one stay at a time, cumulative cap, number of
stays) are checked after locking the person's row, which serialises one person's requests on
PostgreSQL; SQLite already serialises every writer (transaction_mode IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from youthcity.accounts.models import id_number_validator
from youthcity.accounts.permissions import can_manage_unit
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.core.workdays import working_days_between

from . import adapters
from .models import (
    ACTIVE_STATUSES,
    Bed,
    BedNight,
    Booking,
    BookingStatus,
    FollowUp,
    GenderArrangement,
    IdentityCheck,
    JobNotice,
    PersonNight,
    Station,
    WaitlistEntry,
    WaitlistStatus,
)

FOLLOW_UP_DAYS: tuple[int, ...] = tuple(getattr(settings, "STATIONS_FOLLOW_UP_DAYS", (7, 30)))
# How far ahead a stay may start: a platform limit (beds are planned weeks ahead), not a city rule.
BOOKING_HORIZON_DAYS: int = int(getattr(settings, "STATIONS_BOOKING_HORIZON_DAYS", 90))


# --- helpers ------------------------------------------------------------------------------------


def nights_of(check_in: dt.date, check_out: dt.date) -> list[dt.date]:
    return [check_in + dt.timedelta(days=i) for i in range((check_out - check_in).days)]


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


def _lock_person(person) -> None:
    # On PostgreSQL this row lock serialises one person's concurrent requests (cap, overlap,
    # idempotency); on SQLite the IMMEDIATE transaction already does.
    get_user_model().objects.select_for_update(no_key=True).filter(pk=person.pk).values_list("pk", flat=True).first()


def _require_staff(staff, station: Station) -> None:
    if not can_manage_unit(staff, station.unit):
        raise ServiceError(403, "forbidden", _("You cannot manage this station."))


def _gender_rooms(person) -> list[str]:
    profile = getattr(person, "youth_profile", None)
    gender = getattr(profile, "gender", "") if profile else ""
    if gender in (GenderArrangement.FEMALE, GenderArrangement.MALE):
        return [gender, GenderArrangement.MIXED]
    return [GenderArrangement.MIXED]


def check_eligible(person, today: dt.date) -> None:
    result = adapters.eligibility(person, today)
    if result.eligible:
        return
    if result.eligible is None:
        msg = _("Please complete your profile first: %(reason)s") % {"reason": result.reason}
        raise ServiceError(403, "profile_incomplete", msg, _eligibility_fields(result, msg))
    raise ServiceError(403, "not_eligible", result.reason, _eligibility_fields(result, result.reason))


def _eligibility_fields(result, message: str) -> dict[str, list[str]]:
    """The API lists the conditions that did not pass (failed or unknown) under ``eligibility``."""
    return {"eligibility": [c["reason"] for c in result.conditions if c["outcome"] != "pass"] or [message]}


def check_limits(*, person, check_in: dt.date, check_out: dt.date, today: dt.date,
                 exclude_booking_id: int | None = None, extension: bool = False) -> None:
    """Validate dates against the city's youth-station policy parameters (0 = no limit).

    Must run inside the transaction, after ``_lock_person``: it counts the person's ledger rows.
    """
    if check_out <= check_in:
        raise ServiceError(422, "check_out_before_check_in", _("The check-out date must be after the check-in date."),
                             {"check_out": [_("Must be after the check-in date.")]})
    if not extension and check_in < today:
        raise ServiceError(422, "date_in_past", _("The check-in date is in the past."),
                             {"check_in": [_("Choose today or a later date.")]})
    if not extension and (check_in - today).days > BOOKING_HORIZON_DAYS:
        raise ServiceError(422, "too_far_ahead",
                             _("Stays can be booked at most %(days)d days ahead.") % {"days": BOOKING_HORIZON_DAYS},
                             {"check_in": [_("Too far ahead.")]})
    rules = adapters.rules_on(check_in)
    n = (check_out - check_in).days
    if rules.max_nights_per_stay and n > rules.max_nights_per_stay:
        msg = ngettext("A stay may last at most %(n)d night.", "A stay may last at most %(n)d nights.",
                       rules.max_nights_per_stay) % {"n": rules.max_nights_per_stay}
        raise ServiceError(422, "over_stay_limit", msg, {"check_out": [msg]})
    if not extension and rules.min_booking_lead_days:
        ahead = (working_days_between(today, check_in) if rules.lead_time_in_working_days
                 else (check_in - today).days)
        if ahead < rules.min_booking_lead_days:
            if rules.lead_time_in_working_days:
                msg = ngettext("Book at least %(n)d working day ahead.", "Book at least %(n)d working days ahead.",
                               rules.min_booking_lead_days) % {"n": rules.min_booking_lead_days}
            else:
                msg = ngettext("Book at least %(n)d day ahead.", "Book at least %(n)d days ahead.",
                               rules.min_booking_lead_days) % {"n": rules.min_booking_lead_days}
            raise ServiceError(422, "too_late_to_book", msg, {"check_in": [msg]})

    window_start, window_end = _window(rules, person, check_in, check_out)
    if window_start is not None and check_in < window_start or window_end is not None and check_out > window_end:
        raise ServiceError(422, "outside_window", _("These dates are outside the period in which you may stay."))
    if rules.max_stays and not extension:
        stays = Booking.objects.filter(
            person=person, status__in=[*ACTIVE_STATUSES, BookingStatus.CHECKED_OUT]
        ).exclude(pk=exclude_booking_id or 0)
        if window_start is not None:
            stays = stays.filter(check_out__gt=window_start)
        if window_end is not None:
            stays = stays.filter(check_in__lt=window_end)
        if rules.cumulative_window == "rolling_year":
            earlier = _rolling_year_most_stays(list(stays.values_list("check_in", "check_out")), check_in, check_out)
        else:
            earlier = stays.count()
        if earlier >= rules.max_stays:
            msg = ngettext("You may stay at most %(n)d time.", "You may stay at most %(n)d times.",
                           rules.max_stays) % {"n": rules.max_stays}
            raise ServiceError(422, "too_many_stays", msg)
    if rules.cumulative_nights_cap:
        used_qs = PersonNight.objects.filter(person=person).exclude(booking_id=exclude_booking_id or 0)
        new = nights_of(check_in, check_out)
        if rules.cumulative_window == "calendar_year":
            over = any(
                used_qs.filter(night__year=year).count() + sum(1 for d in new if d.year == year)
                > rules.cumulative_nights_cap
                for year in {d.year for d in new}
            )
            used = used_qs.filter(night__year=check_in.year).count()
        elif rules.cumulative_window == "rolling_year":
            nearby = list(used_qs.filter(night__gte=window_start, night__lt=window_end)
                          .values_list("night", flat=True))
            total, used = _rolling_year_worst(nearby, new)
            over = total > rules.cumulative_nights_cap
        else:
            if window_start is not None:
                used_qs = used_qs.filter(night__gte=window_start)
            if window_end is not None:
                used_qs = used_qs.filter(night__lt=window_end)
            used = used_qs.count()
            over = used + len(new) > rules.cumulative_nights_cap
        if over:
            left = max(rules.cumulative_nights_cap - used, 0)
            msg = ngettext(
                "This stay would exceed your allowance of %(cap)d free night; %(left)d left.",
                "This stay would exceed your allowance of %(cap)d free nights; %(left)d left.",
                rules.cumulative_nights_cap,
            ) % {"cap": rules.cumulative_nights_cap, "left": left}
            raise ServiceError(422, "over_cumulative_cap", msg, {"check_out": [msg]})


ROLLING_DAYS = 365


def _rolling_year_worst(used: list[dt.date], new: list[dt.date]) -> tuple[int, int]:
    """The fullest 365-day window that holds a night of the new stay: (all nights in it, nights
    already used in it). A window can always be slid to start on a night without losing any, so
    only windows starting on a night are examined."""
    nights = sorted([*used, *new])
    fresh = set(new)
    worst = (0, 0)
    j = 0
    for i, start in enumerate(nights):
        j = max(j, i)
        while j < len(nights) and (nights[j] - start).days < ROLLING_DAYS:
            j += 1
        inside = nights[i:j]
        n_new = sum(1 for d in inside if d in fresh)
        if n_new and len(inside) > worst[0]:
            worst = (len(inside), len(inside) - n_new)
    return worst


def _rolling_year_most_stays(stays: list[tuple[dt.date, dt.date]], check_in: dt.date, check_out: dt.date) -> int:
    """The most earlier stays that share one 365-day window with a night of the new stay.

    A window [s, s + 364] holds a night of the stay [a, b) exactly when a − 364 ≤ s ≤ b − 1, so
    each stay covers an interval of window starts; the answer is the deepest overlap of those
    intervals inside the new stay's own interval, found by one sweep over their ends."""
    span = dt.timedelta(days=ROLLING_DAYS - 1)
    lo, hi = check_in - span, check_out - dt.timedelta(days=1)
    events: list[tuple[dt.date, int]] = []
    for a, b in stays:
        start, end = max(a - span, lo), min(b - dt.timedelta(days=1), hi)
        if start <= end:
            events += [(start, 1), (end + dt.timedelta(days=1), -1)]
    depth = most = 0
    for _day, step in sorted(events, key=lambda e: (e[0], e[1])):  # ends before starts on a day
        depth += step
        most = max(most, depth)
    return most


def _window(rules, person, check_in: dt.date, check_out: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The period the cumulative cap counts over (None = unbounded)."""
    if rules.cumulative_window == "rolling_year":
        # Nights that can share a 365-day window with a night of this stay (the cap is then
        # checked window by window, `_rolling_year_worst`).
        return check_in - dt.timedelta(days=ROLLING_DAYS - 1), check_out + dt.timedelta(days=ROLLING_DAYS - 1)
    if rules.cumulative_window == "since_graduation" and rules.cumulative_window_years:
        profile = getattr(person, "youth_profile", None)
        grad = getattr(profile, "graduation_date", None)
        if grad:
            try:
                end = grad.replace(year=grad.year + rules.cumulative_window_years)
            except ValueError:  # 29 February
                end = grad.replace(year=grad.year + rules.cumulative_window_years, day=28)
            return grad, end
    return None, None


def _write_ledger(booking: Booking, nights: Iterable[dt.date]) -> None:
    nights = list(nights)
    # bulk_create: the ledger is derived data (the Booking row is the audited record).
    BedNight.objects.bulk_create([BedNight(bed_id=booking.bed_id, night=d, booking=booking) for d in nights])
    PersonNight.objects.bulk_create([PersonNight(person_id=booking.person_id, night=d, booking=booking) for d in nights])


def _release_ledger(booking: Booking, from_night: dt.date | None = None) -> int:
    bed_rows = BedNight.objects.filter(booking=booking)
    person_rows = PersonNight.objects.filter(booking=booking)
    if from_night is not None:
        bed_rows, person_rows = bed_rows.filter(night__gte=from_night), person_rows.filter(night__gte=from_night)
    n = bed_rows._raw_delete(bed_rows.db)  # no per-row signals: these rows are not audited
    person_rows._raw_delete(person_rows.db)
    return n


def _candidate_beds(station: Station, person, check_in: dt.date, check_out: dt.date, prefer: int | None = None,
                    only: int | None = None):
    taken = BedNight.objects.filter(bed__station=station, night__gte=check_in, night__lt=check_out).values("bed_id")
    qs = Bed.objects.filter(station=station, is_active=True, room__gender__in=_gender_rooms(person))
    if only is not None:
        qs = qs.filter(pk=only)
    beds = list(qs.exclude(pk__in=taken).order_by("room__name", "label").values_list("pk", flat=True))
    if beds:
        # Rotate the start by person, so a stampede of different people spreads over the beds
        # instead of queueing on the first one.
        k = person.pk % len(beds)
        beds = beds[k:] + beds[:k]
    if prefer in beds:
        beds.remove(prefer)
        beds.insert(0, prefer)
    return beds


def _next_booking_id() -> int | None:
    """PostgreSQL: take the booking's id from its sequence before inserting anything (see `_place`)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('stations_booking', 'id'))")
        return int(cursor.fetchone()[0])


def _place(*, person, station: Station, check_in: dt.date, check_out: dt.date, booking: Booking | None = None,
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

    def attempt(bed_id: int) -> Booking:
        with transaction.atomic():
            if booking is not None:
                placed = booking
                placed.bed_id, placed.check_in, placed.check_out = bed_id, check_in, check_out
                _write_ledger(placed, nights)
                placed.save(update_fields=["bed", "check_in", "check_out", "updated_at"])
                return placed
            placed = Booking(station=station, bed_id=bed_id, person=person, check_in=check_in, check_out=check_out,
                             status=status, idempotency_key=idempotency_key, offer_expires_at=offer_expires_at)
            placed.pk = _next_booking_id()
            if placed.pk is not None:
                _write_ledger(placed, nights)
                placed.save(force_insert=True)
            else:
                placed.save(force_insert=True)
                _write_ledger(placed, nights)
            return placed

    for bed_id in _candidate_beds(station, person, check_in, check_out, prefer, only_bed):
        for _retry in range(DEADLOCK_RETRIES):
            try:
                return attempt(bed_id)
            except IntegrityError:
                break  # somebody else got this bed in the meantime: try the next one
            except OperationalError as exc:
                if not _is_deadlock(exc):
                    raise
                continue  # a deadlock victim (should not happen, see above): savepoint gone, retry
        if booking is not None:
            booking.refresh_from_db()
    return None


DEADLOCK_RETRIES = 5


def _is_deadlock(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) == "40P01"


def _no_bed(station: Station) -> ServiceError:
    return ServiceError(409, "no_bed_available",
                          _("No bed is free at %(station)s for these dates.") % {"station": station.display_name})


# --- booking ------------------------------------------------------------------------------------


@transaction.atomic
def booking_create(*, person, station: Station, check_in: dt.date, check_out: dt.date,
                   idempotency_key: str | None = None, bed_id: int | None = None,
                   now: dt.datetime | None = None) -> tuple[Booking, bool]:
    """Book any free bed matching the person's gender for [check_in, check_out) (or the bed ``bed_id``).

    Returns (booking, created). The same idempotency key returns the first booking (created=False).
    Raises ServiceError (403 not eligible, 409 no bed / overlapping stay, 422 invalid or over a limit).
    """
    today = _today(now)
    key = (idempotency_key or "").strip()[:80] or None
    _lock_person(person)
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
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today)
    if PersonNight.objects.filter(person=person, night__gte=check_in, night__lt=check_out).exists():
        raise ServiceError(409, "overlapping_stay", _("You already have a stay on some of these nights."))
    booking = _place(person=person, station=station, check_in=check_in, check_out=check_out, idempotency_key=key,
                     only_bed=bed_id)
    if booking is None:
        raise _no_bed(station)
    return booking, True


@transaction.atomic
def booking_change_dates(*, booking: Booking, person, check_in: dt.date, check_out: dt.date,
                         now: dt.datetime | None = None) -> Booking:
    """Move a not-yet-started booking to new dates (same bed if free, else another bed at the station)."""
    today = _today(now)
    _lock_person(person)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.person_id != person.pk:
        raise ServiceError(404, "not_found", _("Not found."))
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(409, "not_changeable", _("Only a booking that has not started can be changed."))
    old_in, old_out = booking.check_in, booking.check_out
    _release_ledger(booking)
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today, exclude_booking_id=booking.pk)
    if PersonNight.objects.filter(person=person, night__gte=check_in, night__lt=check_out).exists():
        raise ServiceError(409, "overlapping_stay", _("You already have a stay on some of these nights."))
    placed = _place(person=person, station=booking.station, check_in=check_in, check_out=check_out, booking=booking)
    if placed is None:
        raise _no_bed(booking.station)
    if set(nights_of(old_in, old_out)) - set(nights_of(check_in, check_out)):
        waitlist_offer_next(station=booking.station, now=now)
    return placed


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, now: dt.datetime | None = None) -> Booking:
    """Cancel by the guest (or station staff). Frees every night and offers them to the waitlist."""
    booking = Booking.objects.select_for_update().select_related("station__unit").get(pk=booking.pk)
    if booking.person_id != actor.pk:
        _require_staff(actor, booking.station)
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.OFFERED):
        raise ServiceError(409, "not_cancellable", _("This booking can no longer be cancelled."))
    _release_ledger(booking)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    WaitlistEntry.objects.filter(booking=booking, status=WaitlistStatus.OFFERED).update(status=WaitlistStatus.CANCELLED)
    waitlist_offer_next(station=booking.station, now=now)
    return booking


@transaction.atomic
def identity_reveal(*, booking: Booking, staff) -> str:
    """The guest's full ID number for checking it against the card at arrival, logged as an
    :class:`IdentityCheck`. Only staff of the station, only for a booking awaiting check-in."""
    booking = Booking.objects.select_related("station__unit", "person").get(pk=booking.pk)
    _require_staff(staff, booking.station)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(409, "not_checkin_ready", _("The ID number is shown only to check a guest in."))
    if not booking.person.id_number:
        raise ServiceError(409, "no_id_number", _("No ID number is on file: enter it from the ID card."))
    IdentityCheck.objects.create(booking=booking, staff=staff)
    return booking.person.id_number


@transaction.atomic
def booking_check_in(*, booking: Booking, staff, identity_confirmed: bool, id_number: str = "",
                     now: dt.datetime | None = None) -> Booking:
    today = _today(now)
    booking = Booking.objects.select_for_update().select_related("station__unit", "person").get(pk=booking.pk)
    _require_staff(staff, booking.station)
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
        try:
            id_number_validator(id_number)
        except ValidationError as exc:
            raise ServiceError(422, "invalid_id_number", exc.messages[0], {"id_number": exc.messages}) from exc
        guest.id_number = id_number
        guest.save(update_fields=["id_number"])
    if booking.check_in < today:  # arrived late: the missed nights go back to the pool
        _release_ledger(booking)
        booking.check_in = today
        _write_ledger(booking, nights_of(today, booking.check_out))
    booking.status, booking.checked_in_at, booking.checked_in_by = BookingStatus.CHECKED_IN, timezone.now(), staff
    booking.save(update_fields=["status", "check_in", "checked_in_at", "checked_in_by", "updated_at"])
    return booking


@transaction.atomic
def booking_check_out(*, booking: Booking, staff, now: dt.datetime | None = None) -> Booking:
    """Check out; unused future nights are freed; follow-up visits are scheduled."""
    today = _today(now)
    booking = Booking.objects.select_for_update().select_related("station__unit").get(pk=booking.pk)
    _require_staff(staff, booking.station)
    if booking.status != BookingStatus.CHECKED_IN:
        raise ServiceError(409, "not_checked_in", _("Only a guest who is checked in can check out."))
    new_out = min(max(today, booking.check_in + dt.timedelta(days=1)), booking.check_out)
    freed = new_out < booking.check_out
    if freed:
        _release_ledger(booking, from_night=new_out)
    booking.check_out, booking.status, booking.checked_out_at = new_out, BookingStatus.CHECKED_OUT, timezone.now()
    booking.save(update_fields=["check_out", "status", "checked_out_at", "updated_at"])
    for days in FOLLOW_UP_DAYS:
        FollowUp.objects.get_or_create(booking=booking, days_after=days,
                                       defaults={"due_on": new_out + dt.timedelta(days=days)})
    if freed:
        waitlist_offer_next(station=booking.station, now=now)
    return booking


@transaction.atomic
def booking_extend(*, booking: Booking, staff, check_out: dt.date, now: dt.datetime | None = None) -> Booking:
    """Extend a stay on the same bed, within the policy limits."""
    today = _today(now)
    booking = Booking.objects.select_for_update().select_related("station__unit", "person").get(pk=booking.pk)
    _require_staff(staff, booking.station)
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN):
        raise ServiceError(409, "not_extendable", _("Only a current booking can be extended."))
    if check_out <= booking.check_out:
        raise ServiceError(422, "not_later", _("The new check-out date must be later than the current one."),
                             {"check_out": [_("Must be later than the current check-out date.")]})
    _lock_person(booking.person)
    check_limits(person=booking.person, check_in=booking.check_in, check_out=check_out, today=today,
                 exclude_booking_id=booking.pk, extension=True)
    try:
        with transaction.atomic():
            _write_ledger(booking, nights_of(booking.check_out, check_out))
    except IntegrityError as exc:
        raise ServiceError(409, "bed_taken", _("This bed or guest is already booked on some of those nights.")) from exc
    booking.check_out = check_out
    booking.save(update_fields=["check_out", "updated_at"])
    return booking


# --- waitlist -----------------------------------------------------------------------------------


@transaction.atomic
def waitlist_join(*, person, station: Station, check_in: dt.date, check_out: dt.date,
                  now: dt.datetime | None = None) -> WaitlistEntry:
    today = _today(now)
    _lock_person(person)
    check_eligible(person, today)
    check_limits(person=person, check_in=check_in, check_out=check_out, today=today)
    if WaitlistEntry.objects.filter(person=person, station=station,
                                    status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]).exists():
        raise ServiceError(409, "already_waiting", _("You are already on this station's waitlist."))
    return WaitlistEntry.objects.create(person=person, station=station, check_in=check_in, check_out=check_out)


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


def waitlist_offer_next(*, station: Station, now: dt.datetime | None = None, limit: int = 50) -> list[Booking]:
    """Offer freed beds to waiting people, oldest request first; each offer holds the bed until it expires.

    Runs inside the caller's transaction. An entry whose dates no longer fit stays waiting; one whose
    check-in has passed is closed.
    """
    now = now or timezone.now()
    today = _today(now)
    offers: list[Booking] = []
    entries = list(WaitlistEntry.objects.filter(station=station, status=WaitlistStatus.WAITING)
                   .select_related("person__youth_profile").order_by("created_at", "id")[:limit])
    for entry in entries:
        if entry.check_in < today:
            entry.status = WaitlistStatus.EXPIRED
            entry.save(update_fields=["status", "updated_at"])
            continue
        person = entry.person
        _lock_person(person)
        try:
            with transaction.atomic():
                check_limits(person=person, check_in=entry.check_in, check_out=entry.check_out, today=today)
                if PersonNight.objects.filter(person=person, night__gte=entry.check_in,
                                              night__lt=entry.check_out).exists():
                    continue
                expires = min(now + dt.timedelta(hours=station.offer_hours),
                              timezone.make_aware(dt.datetime.combine(entry.check_in, dt.time(23, 59))))
                booking = _place(person=person, station=station, check_in=entry.check_in, check_out=entry.check_out,
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


# --- the tick: expiries, no-shows, digests --------------------------------------------------------


@transaction.atomic
def offers_expire(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    expired = list(Booking.objects.select_for_update().filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now))
    stations = {}
    for booking in expired:
        _release_ledger(booking)
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
        _release_ledger(booking)
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
    _require_staff(staff, station)
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
    _require_staff(staff, follow_up.booking.station)
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
