"""Reads over organisation units, including name resolution for plan documents."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from youthcity.regions.models import Region

from .models import Unit, UnitAlias

DIRECTORY_VERSION_KEY = "organizations:directory:version"
DIRECTORY_VERSION_SECONDS = 1.0  # how long a process trusts the version it last read


def directory_version() -> str:
    """A token that changes whenever a unit, a unit alias or a region is saved or deleted (it lives
    in the shared cache; :func:`directory_changed` renews it). Readers that remember name
    resolutions between requests key them by it. A process rereads it at most once a second, so
    another process's change is seen within a second, this process's own at once."""
    now = time.monotonic()
    if _seen[1] > now:
        return _seen[0]
    version = cache.get(DIRECTORY_VERSION_KEY)
    if version is None:
        cache.add(DIRECTORY_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DIRECTORY_VERSION_KEY)
    _seen[:] = [version, now + DIRECTORY_VERSION_SECONDS]
    return version


_seen: list = ["", 0.0]  # (version, trusted until)


def directory_changed(**_kwargs) -> None:
    """Signal receiver (organizations' AppConfig.ready): the unit directory changed."""
    version = uuid.uuid4().hex
    cache.set(DIRECTORY_VERSION_KEY, version, None)
    _seen[:] = [version, time.monotonic() + DIRECTORY_VERSION_SECONDS]


def forget_directory_version() -> None:
    """Reread the version on next use (tests, after the shared cache was cleared)."""
    _seen[:] = ["", 0.0]


_NOISE = re.compile(r"[\s\u3000]|等$|等单位$")


def normalise_unit_name(name: str) -> str:
    """Strip whitespace, trailing 等 and brackets so '区人社局 等' matches '区人社局'."""
    name = _NOISE.sub("", name.strip())
    return name.strip("()（）[]【】,，、;；:：")


@dataclass(frozen=True)
class UnitMatch:
    name: str
    unit: Unit | None
    candidates: tuple[Unit, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.unit is not None


def resolve_unit(name: str, region: Region | None = None) -> UnitMatch:
    """Resolve a unit name found in a document to a unit.

    Exact official name, short name or alias. With ``region`` (the region a plan speaks for),
    only units of that region or the regions above it count and the nearest wins: every
    district has a 区人社局, and a 涧西区 plan's 区委编办 must not resolve to 洛龙区's. Without a
    region a name resolves only when exactly one unit carries it. An unresolved match lists
    the candidates; nothing is guessed.
    """
    key = normalise_unit_name(name)
    if not key:
        return UnitMatch(name=name, unit=None)
    alias_unit_ids = UnitAlias.objects.filter(alias=key).values_list("unit_id", flat=True)
    found = list(
        Unit.objects.filter(Q(name=key) | Q(short_name=key) | Q(pk__in=alias_unit_ids), is_active=True)
        .select_related("region")
        .distinct()
    )
    if region is not None:
        # A plan speaks for its own region: accept units of that region or of the regions above
        # it (a district plan may name 市人社局), never another district's unit of the same name.
        ancestry = [r.path for r in region.ancestors()]
        in_reach = [u for u in found if u.region.path in ancestry]
        for path in reversed(ancestry):  # the nearest region wins
            here = [u for u in in_reach if u.region.path == path]
            if len(here) == 1:
                return UnitMatch(name=name, unit=here[0], candidates=tuple(found))
            if len(here) > 1:
                break
        return UnitMatch(name=name, unit=None, candidates=tuple(found))
    if len(found) == 1:
        return UnitMatch(name=name, unit=found[0])
    return UnitMatch(name=name, unit=None, candidates=tuple(found))
