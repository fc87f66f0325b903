"""Live measures of volunteering (registered by the app, see core.measures). Regions are those of
the projects: a volunteer counts where they served."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure

from .models import ShiftSignUp
from .selectors import effective_entries


def registered_volunteers(region, period: str) -> int | None:
    """People who had signed up for a shift of a project in ``region`` by the end of the year."""
    if not str(period).isdigit():
        return None
    return (
        ShiftSignUp.objects.filter(
            shift__project__region__path__startswith=region.path, created_at__year__lte=int(period)
        )
        .values("person_id")
        .distinct()
        .count()
    )


def _credited(region, period: str):
    return effective_entries().filter(
        shift__project__region__path__startswith=region.path,
        void=False,
        credited_minutes__gt=0,
        check_in__year=int(period),
    )


def active_volunteers(region, period: str) -> int | None:
    """People with credited hours in the year in ``region``."""
    if not str(period).isdigit():
        return None
    return _credited(region, period).values("person_id").distinct().count()


def volunteer_hours(region, period: str) -> float | None:
    """Credited volunteering hours in the year (effective ledger entries, corrections applied)."""
    if not str(period).isdigit():
        return None
    minutes = _credited(region, period).aggregate(m=Sum("credited_minutes"))["m"] or 0
    return round(minutes / 60, 2)


MEASURES = [
    LiveMeasure(
        "registered_volunteers",
        registered_volunteers,
        _("Registered volunteers"),
        _("persons"),
        aggregation=_("signed up for a shift by the end of the year"),
    ),
    LiveMeasure(
        "active_volunteers",
        active_volunteers,
        _("Active volunteers"),
        _("persons"),
        aggregation=_("with credited hours in the year"),
    ),
    LiveMeasure(
        "volunteer_hours",
        volunteer_hours,
        _("Volunteering hours"),
        _("hours"),
        aggregation=_("credited hours in the year"),
    ),
]
