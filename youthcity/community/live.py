"""Live measures of youth homes and events (registered by the app, see core.measures)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, is_current_year

from . import adapters
from .models import Event, SignUp


def youth_home_coverage(region, period: str) -> float | None:
    """Share (%) of townships/streets in ``region`` with at least one open youth home. Homes keep
    no opening history, so only the current year has a value."""
    if not is_current_year(period):
        return None
    cov, _townships, _homes = adapters.coverage(region)
    return None if cov.share is None else round(100 * cov.share, 1)


def events_held(region, period: str) -> int | None:
    """Published events in ``region`` that ended in the year (cancelled ones excluded)."""
    if not str(period).isdigit():
        return None
    return Event.objects.filter(
        region__path__startswith=region.path,
        status=Event.Status.PUBLISHED,
        ends_at__year=int(period),
        ends_at__lte=timezone.now(),
    ).count()


def event_participants(region, period: str) -> int | None:
    """Check-ins at events in ``region`` that started in the year (a person at two events counts twice)."""
    if not str(period).isdigit():
        return None
    return SignUp.objects.filter(
        event__region__path__startswith=region.path,
        checked_in_at__isnull=False,
        event__starts_at__year=int(period),
    ).count()


MEASURES = [
    LiveMeasure(
        "youth_home_coverage",
        youth_home_coverage,
        _("Townships and streets with a youth home"),
        "%",
        aggregation=_("share of townships/streets now (no history)"),
    ),
    LiveMeasure(
        "events_held",
        events_held,
        _("Youth events held"),
        _("events"),
        aggregation=_("events ended in the year"),
    ),
    LiveMeasure(
        "event_participants",
        event_participants,
        _("Youth event participants"),
        _("check-ins"),
        aggregation=_("check-ins at events in the year"),
    ),
]
