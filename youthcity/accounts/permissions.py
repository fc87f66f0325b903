"""Who may see and change what. Every staff query in every app is scoped through these functions;
no other module reads ``Membership`` (see :mod:`.selectors` for the people behind a role).

Rules (docs/architecture.md, "Permissions"):
- unit staff and reviewers act for their unit(s) and every unit below them (the whole subtree);
- coordinators and leaders see every unit in their region subtree; leaders only read;
- administrators (the admin role) act in their region subtree, like coordinators, and may see
  personal data there; superusers are global administrators;
- nobody decides their own case (:func:`can_decide`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from youthcity.core.masking import mask_for_audit, mask_id_number, mask_phone  # noqa: F401 (accounts' API)
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import REGION_ROLES, UNIT_ROLES, Membership, Role

STAFF_FACE_ROLES = {Role.UNIT_STAFF, Role.REVIEWER, Role.COORDINATOR, Role.ADMIN}
DASHBOARD_ROLES = {Role.LEADER, Role.COORDINATOR, Role.ADMIN}
DECIDING_ROLES = (Role.REVIEWER, Role.UNIT_STAFF, Role.COORDINATOR, Role.ADMIN)
WRITING_REGION_ROLES = (Role.COORDINATOR, Role.ADMIN)


def _memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user, is_active=True).select_related("unit__region", "region"))
        user._membership_cache = cache
    return cache


def forget(user) -> None:
    """Drop the per-request caches (after a role was granted or ended)."""
    for attr in ("_membership_cache", "_unit_subtree_cache", "_line_scope_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


def roles_of(user) -> set[str]:
    roles = {m.role for m in _memberships(user)}
    if is_superuser(user):
        roles.add(Role.ADMIN)
    if getattr(user, "is_authenticated", False) and hasattr(user, "youth_profile"):
        roles.add(Role.YOUTH)
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_youth(user) -> bool:
    return has_role(user, Role.YOUTH)


def is_admin(user) -> bool:
    """Holds the administrator role somewhere (the audit page); what they see is still scoped."""
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


def is_staff_or_leader(user) -> bool:
    """Anyone working for the programme: unit staff, reviewers, coordinators, leaders, administrators."""
    return bool(roles_of(user) & (UNIT_ROLES | REGION_ROLES))


def employer_unit_ids(user) -> set[int]:
    """Units (enterprises) the user acts for as employer HR staff: those units only, no subtree."""
    return {m.unit_id for m in _memberships(user) if m.role == Role.EMPLOYER and m.unit_id}


def is_employer_staff(user, unit=None) -> bool:
    """Employer HR staff (of ``unit`` when given, a Unit or id)."""
    ids = employer_unit_ids(user)
    return bool(ids) if unit is None else getattr(unit, "pk", unit) in ids


def can_use_workbench(user) -> bool:
    return "workbench" in faces_for(user)


def can_use_dashboard(user) -> bool:
    return "dashboard" in faces_for(user)


# --- Regions ---------------------------------------------------------------------------------------


def _region_q(paths: list[str], field: str = "path") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def region_paths(user, *roles: str) -> list[str] | None:
    """Paths of the region subtrees where the user holds one of ``roles``; None means everywhere."""
    if is_superuser(user):
        return None
    return [m.region.path for m in _memberships(user) if m.role in roles and m.region_id]


def regions_where(user, *roles: str) -> QuerySet[Region]:
    """Regions (whole subtrees) where the user holds one of the region ``roles``."""
    paths = region_paths(user, *roles)
    return Region.objects.all() if paths is None else Region.objects.filter(_region_q(paths))


def scope_regions(user) -> QuerySet[Region]:
    """Regions whose data the user may read: region roles their subtree, unit roles their units' regions."""
    if is_superuser(user):
        return Region.objects.all()
    paths = [m.region.path for m in _memberships(user) if m.role in REGION_ROLES and m.region_id]
    paths += [m.unit.region.path for m in _memberships(user) if m.role in UNIT_ROLES and m.unit_id]
    return Region.objects.filter(_region_q(paths))


def holds_city_role(user, *roles: str) -> bool:
    """The user holds one of ``roles`` for the whole city (a membership on a city-level region)."""
    return is_superuser(user) or any(
        m.role in roles and m.region_id and m.region.level == Region.Level.CITY for m in _memberships(user))


def covers_region(user, region: Region, *roles: str) -> bool:
    """The user holds one of ``roles`` in ``region`` or a region above it."""
    paths = region_paths(user, *roles)
    return paths is None or any(region.path.startswith(p) for p in paths)


# --- Units -----------------------------------------------------------------------------------------


def _unit_subtree(user) -> dict[str, set[int]]:
    """Unit ids per unit role, each unit with every unit below it (computed once per request)."""
    cache = getattr(user, "_unit_subtree_cache", None)
    if cache is not None:
        return cache
    direct: dict[str, set[int]] = {}
    for m in _memberships(user):
        if m.role in UNIT_ROLES and m.unit_id:
            direct.setdefault(m.role, set()).add(m.unit_id)
    everything = set().union(*direct.values()) if direct else set()
    below = _descendants(everything)
    cache = {}
    for role, ids in direct.items():
        cache[role] = ids | {u for u in below if _has_ancestor_in(u, ids, below)}
    if getattr(user, "is_authenticated", False):
        user._unit_subtree_cache = cache
    return cache


