"""Writes of the organisation directory. Keyword-only, atomic, scoped; raise ServiceError."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from youthcity.accounts.permissions import WRITING_REGION_ROLES, covers_region
from youthcity.core.errors import ServiceError

from .models import Unit, UnitAlias

NAME_LENGTH = 150


@transaction.atomic
def unit_create(*, user, region, name: str, kind: str, short_name: str = "", alias: str = "") -> Unit:
    """A unit the directory lacks, created by the coordinating office (or an administrator) of
    ``region`` or a region above it. ``alias`` is the name a document used for it, kept so the
    next document naming it the same way resolves by itself."""
    if not covers_region(user, region, *WRITING_REGION_ROLES):
        raise PermissionDenied(_("Only the coordinating office of this region may add units to it."))
    name, short_name, alias = name.strip(), short_name.strip(), alias.strip()
    if not name:
        raise ServiceError(422, "invalid", _("Enter the unit's official name."), {"name": _("Enter the unit's official name.")})
    if len(name) > NAME_LENGTH or len(short_name) > 60 or len(alias) > NAME_LENGTH:
        message = _("This name is too long.")
        raise ServiceError(422, "invalid", message, {"name": message})
    if kind not in Unit.Kind.values:
        raise ServiceError(422, "invalid", _("Choose the kind of unit."), {"kind": _("Choose the kind of unit.")})
    existing = Unit.objects.filter(region=region, name=name).first()
    if existing is not None:
        message = _("%(region)s already has a unit called “%(name)s”: choose it from the list instead.") % {
            "region": region.name, "name": name}
        raise ServiceError(409, "duplicate", message, {"name": message}, detail=existing)
    n = Unit.objects.filter(code__startswith=f"{region.code}-new-").count() + 1
    while Unit.objects.filter(code=f"{region.code}-new-{n}").exists():
        n += 1
    unit = Unit.objects.create(code=f"{region.code}-new-{n}", name=name, short_name=short_name, kind=kind,
                               region=region)
    if alias and alias not in (name, short_name):
        UnitAlias.objects.create(unit=unit, alias=alias)
    return unit
