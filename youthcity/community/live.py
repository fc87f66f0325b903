"""Live measures of youth homes and events (registered by the app, see core.measures).

Asked for many regions of one level in a request (the dashboard's district table), each measure
runs one grouped query and answers the rest from a per-request memo (``memo.py``)."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, is_current_year
from youthcity.regions.models import Region

from . import memo
from .models import Event, SignUp, YouthHome


def _townships_with_home():
    home = YouthHome.objects.filter(is_active=True, region__path__startswith=OuterRef("path"))
    return Region.objects.filter(level=Region.Level.TOWNSHIP).annotate(has_home=Exists(home))


def _coverage_by_prefix(n: int) -> dict[str, tuple[int, int]]:
    rows = (
        _townships_with_home()
        .annotate(_p=Substr(F("path"), Value(1), Value(n)))
        .values("_p")
        .annotate(t=Count("pk"), w=Count("pk", filter=Q(has_home=True)))
        .values_list("_p", "t", "w")
    )
    return {p: (t, w) for p, t, w in rows}


def youth_home_coverage(region, period: str) -> float | None:
    """Share (%) of townships/streets in ``region`` with at least one open youth home. Homes keep
    no opening history, so only the current year has a value."""
    if not is_current_year(period):
        return None
    n = len(region.path)
    rows = memo.grouped(("youth_home_coverage", n), lambda: _coverage_by_prefix(n))
    if rows is not None:
        total, with_home = rows.get(region.path, (0, 0))
    else:
        qs = _townships_with_home().filter(path__startswith=region.path)
        agg = qs.aggregate(t=Count("pk"), w=Count("pk", filter=Q(has_home=True)))
        total, with_home = agg["t"], agg["w"]
    return round(100 * with_home / total, 1) if total else None


def _held(period: str):
    return Event.objects.filter(
        status=Event.Status.PUBLISHED, ends_at__year=int(period), ends_at__lte=timezone.now()
    )


def events_held(region, period: str) -> int | None:
    """Published events in ``region`` that ended in the year (cancelled ones excluded)."""
    if not str(period).isdigit():
        return None
    n = len(region.path)
    rows = memo.grouped(
        ("events_held", period, n), lambda: memo.count_by_prefix(_held(period), "region__path", n)
    )
    if rows is not None:
        return rows.get(region.path, 0)
    return _held(period).filter(region__path__startswith=region.path).count()


def _attended(period: str):
    return SignUp.objects.filter(checked_in_at__isnull=False, event__starts_at__year=int(period))


def event_participants(region, period: str) -> int | None:
    """Check-ins at events in ``region`` that started in the year (a person at two events counts twice)."""
    if not str(period).isdigit():
        return None
    n = len(region.path)
    rows = memo.grouped(
        ("event_participants", period, n),
        lambda: memo.count_by_prefix(_attended(period), "event__region__path", n),
    )
    if rows is not None:
        return rows.get(region.path, 0)
    return _attended(period).filter(event__region__path__startswith=region.path).count()


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
