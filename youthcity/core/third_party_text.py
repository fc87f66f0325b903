"""Words of the third-party apps shown in the back office (Django admin) that their own catalogues
do not translate into Chinese. Listed here with ``gettext_noop`` so that ``makemessages`` puts them
in the platform's catalogue (``LOCALE_PATHS`` wins over the apps' own), and a Chinese page never
shows an English fallback. Nothing imports this module at run time."""

from django.utils.translation import gettext_noop

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
