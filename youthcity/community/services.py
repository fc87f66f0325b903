"""Every write of youth homes and events: publish, sign up (capacity + waitlist), cancel (the
waitlist moves up), check in by code, feedback.

Capacity never overfills: ``signup_create`` and ``signup_cancel`` lock the event row
(``select_for_update``; SQLite serialises writers already) before counting confirmed places, and
the database refuses two confirmed sign-ups holding the same place number."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.permissions import can_manage_unit
from youthcity.accounts.selectors import unit_members
from youthcity.core.codes import code_secret
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.engines.events import door_code, read_door_code

from .models import (
    ContactRequest,
    Event,
    EventKind,
    Feedback,
    MaritalStatus,
    Report,
    Room,
    RoomBooking,
    SignUp,
    SignUpStatus,
    SocialProfile,
)

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CHECK_IN_EARLY = dt.timedelta(hours=2)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    raw = raw.replace("O", "0").replace("I", "1").replace("L", "1")
    return raw


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not SignUp.objects.filter(code=code).exists():
            return code


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def require_organiser(actor, event: Event) -> None:
    if not can_manage_unit(actor, event.unit):
        raise ServiceError(404, "not_found", _("Not found."))


@transaction.atomic
def event_publish(
    *,
    actor,
    unit,
    title: str,
    kind: str,
    region,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    registration_opens_at: dt.datetime,
    registration_closes_at: dt.datetime,
    audience: str = "",
    description: str = "",
    cost: Decimal = Decimal(0),
    home=None,
) -> Event:
    if not can_manage_unit(actor, unit):
        raise ServiceError(403, "forbidden", _("You cannot publish events for this unit."))
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The event must end after it starts.")]
    if registration_closes_at <= registration_opens_at:
        errors["registration_closes_at"] = [_("Registration must close after it opens.")]
    elif registration_closes_at > ends_at:
        errors["registration_closes_at"] = [_("Registration must close before the event ends.")]
    if capacity < 1:
        errors["capacity"] = [_("At least one place.")]
    if cost < 0:
        errors["cost"] = [_("The cost cannot be negative.")]
    if errors:
        raise ServiceError(422, "invalid", _("Please correct the marked fields."), errors)
    return Event.objects.create(
        title=title,
        kind=kind,
        region=region,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        audience=audience,
        description=description,
        cost=cost,
        unit=unit,
        home=home,
        created_by=actor,
    )


def _free_place(event: Event) -> int | None:
    taken = set(
        SignUp.objects.filter(event=event, status=SignUpStatus.CONFIRMED).values_list("place", flat=True)
    )
    for place in range(1, event.capacity + 1):
        if place not in taken:
            return place
    return None


def _check_social(person, event: Event, profile: dict | None) -> None:
    """Social events (联谊): identity verified, a true declaration, never after being removed."""
    if SignUp.objects.filter(event=event, person=person).exclude(removed_reason="").exists():
        raise ServiceError(403, "removed", _("The organiser removed you from this event."))
    if not person.id_number:
        raise ServiceError(
            403,
            "identity_required",
            _(
                "Social events are for people with a verified identity: add your ID card number "
                "in your profile first."
            ),
        )
    profile = profile or {}
    errors: dict[str, list[str]] = {}
    if profile.get("marital_status") not in MaritalStatus.values:
        errors["marital_status"] = [_("Declare your marital status.")]
    if not (profile.get("nickname") or "").strip():
        errors["nickname"] = [_("Choose a nickname.")]
    if not profile.get("declared_true"):
        errors["declared_true"] = [_("Confirm that your declaration is true.")]
    if errors:
        raise ServiceError(
            422, "declaration_required", _("Social events need your declaration first."), errors
        )


@transaction.atomic
def signup_create(
    *, person, event: Event, now: dt.datetime | None = None, profile: dict | None = None
) -> SignUp:
    """Sign up: a confirmed place while places are left, else the waitlist (never an overfill).
    For a social event ``profile`` carries the declaration and the opt-in profile."""
    now = _now(now)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.kind == EventKind.SOCIAL:
        _check_social(person, event, profile)
    if event.status != Event.Status.PUBLISHED:
        raise ServiceError(409, "event_cancelled", _("This event was cancelled."))
    if now < event.registration_opens_at:
        raise ServiceError(409, "registration_not_open", _("Registration for this event has not opened yet."))
    if now >= event.registration_closes_at:
        raise ServiceError(409, "registration_closed", _("Registration for this event has closed."))
    if SignUp.objects.filter(event=event, person=person).exclude(status=SignUpStatus.CANCELLED).exists():
        raise ServiceError(409, "already_signed_up", _("You have already signed up for this event."))
    place = _free_place(event)
    status = SignUpStatus.CONFIRMED if place else SignUpStatus.WAITLISTED
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(
                event=event, person=person, status=status, place=place, code=_new_code()
            )
    except IntegrityError as exc:  # the database's last line: a place or an active sign-up taken meanwhile
        raise ServiceError(
            409, "conflict", _("Someone signed up at the same moment; please try again.")
        ) from exc
    if event.kind == EventKind.SOCIAL:
        SocialProfile.objects.create(
            signup=signup,
            marital_status=profile["marital_status"],
            declared_true=True,
            nickname=profile["nickname"].strip()[:30],
            intro=(profile.get("intro") or "").strip()[:200],
            visible=bool(profile.get("visible")),
        )
    return signup


def _promote(event: Event, place: int, now: dt.datetime) -> SignUp | None:
    nxt = (
        SignUp.objects.select_for_update()
        .filter(event=event, status=SignUpStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    nxt.status, nxt.place = SignUpStatus.CONFIRMED, place
    nxt.save(update_fields=["status", "place", "updated_at"])
    notify(
        recipient=nxt.person,
        kind="community.waitlist_confirmed",
        title=_("You have a place: %(event)s") % {"event": event.title},
        body=_("A place was freed and is now yours. Your check-in code is %(code)s.")
        % {"code": display_code(nxt.code)},
        url="/events/my/",
    )
    return nxt


@transaction.atomic
def signup_cancel(*, signup: SignUp, actor, now: dt.datetime | None = None) -> SignUp:
    """Cancel by the person (or the organiser). A freed place goes to the first on the waitlist."""
    now = _now(now)
    event = Event.objects.select_for_update().get(pk=signup.event_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.person_id != actor.pk:
        require_organiser(actor, event)
    if signup.status == SignUpStatus.CANCELLED:
        raise ServiceError(409, "already_cancelled", _("This sign-up is already cancelled."))
    if signup.checked_in_at:
        raise ServiceError(
            409, "already_checked_in", _("You have already checked in; the sign-up cannot be cancelled.")
        )
    if now >= event.starts_at:
        raise ServiceError(
            409, "event_started", _("The event has started; the sign-up can no longer be cancelled.")
        )
    freed = signup.place if signup.status == SignUpStatus.CONFIRMED else None
    signup.status, signup.place, signup.cancelled_at = SignUpStatus.CANCELLED, None, now
    signup.save(update_fields=["status", "place", "cancelled_at", "updated_at"])
    if freed:
        _promote(event, freed, now)
    return signup


def _admit(signup: SignUp, event: Event, now: dt.datetime, by) -> None:
    """Check a locked, confirmed sign-up in at the door (staff scan or self check-in)."""
    if signup.status != SignUpStatus.CONFIRMED:
        msg = _("This sign-up has no confirmed place (%(status)s).") % {"status": signup.get_status_display()}
        raise ServiceError(409, "not_confirmed", msg)
    if signup.checked_in_at:
        msg = _("Already checked in at %(time)s.") % {
            "time": timezone.localtime(signup.checked_in_at).strftime("%H:%M")
        }
        raise ServiceError(409, "already_checked_in", msg)
    if now < event.starts_at - CHECK_IN_EARLY or now > event.ends_at:
        msg = _("Check-in opens two hours before the event starts and closes when it ends.")
        raise ServiceError(409, "not_check_in_time", msg)
    signup.checked_in_at, signup.checked_in_by = now, by
    signup.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])



@transaction.atomic
def check_in_by_code(*, actor, event: Event, code: str, now: dt.datetime | None = None) -> SignUp:
    """The organiser enters or scans a sign-up's code at the door of ``event``."""
    now = _now(now)
    require_organiser(actor, event)
    normal = normalise_code(code)
    if len(normal) != 8:
        raise ServiceError(
            422,
            "invalid",
            _("A check-in code has 8 letters and digits."),
            {"code": [_("A check-in code has 8 letters and digits.")]},
        )
    signup = SignUp.objects.select_for_update().select_related("person").filter(code=normal).first()
    if signup is None:
        raise ServiceError(404, "unknown_code", _("No sign-up has this code."))
    if signup.event_id != event.pk:
        msg = _("This code belongs to another event; it cannot be used here.")
        raise ServiceError(409, "wrong_event", msg)
    _admit(signup, event, now, actor)
    return signup


