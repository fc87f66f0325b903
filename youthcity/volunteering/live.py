"""Live measures of volunteering (registered by the app, see core.measures). Regions are those of
the projects: a volunteer counts where they served. Asked for many regions of one level in a
request, each measure runs one grouped query (see ``community/memo.py``)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from youthcity.community import memo
from youthcity.core.measures import LiveMeasure

from .models import ShiftSignUp
from .selectors import effective_entries

PATH = "shift__project__region__path"


def _answer(key: tuple, region, qs, value_fn, grouped_fn):
    n = len(region.path)
    rows = memo.grouped((*key, n), lambda: grouped_fn(qs, n))
    if rows is not None:
        return rows.get(region.path) or 0
    return value_fn(qs.filter(**{f"{PATH}__startswith": region.path}))


def _distinct_people(key, region, qs):
    return _answer(
        key,
        region,
        qs,
        lambda q: q.values("person_id").distinct().count(),
        lambda q, n: memo.count_by_prefix(q, PATH, n, "person_id"),
    )


def registered_volunteers(region, period: str) -> int | None:
    """People who had signed up for a shift of a project in ``region`` by the end of the year."""
    if not str(period).isdigit():
        return None
    qs = ShiftSignUp.objects.filter(created_at__year__lte=int(period))
    return _distinct_people(("registered_volunteers", period), region, qs)


def _credited(period: str):
    return effective_entries().filter(void=False, credited_minutes__gt=0, check_in__year=int(period))


def active_volunteers(region, period: str) -> int | None:
    """People with credited hours in the year in ``region``."""
    if not str(period).isdigit():
        return None
    return _distinct_people(("active_volunteers", period), region, _credited(period))


def volunteer_hours(region, period: str) -> float | None:
    """Credited volunteering hours in the year (effective ledger entries, corrections applied)."""
    if not str(period).isdigit():
        return None
    minutes = _answer(
        ("volunteer_hours", period),
        region,
        _credited(period),
        lambda q: q.aggregate(m=Sum("credited_minutes"))["m"],
        lambda q, n: memo.by_prefix(q, PATH, n, Sum("credited_minutes")),
    )
    return round((minutes or 0) / 60, 2)


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
