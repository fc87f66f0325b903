from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from youthcity.core.errors import ServiceError

from . import services
from .api_auth import auth_any
from .permissions import faces_for, roles_of

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str
    password: str


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