@transaction.atomic
def feedback_submit(
    *, person, signup: SignUp, rating: int, comment: str = "", now: dt.datetime | None = None
) -> Feedback:
    if signup.person_id != person.pk:
        raise ServiceError(404, "not_found", _("Not found."))
    if not signup.checked_in_at:
        raise ServiceError(409, "not_attended", _("Feedback is for people who checked in at the event."))
    if not 1 <= int(rating) <= 5:
        raise ServiceError(422, "invalid", _("Choose a rating from 1 to 5."), {"rating": [_("From 1 to 5.")]})
    if Feedback.objects.filter(signup=signup).exists():
        raise ServiceError(409, "already_given", _("You have already given feedback on this event."))
    return Feedback.objects.create(signup=signup, rating=int(rating), comment=comment.strip())


def _participant(person, event: Event) -> SignUp:
    signup = SignUp.objects.filter(event=event, person=person, status=SignUpStatus.CONFIRMED).first()
    if signup is None or event.kind != EventKind.SOCIAL:
        raise ServiceError(404, "not_found", _("Not found."))
    return signup


def _other(event: Event, signup_id: int) -> SignUp:
    other = SignUp.objects.filter(
        pk=signup_id, event=event, status=SignUpStatus.CONFIRMED, social_profile__visible=True
    ).first()
    if other is None:
        raise ServiceError(404, "not_found", _("Not found."))
    return other


