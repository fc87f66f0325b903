"""REST endpoints of jobs and internships (mounted under /api/v1). Thin: parse, call, shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.core.errors import ServiceError

from . import selectors, services
from .models import JobApplication, Position

router = Router(tags=["careers"])


class PositionOut(Schema):
    id: int
    kind: str
    title: str
    employer: str
    district_code: str
    district: str
    industry: str
    education_required: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    monthly_pay: Decimal
    capacity: int
    requirements: str


class CareerApplyIn(Schema):
    cover_note: str = ""


class CareerApplicationOut(Schema):
    id: int
    position: int
    title: str
    status: str
    status_label: str
    created_at: dt.datetime


def _position_out(p: Position) -> dict:
    return {"id": p.pk, "kind": p.kind, "title": p.title, "employer": p.employer.name, "district_code": p.district.code,
            "district": p.district.display_name, "industry": p.industry, "education_required": p.education_required,
            "starts_on": p.starts_on, "ends_on": p.ends_on, "monthly_pay": p.monthly_pay, "capacity": p.capacity,
            "requirements": p.requirements}


def _application_out(a: JobApplication) -> dict:
    return {"id": a.pk, "position": a.position_id, "title": a.position.title, "status": a.status,
            "status_label": a.get_status_display(), "created_at": a.created_at}


@router.get("careers/positions", response=list[PositionOut], summary="Published positions (filterable)")
def list_positions(request: HttpRequest, district: str = "", industry: str = "", kind: str = "", education: str = "",
                   min_pay: str = ""):
    params = {"district": district, "industry": industry, "kind": kind, "education": education, "min_pay": min_pay}
    return [_position_out(p) for p in selectors.catalogue(params)[:500]]


@router.get("careers/positions/{position_id}", response=PositionOut, summary="One published position")
def get_position(request: HttpRequest, position_id: int):
    position = selectors.published_positions().filter(pk=position_id).first()
    if position is None:
        raise ServiceError.not_found(_("There is no such position."))
    return _position_out(position)


@router.post("careers/positions/{position_id}/apply", response={201: CareerApplicationOut}, auth=auth_any,
             summary="Apply to a position with my profile")
def apply(request: HttpRequest, position_id: int, payload: CareerApplyIn):
    position = selectors.published_positions().filter(pk=position_id).first()
    if position is None:
        raise ServiceError.not_found(_("There is no such position."))
    application = services.job_apply(applicant=request.user, position=position, cover_note=payload.cover_note)
    return Status(201, _application_out(application))


@router.get("careers/applications", response=list[CareerApplicationOut], auth=auth_any, summary="My job applications")
def my_applications(request: HttpRequest):
    return [_application_out(a) for a in selectors.my_applications(request.user)[:200]]


@router.post("careers/applications/{application_id}/accept", response=CareerApplicationOut, auth=auth_any,
             summary="Accept an offer")
def accept(request: HttpRequest, application_id: int):
    application = selectors.my_applications(request.user).filter(pk=application_id).first()
    if application is None:
        raise ServiceError.not_found()
    return _application_out(services.offer_respond(applicant=request.user, application=application, accept=True))


# --- Job fairs, service appointments, 为你推荐 -------------------------------------------------------


class FairOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    district: str
    venue: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int | None
    signed_up: int
    employers: int


class FairSignUpOut(Schema):
    id: int
    fair: int
    status: str


class SlotOut(Schema):
    id: int
    service: str
    service_label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    taken: int


class BookIn(Schema):
    note: str = ""


class SlotBookingOut(Schema):
    id: int
    slot: int
    centre: str
    service_label: str
    starts_at: dt.datetime
    status: str
    status_label: str


def _booking_out(b) -> dict:
    return {"id": b.pk, "slot": b.slot_id, "centre": b.slot.service.centre.name,
            "service_label": b.slot.service.get_kind_display(), "starts_at": b.slot.starts_at, "status": b.status,
            "status_label": b.get_status_display()}


@router.get("careers/fairs", response=list[FairOut], summary="Coming job fairs")
def list_fairs(request: HttpRequest):
    return [{"id": f.pk, "name": f.name, "kind": f.kind, "kind_label": f.get_kind_display(),
             "district": f.district.display_name, "venue": f.venue, "starts_at": f.starts_at, "ends_at": f.ends_at,
             "capacity": f.capacity, "signed_up": f.signed, "employers": f.employers}
            for f in selectors.upcoming_fairs()[:100]]


@router.post("careers/fairs/{fair_id}/signup", response={201: FairSignUpOut}, auth=auth_any, summary="Sign up for a fair")
def fair_sign_up(request: HttpRequest, fair_id: int):
    fair = selectors.upcoming_fairs().filter(pk=fair_id).first()
    if fair is None:
        raise ServiceError.not_found()
    signup = services.fair_sign_up(person=request.user, fair=fair)
    return Status(201, {"id": signup.pk, "fair": fair.pk, "status": signup.status})


@router.get("careers/centres/{centre_id}/slots", response=list[SlotOut], summary="A centre's open time slots")
def centre_slots(request: HttpRequest, centre_id: int):
    centre = selectors.active_centres().filter(pk=centre_id).first()
    if centre is None:
        raise ServiceError.not_found()
    return [{"id": s.pk, "service": s.service.kind, "service_label": s.service.get_kind_display(),
             "starts_at": s.starts_at, "ends_at": s.ends_at, "capacity": s.capacity, "taken": s.taken}
            for s in selectors.open_slots(centre)]


@router.post("careers/slots/{slot_id}/book", response={201: SlotBookingOut}, auth=auth_any, summary="Book a service slot")
def book(request: HttpRequest, slot_id: int, payload: BookIn):
    from .models import ServiceSlot

    slot = ServiceSlot.objects.filter(pk=slot_id, service__centre__is_active=True).first()
    if slot is None:
        raise ServiceError.not_found()
    return Status(201, _booking_out(services.service_book(person=request.user, slot=slot, note=payload.note)))


@router.get("careers/bookings", response=list[SlotBookingOut], auth=auth_any, summary="My service appointments")
def my_bookings(request: HttpRequest):
    return [_booking_out(b) for b in selectors.my_bookings(request.user)[:200]]


@router.post("careers/bookings/{booking_id}/cancel", response=SlotBookingOut, auth=auth_any, summary="Cancel my booking")
def cancel_booking(request: HttpRequest, booking_id: int):
    booking = selectors.my_bookings(request.user).filter(pk=booking_id).first()
    if booking is None:
        raise ServiceError.not_found()
    return _booking_out(services.service_booking_cancel(person=request.user, booking=booking))


@router.get("careers/recommended", response=list[PositionOut], auth=auth_any, summary="Positions for me (为你推荐)")
def recommended(request: HttpRequest):
    return [_position_out(p) for p in selectors.recommended(request.user)]
