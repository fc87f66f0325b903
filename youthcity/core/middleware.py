from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Chinese first: the platform speaks ``LANGUAGE_CODE`` (zh-hans) until the person picks
    another language with the switcher (stored in the language cookie). The browser's
    Accept-Language is not used, so a phone set to English still gets the Chinese interface
    a city publishes, with English one tap away."""

    def process_request(self, request):
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.headers.get("Authorization"):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
