"""REST endpoints of youth homes and events (mounted under /api/v1). Thin: parse, call, shape."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.core.errors import ServiceError
from youthcity.regions import selectors as region_selectors
from youthcity.regions.models import Region

from . import adapters, selectors, services
from .models import SignUp

router = Router(tags=["community"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    region: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    confirmed: int
    waitlisted: int
    cost: float
    registration_opens_at: dt.datetime
    registration_closes_at: dt.datetime


def _event_out(e) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "kind": e.kind,
        "region": e.region.code,
        "place": e.place,
        "starts_at": e.starts_at,
        "ends_at": e.ends_at,
        "capacity": e.capacity,
        "confirmed": getattr(e, "confirmed_count", 0),
        "waitlisted": getattr(e, "waitlist_count", 0),
        "cost": float(e.cost),
        "registration_opens_at": e.registration_opens_at,
        "registration_closes_at": e.registration_closes_at,
    }


class SignUpOut(Schema):
    id: int
    event: int
    status: str
    place: int | None
    code: str = ""  # optional in the schema: the scope check answers first, the service validates
    checked_in_at: dt.datetime | None


def _signup_out(s: SignUp) -> dict:
    return {
        "id": s.pk,
        "event": s.event_id,
        "status": s.status,
        "place": s.place,
        "code": services.display_code(s.code),
        "checked_in_at": s.checked_in_at,
    }


class CodeIn(Schema):
    code: str = ""  # optional in the schema: the scope check answers first, the service validates


class CoverageOut(Schema):
    region: str
    townships: int
    with_home: int
    share: float | None
    full: bool
    without_home: list[str]
    young_reached_share: float | None


@router.get("events", response=list[EventOut], summary="Published events (filters: district code, type, day)")
def list_events(request: HttpRequest, district: str = "", kind: str = "", day: dt.date | None = None):
    return [_event_out(e) for e in selectors.public_events(district=district, kind=kind, day=day)[:200]]


@router.post(
    "events/{event_id}/sign-up",
    response={201: SignUpOut},
    auth=auth_any,
    summary="Sign up: a confirmed place while places are left, else the waitlist",
)
def sign_up(request: HttpRequest, event_id: int):
    event = selectors.public_event(event_id)
    if event is None:
        raise ServiceError.not_found()
    return Status(201, _signup_out(services.signup_create(person=request.user, event=event)))


@router.post(
    "events/signups/{signup_id}/cancel", response=SignUpOut, auth=auth_any, summary="Cancel my sign-up"
)
def cancel(request: HttpRequest, signup_id: int):
    signup = SignUp.objects.filter(pk=signup_id, person=request.user).first()
    if signup is None:
        raise ServiceError.not_found()
    return _signup_out(services.signup_cancel(signup=signup, actor=request.user))


@router.post(
    "events/{event_id}/check-in",
    response=SignUpOut,
    auth=auth_any,
    summary="Organiser: check a person in by their code (a code of another event is refused)",
)
def check_in(request: HttpRequest, event_id: int, payload: CodeIn):
    event = selectors.staff_event(request.user, event_id)
    if event is None:
        raise ServiceError.not_found()
    return _signup_out(services.check_in_by_code(actor=request.user, event=event, code=payload.code))


@router.get("youth-homes/coverage", response=CoverageOut, summary="Townships with and without a youth home")
def coverage(request: HttpRequest, region: str = ""):
    area = (
        Region.objects.filter(code=region).first()
        if region
        else region_selectors.city()
    )
    if area is None:
        raise ServiceError.not_found()
    cov, townships, _homes = adapters.coverage(area)
    reach = adapters.reach(area)
    share = reach[0].city.share if reach else None
    return {
        "region": area.code,
        "townships": cov.townships,
        "with_home": cov.with_home,
        "share": None if cov.share is None else round(100 * cov.share, 1),
        "full": cov.full,
        "without_home": [t.code for t in cov.without_home],
        "young_reached_share": None if share is None else round(100 * share, 1),
    }
