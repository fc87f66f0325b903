"""Live measures from youth-station operations (registered by the app, see core.measures)."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, is_current_year

from .models import Bed, Booking, BookingStatus, FollowUp


def station_stays(region, period: str) -> int | None:
    """Stays that actually started (checked in or out) in the year, at stations in ``region``."""
    if not str(period).isdigit():
        return None
    return Booking.objects.filter(
        station__region__path__startswith=region.path, check_in__year=int(period),
        status__in=[BookingStatus.CHECKED_IN, BookingStatus.CHECKED_OUT],
    ).count()


def station_retention(region, period: str) -> float | None:
    """Share (%) of guests checked out in the year whose latest recorded follow-up says they
    stay in the city; None when nobody was followed up."""
    if not str(period).isdigit():
        return None
    done = FollowUp.objects.filter(
        status=FollowUp.Status.DONE, booking__station__region__path__startswith=region.path,
        booking__check_out__year=int(period),
    )
    latest = done.values("booking_id").annotate(last=Max("days_after"))
    answers = {(f.booking_id, f.days_after): f.staying_in_city for f in done}
    total = staying = 0
    for row in latest:
        total += 1
        staying += bool(answers[(row["booking_id"], row["last"])])
    return round(100 * staying / total, 1) if total else None


def station_beds(region, period: str) -> int | None:
    """Beds in service at stations in ``region``. Beds keep no history, so only the current year."""
    if not is_current_year(period):
        return None
    return Bed.objects.filter(is_active=True, station__region__path__startswith=region.path).count()


MEASURES = [
    LiveMeasure("station_stays", station_stays, _("Youth-station stays"), _("stays"),
                aggregation=_("stays begun in the year")),
    LiveMeasure("station_retention", station_retention, _("Youth-station guests staying in the city"), "%",
                aggregation=_("share of followed-up guests")),
    LiveMeasure("station_beds", station_beds, _("Youth-station beds in service"), _("beds"),
                aggregation=_("count now (no history)")),
]
