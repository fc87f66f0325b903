"""Youth homes and events: young people browse, sign up, cancel, show their code and give feedback;
organisers publish events and check people in by code; everyone sees the homes' coverage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.accounts.permissions import scope_regions
from youthcity.core.qr import qr_svg
from youthcity.core.web import refusals
from youthcity.regions import selectors as region_selectors
from youthcity.regions.models import Region

from . import presenters, selectors, services
from .forms import (
    BookingEventForm,
    CheckInCodeForm,
    DoorCodeForm,
    EventFilterForm,
    EventForm,
    FeedbackForm,
    RoomBookingForm,
    RoomForm,
    SocialProfileForm,
)
from .models import EventKind, SignUp, SignUpStatus

# --- youth ----------------------------------------------------------------------------------------


def event_list(request):
    form = EventFilterForm(request.GET or None, districts=selectors.districts())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.public_events(
        district=filters.get("district") or "", kind=filters.get("kind") or "", day=filters.get("day")
    )
    return render(
        request, "community/event_list.html", {"face": "portal", "form": form, "events": events[:100]}
    )


def event_detail(request, event_id: int):
    event = selectors.public_event(event_id)
    if event is None:
        raise Http404
    mine = None
    if request.user.is_authenticated:
        mine = (
            SignUp.objects.filter(event=event, person=request.user)
            .exclude(status=SignUpStatus.CANCELLED)
            .first()
        )
    social = event.kind == EventKind.SOCIAL
    social_form = SocialProfileForm(request.POST if request.method == "POST" else None) if social else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        # the service checks the declaration (and says what is missing); the form only carries it
        profile = social_form.cleaned_data if social and social_form.is_valid() else None
        with refusals(request, social_form) as outcome:
            signup = services.signup_create(person=request.user, event=event, profile=profile)
            if signup.status == SignUpStatus.CONFIRMED:
                messages.success(request, _("You are signed up. Show your check-in code at the door."))
            else:
                messages.success(
                    request,
                    _(
                        "The event is full; you are on the waitlist. "
                        "If a place is freed it is yours and you get a message."
                    ),
                )
            return redirect("community:my-signups")
        if not social or outcome.code not in ("declaration_required", "invalid"):
            return redirect("community:event", event_id=event.pk)
    return render(
        request,
        "community/event_detail.html",
        {"face": "portal", "event": event, "mine": mine, "social_form": social_form},
    )


@login_required
def social_people(request, event_id: int):
    """A social event's participants, for its confirmed participants only."""
    from .forms import ReportForm
    from .models import Event

    event = get_object_or_404(Event, pk=event_id, kind=EventKind.SOCIAL)
    mine = SignUp.objects.filter(event=event, person=request.user, status=SignUpStatus.CONFIRMED).first()
    if mine is None:
        raise Http404
    if request.method == "POST":
        with refusals(request):
            target = int(request.POST.get("signup") or 0)
            if request.POST.get("action") == "contact":
                services.contact_request(person=request.user, event=event, to_signup_id=target)
                messages.success(request, _("Asked. You both see each other's phone once they ask you too."))
            elif request.POST.get("action") == "report":
                services.report_participant(
                    person=request.user,
                    event=event,
                    reported_signup_id=target,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Reported to the organiser. Thank you."))
        return redirect("community:social-people", event_id=event.pk)
    return render(
        request,
        "community/social_people.html",
        {
            "face": "portal",
            "event": event,
            "rows": selectors.social_people(mine),
            "report_form": ReportForm(),
        },
    )


@login_required
def my_signups(request):
    rows = []
    for s in selectors.my_signups(request.user)[:50]:
        rows.append(
            {
                "signup": s,
                "code": services.display_code(s.code),
                "qr": mark_safe(qr_svg(s.code))
                if s.status == SignUpStatus.CONFIRMED and not s.checked_in_at  # noqa: S308 (our own SVG)
                else "",
                "position": selectors.waitlist_position(s),
                "feedback": getattr(s, "feedback", None) if hasattr(s, "feedback") else None,
                "feedback_form": FeedbackForm(prefix=f"f{s.pk}") if s.checked_in_at else None,
            }
        )
    return render(request, "community/my_signups.html", {"face": "portal", "rows": rows})


@login_required
def door(request, event_id: int):
    """Self check-in: the QR code at the door opens this page with the code filled in; the young
    person confirms (a POST: a GET never checks anyone in)."""
    event = selectors.public_event(event_id)
    if event is None:
        raise Http404
    form = DoorCodeForm(request.POST or None, initial={"code": request.GET.get("c", "")})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            services.self_check_in(person=request.user, event=event, code=form.cleaned_data["code"])
            messages.success(request, _("You are checked in. Enjoy the event!"))
            return redirect("community:my-signups")
    mine = SignUp.objects.filter(event=event, person=request.user).exclude(status=SignUpStatus.CANCELLED).first()
    return render(request, "community/door.html", {"face": "portal", "event": event, "form": form, "mine": mine})


def _own_signup(request, signup_id: int) -> SignUp:
    return get_object_or_404(SignUp.objects.select_related("event"), pk=signup_id, person=request.user)


@login_required
@require_POST
def signup_cancel(request, signup_id: int):
    with refusals(request):
        services.signup_cancel(signup=_own_signup(request, signup_id), actor=request.user)
        messages.success(request, _("Sign-up cancelled. Your place goes to the next person waiting."))
    return redirect("community:my-signups")


@login_required
@require_POST
def feedback(request, signup_id: int):
    signup = _own_signup(request, signup_id)
    form = FeedbackForm(request.POST, prefix=f"f{signup.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect("community:my-signups")
    with refusals(request):
        services.feedback_submit(person=request.user, signup=signup, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback."))
    return redirect("community:my-signups")


def coverage(request):
    city = region_selectors.city()
    if city is None:
        raise Http404
    return render(
        request,
        "community/coverage.html",
        {"face": "portal", "base": "base.html", **presenters.coverage_view(city)},
    )


@dashboard_required
def dashboard(request):
    regions = scope_regions(request.user).order_by("path")
    region = regions.first()
    if region is None:
        raise Http404
    return render(
        request,
        "community/coverage.html",
        {"face": "dashboard", "base": "dashboard_base.html", **presenters.coverage_view(region)},
    )


# --- organisers (workbench) ---------------------------------------------------------------------------


@workbench_required
def staff_events(request):
    events = selectors.staff_events(request.user).order_by("-starts_at")[:100]
    can_publish = selectors.organiser_units(request.user).exists()
    return render(
        request,
        "community/staff_events.html",
        {"face": "workbench", "events": events, "can_publish": can_publish},
    )


@workbench_required
def staff_event_new(request):
    units = selectors.organiser_units(request.user)
    if not units.exists():
        raise Http404
    regions = scope_regions(request.user).exclude(level=Region.Level.COMMUNITY)
    if not regions.exists():
        regions = Region.objects.filter(pk__in=units.values("region"))
    form = EventForm(
        request.POST or None, units=units, homes=selectors.staff_homes(request.user), regions=regions
    )
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            event = services.event_publish(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Event published."))
            return redirect("community:staff-event", event_id=event.pk)
    return render(request, "community/staff_event_new.html", {"face": "workbench", "form": form})


@workbench_required
def staff_event(request, event_id: int):
    event = selectors.staff_event(request.user, event_id)
    if event is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "remove":
        signup = get_object_or_404(SignUp, pk=request.POST.get("signup"), event=event)
        with refusals(request):
            services.signup_remove(actor=request.user, signup=signup, reason=request.POST.get("reason", ""))
            messages.success(request, _("Participant removed."))
        return redirect("community:staff-event", event_id=event.pk)
    form = CheckInCodeForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            signup = services.check_in_by_code(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
            messages.success(request, _("Checked in: %(person)s.") % {"person": signup.person})
            return redirect("community:staff-event", event_id=event.pk)
    signups = selectors.event_signups(event)
    from urllib.parse import urlencode

    from django.urls import reverse

    door_code = services.door_code_of(event)
    door_url = request.build_absolute_uri(reverse("community:door", args=[event.pk])) + "?" + urlencode(
        {"c": door_code}
    )
    return render(
        request,
        "community/staff_event.html",
        {
            "face": "workbench",
            "event": event,
            "form": form,
            "signups": signups,
            "reports": selectors.open_reports(event),
            "door_code": door_code,
            "door_url": door_url,
            "door_qr": mark_safe(qr_svg(door_url, size=200)),  # noqa: S308 (our own SVG)
        },
    )


# --- rooms of youth homes (workbench) -------------------------------------------------------------


@workbench_required
def staff_homes(request):
    homes = selectors.booking_homes(request.user).select_related("region")
    return render(request, "community/staff_homes.html", {"face": "workbench", "homes": homes})


@workbench_required
def staff_rooms(request, youth_home_id: int):
    from django.utils import timezone

    home = selectors.booking_home(request.user, youth_home_id)
    if home is None:
        raise Http404
    rooms = home.rooms.filter(is_active=True)
    action = request.POST.get("action") if request.method == "POST" else None
    book = RoomBookingForm(request.POST if action == "book" else None, rooms=rooms, prefix="book")
    room_form = RoomForm(request.POST if action == "room" else None, prefix="room")
    if action == "book" and book.is_valid():
        with refusals(request, book):
            booking = services.room_book(actor=request.user, **book.cleaned_data)
            messages.success(request, _("Room booked."))
            return redirect("community:staff-booking-publish", room_booking_id=booking.pk)
    if action == "room" and room_form.is_valid():
        with refusals(request, room_form):
            services.room_add(actor=request.user, home=home, **room_form.cleaned_data)
            messages.success(request, _("Room added."))
            return redirect("community:staff-rooms", youth_home_id=home.pk)
    if action == "cancel":
        booking = selectors.staff_booking(request.user, int(request.POST.get("booking") or 0))
        if booking is None or booking.room.home_id != home.pk:
            raise Http404
        with refusals(request):
            services.room_booking_cancel(actor=request.user, booking=booking)
            messages.success(request, _("Booking cancelled."))
        return redirect("community:staff-rooms", youth_home_id=home.pk)
    return render(
        request,
        "community/staff_rooms.html",
        {
            "face": "workbench",
            "home": home,
            "rooms": rooms,
            "bookings": selectors.home_bookings(home, timezone.now()),
            "book": book,
            "room_form": room_form,
        },
    )


@workbench_required
def staff_booking_publish(request, room_booking_id: int):
    booking = selectors.staff_booking(request.user, room_booking_id)
    if booking is None:
        raise Http404
    if booking.event_id:
        return redirect("community:staff-event", event_id=booking.event_id)
    from django.utils import timezone

    initial = {
        "title": booking.purpose,
        "capacity": booking.room.capacity,
        "cost": 0,
        "registration_opens_at": timezone.localtime().replace(second=0, microsecond=0),
        "registration_closes_at": timezone.localtime(booking.starts_at),
    }
    form = BookingEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            event = services.booking_publish(actor=request.user, booking=booking, **form.cleaned_data)
            messages.success(request, _("Event published."))
            return redirect("community:staff-event", event_id=event.pk)
    return render(
        request,
        "community/staff_booking_publish.html",
        {"face": "workbench", "booking": booking, "form": form},
    )
