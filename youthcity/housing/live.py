"""Live measures from housing stock, allocations and applications (see core.measures): what the
ledger's "50,000 homes / ≥ 40% to young graduates" targets and the index can read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure

from .models import Category, Home, HomeStatus, HousingApplication, Lease


def _year(period) -> int | None:
    return int(period) if str(period).isdigit() else None


def homes_allocated(region, period: str) -> int | None:
    """Leases signed in the year for homes in ``region``'s subtree."""
    year = _year(period)
    if year is None:
        return None
    return Lease.objects.filter(start__year=year, home__project__region__path__startswith=region.path).count()


def graduate_share(region, period: str) -> float | None:
    """Share (%) of the year's allocations that went to young graduates newly arrived, counted
    from the leases; None when nothing was allocated (not a made-up zero)."""
    year = _year(period)
    if year is None:
        return None
    leases = Lease.objects.filter(start__year=year, home__project__region__path__startswith=region.path)
    total = leases.count()
    if not total:
        return None
    return round(100.0 * leases.filter(category=Category.YOUNG_GRADUATE).count() / total, 1)


def housing_vacancy(region, period: str) -> float | None:
    """Share (%) of the programme's homes in the region not let now (the stock as it stands)."""
    homes = Home.objects.filter(project__region__path__startswith=region.path).exclude(
        status=HomeStatus.UNAVAILABLE
    )
    total = homes.count()
    if not total:
        return None
    return round(100.0 * homes.exclude(status=HomeStatus.LET).count() / total, 1)


def housing_applications(region, period: str) -> int | None:
    year = _year(period)
    if year is None:
        return None
    return HousingApplication.objects.filter(
        created_at__year=year, project__region__path__startswith=region.path
    ).count()


MEASURES = [
    LiveMeasure(
        "housing_homes_allocated",
        homes_allocated,
        _("Talent and rental homes allocated"),
        _("homes"),
        aggregation=_("leases signed in the year"),
    ),
    LiveMeasure(
        "housing_graduate_share",
        graduate_share,
        _("Share of allocated homes to young graduates"),
        "%",
        aggregation=_("of leases signed in the year"),
    ),
    LiveMeasure(
        "housing_vacancy",
        housing_vacancy,
        _("Vacancy of talent and rental homes"),
        "%",
        aggregation=_("homes not let, now"),
    ),
    LiveMeasure(
        "housing_applications",
        housing_applications,
        _("Housing applications"),
        _("applications"),
        aggregation=_("submitted in the year"),
    ),
]
