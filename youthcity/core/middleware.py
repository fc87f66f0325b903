from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Chinese first: the platform speaks ``LANGUAGE_CODE`` (zh-hans) until the person picks
    another language with the switcher (stored in the language cookie). The browser's
    Accept-Language is not used, so a phone set to English still gets the Chinese interface
    a city publishes, with English one tap away. API calls honour Accept-Language."""

    def process_request(self, request):
        # API clients say what they want with Accept-Language; people choose with the switcher.
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.path.startswith("/api/"):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (``PERMISSIONS_POLICY``): the camera only for this site
    (QR check-in at the door), everything else no page needs switched off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