def _descendants(unit_ids: set[int]) -> dict[int, int]:
    """Every unit below ``unit_ids`` → its parent (one query per level of the unit tree)."""
    parents: dict[int, int] = {}
    frontier = set(unit_ids)
    while frontier:
        found = {pk: parent for pk, parent in Unit.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id")
                 if pk not in parents and pk not in unit_ids}
        parents.update(found)
        frontier = set(found)
    return parents


def _has_ancestor_in(unit_id: int, ids: set[int], parents: dict[int, int]) -> bool:
    seen = set()
    while unit_id in parents and unit_id not in seen:
        seen.add(unit_id)
        unit_id = parents[unit_id]
        if unit_id in ids:
            return True
    return False


def member_unit_ids(user, *roles: str) -> set[int]:
    """Units (with every unit below them) where the user works in one of the unit ``roles``
    (default: staff or reviewer) — the departments they act for, not a region role's scope."""
    wanted = roles or tuple(UNIT_ROLES)
    tree = _unit_subtree(user)
    return set().union(*(tree.get(r, set()) for r in wanted)) if tree else set()


def scope_units(user, *, write: bool = False) -> QuerySet[Unit]:
    """Units whose data the user may read (or change, with ``write=True``)."""
    if is_superuser(user):
        return Unit.objects.all()
    roles = WRITING_REGION_ROLES if write else tuple(REGION_ROLES)
    paths = [m.region.path for m in _memberships(user) if m.role in roles and m.region_id]
    return Unit.objects.filter(Q(pk__in=member_unit_ids(user)) | _region_q(paths, "region__path"))


def can_manage_unit(user, unit: Unit) -> bool:
    return scope_units(user, write=True).filter(pk=unit.pk).exists()


def line_scope(user, line: QuerySet[Unit]) -> set[int]:
    """Of ``line`` — one line of departments through the region tree (every 人社局: the city's and
    each district's) — the units the user acts for: their own units of the line and every unit of
    the line in the region subtree of those (the city's department over each district's), plus
    the line's units in their ordinary scope (:func:`scope_units`, write). Computed once per
    request and line, like the memberships it derives from (:func:`forget` drops it)."""
    cache = user.__dict__.setdefault("_line_scope_cache", {})
    key = str(line.query)
    if key not in cache:
        cache[key] = _line_scope(user, line)
    return cache[key]


def _line_scope(user, line: QuerySet[Unit]) -> set[int]:
    units = list(line.values_list("pk", "region__path"))
    mine = member_unit_ids(user)
    paths = [path for pk, path in units if pk in mine and path]
    covered = {pk for pk, path in units if path and any(path.startswith(p) for p in paths)}
    writable = set(scope_units(user, write=True).filter(pk__in=[pk for pk, _path in units]).values_list("pk", flat=True))
    return covered | writable


def can_decide_in_line(user, *, applicant, unit: Unit, line: QuerySet[Unit]) -> bool:
    """:func:`can_decide`, where a case of one unit of ``line`` may also be decided by the line's
    department above it (see :func:`line_scope`). Never one's own case."""
    if not getattr(user, "is_authenticated", False):
        return False
    applicant_id = getattr(applicant, "pk", applicant)
    if applicant_id is not None and applicant_id == user.pk:
        return False
    return has_role(user, *DECIDING_ROLES) and unit.pk in line_scope(user, line)


# --- Decisions and personal data ---------------------------------------------------------------------


def can_decide(user, *, applicant, unit: Unit) -> bool:
    """May ``user`` decide a case of ``applicant`` handled by ``unit``? Reviewers, staff,
    coordinators and administrators over the unit — but never on their own case."""
    if not getattr(user, "is_authenticated", False):
        return False
    applicant_id = getattr(applicant, "pk", applicant)
    if applicant_id is not None and applicant_id == user.pk:
        return False
    return has_role(user, *DECIDING_ROLES) and can_manage_unit(user, unit)


def can_see_personal_data(user, region: Region | None = None) -> bool:
    """Unmasked ID numbers and phones: administrators over ``region`` (superusers everywhere).
    Without a region only a superuser qualifies. Services that need identity checks (station
    check-in) reveal one record on purpose and log it."""
    if is_superuser(user):
        return True
    return region is not None and covers_region(user, region, Role.ADMIN)


# --- Managing staff accounts ---------------------------------------------------------------------------

STAFF_MANAGING_ROLES = (Role.COORDINATOR, Role.ADMIN)


def can_manage_staff(user) -> bool:
    """Coordinators and administrators create staff accounts and grant roles (in their scope only)."""
    return has_role(user, *STAFF_MANAGING_ROLES)


def staff_manager_paths(user) -> list[str] | None:
    """Region subtrees where ``user`` manages staff; None means everywhere (superusers)."""
    return region_paths(user, *STAFF_MANAGING_ROLES)


def can_grant(user, role: str, *, unit: Unit | None = None, region: Region | None = None) -> bool:
    """May ``user`` give (or end) ``role`` at ``unit`` / over ``region``? Only inside the regions they
    coordinate or administer; the administrator role only by an administrator over that region."""
    if not getattr(user, "is_authenticated", False):
        return False
    if role in UNIT_ROLES:
        return unit is not None and region is None and covers_region(user, unit.region, *STAFF_MANAGING_ROLES)
    if role not in REGION_ROLES or region is None or unit is not None:
        return False
    if role == Role.ADMIN:
        return covers_region(user, region, Role.ADMIN)
    return covers_region(user, region, *STAFF_MANAGING_ROLES)


def can_manage_membership(user, membership: Membership) -> bool:
    """Grant or end this role — never one's own."""
    if membership.user_id == getattr(user, "pk", None):
        return False
    return can_grant(user, membership.role, unit=membership.unit, region=membership.region)
