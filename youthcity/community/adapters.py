"""ORM ↔ geo engine: the region tree and the youth-home register as engine inputs."""

from __future__ import annotations

import json
from functools import lru_cache

from youthcity.core.city_pack import current_pack
from youthcity.engines.geo import (
    Community,
    Home,
    Township,
    compute_reach,
    outlines_from_geojson,
    svg_map,
    township_coverage,
)
from youthcity.regions.models import Region

from .models import CommunityPopulation, YouthHome


def _district_code(region: Region) -> str:
    parts = [p for p in region.path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 1 else region.code


def townships_in(region: Region) -> list[Region]:
    return list(
        Region.objects.filter(path__startswith=region.path, level=Region.Level.TOWNSHIP)
        .select_related("parent")
        .order_by("path")
    )


def _homes_in(region: Region):
    return list(
        YouthHome.objects.filter(is_active=True, region__path__startswith=region.path).select_related(
            "region"
        )
    )


def _township_of(region: Region) -> str:
    """A home registered at a community counts for its township."""
    parts = [p for p in region.path.strip("/").split("/") if p]
    return parts[2] if len(parts) > 2 else region.code


def coverage(region: Region):
    """(engine Coverage, township regions by code, homes) for the region's subtree."""
    ts = townships_in(region)
    homes = _homes_in(region)
    cov = township_coverage(
        [Township(t.code, t.name, _district_code(t)) for t in ts],
        [
            Home(str(h.pk), float(h.latitude or 0), float(h.longitude or 0), _township_of(h.region))
            for h in homes
        ],
    )
    return cov, {t.code: t for t in ts}, homes


def reach(region: Region):
    """The 15-minute reach, or None when the pack has no population per community."""
    pops = list(
        CommunityPopulation.objects.filter(township__path__startswith=region.path).select_related("township")
    )
    if not pops:
        return None
    homes = [
        Home(str(h.pk), float(h.latitude), float(h.longitude), _township_of(h.region))
        for h in _homes_in(region)
        if h.latitude is not None and h.longitude is not None
    ]
    communities = [
        Community(
            str(p.pk),
            float(p.latitude),
            float(p.longitude),
            p.young_population,
            p.township.code,
            _district_code(p.township),
        )
        for p in pops
    ]
    return compute_reach(homes, communities), {str(p.pk): p for p in pops}


@lru_cache(maxsize=4)
def _outlines(path: str):
    with open(path, encoding="utf-8") as fh:
        return outlines_from_geojson(json.load(fh))


def city_map(width: int = 600):
    """The pack's district outlines as an SVG map (None when the pack has none)."""
    path = current_pack().file("geo", "districts.geojson")
    if not path.exists():
        return None
    return svg_map(_outlines(str(path)), width=width)
