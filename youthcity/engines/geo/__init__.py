"""YouthCity geo engine: 15-minute reach of youth homes, township coverage, outlines as SVG.

Public API::

    res = compute_reach(homes, communities, WalkingModel())   # -> ReachResult (per community, township, district, city)
    cov = township_coverage(townships, homes)                 # -> Coverage (.without_home, .full = 全覆盖)
    outlines = outlines_from_geojson(doc)                     # -> [Outline] (GeoError on bad input)
    simplify_outlines(outlines, tolerance)                    # neighbours stay adjacent
    m = svg_map(outlines, width=800)                          # -> SvgMap (.paths, .view_box, .project(lon, lat))

Pure Python + NumPy; never imports Django. See README.md in this folder.
"""

from .errors import GeoError
from .outlines import (
    Outline,
    SvgMap,
    SvgPath,
    outlines_from_geojson,
    outlines_to_geojson,
    simplify_outlines,
    svg_map,
)
from .reach import (
    EARTH_RADIUS_M,
    AreaReach,
    Community,
    CommunityReach,
    Coverage,
    Home,
    ReachResult,
    Township,
    WalkingModel,
    compute_reach,
    haversine_m,
    nearest,
    township_coverage,
)

__all__ = [
    "EARTH_RADIUS_M",
    "AreaReach",
    "Community",
    "CommunityReach",
    "Coverage",
    "GeoError",
    "Home",
    "Outline",
    "ReachResult",
    "SvgMap",
    "SvgPath",
    "Township",
    "WalkingModel",
    "compute_reach",
    "haversine_m",
    "nearest",
    "outlines_from_geojson",
    "outlines_to_geojson",
    "simplify_outlines",
    "svg_map",
    "township_coverage",
]