@transaction.atomic
def contact_request(*, person, event: Event, to_signup_id: int) -> ContactRequest:
    """Ask to exchange contact details; both must ask before either sees the other's phone."""
    mine = _participant(person, event)
    other = _other(event, to_signup_id)
    if other.pk == mine.pk:
        raise ServiceError(422, "invalid", _("You cannot ask yourself."))
    req, created = ContactRequest.objects.get_or_create(event=event, from_signup=mine, to_signup=other)
    if not created:
        raise ServiceError(409, "already_requested", _("You have already asked this participant."))
    return req


@transaction.atomic
def report_participant(*, person, event: Event, reported_signup_id: int, reason: str) -> Report:
    mine = _participant(person, event)
    other = SignUp.objects.filter(pk=reported_signup_id, event=event).exclude(pk=mine.pk).first()
    if other is None:
        raise ServiceError(404, "not_found", _("Not found."))
    if not reason.strip():
        raise ServiceError(422, "invalid", _("Say what happened."), {"reason": [_("Say what happened.")]})
    report = Report.objects.create(event=event, reporter=mine, reported=other, reason=reason.strip()[:500])
    for staff in _organisers(event):
        notify(
            recipient=staff,
            kind="community.report",
            title=_("A participant was reported: %(event)s") % {"event": event.title},
            url=f"/work/events/{event.pk}/",
        )
    return report


def _organisers(event: Event):
    return unit_members(event.unit)


@transaction.atomic
def signup_remove(*, actor, signup: SignUp, reason: str, now: dt.datetime | None = None) -> SignUp:
    """The organiser removes a participant (e.g. after a report); they cannot sign up again."""
    now = _now(now)
    event = Event.objects.select_for_update().get(pk=signup.event_id)
    require_organiser(actor, event)
    if not reason.strip():
        raise ServiceError(
            422,
            "invalid",
            _("Give the reason for removing this participant."),
            {"reason": [_("Give the reason for removing this participant.")]},
        )
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status == SignUpStatus.CANCELLED:
        raise ServiceError(409, "already_cancelled", _("This sign-up is already cancelled."))
    freed = signup.place if signup.status == SignUpStatus.CONFIRMED else None
    signup.status, signup.place, signup.cancelled_at = SignUpStatus.CANCELLED, None, now
    signup.removed_reason = reason.strip()[:300]
    signup.save(update_fields=["status", "place", "cancelled_at", "removed_reason", "updated_at"])
    SocialProfile.objects.filter(signup=signup).update(visible=False)
    Report.objects.filter(reported=signup, handled_at__isnull=True).update(handled_at=now)
    if freed:
        _promote(event, freed, now)
    return signup


