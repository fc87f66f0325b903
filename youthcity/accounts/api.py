from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from youthcity.core.edge import Id
from youthcity.core.errors import ServiceError

from . import security, services, staff
from .api_auth import auth_any
from .forms import RoleForm, StaffAccountForm
from .permissions import can_manage_staff, can_see_personal_data, faces_for, mask_phone, roles_of, scope_units
from .ratelimit import client_ip
from .selectors import (
    api_tokens_of,
    locked_usernames,
    memberships_managed_by,
    people_managed_by,
    unit_memberships,
)

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
    if user.must_change_password:  # a temporary password opens the password page only, never the API
        raise ServiceError(403, "password_change_required",
                           _("Sign in on the website and choose your own password first."))
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


# --- Passwords and tokens ---------------------------------------------------------------------------------


class ResetIn(Schema):
    identifier: str = Field(max_length=254)


class ResetConfirmIn(Schema):
    identifier: str = Field(max_length=254)
    code: str = Field(max_length=6)
    new_password: str = Field(max_length=128)


class PasswordChangeIn(Schema):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class DetailOut(Schema):
    detail: str


class TokenInfoOut(Schema):
    id: int
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


@router.post("/auth/password-reset", response={202: DetailOut}, auth=None,
             summary="Send a password reset code (same answer whether or not an account exists)")
def password_reset_request(request, payload: ResetIn):
    security.password_reset_request(identifier=payload.identifier, ip=client_ip(request))
    return Status(202, {"detail": _("If an account has this number or address, we have sent it a six-digit code. "
                                    "It is valid for 10 minutes.")})


@router.post("/auth/password-reset/confirm", response=DetailOut, auth=None,
             summary="Set a new password with the reset code; every token and session is revoked")
def password_reset_confirm(request, payload: ResetConfirmIn):
    security.password_reset_confirm(identifier=payload.identifier, code=payload.code,
                                    new_password=payload.new_password, ip=client_ip(request))
    return {"detail": _("Your password was reset and the account is unlocked. Sign in with the new password.")}


@router.post("/auth/password", response=DetailOut, auth=auth_any,
             summary="Change the caller's password; every API token is revoked")
def password_change(request, payload: PasswordChangeIn):
    security.password_change(user=request.user, old_password=payload.old_password, new_password=payload.new_password)
    return {"detail": _("Your password was changed. Your other sessions and API tokens were signed out.")}


def _token_out(token, now) -> dict:
    return {"id": token.pk, "prefix": token.prefix, "created_at": token.created_at, "expires_at": token.expires_at,
            "last_used_at": token.last_used_at, "revoked_at": token.revoked_at,
            "active": token.revoked_at is None and token.expires_at > now}


@router.get("/auth/tokens", response=list[TokenInfoOut], auth=auth_any, summary="The caller's own API tokens")
def tokens_list(request):
    now = timezone.now()
    return [_token_out(t, now) for t in api_tokens_of(request.user)[:100]]


@router.delete("/auth/tokens/{token_id}", response={204: None}, auth=auth_any,
               summary="Revoke one of the caller's own tokens (another person's answers 404)")
def token_revoke(request, token_id: int):
    services.api_token_revoke_own(user=request.user, token_id=token_id)
    return Status(204, None)


# --- Staff accounts (coordinators and administrators, in their scope; docs/accounts.md) ----------------


class MembershipOut(Schema):
    id: int
    user_id: int
    username: str
    display_name: str
    role: str
    role_label: str
    unit_code: str | None
    region_code: str | None
    active: bool
    locked: bool


class StaffRoleIn(Schema):
    role: str = Field(max_length=40)
    unit_id: int | None = Field(None, ge=1, le=2**31 - 1)
    region_id: int | None = Field(None, ge=1, le=2**31 - 1)


class StaffCreateIn(StaffRoleIn):
    username: str = Field(max_length=30)
    display_name: str = Field(max_length=60)
    phone: str = Field("", max_length=11)
    email: str = Field("", max_length=254)


