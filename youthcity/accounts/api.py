from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from youthcity.core.edge import Id
from youthcity.core.errors import ServiceError

from . import services
from .api_auth import auth_any
from .permissions import can_see_personal_data, faces_for, mask_phone, roles_of, scope_units
from .selectors import unit_memberships

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: dt.datetime


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    faces: list[str]


@router.post("/auth/token", response={201: TokenOut}, auth=None, summary="Exchange username + password for a bearer token")
def token_create(request, payload: TokenIn):
    user = authenticate(request=request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise ServiceError(429, "locked_out", _("Too many failed sign-in attempts. Try again later."))
    if user is None:
        raise ServiceError(401, "invalid_credentials", _("The username or password is wrong."))
    token, raw = services.api_token_create(user=user)
    return Status(201, {"token": raw, "expires_at": token.expires_at})


@router.get("/me", response=MeOut, auth=auth_any, summary="The signed-in user, roles and faces")
def me(request):
    user = request.user
    return {"id": user.pk, "username": user.username, "display_name": user.display_name,
            "roles": sorted(roles_of(user)), "faces": faces_for(user)}


# --- Units and their staff (scoped) -----------------------------------------------------------


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    name_en: str
    kind: str
    region: str
    aliases: list[str]


class MemberOut(Schema):
    username: str
    display_name: str
    role: str
    phone: str


class UnitDetailOut(UnitOut):
    members: list[MemberOut]


def _unit_out(unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name,
            "name_en": unit.name_en, "kind": unit.kind, "region": unit.region.name,
            "aliases": [a.alias for a in unit.aliases.all()]}


@router.get("/units", response=list[UnitOut], auth=auth_any, summary="Units the caller may see")
def units(request):
    qs = scope_units(request.user).select_related("region").prefetch_related("aliases")
    return [_unit_out(u) for u in qs]


@router.get("/units/{unit_id}", response=UnitDetailOut, auth=auth_any,
            summary="One unit with its staff (404 outside the caller's scope)")
def unit_detail(request, unit_id: Id):
    # Scoped lookup: a unit outside the caller's scope is indistinguishable from a missing one.
    unit = get_object_or_404(scope_units(request.user).select_related("region"), pk=unit_id)
    reveal = can_see_personal_data(request.user, unit.region)
    members = [
        {"username": m.user.username, "display_name": m.user.display_name, "role": m.role,
         "phone": (m.user.phone or "") if reveal else mask_phone(m.user.phone)}
        for m in unit_memberships(unit)
    ]
    return {**_unit_out(unit), "members": members}
