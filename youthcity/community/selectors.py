"""Reads of youth homes and events. Staff reads are scoped by the caller's units."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from youthcity.accounts.permissions import scope_regions, scope_units
from youthcity.regions.models import Region

from .models import Event, RoomBooking, SignUp, SignUpStatus, YouthHome


def organiser_units(user):
    """Units the user may publish events for and check people in (their units and below)."""
    if not getattr(user, "is_authenticated", False):
        return scope_units(user).none()
    return scope_units(user, write=True)


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)),
        waitlist_count=Count("signups", filter=Q(signups__status=SignUpStatus.WAITLISTED)),
        attended_count=Count("signups", filter=Q(signups__checked_in_at__isnull=False)),
    )


def public_events(
    *, district: str = "", kind: str = "", day: dt.date | None = None, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Published events that have not ended, filtered by district code, type and day."""
    now = now or timezone.now()
    qs = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gte=now).select_related(
        "region", "unit", "home"
    )
    if district:
        region = Region.objects.filter(code=district).first()
        qs = qs.filter(region__path__startswith=region.path) if region else qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if day:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        qs = qs.filter(starts_at__lt=start + dt.timedelta(days=1), ends_at__gte=start)
    return _with_counts(qs).order_by("starts_at", "pk")


def public_event(pk: int) -> Event | None:
    return _with_counts(
        Event.objects.filter(pk=pk, status=Event.Status.PUBLISHED).select_related("region", "unit", "home")
    ).first()


def districts() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.DISTRICT).order_by("path")


def my_signups(person) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(person=person)
        .select_related("event__region", "event__unit")
        .prefetch_related("feedback")
        .order_by("-event__starts_at", "-pk")
    )


def waitlist_position(signup: SignUp) -> int | None:
    if signup.status != SignUpStatus.WAITLISTED:
        return None
    return (
        SignUp.objects.filter(event_id=signup.event_id, status=SignUpStatus.WAITLISTED)
        .filter(Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk))
        .count()
        + 1
    )


def staff_events(user) -> QuerySet[Event]:
    return _with_counts(
        Event.objects.filter(unit__in=scope_units(user)).select_related("region", "unit", "home")
    )


def staff_event(user, pk: int) -> Event | None:
    return staff_events(user).filter(pk=pk).first()


def event_signups(event: Event) -> QuerySet[SignUp]:
    return (
        event.signups.exclude(status=SignUpStatus.CANCELLED)
        .select_related("person")
        .order_by("status", "place", "created_at", "pk")
    )


def homes() -> QuerySet[YouthHome]:
    return YouthHome.objects.filter(is_active=True).select_related("region__parent", "unit")


def staff_homes(user) -> QuerySet[YouthHome]:
    return homes().filter(Q(unit__in=scope_units(user)) | Q(region__in=scope_regions(user)))


def social_people(mine: SignUp) -> list[dict]:
    """The other confirmed participants of a social event who chose to be visible: nickname and
    intro only; the phone only when both asked to exchange contacts."""
    from .models import ContactRequest

    asked = set(ContactRequest.objects.filter(from_signup=mine).values_list("to_signup_id", flat=True))
    asked_me = set(ContactRequest.objects.filter(to_signup=mine).values_list("from_signup_id", flat=True))
    others = (
        SignUp.objects.filter(
            event_id=mine.event_id, status=SignUpStatus.CONFIRMED, social_profile__visible=True
        )
        .exclude(pk=mine.pk)
        .select_related("social_profile", "person")
        .order_by("social_profile__nickname", "pk")
    )
    rows = []
    for s in others:
        mutual = s.pk in asked and s.pk in asked_me
        rows.append(
            {
                "signup": s,
                "profile": s.social_profile,
                "asked": s.pk in asked,
                "asked_me": s.pk in asked_me,
                "phone": s.person.phone if mutual else "",
            }
        )
    return rows


def open_reports(event: Event):
    return event.reports.filter(handled_at__isnull=True).select_related(
        "reported__person", "reported__social_profile", "reporter__social_profile"
    )


def booking_homes(user) -> QuerySet[YouthHome]:
    """Youth homes whose rooms the user may book (staff of the host unit, or above it)."""
    return homes().filter(unit__in=scope_units(user))


def booking_home(user, pk: int) -> YouthHome | None:
    return booking_homes(user).filter(pk=pk).first()


def home_bookings(home: YouthHome, since) -> QuerySet[RoomBooking]:
    return (
        RoomBooking.objects.filter(room__home=home, ends_at__gte=since)
        .select_related("room", "event")
        .order_by("starts_at", "pk")
    )


def staff_booking(user, pk: int) -> RoomBooking | None:
    return (
        RoomBooking.objects.filter(pk=pk, room__home__in=booking_homes(user))
        .select_related("room__home__unit", "event")
        .first()
    )
