"""15-minute reach of youth homes (青年之家) and township coverage ("全覆盖", computed).

Walking model (all parameters explicit, see :class:`WalkingModel`): a young person can reach a
home if the straight-line (great-circle, haversine) distance from their community's point to the
nearest home, multiplied by a detour factor for the street network, can be walked within the time
budget at the given speed::

    walking minutes = haversine distance × detour_factor ÷ (speed_kmh × 1000 / 60)
    reached         ⇔ walking minutes ≤ minutes

Defaults: 15 minutes at 4.5 km/h with a detour factor of 1.3 — 1,125 m of walking, i.e. a
straight-line radius of about 865 m. A detour factor (route length ÷ straight-line distance) of
1.2–1.4 is typical of city street networks; 1.3 is on the cautious side. Cities with street
data can replace this model by network distances later; the interface (homes, communities →
shares) stays the same.

Everybody in a community is placed at the community's point (the population-weighted centre is
best). Homes and communities must use the same datum (WGS-84 or GCJ-02, as the map provider
gives them); over a few kilometres the offset between the two cancels out in a distance.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import GeoError

__all__ = [
    "EARTH_RADIUS_M",
    "AreaReach",
    "Community",
    "CommunityReach",
    "Coverage",
    "Home",
    "ReachResult",
    "Township",
    "WalkingModel",
    "compute_reach",
    "haversine_m",
    "nearest",
    "township_coverage",
]

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class WalkingModel:
    minutes: float = 15.0
    speed_kmh: float = 4.5
    detour_factor: float = 1.3

    def __post_init__(self) -> None:
        ok = all(math.isfinite(v) for v in (self.minutes, self.speed_kmh, self.detour_factor))
        if not ok or self.minutes <= 0 or not 0.5 <= self.speed_kmh <= 10 or not 1 <= self.detour_factor <= 3:
            raise GeoError("bad_model", other="minutes > 0, speed 0.5–10 km/h, detour factor 1–3")

    @property
    def metres_per_minute(self) -> float:
        return self.speed_kmh * 1000 / 60

    @property
    def radius_m(self) -> float:
        """The straight-line distance reachable in ``minutes``."""
        return self.minutes * self.metres_per_minute / self.detour_factor

    def walking_minutes(self, distance_m: float) -> float:
        return distance_m * self.detour_factor / self.metres_per_minute


@dataclass(frozen=True, slots=True)
class Home:
    id: str
    lat: float
    lon: float
    township_code: str = ""


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    lat: float
    lon: float
    young_population: int
    township_code: str
    district_code: str


@dataclass(frozen=True, slots=True)
class Township:
    code: str
    name: str
    district_code: str


@dataclass(frozen=True, slots=True)
class CommunityReach:
    community_id: str
    nearest_home_id: str | None  # None when there is no home at all
    distance_m: float  # straight-line; inf without homes
    walking_minutes: float
    reached: bool
    young_population: int


@dataclass(frozen=True, slots=True)
class AreaReach:
    """Reach summed over an area (township, district or the whole city)."""

    code: str
    young_population: int
    young_reached: int
    communities: int
    communities_reached: int

    @property
    def share(self) -> float | None:
        """Share of young people within reach; ``None`` for an area without young people."""
        return self.young_reached / self.young_population if self.young_population else None


@dataclass(frozen=True)
class ReachResult:
    model: WalkingModel
    communities: tuple[CommunityReach, ...]  # in input order
    townships: tuple[AreaReach, ...]  # sorted by code
    districts: tuple[AreaReach, ...]
    city: AreaReach


def haversine_m(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Great-circle distance in metres; the arguments broadcast (degrees)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    out: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def nearest(
    lat: FloatArray, lon: FloatArray, home_lat: FloatArray, home_lon: FloatArray, *, chunk: int = 4096
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Index of and distance to the nearest home for every point (chunked: memory stays bounded)."""
    n = lat.shape[0]
    idx = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.inf)
    if home_lat.shape[0] == 0:
        return idx, dist
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        d = haversine_m(lat[lo:hi, None], lon[lo:hi, None], home_lat[None, :], home_lon[None, :])
        k = np.argmin(d, axis=1)
        idx[lo:hi] = k
        dist[lo:hi] = d[np.arange(hi - lo), k]
    return idx, dist


