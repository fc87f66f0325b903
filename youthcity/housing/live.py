"""Live measures from housing stock, allocations and applications (see core.measures): what the
ledger's "50,000 homes / ≥ 40% to young graduates" targets and the index can read.

The dashboard asks every measure for every district; each figure is therefore counted once per
year for all regions (grouped by the project's region, one query) and kept five minutes in the
shared cache, then summed over the asked region's subtree: one query a page and year (a row per
project, each figure a correlated count), not one per district and figure."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, is_current_year

from .models import Category, Home, HomeStatus, HousingApplication, HousingProject, Lease

CACHE_SECONDS = 300


def _year(period) -> int | None:
    return int(period) if str(period).isdigit() else None


def _count(qs) -> Subquery:
    """A correlated COUNT(*) of ``qs`` (filtered on ``OuterRef("pk")``) as an integer column."""
    return Coalesce(
        Subquery(
            qs.order_by()
            .values("project_id" if qs.model is not Lease else "home__project_id")
            .annotate(n=Func(F("id"), function="COUNT"))
            .values("n")[:1]
        ),
        0,
    )


def _figures(year: int) -> list[tuple[str, dict[str, int]]]:
    """Per project: its region path and every figure for the year, in one query, from the cache."""
    key = f"housing:live:{year}"
    rows = cache.get(key)
    if rows is None:
        leases = Lease.objects.filter(home__project_id=OuterRef("pk"), start__year=year)
        homes = Home.objects.filter(project_id=OuterRef("pk")).exclude(status=HomeStatus.UNAVAILABLE)
        applications = HousingApplication.objects.filter(project_id=OuterRef("pk"), created_at__year=year)
        qs = HousingProject.objects.annotate(
            leases=_count(leases),
            graduate_leases=_count(leases.filter(category=Category.YOUNG_GRADUATE)),
            stock=_count(homes),
            vacant=_count(homes.exclude(status=HomeStatus.LET)),
            applications_in_year=_count(applications),
        ).values_list("region__path", *FIGURES)
        rows = [(row[0], dict(zip(FIGURES, row[1:], strict=True))) for row in qs]
        cache.set(key, rows, CACHE_SECONDS)
    return rows


FIGURES = ("leases", "graduate_leases", "stock", "vacant", "applications_in_year")


def _sum(year: int, region, *names: str) -> list[int]:
    sums = [0] * len(names)
    for path, figures in _figures(year):
        if path.startswith(region.path):
            sums = [s + figures[n] for s, n in zip(sums, names, strict=True)]
    return sums


def homes_allocated(region, period: str) -> int | None:
    """Leases signed in the year for homes in ``region``'s subtree."""
    year = _year(period)
    return None if year is None else _sum(year, region, "leases")[0]


def graduate_share(region, period: str) -> float | None:
    """Share (%) of the year's allocations that went to young graduates newly arrived, counted
    from the leases; None when nothing was allocated (not a made-up zero)."""
    year = _year(period)
    if year is None:
        return None
    total, graduates = _sum(year, region, "leases", "graduate_leases")
    return round(100.0 * graduates / total, 1) if total else None


def housing_vacancy(region, period: str) -> float | None:
    """Share (%) of the programme's homes in the region not let now. Homes keep no history, so
    only the current year."""
    if not is_current_year(period):
        return None
    total, vacant = _sum(int(period), region, "stock", "vacant")
    return round(100.0 * vacant / total, 1) if total else None


def housing_applications(region, period: str) -> int | None:
    year = _year(period)
    return None if year is None else _sum(year, region, "applications_in_year")[0]


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
