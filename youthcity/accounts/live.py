"""Live measures from accounts: young people registered on the platform."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, is_current_year, period_end, year_of

from .models import EmploymentStatus, YouthProfile


def registered_youths(region, period: str) -> int | None:
    """Young people registered on the platform who live in ``region``, as of the end of ``period``."""
    if year_of(period) is None:
        return None
    return YouthProfile.objects.filter(
        current_region__path__startswith=region.path, user__date_joined__lte=period_end(period)
    ).count()


def job_seeking_youths(region, period: str) -> int | None:
    """Registered young people looking for work. Profiles keep no history, so only the current
    year has a value."""
    if not is_current_year(period):
        return None
    return YouthProfile.objects.filter(
        current_region__path__startswith=region.path, employment_status=EmploymentStatus.JOB_SEEKING
    ).count()


MEASURES = [
    LiveMeasure("registered_youths", registered_youths, _("Registered young people"), _("persons"),
                aggregation=_("count at the end of the year")),
    LiveMeasure("job_seeking_youths", job_seeking_youths, _("Registered young people looking for work"),
                _("persons"), aggregation=_("count now (no history)")),
]
