"""Live indicators: values the platform itself knows (registered youths, station stays, benefits
paid …). Other domain apps plug in from their ``AppConfig.ready``::

    from youthcity.monitoring.live import register_live_indicator
    register_live_indicator("station_stays", stays_in, label=_("Youth-station stays"), unit=_("stays"))

``fn(region, period)`` returns a number for the district (region) and period (a year such as
"2024"), or ``None`` when the platform cannot know it (e.g. no history kept for past years).
A live indicator whose code is also a framework indicator can be pulled into a submission
(:func:`youthcity.monitoring.services.live_submission_create`), which the statistics office
approves like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LiveFn = Callable[[object, str], "Decimal | float | int | None"]


@dataclass(frozen=True)
class LiveIndicator:
    code: str
    fn: LiveFn
    label: object
    unit: object
    provider: str


_REGISTRY: dict[str, LiveIndicator] = {}


def register_live_indicator(code: str, fn: LiveFn, *, label, unit="", provider: str = "") -> None:
    """Register (or replace) the provider of a live indicator."""
    _REGISTRY[code] = LiveIndicator(code=code, fn=fn, label=label, unit=unit, provider=provider or fn.__module__)


def unregister_live_indicator(code: str) -> None:
    _REGISTRY.pop(code, None)


def live_indicators() -> list[LiveIndicator]:
    return sorted(_REGISTRY.values(), key=lambda i: i.code)


def get_live_indicator(code: str) -> LiveIndicator | None:
    return _REGISTRY.get(code)


def period_end(period: str) -> dt.datetime:
    """The last instant of a year period in the city's time zone."""
    year = int(period)
    return timezone.make_aware(dt.datetime(year, 12, 31, 23, 59, 59))


def live_value(code: str, region, period: str) -> Decimal | None:
    ind = _REGISTRY.get(code)
    if ind is None:
        return None
    value = ind.fn(region, period)
    return None if value is None else Decimal(str(value))


# --- Providers built on the foundation's models ------------------------------------------------

def registered_youths(region, period: str) -> int | None:
    """Young people registered on the platform who live in ``region``, as of the end of ``period``."""
    from youthcity.accounts.models import YouthProfile

    if not str(period).isdigit():
        return None
    return YouthProfile.objects.filter(
        current_region__path__startswith=region.path, user__date_joined__lte=period_end(period)
    ).count()


def job_seeking_youths(region, period: str) -> int | None:
    """Registered young people looking for work. Profiles keep no history, so only the current
    year has a value."""
    from youthcity.accounts.models import EmploymentStatus, YouthProfile

    if str(period) != str(timezone.localdate().year):
        return None
    return YouthProfile.objects.filter(
        current_region__path__startswith=region.path, employment_status=EmploymentStatus.JOB_SEEKING
    ).count()


def register_builtin() -> None:
    register_live_indicator("registered_youths", registered_youths, label=_("Registered young people"),
                            unit=_("persons"), provider="accounts")
    register_live_indicator("job_seeking_youths", job_seeking_youths, label=_("Registered young people looking for work"),
                            unit=_("persons"), provider="accounts")
