"""Read models for the faces' home pages and the audit trail."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.cache import cache
from django.db.models import QuerySet

from youthcity.accounts.models import Role, User
from youthcity.accounts.permissions import region_paths, scope_regions, scope_units
from youthcity.accounts.selectors import (
    people_in_scope_q,
    staff_count,
    with_staff_counts,
    youth_counts_by_region,
)
from youthcity.regions import selectors as region_selectors
from youthcity.regions.models import Region


def youths_by_district(user) -> list[dict]:
    districts = scope_regions(user).filter(level=Region.Level.DISTRICT).order_by("sort_order", "code")
    counts = youth_counts_by_region()
    return [{"district": d, "youths": counts.get(d.pk, 0)} for d in districts]


def workbench_units(user):
    return with_staff_counts(scope_units(user).select_related("region"))


def platform_totals(user) -> dict:
    regions = scope_regions(user)
    counts = youth_counts_by_region()
    return {
        "districts": regions.filter(level=Region.Level.DISTRICT).count(),
        "townships": regions.filter(level=Region.Level.TOWNSHIP).count(),
        "units": scope_units(user).count(),
        "youths": sum(counts.get(pk, 0) for pk in regions.values_list("pk", flat=True)),
        "staff": staff_count(scope_units(user)),
    }


def audit_entries(user) -> QuerySet[LogEntry]:
    """The audit trail an administrator may read: superusers everything; an administrator of a
    region what the people of that region did (its units' staff, its region roles, the young
    people living there). Entries by people above the region (city staff, superusers) or by the
    system are not theirs to read."""
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    paths = region_paths(user, Role.ADMIN)
    if paths is None:
        return qs
    people = User.objects.filter(people_in_scope_q(paths, set())).values("pk")
    return qs.filter(actor_id__in=people)


def city_name() -> str:
    """The name of the city the platform serves: the top of its region tree (cached for a minute)."""
    name = cache.get("portal:city_name")
    if name is None:
        root = region_selectors.city()
        name = root.name if root else ""
        cache.set("portal:city_name", name, 60)
    return name
