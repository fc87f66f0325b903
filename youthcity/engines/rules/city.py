"""`CityProfile`: the facts about a city that a synthetic population needs, from its city pack.

A city is data, not code: the engine holds no district list or share of any city.  They come from
the pack's ``city.yaml`` (the file the platform loads the city from)::

    city: {code: "410300", name: 洛阳市, key: luoyang}   # key: optional, see below
    cities:                          # cities young people come from; the city itself first
      - {code: luoyang, name: 洛阳市, share: 0.62}       # share: of young residents' hukou
      - {code: zhengzhou, name: 郑州市, share: 0.10}
    districts:
      - {code: "410311", key: luolong, weight: 5, ...}   # key: the code policies use

The city's own code (the one policies compare city facts with, ``param.city.code``) is
``city.key``, or else the first of ``cities``.  Hukou shares are the cities' ``share``; a pack
that gives none uses ``synthetic.local_share`` for the city itself and splits the rest evenly
over the other cities.  District weights are optional (uniform without them).

`city_profile(data)` builds a profile from the pack's data as loaded (the Django side holds it);
`load_city_profile(pack)` reads ``city.yaml`` from a pack folder (the command line).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import PolicyError

CITY_FILE = "city.yaml"


@dataclass(frozen=True, slots=True)
class CityProfile:
    """A city as the synthetic population sees it.

    `city` is the code the policies compare city facts with; `districts` the district codes the
    policies use; `district_weights` their relative sizes (empty: all alike); `hukou_shares`
    (city code, share) pairs for the city of household registration, `city` among them (shares
    are normalised); `district_regions` (region code, district code) pairs that link the pack's
    region tree to the district codes.
    """

    city: str
    districts: tuple[str, ...]
    hukou_shares: tuple[tuple[str, float], ...]
    district_regions: tuple[tuple[str, str], ...] = ()
    district_weights: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if not self.districts:
            raise ValueError("a city needs at least one district")
        if len(set(self.districts)) != len(self.districts):
            raise ValueError("district codes must be distinct")
        if self.district_weights and (
            len(self.district_weights) != len(self.districts) or not all(_positive(w) for w in self.district_weights)
        ):
            raise ValueError("district weights must be positive numbers, one per district")
        cities = [c for c, _ in self.hukou_shares]
        if len(set(cities)) != len(cities):
            raise ValueError("hukou cities must be distinct")
        if self.city not in cities:
            raise ValueError(f"the hukou shares must include the city itself ({self.city!r})")
        if not all(_positive(s) for _, s in self.hukou_shares):
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


def _positive(x: float) -> bool:
    return math.isfinite(x) and x > 0


def city_profile(data: Mapping[str, Any]) -> CityProfile:
    """The profile of a city pack from its ``city.yaml`` data; raises `ValueError` saying what is
    missing or wrong."""
    cities = _entries(data, "cities")
    if not cities:
        raise ValueError("city.yaml lists no cities (the city itself first)")
    codes = [str(_get(c, "code", f"cities[{i}]")) for i, c in enumerate(cities)]
    city_data = data.get("city") or {}
    own = str(city_data.get("key") or codes[0])
    districts = _entries(data, "districts")
    keys = tuple(str(d.get("key") or _get(d, "code", f"districts[{i}]")) for i, d in enumerate(districts))
    weights: tuple[float, ...] = ()
    if any("weight" in d for d in districts):
        weights = tuple(_number(_get(d, "weight", f"districts[{i}]"), f"districts[{i}].weight") for i, d in enumerate(districts))
    return CityProfile(
        city=own,
        districts=keys,
        hukou_shares=_hukou_shares(data, cities, codes, own),
        district_regions=tuple((str(d["code"]), k) for d, k in zip(districts, keys, strict=True) if "code" in d),
        district_weights=weights,
    )


def _hukou_shares(
    data: Mapping[str, Any], cities: Sequence[Mapping[str, Any]], codes: list[str], own: str
) -> tuple[tuple[str, float], ...]:
    if any("share" in c for c in cities):
        return tuple(
            (code, _number(_get(c, "share", f"cities[{i}]"), f"cities[{i}].share"))
            for i, (code, c) in enumerate(zip(codes, cities, strict=True))
        )
    local = (data.get("synthetic") or {}).get("local_share")
    if local is None:
        raise ValueError("city.yaml gives no hukou shares: a `share` on each of `cities`, or synthetic.local_share")
    local = _number(local, "synthetic.local_share")
    others = [c for c in codes if c != own]
    if not 0 < local <= 1 or (local < 1 and not others):
        raise ValueError("synthetic.local_share must be in (0, 1], and below 1 only with other cities")
    rest = (1 - local) / len(others) if others else 0.0
    return tuple((c, local if c == own else rest) for c in codes if c == own or rest > 0)


def _entries(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ValueError(f"city.yaml: {key} must be a list of mappings")
    return value


def _get(entry: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise ValueError(f"city.yaml: {where} needs `{key}`")
    return entry[key]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"city.yaml: {where} must be a number, not {value!r}")
    return float(value)


def load_city_profile(pack: str | Path) -> CityProfile:
    """Read the profile of the city pack folder `pack` (its ``city.yaml``); raises `PolicyError`
    naming the file and what is wrong."""
    path = Path(pack) / CITY_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(str(path), 1, 1, f"cannot read file: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise PolicyError(str(path), line, col, f"YAML syntax error: {exc.problem}") from None
    if not isinstance(data, Mapping):
        raise PolicyError(str(path), 1, 1, "city.yaml must be a mapping")
    try:
        return city_profile(data)
    except ValueError as exc:
        raise PolicyError(str(path), 1, 1, str(exc).removeprefix("city.yaml: ")) from None
