"""Messages of Django and third-party apps whose Chinese is missing from their own catalogues,
translated in ours, and the one test of which language a person reads.

The project's catalogue (``LOCALE_PATHS``) takes precedence over the apps' own, so an API caller
asking in Chinese never gets one of these in English (found by the fuzz check in
tests/core/test_api_fuzz.py), and a Chinese page in the back office has no English fallback.
Declared here so that ``makemessages`` keeps them; nothing reads the lists at run time.
"""

from django.utils.translation import get_language, gettext_noop, ngettext_lazy


def english() -> bool:
    """True when the active language is English (else the page is Chinese, the default)."""
    return (get_language() or "").startswith("en")


def join_list(items) -> str:
    """Items as a list in the reader's language: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return (", " if english() else "、").join(str(i) for i in items)


PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)

# Words of django.contrib.admin (5.2), django-auditlog, django-axes and django-tasks-db shown in the
# back office that their catalogues do not translate into Chinese.
THIRD_PARTY_WORDS = [
    # django.contrib.admin (5.2 headers of the app list, missing from its zh_Hans catalogue)
    gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"),
    # django-auditlog
    gettext_noop("Audit log"), gettext_noop("log entry"), gettext_noop("log entries"),
    # django-axes
    gettext_noop("Axes"), gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access failure"), gettext_noop("access failures"), gettext_noop("access log"),
    gettext_noop("access logs"), gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # django-tasks-db
    gettext_noop("Task Result"), gettext_noop("Task Results"),
]