def _check_points(points: Sequence[Home] | Sequence[Community]) -> None:
    for item_id, n in Counter(p.id for p in points).items():
        if n > 1:
            raise GeoError("duplicate_id", item_id)
    for p in points:
        if not (
            math.isfinite(p.lat) and math.isfinite(p.lon) and -90 <= p.lat <= 90 and -180 <= p.lon <= 180
        ):
            raise GeoError("bad_coordinate", p.id)


def _area(code: str, rows: list[CommunityReach]) -> AreaReach:
    return AreaReach(
        code,
        sum(r.young_population for r in rows),
        sum(r.young_population for r in rows if r.reached),
        len(rows),
        sum(1 for r in rows if r.reached),
    )


def compute_reach(
    homes: Iterable[Home], communities: Iterable[Community], model: WalkingModel | None = None
) -> ReachResult:
    """Which communities lie within the walking budget of a home, and the shares per area."""
    model = model or WalkingModel()
    hs, cs = list(homes), list(communities)
    _check_points(hs)
    _check_points(cs)
    for c in cs:
        if (
            isinstance(c.young_population, bool)
            or not isinstance(c.young_population, int)
            or c.young_population < 0
        ):
            raise GeoError("bad_population", c.id)
    idx, dist = nearest(
        np.array([c.lat for c in cs], dtype=np.float64),
        np.array([c.lon for c in cs], dtype=np.float64),
        np.array([h.lat for h in hs], dtype=np.float64),
        np.array([h.lon for h in hs], dtype=np.float64),
    )
    reached = dist <= model.radius_m
    rows = tuple(
        CommunityReach(
            c.id,
            hs[int(idx[i])].id if idx[i] >= 0 else None,
            float(dist[i]),
            model.walking_minutes(float(dist[i])),
            bool(reached[i]),
            c.young_population,
        )
        for i, c in enumerate(cs)
    )
    by_township: dict[str, list[CommunityReach]] = defaultdict(list)
    by_district: dict[str, list[CommunityReach]] = defaultdict(list)
    for c, r in zip(cs, rows, strict=True):
        by_township[c.township_code].append(r)
        by_district[c.district_code].append(r)
    return ReachResult(
        model,
        rows,
        tuple(_area(code, by_township[code]) for code in sorted(by_township)),
        tuple(_area(code, by_district[code]) for code in sorted(by_district)),
        _area("", list(rows)),
    )


@dataclass(frozen=True)
class Coverage:
    """Townships (streets) with and without a youth home: the "全覆盖" target, computed."""

    townships: int
    with_home: int
    without_home: tuple[Township, ...]  # sorted by district, then code
    homes_per_township: dict[str, int]

    @property
    def share(self) -> float | None:
        return self.with_home / self.townships if self.townships else None

    @property
    def full(self) -> bool:
        """全覆盖: every township has at least one home (false for an empty list)."""
        return self.townships > 0 and not self.without_home


def township_coverage(townships: Iterable[Township], homes: Iterable[Home]) -> Coverage:
    """Count homes per township and list the townships still without one."""
    ts = list(townships)
    for code, n in Counter(t.code for t in ts).items():
        if n > 1:
            raise GeoError("duplicate_id", code)
    known = {t.code for t in ts}
    count: dict[str, int] = {t.code: 0 for t in ts}
    for h in homes:
        if h.township_code not in known:
            raise GeoError("unknown_township", h.id, h.township_code)
        count[h.township_code] += 1
    without = tuple(sorted((t for t in ts if count[t.code] == 0), key=lambda t: (t.district_code, t.code)))
    return Coverage(len(ts), len(ts) - len(without), without, dict(sorted(count.items())))
