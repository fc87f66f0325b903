"""Region outlines: read GeoJSON, simplify without opening gaps between neighbours, draw as SVG.

The map needs no tile server: the Django side renders :func:`svg_map`'s paths inline (one
``<path>`` per district with its name as ``<title>``, ``fill-rule="evenodd"`` for holes) and
places homes with :meth:`SvgMap.project`.

Projection: equirectangular with longitudes scaled by the cosine of the map's middle latitude.
Over a city (Luoyang spans about 1.8° × 1.3°) it differs from Web Mercator by well under 1%,
and it keeps the code small and exact to test. North is up.

Simplification (:func:`simplify_outlines`): Douglas–Peucker per *arc*. Every ring is cut where
the set of outlines sharing its vertices changes, so a border between two districts is one arc,
simplified once and used by both: neighbours stay exactly adjacent (no slivers, no overlaps).
Every output vertex is an input vertex and every input vertex lies within the tolerance of the
simplified ring.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import GeoError

__all__ = [
    "Outline",
    "SvgMap",
    "SvgPath",
    "outlines_from_geojson",
    "outlines_to_geojson",
    "simplify_outlines",
    "svg_map",
]

Point = tuple[float, float]  # (lon, lat), GeoJSON order
Ring = tuple[Point, ...]  # closed: first == last
Polygon = tuple[Ring, ...]  # outer ring, then holes


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    polygons: tuple[Polygon, ...]

    @property
    def vertex_count(self) -> int:
        return sum(len(r) for p in self.polygons for r in p)


# --- GeoJSON ----------------------------------------------------------------------------------------


def _ring(raw: Any, where: str) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise GeoError("bad_geojson", other=f"{where}: a ring needs at least 4 positions")
    pts: list[Point] = []
    for pos in raw:
        if not (isinstance(pos, list | tuple) and len(pos) >= 2):
            raise GeoError("bad_geojson", other=f"{where}: a position must be [lon, lat]")
        lon, lat = float(pos[0]), float(pos[1])
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeoError("bad_geojson", other=f"{where}: position {pos!r} out of range")
        pts.append((lon, lat))
    if pts[0] != pts[-1]:
        raise GeoError("bad_geojson", other=f"{where}: a ring must end where it starts")
    return tuple(pts)


def outlines_from_geojson(
    doc: Mapping[str, Any], *, code_key: str = "code", name_key: str = "name"
) -> list[Outline]:
    """Outlines from a FeatureCollection of Polygon/MultiPolygon features with a code and a name."""
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise GeoError("bad_geojson", other="expected a FeatureCollection")
    out: list[Outline] = []
    for n, feat in enumerate(doc["features"]):
        props = feat.get("properties") or {}
        code, name = str(props.get(code_key, "")), str(props.get(name_key, ""))
        where = f"feature {n} ({code or '?'})"
        if not code:
            raise GeoError("bad_geojson", other=f"{where}: property {code_key!r} is missing")
        geom = feat.get("geometry") or {}
        raw_polys: Any
        if geom.get("type") == "Polygon":
            raw_polys = [geom.get("coordinates")]
        elif geom.get("type") == "MultiPolygon":
            raw_polys = geom.get("coordinates")
        else:
            raise GeoError("bad_geojson", other=f"{where}: geometry must be a Polygon or MultiPolygon")
        if not isinstance(raw_polys, list) or not raw_polys:
            raise GeoError("bad_geojson", other=f"{where}: no coordinates")
        polys = tuple(tuple(_ring(r, where) for r in p) for p in raw_polys if isinstance(p, list) and p)
        out.append(Outline(code, name, polys))
    codes = [o.code for o in out]
    if len(set(codes)) != len(codes):
        raise GeoError("bad_geojson", other="feature codes are not unique")
    return out


def outlines_to_geojson(
    outlines: Iterable[Outline],
    *,
    precision: int = 5,
    properties: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """A compact FeatureCollection (coordinates rounded to ``precision`` decimals; 5 ≈ 1 m)."""

    def pos(p: Point) -> list[float]:
        return [round(p[0], precision), round(p[1], precision)]

    feats = []
    for o in outlines:
        extra = dict((properties or {}).get(o.code, {}))
        feats.append(
            {
                "type": "Feature",
                "properties": {"code": o.code, "name": o.name, **extra},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[pos(p) for p in ring] for ring in poly] for poly in o.polygons],
                },
            }
        )
    return {"type": "FeatureCollection", "features": feats}


# --- simplification ---------------------------------------------------------------------------------


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)


def _douglas_peucker(pts: Sequence[Point], tol: float) -> list[Point]:
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, at = -1.0, -1
        for k in range(i + 1, j):
            d = _seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, at = d, k
        if at >= 0 and best > tol:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def _simplify_arc(arc: list[Point], tol: float, cache: dict[tuple[Point, ...], list[Point]]) -> list[Point]:
    # one canonical direction per arc, so both neighbours get the very same vertices
    forward, backward = tuple(arc), tuple(reversed(arc))
    key = min(forward, backward)
    if key not in cache:
        cache[key] = _douglas_peucker(key, tol)
    got = cache[key]
    return list(got) if key == forward else list(reversed(got))


def simplify_outlines(outlines: Sequence[Outline], tolerance: float) -> list[Outline]:
    """Topology-preserving Douglas–Peucker (``tolerance`` in degrees; 0 returns the input)."""
    if tolerance <= 0:
        return list(outlines)
    owners: dict[Point, set[tuple[int, int, int]]] = defaultdict(set)
    for oi, o in enumerate(outlines):
        for pi, poly in enumerate(o.polygons):
            for ri, ring in enumerate(poly):
                for p in ring[:-1]:
                    owners[p].add((oi, pi, ri))
    cache: dict[tuple[Point, ...], list[Point]] = {}
    result = []
    for o in outlines:
        polys = []
        for poly in o.polygons:
            polys.append(tuple(_simplify_ring(ring, owners, tolerance, cache) for ring in poly))
        result.append(Outline(o.code, o.name, tuple(polys)))
    return result


def _simplify_ring(
    ring: Ring,
    owners: Mapping[Point, set[tuple[int, int, int]]],
    tol: float,
    cache: dict[tuple[Point, ...], list[Point]],
) -> Ring:
    pts = list(ring[:-1])
    n = len(pts)
    sets = [frozenset(owners[p]) for p in pts]
    fixed = [k for k in range(n) if sets[k] != sets[k - 1] or sets[k] != sets[(k + 1) % n]]
    if not fixed:
        # a ring nobody else touches in part: anchor on points every copy of it agrees on
        first = min(range(n), key=lambda k: pts[k])
        far = max(
            range(n), key=lambda k: (math.hypot(pts[k][0] - pts[first][0], pts[k][1] - pts[first][1]), pts[k])
        )
        fixed = sorted({first, far})
    out: list[Point] = []
    for a, b in zip(fixed, fixed[1:] + [fixed[0] + n], strict=True):
        arc = [pts[k % n] for k in range(a, b + 1)]
        out += _simplify_arc(arc, tol, cache)[:-1]
    if len(set(out)) < 3:
        return ring  # the tolerance is larger than the ring: keep it rather than lose it
    return (*out, out[0])


# --- SVG --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SvgPath:
    code: str
    name: str
    d: str  # path data: one "M … Z" per ring; draw with fill-rule="evenodd"


@dataclass(frozen=True)
class SvgMap:
    width: float
    height: float
    paths: tuple[SvgPath, ...]
    lon_min: float
    lat_max: float
    x_scale: float  # SVG units per degree of longitude
    y_scale: float  # SVG units per degree of latitude
    padding: float
    precision: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates of a point (e.g. a youth home), rounded like the paths."""
        x = self.padding + (lon - self.lon_min) * self.x_scale
        y = self.padding + (self.lat_max - lat) * self.y_scale
        return round(x, self.precision), round(y, self.precision)


