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
