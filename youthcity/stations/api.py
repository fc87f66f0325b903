"""REST endpoints of the youth stations (mounted under /api/v1). Thin: parse, call a service, shape."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.accounts.permissions import mask_phone
from youthcity.core.edge import BoundedDate, Id
from youthcity.core.errors import ServiceError

from . import selectors, services
from .models import Booking

router = Router(tags=["stations"])


class StationOut(Schema):
    id: int
    code: str
    name: str
    district: str
    address: str
    latitude: float | None
    longitude: float | None
    contact_phone: str
    beds: int
    free_beds: int | None


class DayOut(Schema):
    day: dt.date
    free: int
    total: int


class BookingIn(Schema):
    station: Id
    check_in: BoundedDate
    check_out: BoundedDate
    bed: Id | None = None  # optional: a specific bed (e.g. staff re-booking); default any free bed


class BookingOut(Schema):
    id: int
    station: int
    station_name: str
    room: str
    bed: str
    check_in: dt.date
    check_out: dt.date
    nights: int
    status: str
    offer_expires_at: dt.datetime | None
    replayed: bool = False


def _booking_out(b: Booking, replayed: bool = False) -> dict:
    return {"id": b.pk, "station": b.station_id, "station_name": b.station.display_name, "room": b.bed.room.name,
            "bed": b.bed.label, "check_in": b.check_in, "check_out": b.check_out, "nights": b.nights,
            "status": b.status, "offer_expires_at": b.offer_expires_at, "replayed": replayed}


def _user(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


@router.get("stations", response=list[StationOut], summary="Youth stations, with free beds for dates")
def list_stations(request: HttpRequest, check_in: BoundedDate | None = None, check_out: BoundedDate | None = None):
    if (check_in is None) != (check_out is None):
        raise ServiceError(422, "invalid", _("Give both the check-in and the check-out date."),
                           {"check_out" if check_out is None else "check_in": [_("This field is required.")]})
    if check_in and check_out <= check_in:
        raise ServiceError(422, "check_out_before_check_in", _("The check-out date must be after the check-in date."),
                           {"check_out": [_("Must be after the check-in date.")]})
    rows = selectors.stations_with_availability(check_in, check_out, _user(request))
    return [{"id": r["station"].pk, "code": r["station"].code, "name": r["station"].display_name,
             "district": r["station"].region.display_name, "address": r["station"].address,
             "latitude": r["station"].latitude, "longitude": r["station"].longitude,
             "contact_phone": r["station"].contact_phone, "beds": r["beds"], "free_beds": r["free"]} for r in rows]


@router.get("stations/{station_id}/calendar", response=list[DayOut], summary="Free beds per night")
def station_calendar(request: HttpRequest, station_id: Id, start: BoundedDate | None = None, days: int = 28):
    station = selectors.open_stations().filter(pk=station_id).first()
    if station is None:
        raise ServiceError.not_found(_("There is no such youth station."))
    days = max(1, min(days, 90))
    return selectors.availability_calendar(station, start or timezone.localdate(), days, _user(request))


@router.get("stations/bookings", response=list[BookingOut], auth=auth_any, summary="My bookings")
def my_bookings(request: HttpRequest):
    return [_booking_out(b) for b in selectors.my_bookings(request.user)[:100]]


@router.post("stations/bookings", response={201: BookingOut}, auth=auth_any, summary="Book a bed")
def create_booking(request: HttpRequest, payload: BookingIn):
    station = selectors.station_by_id(payload.station)
    if station is None:
        raise ServiceError(422, "unknown_station", _("There is no such youth station."),
                           {"station": [_("There is no such youth station.")]})
    booking, created = services.booking_create(
        person=request.user, station=station, check_in=payload.check_in, check_out=payload.check_out,
        idempotency_key=request.headers.get("Idempotency-Key"), bed_id=payload.bed,
    )
    return Status(201, _booking_out(booking, replayed=not created))


@router.delete("stations/bookings/{booking_id}", response=BookingOut, auth=auth_any, summary="Cancel a booking")
def cancel_booking(request: HttpRequest, booking_id: Id):
    booking = _visible_booking(request, booking_id)
    booking = services.booking_cancel(booking=booking, actor=request.user)
    return _booking_out(booking)


@router.post("stations/bookings/{booking_id}/accept", response=BookingOut, auth=auth_any,
             summary="Accept a waitlist offer")
def accept_offer(request: HttpRequest, booking_id: Id):
    booking = _visible_booking(request, booking_id)
    booking = services.offer_accept(booking=booking, person=request.user)
    return _booking_out(booking)


def _visible_booking(request: HttpRequest, booking_id: Id) -> Booking:
    """The caller's own booking, or one at a station they manage; anything else is a 404."""
    qs = Booking.objects.select_related("station__unit", "bed__room")
    booking = qs.filter(pk=booking_id, person=request.user).first()
    if booking is None:
        booking = qs.filter(pk=booking_id, station__in=selectors.stations_for(request.user, write=True)).first()
    if booking is None:
        raise ServiceError.not_found()
    return booking


