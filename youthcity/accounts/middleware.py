"""What a person must do before anything else after signing in: choose their own password (an
account created by staff) or read a new version of the privacy notice. Decided once at sign-in
(:func:`set_duty`, on ``user_logged_in``) and kept in the session, so pages cost no extra query."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "account_duty"
DUTY_URLS = {"password": "accounts:password-change", "consent": "accounts:consent"}
# Paths that stay open while a duty is pending (the duty pages themselves, signing out, the notice,
# language switching, static files, the API — bearer tokens have no session).
OPEN_PREFIXES = ("/accounts/password/", "/accounts/consent/", "/accounts/logout/", "/accounts/privacy/notice/",
                 "/i18n/", "/static/", "/media/", "/api/", "/healthz", "/readyz")


def set_duty(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: remember the pending duty, if any."""
    from .privacy import consent_needed

    session = getattr(request, "session", None)
    if session is None:
        return
    if getattr(user, "must_change_password", False):
        session[SESSION_KEY] = "password"
    elif consent_needed(user):
        session[SESSION_KEY] = "consent"
    else:
        session.pop(SESSION_KEY, None)


def clear_duty(request) -> None:
    request.session.pop(SESSION_KEY, None)


class AccountDutiesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        duty = session.get(SESSION_KEY) if session is not None else None
        if duty and request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect(f"{reverse(DUTY_URLS[duty])}?next={request.get_full_path()}"
                            if request.method == "GET" else reverse(DUTY_URLS[duty]))
        return self.get_response(request)
