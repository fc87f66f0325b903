"""Read models for the faces' home pages."""

from __future__ import annotations

from django.db.models import Count, Q

from youthcity.accounts.models import Membership, Role, YouthProfile
from youthcity.accounts.permissions import scope_regions, scope_units
from youthcity.regions.models import Region


def youths_by_district(user) -> list[dict]:
    districts = scope_regions(user).filter(level=Region.Level.DISTRICT).order_by("sort_order", "code")
    counts = dict(
        YouthProfile.objects.filter(current_region__in=districts)
        .values_list("current_region").annotate(n=Count("id")).values_list("current_region", "n")
    )
    return [{"district": d, "youths": counts.get(d.pk, 0)} for d in districts]


def workbench_units(user):
    return (scope_units(user).select_related("region")
            .annotate(staff=Count("memberships", filter=Q(memberships__is_active=True))))


def platform_totals(user) -> dict:
    regions = scope_regions(user)
    return {
        "districts": regions.filter(level=Region.Level.DISTRICT).count(),
        "townships": regions.filter(level=Region.Level.TOWNSHIP).count(),
        "units": scope_units(user).count(),
        "youths": YouthProfile.objects.filter(current_region__in=regions).count(),
        "staff": Membership.objects.filter(is_active=True, role__in=[Role.UNIT_STAFF, Role.REVIEWER],
                                           unit__in=scope_units(user)).values("user").distinct().count(),
    }
