"""Live monitoring indicators from youth-station operations (plugged into monitoring.live)."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

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
    from django.utils import timezone

    if str(period) != str(timezone.localdate().year):
        return None
    return Bed.objects.filter(is_active=True, station__region__path__startswith=region.path).count()


def register() -> None:
    from youthcity.monitoring.live import register_live_indicator

    register_live_indicator("station_stays", station_stays, label=_("Youth-station stays"), unit=_("stays"),
                            provider="stations")
    register_live_indicator("station_retention", station_retention,
                            label=_("Youth-station guests staying in the city"), unit="%", provider="stations")
    register_live_indicator("station_beds", station_beds, label=_("Youth-station beds in service"),
                            unit=_("beds"), provider="stations")
