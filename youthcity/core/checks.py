"""Deployment checks (``youthcity check --deploy``) for parts a city must configure itself.

The console SMS and real-name back-ends print to the log and verify nothing: right for development
and the demo, wrong for a city's production. ``check --deploy`` warns about each one still in
place; an operator who deliberately runs without a gateway (a closed pilot, the CI smoke test)
silences the warning by id with ``SILENCED_SYSTEM_CHECKS`` (environment variable, comma-separated).
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

CONSOLE_BACKENDS = (
    ("SMS_BACKEND", "youthcity.core.sms.ConsoleSmsBackend", "youthcity.W020",
     "SMS codes (password reset, phone verification) are printed to the log, not sent.",
     "Set SMS_BACKEND to the city's SMS gateway back-end (docs/accounts.md)."),
    ("REALNAME_BACKEND", "youthcity.accounts.realname.ConsoleRealNameBackend", "youthcity.W021",
     "Real-name verification accepts every well-formed ID number without asking the authority.",
     "Set REALNAME_BACKEND to the city's real-name verification back-end (docs/privacy.md)."),
)


@checks.register(checks.Tags.security, deploy=True)
def console_backends_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    return [checks.Warning(message, hint=hint, id=check_id)
            for setting, console, check_id, message, hint in CONSOLE_BACKENDS
            if getattr(settings, setting, "") == console]