def _fmt(v: float, precision: int) -> str:
    s = f"{v:.{precision}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def svg_map(
    outlines: Sequence[Outline], *, width: float = 800, padding: float = 8, precision: int = 1
) -> SvgMap:
    """Project outlines into an SVG box ``width`` wide (the height follows the shape)."""
    pts = [p for o in outlines for poly in o.polygons for ring in poly for p in ring]
    if not pts:
        raise GeoError("bad_geojson", other="no outlines to draw")
    if width <= 2 * padding:
        raise GeoError("bad_geojson", other="width must exceed twice the padding")
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = max((lon_max - lon_min) * kx, 1e-9)
    scale = (width - 2 * padding) / span_x
    height = round((lat_max - lat_min) * scale + 2 * padding, precision)
    m = SvgMap(width, height, (), lon_min, lat_max, scale * kx, scale, padding, precision)
    paths = []
    for o in outlines:
        parts = []
        for poly in o.polygons:
            for ring in poly:
                xy = [m.project(lon, lat) for lon, lat in ring[:-1]]
                coords = " ".join(f"{_fmt(x, precision)},{_fmt(y, precision)}" for x, y in xy)
                parts.append(f"M{coords}Z")
        paths.append(SvgPath(o.code, o.name, "".join(parts)))
    return SvgMap(width, height, tuple(paths), lon_min, lat_max, scale * kx, scale, padding, precision)
