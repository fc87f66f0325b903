"""How the REST API knows who is calling: a bearer token (apps, scripts) or the browser session."""

from __future__ import annotations

from auditlog.context import auditlog_value
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from .services import api_token_user


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
            # AuditlogMiddleware ran before the token was read: name the actor for this request's writes.
            try:
                auditlog_value.get()["actor"] = user
            except LookupError:
                pass
        return user


# Signed in by bearer token or by the browser session (with CSRF).
auth_any = [BearerTokenAuth(), django_auth]