# --- station staff: the day sheet, check-in and check-out ---------------------------------------


class GuestOut(Schema):
    booking: int
    guest: str
    phone: str  # masked
    room: str
    bed: str
    check_in: dt.date
    check_out: dt.date
    status: str


class DaySheetOut(Schema):
    station: int
    day: dt.date
    arrivals: list[GuestOut]
    in_house: list[GuestOut]


class CheckInIn(Schema):
    identity_confirmed: bool = False
    id_number: str = Field("", max_length=32)  # recorded only when the guest's account has none yet


def _guest_out(b: Booking) -> dict:
    return {"booking": b.pk, "guest": b.person.display_name or b.person.username, "phone": mask_phone(b.person.phone),
            "room": b.bed.room.name, "bed": b.bed.label, "check_in": b.check_in, "check_out": b.check_out,
            "status": b.status}


def _managed_booking(request: HttpRequest, booking_id: Id) -> Booking:
    booking = Booking.objects.filter(pk=booking_id, station__in=selectors.stations_for(request.user, write=True)) \
        .select_related("station__unit", "bed__room", "person").first()
    if booking is None:  # another station's guest: not found, not forbidden
        raise ServiceError.not_found()
    return booking


@router.get("stations/{station_id}/day", response=DaySheetOut, auth=auth_any,
            summary="Station staff: today's arrivals and guests in house (phone numbers masked)")
def day_sheet(request: HttpRequest, station_id: Id, day: BoundedDate | None = None):
    station = selectors.stations_for(request.user, write=True).filter(pk=station_id).first()
    if station is None:
        raise ServiceError.not_found()
    day = day or timezone.localdate()
    sheet = selectors.station_day_sheet(station, day)
    return {"station": station.pk, "day": day, "arrivals": [_guest_out(b) for b in sheet["arrivals"]],
            "in_house": [_guest_out(b) for b in sheet["in_house"]]}


@router.post("stations/bookings/{booking_id}/check-in", response=BookingOut, auth=auth_any,
             summary="Station staff: check a guest in after seeing the ID card")
def check_in(request: HttpRequest, booking_id: Id, payload: CheckInIn):
    booking = _managed_booking(request, booking_id)
    booking = services.booking_check_in(booking=booking, staff=request.user,
                                        identity_confirmed=payload.identity_confirmed, id_number=payload.id_number)
    return _booking_out(booking)


@router.post("stations/bookings/{booking_id}/check-out", response=BookingOut, auth=auth_any,
             summary="Station staff: check a guest out (unused nights go back to the pool)")
def check_out(request: HttpRequest, booking_id: Id):
    booking = _managed_booking(request, booking_id)
    booking = services.booking_check_out(booking=booking, staff=request.user)
    return _booking_out(Booking.objects.select_related("station", "bed__room").get(pk=booking.pk))
