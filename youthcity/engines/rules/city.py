"""`CityProfile`: the facts about a city that a synthetic population needs, read from its pack.

A city is data, not code: the engine holds no district list or share of any city.  A city pack
(``youthcity/cities/<city>/``) has a ``population.yaml``::

    city: luoyang                # the code policies compare city facts with (param city.code)
    districts:                   # district code as policies use it, keyed by the region code
      "410311": luolong
    hukou_shares:                # share of young residents by city of household registration
      luoyang: 0.62
      zhengzhou: 0.10

`load_city_profile(pack)` reads and checks it (errors name file, line and column); callers that
already hold the pack's data (the Django side) build a `CityProfile` directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .yamlnodes import YamlFile

POPULATION_FILE = "population.yaml"


@dataclass(frozen=True, slots=True)
class CityProfile:
    """A city as the synthetic population sees it.

    `city` is the code the policies compare city facts with; `districts` the district codes
    (drawn uniformly); `hukou_shares` (city code, share) pairs for the city of household
    registration, `city` among them (shares are normalised); `district_regions` (region code,
    district code) pairs that link the pack's region tree to the district codes.
    """

    city: str
    districts: tuple[str, ...]
    hukou_shares: tuple[tuple[str, float], ...]
    district_regions: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.districts:
            raise ValueError("a city needs at least one district")
        if len(set(self.districts)) != len(self.districts):
            raise ValueError("district codes must be distinct")
        cities = [c for c, _ in self.hukou_shares]
        if len(set(cities)) != len(cities):
            raise ValueError("hukou cities must be distinct")
        if self.city not in cities:
            raise ValueError(f"the hukou shares must include the city itself ({self.city!r})")
        if any(not (math.isfinite(s) and s > 0) for _, s in self.hukou_shares):
            raise ValueError("hukou shares must be positive numbers")
        unknown = sorted({d for _, d in self.district_regions} - set(self.districts))
        if unknown:
            raise ValueError(f"district_regions name unknown districts: {', '.join(unknown)}")

    @property
    def cities(self) -> tuple[str, ...]:
        """The hukou city codes, in declaration order (the categories of the city columns)."""
        return tuple(c for c, _ in self.hukou_shares)

    def district_for_region(self, region_code: str) -> str | None:
        """The district code of a region in the pack's region tree (None if not a district)."""
        return dict(self.district_regions).get(region_code)


def load_city_profile(pack: str | Path) -> CityProfile:
    """Read ``population.yaml`` from the city pack folder `pack`; raises `PolicyError` with the
    file, line and column of what is wrong."""
    f = YamlFile(Path(pack) / POPULATION_FILE)
    top = f.mapping(f.root, "the population file", required=("city", "districts", "hukou_shares"))
    city = f.string(top["city"][1], "city")
    districts_node = top["districts"][1]
    regions: list[tuple[str, str]] = []
    for knode, vnode in f.mapping(districts_node, "districts").values():
        regions.append((str(knode.value), f.string(vnode, f"the district code of region {knode.value}")))
    shares: list[tuple[str, float]] = []
    for name, (_, vnode) in f.mapping(top["hukou_shares"][1], "hukou_shares").items():
        share = float(f.number(vnode, f"the hukou share of {name}"))
        if not (math.isfinite(share) and share > 0):
            raise f.error(vnode, f"the hukou share of {name} must be a positive number")
        shares.append((name, share))
    try:
        return CityProfile(
            city=city,
            districts=tuple(code for _, code in regions),
            hukou_shares=tuple(shares),
            district_regions=tuple(regions),
        )
    except ValueError as exc:
        raise f.error(f.root, str(exc)) from None
