"""Who may see and change what. Every staff query is scoped through these functions.

Rules (see docs/architecture.md, "Permissions"):
- unit staff and reviewers act for their unit(s) and the units below them;
- coordinators and leaders see every unit in their region subtree; leaders only read;
- administrators (superusers or the admin role) see everything in their region subtree.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import Membership, Role

STAFF_FACE_ROLES = {Role.UNIT_STAFF, Role.REVIEWER, Role.COORDINATOR, Role.ADMIN}
DASHBOARD_ROLES = {Role.LEADER, Role.COORDINATOR, Role.ADMIN}


def _memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user, is_active=True).select_related("unit__region", "region"))
        user._membership_cache = cache
    return cache


def roles_of(user) -> set[str]:
    roles = {m.role for m in _memberships(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    if getattr(user, "is_authenticated", False) and hasattr(user, "youth_profile"):
        roles.add(Role.YOUTH)
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


def faces_for(user) -> list[str]:
    """The front-end faces a user may enter, in navigation order."""
    faces = ["portal"]
    roles = roles_of(user)
    if roles & STAFF_FACE_ROLES:
        faces.append("workbench")
    if roles & DASHBOARD_ROLES:
        faces.append("dashboard")
    return faces


def can_use_workbench(user) -> bool:
    return "workbench" in faces_for(user)


def can_use_dashboard(user) -> bool:
    return "dashboard" in faces_for(user)


def scope_regions(user) -> QuerySet[Region]:
    """Regions whose data the user may read (region roles see their subtree)."""
    if getattr(user, "is_superuser", False):
        return Region.objects.all()
    q = Q(pk__in=[])
    for m in _memberships(user):
        if m.role in (Role.COORDINATOR, Role.LEADER, Role.ADMIN) and m.region_id:
            q |= Q(path__startswith=m.region.path)
        elif m.unit_id:
            q |= Q(path__startswith=m.unit.region.path)
    return Region.objects.filter(q)


def scope_units(user, *, write: bool = False) -> QuerySet[Unit]:
    """Units whose data the user may read (or change, with ``write=True``)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    q = Q(pk__in=[])
    for m in _memberships(user):
        if m.role in (Role.UNIT_STAFF, Role.REVIEWER) and m.unit_id:
            q |= Q(pk=m.unit_id) | Q(parent_id=m.unit_id)
        elif m.role in (Role.COORDINATOR, Role.ADMIN) and m.region_id:
            q |= Q(region__path__startswith=m.region.path)
        elif m.role == Role.LEADER and m.region_id and not write:
            q |= Q(region__path__startswith=m.region.path)
    return Unit.objects.filter(q)


def can_view_unit(user, unit: Unit) -> bool:
    return scope_units(user).filter(pk=unit.pk).exists()


def can_manage_unit(user, unit: Unit) -> bool:
    return scope_units(user, write=True).filter(pk=unit.pk).exists()


def can_see_personal_data(user) -> bool:
    """Unmasked ID numbers and phones: only administrators by default. Services that need
    identity checks (e.g. station check-in) grant it for that one record explicitly."""
    return is_admin(user)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "****"
