"""Youth-station pages: youths find, book, change and cancel on the phone; station staff check
guests in and out, post job notices and record follow-ups; leaders see the figures. Thin views."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.accounts.permissions import mask_id_number
from youthcity.core.web import refusals

from . import adapters, selectors, services
from .forms import CheckInForm, DatesForm, ExtendForm, FollowUpForm, JobNoticeForm
from .models import Booking, BookingStatus, FollowUp, WaitlistEntry


def _default_dates() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today, today + dt.timedelta(days=3)


# --- youth ----------------------------------------------------------------------------------------


def station_list(request):
    form = DatesForm(request.GET or None, initial=dict(zip(("check_in", "check_out"), _default_dates(), strict=True)))
    check_in, check_out = _default_dates()
    if form.is_bound and form.is_valid():
        check_in, check_out = form.cleaned_data["check_in"], form.cleaned_data["check_out"]
    person = request.user if request.user.is_authenticated else None
    rows = selectors.stations_with_availability(check_in, check_out, person)
    return render(request, "stations/list.html", {"face": "portal", "form": form, "rows": rows,
                                                  "check_in": check_in, "check_out": check_out})


def station_detail(request, station_id: int):
    station = get_object_or_404(selectors.open_stations(), pk=station_id)
    person = request.user if request.user.is_authenticated else None
    today = timezone.localdate()
    form = DatesForm(request.POST or None, initial={"check_in": request.GET.get("check_in") or today,
                                                    "check_out": request.GET.get("check_out")
                                                    or today + dt.timedelta(days=3)})
    no_bed = False
    if request.method == "POST":
        if person is None:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            with refusals(request, form) as outcome:
                booking, _created = services.booking_create(
                    person=person, station=station, check_in=form.cleaned_data["check_in"],
                    check_out=form.cleaned_data["check_out"], idempotency_key=request.POST.get("idempotency_key"))
                messages.success(request, _("Booked: %(station)s, room %(room)s bed %(bed)s, %(check_in)s to %(check_out)s.")
                                 % {"station": station.display_name, "room": booking.bed.room.name,
                                    "bed": booking.bed.label, "check_in": booking.check_in,
                                    "check_out": booking.check_out})
                return redirect("stations:my-bookings")
            no_bed = outcome.code == "no_bed_available"
    eligibility = adapters.eligibility(person, today) if person else None
    rules = adapters.rules_on(today)
    calendar = selectors.availability_calendar(station, today, 28, person)
    return render(request, "stations/detail.html", {
        "face": "portal", "station": station, "form": form, "calendar": calendar, "eligibility": eligibility,
        "rules": rules, "no_bed": no_bed, "idempotency_key": services_key(),
    })


def services_key() -> str:
    """A fresh idempotency key for each rendered form: a double-submitted form books once."""
    import secrets

    return secrets.token_urlsafe(16)


@login_required
@require_POST
def waitlist_join(request, station_id: int):
    station = get_object_or_404(selectors.open_stations(), pk=station_id)
    form = DatesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the dates."))
        return redirect("stations:detail", station_id=station.pk)
    with refusals(request):
        services.waitlist_join(person=request.user, station=station, check_in=form.cleaned_data["check_in"],
                               check_out=form.cleaned_data["check_out"])
        messages.success(request, _("You are on the waitlist. When a bed is freed you get an offer in your inbox."))
        return redirect("stations:my-bookings")
    return redirect("stations:detail", station_id=station.pk)


@login_required
def my_bookings(request):
    bookings = list(selectors.my_bookings(request.user)[:50])
    today = timezone.localdate()
    for b in bookings:
        b.change_form = DatesForm(initial={"check_in": b.check_in, "check_out": b.check_out}, prefix=f"b{b.pk}")
    return render(request, "stations/my_bookings.html", {
        "face": "portal", "bookings": bookings, "waitlist": selectors.my_waitlist(request.user), "today": today,
    })


def _own_booking(request, booking_id: int) -> Booking:
    return get_object_or_404(Booking.objects.select_related("station"), pk=booking_id, person=request.user)


@login_required
@require_POST
def booking_cancel(request, booking_id: int):
    with refusals(request):
        services.booking_cancel(booking=_own_booking(request, booking_id), actor=request.user)
        messages.success(request, _("Booking cancelled. The bed goes to the next person waiting."))
    return redirect("stations:my-bookings")


@login_required
@require_POST
def booking_change(request, booking_id: int):
    booking = _own_booking(request, booking_id)
    form = DatesForm(request.POST, prefix=f"b{booking.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("stations:my-bookings")
    with refusals(request):
        services.booking_change_dates(booking=booking, person=request.user, check_in=form.cleaned_data["check_in"],
                                      check_out=form.cleaned_data["check_out"])
        messages.success(request, _("Dates changed."))
    return redirect("stations:my-bookings")


@login_required
@require_POST
def offer_accept(request, booking_id: int):
    with refusals(request):
        services.offer_accept(booking=_own_booking(request, booking_id), person=request.user)
        messages.success(request, _("Offer accepted: the bed is yours."))
    return redirect("stations:my-bookings")


@login_required
@require_POST
def waitlist_leave(request, entry_id: int):
    entry = get_object_or_404(WaitlistEntry, pk=entry_id, person=request.user)
    services.waitlist_leave(entry=entry, person=request.user)
    messages.success(request, _("You left the waitlist."))
    return redirect("stations:my-bookings")


# --- staff ----------------------------------------------------------------------------------------


def _managed_station(request, station_id: int):
    return get_object_or_404(selectors.stations_for(request.user, write=True), pk=station_id)


def _managed_booking(request, booking_id: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("station__unit", "person", "bed__room"),
        pk=booking_id, station__in=selectors.stations_for(request.user, write=True))


@workbench_required
def staff_home(request):
    stations = selectors.stations_for(request.user)
    if not stations.exists():
        raise Http404
    today = timezone.localdate()
    occ = selectors.occupancy(stations, today - dt.timedelta(days=6), 14)
    return render(request, "stations/staff_home.html", {
        "face": "workbench", "occupancy": occ, "retention": selectors.retention(stations),
        "due": selectors.follow_ups_due(stations, today).count(), "today": today,
        "chart": {"labels": occ["labels"], "datasets": occ["datasets"]},
    })


@workbench_required
def staff_station(request, station_id: int):
    station = _managed_station(request, station_id)
    today = timezone.localdate()
    notice_form = JobNoticeForm(request.POST or None, initial={"valid_until": today + dt.timedelta(days=14)})
    if request.method == "POST":
        if notice_form.is_valid():
            with refusals(request, notice_form):
                services.job_notice_post(station=station, staff=request.user, **notice_form.cleaned_data)
                messages.success(request, _("Notice posted. Current guests get it in their daily digest."))
                return redirect("stations:staff-station", station_id=station.pk)
    stations = selectors.stations_for(request.user).filter(pk=station.pk)
    return render(request, "stations/staff_station.html", {
        "face": "workbench", "station": station, "sheet": selectors.station_day_sheet(station, today),
        "follow_ups": selectors.follow_ups_due(stations, None), "notices": station.job_notices.all()[:10],
        "notice_form": notice_form, "retention": selectors.retention(stations), "today": today,
        "extend_form": ExtendForm(),
    })


@workbench_required
def staff_check_in(request, booking_id: int):
    booking = _managed_booking(request, booking_id)
    revealed = ""
    if request.method == "POST" and request.POST.get("action") == "reveal":
        # Identity verification: the full ID number is shown only on an explicit, logged request.
        with refusals(request):
            revealed = services.identity_reveal(booking=booking, staff=request.user)
        form = CheckInForm()
    else:
        form = CheckInForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") != "reveal" and form.is_valid():
        with refusals(request, form):
            services.booking_check_in(booking=booking, staff=request.user,
                                      identity_confirmed=form.cleaned_data["identity_confirmed"],
                                      id_number=form.cleaned_data["id_number"])
            messages.success(request, _("%(guest)s is checked in.") % {"guest": booking.person})
            return redirect("stations:staff-station", station_id=booking.station_id)
    return render(request, "stations/staff_check_in.html", {
        "face": "workbench", "booking": booking, "form": form, "revealed": revealed,
        "on_file": bool(booking.person.id_number), "masked": mask_id_number(booking.person.id_number),
        "can_reveal": booking.status == BookingStatus.BOOKED and bool(booking.person.id_number),
    })


@workbench_required
@require_POST
def staff_check_out(request, booking_id: int):
    booking = _managed_booking(request, booking_id)
    with refusals(request):
        services.booking_check_out(booking=booking, staff=request.user)
        messages.success(request, _("%(guest)s is checked out; follow-up visits are scheduled.") % {"guest": booking.person})
    return redirect("stations:staff-station", station_id=booking.station_id)


@workbench_required
@require_POST
def staff_extend(request, booking_id: int):
    booking = _managed_booking(request, booking_id)
    form = ExtendForm(request.POST)
    if form.is_valid():
        with refusals(request):
            services.booking_extend(booking=booking, staff=request.user, check_out=form.cleaned_data["check_out"])
            messages.success(request, _("Stay extended."))
    else:
        messages.error(request, _("Check the dates."))
    return redirect("stations:staff-station", station_id=booking.station_id)


@workbench_required
def staff_follow_up(request, follow_up_id: int):
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("booking__person", "booking__station"), pk=follow_up_id,
        booking__station__in=selectors.stations_for(request.user, write=True))
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusals(request, form):
            services.follow_up_record(
                follow_up=follow_up, staff=request.user, reached=d["reached"] == "yes",
                found_work=form.as_bool(d["found_work"]), employer=d["employer"],
                staying_in_city=form.as_bool(d["staying_in_city"]), notes=d["notes"])
            messages.success(request, _("Follow-up recorded."))
            return redirect("stations:staff-station", station_id=follow_up.booking.station_id)
    return render(request, "stations/staff_follow_up.html", {"face": "workbench", "follow_up": follow_up, "form": form})


# --- leaders --------------------------------------------------------------------------------------


@dashboard_required
def dashboard(request):
    stations = selectors.stations_in_regions(request.user)
    today = timezone.localdate()
    occ = selectors.occupancy(stations, today - dt.timedelta(days=13), 14)
    districts = selectors.stays_per_district(stations)
    retention = selectors.retention(stations)
    return render(request, "stations/dashboard.html", {
        "face": "dashboard", "occupancy": occ, "districts": districts, "retention": retention,
        "occ_chart": {"labels": occ["labels"], "datasets": occ["datasets"]},
        "district_chart": {"labels": [r["district"] for r in districts], "values": [r["stays"] for r in districts]},
        "retention_chart": {"labels": [r["district"] for r in retention["by_district"]],
                            "values": [r["rate"] or 0 for r in retention["by_district"]]},
    })
