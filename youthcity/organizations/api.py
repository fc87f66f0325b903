from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from youthcity.accounts.api_auth import auth_any
from youthcity.accounts.permissions import can_see_personal_data, mask_phone, scope_units
from youthcity.regions.models import Region
from youthcity.regions.selectors import region_tree

from .models import Unit

router = Router(tags=["regions and units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    name_en: str
    kind: str
    region: str
    aliases: list[str]


class MemberOut(Schema):
    username: str
    display_name: str
    role: str
    phone: str


class UnitDetailOut(UnitOut):
    members: list[MemberOut]


def _unit_out(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name,
            "name_en": unit.name_en, "kind": unit.kind, "region": unit.region.name,
            "aliases": [a.alias for a in unit.aliases.all()]}


@router.get("/regions", auth=None, summary="The region tree (public)")
def regions(request, root: str | None = None):
    root_region = get_object_or_404(Region, code=root) if root else None
    return region_tree(root_region)


@router.get("/units", response=list[UnitOut], auth=auth_any, summary="Units the caller may see")
def units(request):
    qs = scope_units(request.user).select_related("region").prefetch_related("aliases")
    return [_unit_out(u) for u in qs]


@router.get("/units/{unit_id}", response=UnitDetailOut, auth=auth_any,
            summary="One unit with its staff (404 outside the caller's scope)")
def unit_detail(request, unit_id: int):
    # Scoped lookup: a unit outside the caller's scope is indistinguishable from a missing one.
    unit = get_object_or_404(scope_units(request.user).select_related("region"), pk=unit_id)
    reveal = can_see_personal_data(request.user)
    members = [
        {"username": m.user.username, "display_name": m.user.display_name, "role": m.role,
         "phone": (m.user.phone or "") if reveal else mask_phone(m.user.phone)}
        for m in unit.memberships.filter(is_active=True).select_related("user")
    ]
    return {**_unit_out(unit), "members": members}
