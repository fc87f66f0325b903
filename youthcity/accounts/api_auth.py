"""How the REST API knows who is calling: a bearer token (apps, scripts) or the browser session."""

from __future__ import annotations

from auditlog.context import auditlog_value
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

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


class SessionWithCsrf(SessionAuth):
    """The browser session, with Django's CSRF check — asked only of someone signed in.

    Nobody signed in gets 401 ``not_authenticated`` (not a CSRF failure); a signed-in browser whose
    write lacks the CSRF token gets 403 ``csrf_failed`` in their language."""

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The CSRF check failed: reload the page and try again."))
        return request.COOKIES.get(self.param_name)


# Signed in by bearer token or by the browser session (with CSRF).
auth_any = [BearerTokenAuth(), SessionWithCsrf()]
