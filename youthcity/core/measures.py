"""Live measures: figures the platform itself knows (registered young people, station stays,
benefits paid, homes allocated …), per region and period, for the ledger's targets and the index.

Each domain declares its measures in ``<app>/live.py`` as ``MEASURES = [LiveMeasure(...)]``;
:class:`youthcity.core.domain.DomainConfig` registers them when the app is ready. A measure is a
function ``fn(region, period)`` returning a number for the region's whole subtree in the period
(a year such as ``"2026"``), or ``None`` when the platform cannot know it (e.g. beds keep no
history, so a past year has no value — never a zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

MeasureFn = Callable[[object, str], "Decimal | float | int | None"]


@dataclass(frozen=True)
class LiveMeasure:
    code: str
    fn: MeasureFn
    label: object  # lazy translation: what it counts
    unit: object = ""  # lazy translation or symbol: persons, stays, %, 元 …
    provider: str = ""  # the app that computes it
    aggregation: object = ""  # how the region's value is made (sum over the subtree, share of …)

    def value(self, region, period: str) -> Decimal | None:
        value = self.fn(region, period)
        return None if value is None else Decimal(str(value))


_REGISTRY: dict[str, LiveMeasure] = {}


def register(measure: LiveMeasure) -> None:
    """Register (or replace) a live measure."""
    _REGISTRY[measure.code] = measure


def register_all(measures: Iterable[LiveMeasure], provider: str) -> None:
    for measure in measures:
        register(measure if measure.provider else LiveMeasure(**{**measure.__dict__, "provider": provider}))


def unregister(code: str) -> None:
    _REGISTRY.pop(code, None)


def all_measures() -> list[LiveMeasure]:
    return sorted(_REGISTRY.values(), key=lambda m: m.code)


def get(code: str) -> LiveMeasure | None:
    return _REGISTRY.get(code)


def value(code: str, region, period: str) -> Decimal | None:
    measure = _REGISTRY.get(code)
    return None if measure is None else measure.value(region, period)


def year_of(period: str) -> int | None:
    """The year of a period such as "2026", or None for anything else."""
    text = str(period)
    return int(text) if text.isdigit() and len(text) == 4 else None


def is_current_year(period: str) -> bool:
    return year_of(period) == timezone.localdate().year


def period_end(period: str) -> dt.datetime:
    """The last instant of a year period in the city's time zone."""
    return timezone.make_aware(dt.datetime(int(period), 12, 31, 23, 59, 59))
