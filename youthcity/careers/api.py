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
