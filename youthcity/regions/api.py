"""The public region tree."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from youthcity.core.edge import Name

from .models import Region
from .selectors import region_tree

router = Router(tags=["regions and units"])


@router.get("/regions", auth=None, summary="The region tree (public)")
def regions(request, root: Name | None = None):
    root_region = get_object_or_404(Region, code=root) if root else None
    return region_tree(root_region)
