"""REST endpoints of volunteering (mounted under /api/v1). Thin: parse, call a service, shape."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.core.errors import ServiceError

from . import selectors, services
from .models import HoursEntry, Shift

router = Router(tags=["volunteering"])


class EntryOut(Schema):
    id: int
    kind: str
    shift: int
    check_in: dt.datetime
    check_out: dt.datetime | None
    credited_minutes: int
    supersedes: int | None


def _entry_out(e: HoursEntry) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "shift": e.shift_id,
        "check_in": e.check_in,
        "check_out": e.check_out,
        "credited_minutes": e.credited_minutes,
        "supersedes": e.supersedes_id,
    }


class PersonIn(Schema):
    person: int = 0  # optional in the schema: the scope check answers first


class RecordOut(Schema):
    total_minutes: int
    entries: list[EntryOut]


class VerifyOut(Schema):
    found: bool
    status: str | None
    message: str


@router.post(
    "volunteering/shifts/{shift_id}/sign-up",
    response={201: dict},
    auth=auth_any,
    summary="Sign up for a shift",
)
def shift_signup(request: HttpRequest, shift_id: int):
    shift = Shift.objects.filter(pk=shift_id, project__is_active=True).first()
    if shift is None:
        raise ServiceError.not_found()
    s = services.shift_signup(person=request.user, shift=shift)
    return Status(201, {"id": s.pk, "shift": shift.pk, "status": s.status})


def _lead_shift(request, shift_id: int) -> Shift:
    shift = Shift.objects.filter(pk=shift_id, project__in=selectors.staff_projects(request.user)).first()
    if shift is None:
        raise ServiceError.not_found()
    return shift


@router.post(
    "volunteering/shifts/{shift_id}/check-in",
    response={201: EntryOut},
    auth=auth_any,
    summary="Project lead: check a signed-up volunteer in",
)
def check_in(request: HttpRequest, shift_id: int, payload: PersonIn):
    shift = _lead_shift(request, shift_id)
    person = get_user_model().objects.filter(pk=payload.person).first()
    if person is None:
        raise ServiceError.not_found()
    return Status(201, _entry_out(services.check_in(actor=request.user, shift=shift, person=person)))


@router.post(
    "volunteering/entries/{entry_id}/check-out",
    response=EntryOut,
    auth=auth_any,
    summary="Project lead: check a volunteer out; hours follow the project's rule",
)
def check_out(request: HttpRequest, entry_id: int):
    entry = HoursEntry.objects.filter(
        pk=entry_id, shift__project__in=selectors.staff_projects(request.user)
    ).first()
    if entry is None:
        raise ServiceError.not_found()
    return _entry_out(services.check_out(actor=request.user, entry=entry))


@router.get("volunteering/me", response=RecordOut, auth=auth_any, summary="My volunteering record")
def my_record(request: HttpRequest):
    record = selectors.my_record(request.user)
    return {"total_minutes": record["total_minutes"], "entries": [_entry_out(e) for e in record["entries"]]}


@router.get(
    "volunteering/verify", response=VerifyOut, summary="Verify a certificate number and code (public)"
)
def verify(request: HttpRequest, serial: str, code: str):
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    cert, result = services.certificate_verify(serial=serial, code=code)
    if cert is None:
        return {
            "found": False,
            "status": None,
            "message": _(
                "No certificate has this number. Check the number; "
                "a certificate not found here was not issued on this "
                "platform."
            ),
        }
    zh = (get_language() or "zh-hans").startswith("zh")
    return {
        "found": True,
        "status": str(result.status),
        "message": result.message_zh if zh else result.message_en,
    }