# --- rooms of youth homes ----------------------------------------------------------------------

MAX_BOOKING = dt.timedelta(hours=12)


def require_home_staff(actor, home) -> None:
    """Only staff who may manage the home's host unit book its rooms (anyone else: 404)."""
    if not can_manage_unit(actor, home.unit):
        raise ServiceError(404, "not_found", _("Not found."))


@transaction.atomic
def room_add(*, actor, home, name: str, capacity: int, facilities: str = "") -> Room:
    require_home_staff(actor, home)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the room a name.")]
    elif Room.objects.filter(home=home, name=name).exists():
        errors["name"] = [_("This youth home already has a room of that name.")]
    if capacity < 1:
        errors["capacity"] = [_("At least one seat.")]
    if errors:
        raise ServiceError(422, "invalid", _("Please correct the marked fields."), errors)
    return Room.objects.create(home=home, name=name, capacity=capacity, facilities=facilities.strip())


def _clash(room: Room, starts_at: dt.datetime, ends_at: dt.datetime) -> RoomBooking | None:
    return (
        RoomBooking.objects.filter(
            room=room, status=RoomBooking.Status.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def room_book(
    *,
    actor,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    now: dt.datetime | None = None,
) -> RoomBooking:
    """Hold [starts_at, ends_at) of ``room``. The room row is locked first, so two bookings made at
    the same moment queue and the second sees the first; PostgreSQL's exclusion constraint holds
    the same rule in the database."""
    room = Room.objects.select_for_update(of=("self",)).select_related("home__unit").get(pk=room.pk)
    require_home_staff(actor, room.home)
    errors: dict[str, list[str]] = {}
    if not (purpose or "").strip():
        errors["purpose"] = [_("Say what the room is booked for.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The booking must end after it starts.")]
    elif ends_at - starts_at > MAX_BOOKING:
        errors["ends_at"] = [_("A booking lasts at most 12 hours; book the next day separately.")]
    if starts_at < _now(now):
        errors["starts_at"] = [_("A booking cannot start in the past.")]
    if errors:
        raise ServiceError(422, "invalid", _("Please correct the marked fields."), errors)
    if not room.is_active:
        raise ServiceError(409, "room_closed", _("This room cannot be booked at the moment."))
    clash = _clash(room, starts_at, ends_at)
    if clash is not None:
        msg = _("The room is already booked from %(start)s to %(end)s (%(purpose)s).") % {
            "start": timezone.localtime(clash.starts_at).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(clash.ends_at).strftime("%H:%M"),
            "purpose": clash.purpose,
        }
        raise ServiceError(409, "room_taken", msg, {"starts_at": [msg]})
    try:
        with transaction.atomic():
            return RoomBooking.objects.create(
                room=room, starts_at=starts_at, ends_at=ends_at, purpose=purpose.strip(), booked_by=actor
            )
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: a clash no lock saw
        raise ServiceError(409, "room_taken", _("The room is already booked at that time.")) from exc


@transaction.atomic
def room_booking_cancel(*, actor, booking: RoomBooking) -> RoomBooking:
    booking = (
        RoomBooking.objects.select_for_update(of=("self",)).select_related("room__home__unit", "event").get(pk=booking.pk)
    )
    require_home_staff(actor, booking.room.home)
    if booking.status != RoomBooking.Status.BOOKED:
        raise ServiceError(409, "already_cancelled", _("This booking is already cancelled."))
    if booking.event_id and booking.event.status == Event.Status.PUBLISHED:
        raise ServiceError(
            409, "has_event", _("An event is published in this booking; cancel the event first.")
        )
    booking.status = RoomBooking.Status.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    return booking


@transaction.atomic
def booking_publish(*, actor, booking: RoomBooking, **fields) -> Event:
    """Publish the activity held in ``booking`` as an event: the youth home, its township, the
    room as the place and the booked times come from the booking; the places are at most the
    room's seats."""
    booking = (
        RoomBooking.objects.select_for_update()
        .select_related("room__home__unit", "room__home__region")
        .get(pk=booking.pk)
    )
    home = booking.room.home
    require_home_staff(actor, home)
    if booking.status != RoomBooking.Status.BOOKED:
        raise ServiceError(409, "booking_cancelled", _("This booking is cancelled."))
    if booking.event_id:
        raise ServiceError(409, "already_published", _("This booking is already published as an event."))
    capacity = fields.get("capacity", booking.room.capacity)
    if capacity > booking.room.capacity:
        msg = _("The room has %(n)s seats; an event in it can take at most that many.") % {
            "n": booking.room.capacity
        }
        raise ServiceError(422, "invalid", msg, {"capacity": [msg]})
    event = event_publish(
        actor=actor,
        unit=home.unit,
        home=home,
        region=home.region,
        place=f"{home.name}{booking.room.name}",
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        **fields,
    )
    booking.event = event
    booking.save(update_fields=["event", "updated_at"])
    return event


# --- door codes: self check-in -------------------------------------------------------------------


def door_secret() -> bytes:
    """The key of door codes: ``EVENT_DOOR_SECRET`` if set (≥ 32 bytes), else derived from
    ``SECRET_KEY`` (rotating it invalidates the printed door codes)."""

    return code_secret("youthcity.community.door", "EVENT_DOOR_SECRET")


def door_code_of(event: Event) -> str:
    return door_code(door_secret(), event.pk)


@transaction.atomic
def self_check_in(*, person, event: Event, code: str, now: dt.datetime | None = None) -> SignUp:
    """A young person scans the door code of ``event`` on their phone and checks themselves in.
    The code must be this event's (signed, event-bound); the person needs a confirmed place."""

    now = _now(now)
    check = read_door_code(door_secret(), code, event.pk)
    if check.status == "wrong_event":
        msg = _("This door code belongs to another event; scan the code at this event's door.")
        raise ServiceError(409, "wrong_event", msg, {"code": [msg]})
    if check.status != "valid":
        msg = _("This is not a valid door code; scan the code at the door again.")
        raise ServiceError(422, "invalid", msg, {"code": [msg]})
    signup = (
        SignUp.objects.select_for_update()
        .filter(event=event, person=person)
        .exclude(status=SignUpStatus.CANCELLED)
        .first()
    )
    if signup is None:
        raise ServiceError(409, "not_signed_up", _("You have not signed up for this event."))
    _admit(signup, event, now, person)
    return signup


# --- reminders (the day before) and feedback requests (after the event) ---------------------------


def reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run daily (``youthcity community_remind``; the task ``community.tasks.send_event_reminders``):
    * every confirmed sign-up of a published event that starts *tomorrow* (local date) gets a
      reminder with the time and place;
    * every person who checked in at an event that ended in the last 3 days and gave no feedback
      gets one request for it.

    Safe to run repeatedly: each notification has a dedupe key per sign-up."""

    now = _now(now)
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    reminded = asked = 0
    upcoming = SignUp.objects.filter(
        status=SignUpStatus.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=start + dt.timedelta(days=1),
    ).select_related("event", "person")
    for s in upcoming:
        note = notify(
            recipient=s.person,
            kind="event_reminder",
            title=_("Tomorrow: %(title)s") % {"title": s.event.title},
            body=_("%(time)s at %(place)s. Show your check-in code at the door or scan the door code.")
            % {"time": timezone.localtime(s.event.starts_at).strftime("%m-%d %H:%M"), "place": s.event.place},
            url=reverse("community:my-signups"),
            dedupe_key=f"event-reminder:{s.pk}",
        )
        reminded += note is not None
    ended = SignUp.objects.filter(
        checked_in_at__isnull=False,
        feedback__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gte=now - dt.timedelta(days=3),
    ).select_related("event", "person")
    for s in ended:
        note = notify(
            recipient=s.person,
            kind="event_feedback",
            title=_("How was %(title)s?") % {"title": s.event.title},
            body=_("Rate the event from 1 to 5 on your events page; it helps the organiser."),
            url=reverse("community:my-signups"),
            dedupe_key=f"event-feedback:{s.pk}",
        )
        asked += note is not None
    return {"reminded": reminded, "feedback_asked": asked}