class StaffCreatedOut(Schema):
    id: int
    username: str
    temporary_password: str
    must_change_password: bool


def _managers_only(user) -> None:
    if not can_manage_staff(user):
        raise PermissionDenied(_("Only coordinators and administrators manage staff accounts."))


def _valid(form) -> dict:
    """The web form's rules, at the API's edge: the same choices in scope and the same messages."""
    if not form.is_valid():
        fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        first = next(iter(fields.values()))[0]
        raise ServiceError(422, "invalid", first, fields)
    return form.cleaned_data


def _role_data(payload: StaffRoleIn) -> dict:
    return {"role": payload.role, "unit": payload.unit_id or "", "region": payload.region_id or ""}


def _membership_out(m, locked: set[str]) -> dict:
    return {"id": m.pk, "user_id": m.user_id, "username": m.user.username, "display_name": m.user.display_name,
            "role": m.role, "role_label": m.get_role_display(), "unit_code": m.unit.code if m.unit_id else None,
            "region_code": m.region.code if m.region_id else None, "active": m.is_active,
            "locked": m.user.username in locked}


@router.get("/staff", response=list[MembershipOut], auth=auth_any,
            summary="Staff roles the caller manages (their regions and units), with lock state")
def staff_list(request):
    _managers_only(request.user)
    memberships = list(memberships_managed_by(request.user)[:500])
    locked = locked_usernames({m.user.username for m in memberships})
    return [_membership_out(m, locked) for m in memberships]


@router.post("/staff", response={201: StaffCreatedOut}, auth=auth_any,
             summary="Create a staff account with a first role; the temporary password is returned once")
def staff_create(request, payload: StaffCreateIn):
    _managers_only(request.user)
    data = _valid(StaffAccountForm({**_role_data(payload), "username": payload.username,
                                    "display_name": payload.display_name, "phone": payload.phone,
                                    "email": payload.email}, actor=request.user))
    person, password = staff.staff_account_create(
        actor=request.user, username=data["username"], display_name=data["display_name"], role=data["role"],
        unit=data["unit"], region=data["region"], phone=data["phone"], email=data["email"])
    return Status(201, {"id": person.pk, "username": person.username, "temporary_password": password,
                        "must_change_password": person.must_change_password})


def _managed_person(request, user_id: int):
    _managers_only(request.user)
    return get_object_or_404(people_managed_by(request.user), pk=user_id)


@router.post("/staff/{user_id}/roles", response={201: MembershipOut}, auth=auth_any,
             summary="Grant a role in the caller's scope (never to themselves)")
def staff_role_grant(request, user_id: Id, payload: StaffRoleIn):
    person = _managed_person(request, user_id)
    data = _valid(RoleForm(_role_data(payload), actor=request.user))
    membership = staff.staff_role_grant(actor=request.user, user=person, role=data["role"], unit=data["unit"],
                                        region=data["region"])
    return Status(201, _membership_out(membership, set()))


@router.delete("/staff/roles/{membership_id}", response={204: None}, auth=auth_any,
               summary="End a role in the caller's scope; the last role's end revokes the person's tokens")
def staff_role_end(request, membership_id: Id):
    _managers_only(request.user)
    membership = get_object_or_404(memberships_managed_by(request.user), pk=membership_id)
    staff.staff_role_end(actor=request.user, membership=membership)
    return Status(204, None)


@router.post("/staff/{user_id}/unlock", response=DetailOut, auth=auth_any,
             summary="Lift a sign-in lock of an account in the caller's scope")
def staff_unlock(request, user_id: Id):
    person = _managed_person(request, user_id)
    staff.account_unlock(actor=request.user, user=person)
    return {"detail": _("The account is unlocked.")}


@router.post("/staff/{user_id}/deactivate", response=DetailOut, auth=auth_any,
             summary="End every role and deactivate the account (all its roles must be in the caller's scope)")
def staff_deactivate(request, user_id: Id):
    person = _managed_person(request, user_id)
    staff.account_deactivate(actor=request.user, user=person)
    return {"detail": _("The account is deactivated: every role ended, every token revoked.")}
