"""Django's own messages whose Chinese is missing from Django's catalogue, translated in ours.

The project's catalogue (``LOCALE_PATHS``) takes precedence over Django's, so an API caller asking
in Chinese never gets one of these in English (found by the fuzz check in tests/core/test_api_fuzz.py).
Declared here so that ``makemessages`` keeps them.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)
