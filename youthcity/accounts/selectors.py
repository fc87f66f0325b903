"""Reads over people and roles: who works in a unit, who coordinates a region. Other apps ask
here (and :mod:`.permissions` for what the caller may do) instead of querying ``Membership``."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from .models import UNIT_ROLES, Membership, Role, User, YouthProfile


def unit_members(unit, *roles: str) -> list[User]:
    """Active people holding one of ``roles`` (default: staff or reviewer) at ``unit`` (a Unit or id)."""
    unit_id = getattr(unit, "pk", unit)
    if unit_id is None:
        return []
    wanted = list(roles or UNIT_ROLES)
    return [m.user for m in Membership.objects.filter(unit_id=unit_id, is_active=True, role__in=wanted,
                                                      user__is_active=True)
            .select_related("user").order_by("user_id").distinct()]


def region_members(region, *roles: str) -> list[User]:
    """Active people holding one of ``roles`` in ``region`` or any region above it."""
    paths = [r.path for r in region.ancestors()]
    return [m.user for m in Membership.objects.filter(role__in=list(roles), is_active=True, region__path__in=paths,
                                                      user__is_active=True)
            .select_related("user").order_by("user_id")]


def unit_memberships(unit) -> QuerySet[Membership]:
    """The active staff of one unit with their roles (for the unit's page)."""
    return unit.memberships.filter(is_active=True).select_related("user").order_by("role", "user__username")


def staff_count(units: QuerySet) -> int:
    """Distinct people working as staff or reviewers in ``units``."""
    return (Membership.objects.filter(is_active=True, role__in=list(UNIT_ROLES), unit__in=units)
            .values("user").distinct().count())


def with_staff_counts(units: QuerySet) -> QuerySet:
    """``units`` annotated with ``staff``: how many active memberships each has."""
    return units.annotate(staff=Count("memberships", filter=Q(memberships__is_active=True)))


def youth_profile_of(user) -> YouthProfile | None:
    """The person's youth profile, or None (never created on read)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.youth_profile
    except YouthProfile.DoesNotExist:
        return None


YOUTH_COUNTS_KEY = "accounts:youth_counts_by_region"
YOUTH_COUNTS_SECONDS = 300


def youth_counts_by_region() -> dict[int, int]:
    """Young people registered per region of residence, {region id: count}, for headline figures.

    One grouped count over every profile (2 million in a city like Luoyang, a few hundred
    milliseconds), kept in the shared cache for five minutes, so the dashboards' headline counts
    cost a cache read per request instead of a count over every profile. Sums per scope are made
    from it in Python; nothing personal is cached."""
    counts = cache.get(YOUTH_COUNTS_KEY)
    if counts is None:
        rows = YouthProfile.objects.filter(current_region__isnull=False).values_list("current_region")
        counts = dict(rows.annotate(n=Count("id")).values_list("current_region", "n"))
        cache.set(YOUTH_COUNTS_KEY, counts, YOUTH_COUNTS_SECONDS)
    return counts


def youths_in(regions: QuerySet) -> QuerySet[YouthProfile]:
    return YouthProfile.objects.filter(current_region__in=regions)


def people_in_scope_q(regions_paths: list[str] | None, unit_ids: set[int]) -> Q:
    """Users belonging to a scope: staff of ``unit_ids``, region-role holders in the subtrees,
    young people living there. ``None`` paths means everyone (superusers)."""
    if regions_paths is None:
        return Q()
    q = Q(memberships__unit_id__in=unit_ids, memberships__is_active=True)
    for path in regions_paths:
        q |= Q(memberships__region__path__startswith=path, memberships__is_active=True)
        q |= Q(memberships__unit__region__path__startswith=path, memberships__is_active=True)
        q |= Q(youth_profile__current_region__path__startswith=path)
    return q


__all__ = ["Role", "people_in_scope_q", "region_members", "staff_count", "unit_members", "unit_memberships",
           "with_staff_counts", "youth_counts_by_region", "youth_profile_of", "youths_in"]


# --- Staff management, privacy ---------------------------------------------------------------------


def _manager_q(paths: list[str], unit_field: str = "unit", region_field: str = "region") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{region_field}__path__startswith": path}) | Q(**{f"{unit_field}__region__path__startswith": path})
    return q


def memberships_managed_by(user) -> QuerySet[Membership]:
    """Roles (active and ended) a coordinator or administrator manages: in their regions' subtrees."""
    from .permissions import can_manage_staff, staff_manager_paths

    qs = Membership.objects.select_related("user", "unit__region", "region").order_by("user__username", "role")
    if not can_manage_staff(user):
        return qs.none()
    paths = staff_manager_paths(user)
    return qs if paths is None else qs.filter(_manager_q(paths))


def people_managed_by(user) -> QuerySet[User]:
    """Accounts holding (or having held) a role in the manager's scope, never the manager."""
    ids = memberships_managed_by(user).values("user_id")
    return User.objects.filter(pk__in=ids).exclude(pk=getattr(user, "pk", None))


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` django-axes holds locked now."""
    import datetime as dt

    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return set(AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=since,
                                            failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
               .values_list("username", flat=True))


def api_tokens_of(user):
    from .models import ApiToken

    return ApiToken.objects.filter(user=user).order_by("-created_at")


def accesses_to(user):
    """Who looked at this person's personal data (newest first)."""
    from .models import AccessLog

    return AccessLog.objects.filter(subject=user).order_by("-created_at", "-pk")


def consents_of(user):
    from .models import Consent

    return Consent.objects.filter(user=user).order_by("-given_at", "-pk")
