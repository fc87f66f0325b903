"""Loading a city pack: the mechanism. What each part of a city means is each app's own step.

A city is data: a folder holding ``city.yaml`` (the city, its districts and townships, units, and
demo people) plus files the domains read (``policies/``, ``plans/``, ``stations.yaml``,
``index/`` …). Apps add their steps through ``DomainConfig.city_pack_order`` and a
``city_pack.py`` module with ``load(pack, report)``; :func:`load_city_pack` runs them in order in
one transaction.

``demo`` says whether the demo people and demo activity (applications, bookings, reports,
approved index data) are loaded too; a real city loads its structure only (``demo=False``).

Loading is idempotent: rows are looked up by stable keys and written only when something differs
(:func:`sync`), so a second run changes nothing (and writes nothing to the audit log).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

CITIES_DIR = Path(__file__).resolve().parent.parent / "cities"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool | None) -> None:
        if created is None:
            return
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def merge(self, other: LoadReport) -> None:
        for mine, theirs in ((self.created, other.created), (self.updated, other.updated)):
            for kind, n in theirs.items():
                mine[kind] = mine.get(kind, 0) + n
        self.notes += other.notes

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class CityPack:
    key: str
    path: Path
    data: dict
    demo: bool = False

    @property
    def city(self) -> dict:
        return self.data["city"]

    @property
    def city_code(self) -> str:
        return str(self.city["code"])

    @property
    def districts(self) -> list[dict]:
        return list(self.data.get("districts") or [])

    def district(self, code: str) -> dict | None:
        return next((d for d in self.districts if str(d["code"]) == str(code)), None)

    def file(self, *parts: str) -> Path:
        return self.path.joinpath(*parts)

    def read_yaml(self, name: str) -> Any:
        """A YAML file of the pack (None when the pack has no such file)."""
        path = self.file(name)
        if not path.exists():
            return None
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)


Step = Callable[[CityPack, LoadReport], None]
_STEPS: list[tuple[int, str, Step]] = []


def register_step(name: str, step: Step, *, order: int = 100) -> None:
    """Add an app's loading step (see :class:`youthcity.core.domain.DomainConfig`)."""
    if all(existing != name for _, existing, _ in _STEPS):
        _STEPS.append((order, name, step))


def pack_path(key_or_path: str | Path) -> Path:
    """A pack named by its key (a folder under ``youthcity/cities``) or by its own folder path."""
    candidate = Path(key_or_path)
    if candidate.is_dir() and (candidate / "city.yaml").exists():
        return candidate.resolve()
    return CITIES_DIR / str(key_or_path)


def open_pack(key_or_path: str | Path, *, demo: bool = False) -> CityPack:
    path = pack_path(key_or_path)
    with open(path / "city.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return CityPack(key=path.name, path=path, data=data, demo=demo)


@functools.cache
def _cached_pack(key_or_path: str) -> CityPack:
    return open_pack(key_or_path)


def current_pack() -> CityPack:
    """The pack of the city this installation serves (setting ``CITY_PACK``: a key or a folder)."""
    return _cached_pack(str(settings.YOUTHCITY_CITY_PACK))


def sync(model, lookup: dict, values: dict):
    """Get or create by ``lookup``; write ``values`` only when they differ.
    Returns (obj, True if created / False if updated / None if unchanged)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    dirty = [k for k, v in values.items() if getattr(obj, k) != v]
    if not dirty:
        return obj, None
    for k in dirty:
        setattr(obj, k, values[k])
    obj.save()
    return obj, False


@transaction.atomic
def load_city_pack(key_or_path: str | Path, *, demo: bool = False) -> LoadReport:
    """Load (or refresh) a city pack: every app's step in order. Safe to run any number of times."""
    pack = open_pack(key_or_path, demo=demo)
    report = LoadReport()
    for _order, _name, step in sorted(_STEPS, key=lambda s: (s[0], s[1])):
        step(pack, report)
    return report
