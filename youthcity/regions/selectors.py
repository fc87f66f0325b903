from __future__ import annotations

from .models import Region


def region_tree(root: Region | None = None) -> list[dict]:
    """The tree as nested dicts, built from one query."""
    qs = Region.objects.all() if root is None else root.subtree()
    nodes = {r.pk: {"id": r.pk, "code": r.code, "name": r.name, "name_en": r.name_en, "level": r.level, "children": []}
             for r in qs}
    roots = []
    for r in qs:
        node = nodes[r.pk]
        if r.parent_id in nodes and (root is None or r.pk != root.pk):
            nodes[r.parent_id]["children"].append(node)
        else:
            roots.append(node)
    return roots


def city() -> Region | None:
    """The city the platform serves: the first city-level region of the tree (a city pack has one)."""
    return Region.objects.filter(level=Region.Level.CITY).order_by("path").first()
