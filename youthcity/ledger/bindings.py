"""Targets bound to live measures: what the platform says a bound target has achieved.

A bound target (``Target.live_measure``, ``live_region``, ``live_period``) reads its achieved
value from the live measure (:mod:`youthcity.core.measures`) when a page is read; nothing is
written then. The daily snapshot run (:func:`youthcity.ledger.services.live_snapshots_take`)
keeps the history. Period rules:

* ``year`` — the figure of the current year (for 每年 targets, and for stocks and shares such as
  beds in service or coverage, whose figure is "now");
* ``total`` — the sum of the yearly figures from the plan's first year to the current year (or
  the target's deadline year, if earlier); only for measures whose yearly figures add up
  (:func:`youthcity.ledger.matching.additive`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from youthcity.core import measures

from . import matching
from .models import LivePeriod, Target


@dataclass(frozen=True)
class Reading:
    """A bound target's value from the platform, and when it was read."""

    code: str
    value: Decimal | None
    as_of: dt.datetime
    years: tuple[int, ...]

    @property
    def measure(self) -> measures.LiveMeasure | None:
        return measures.get(self.code)


def years_for(period_rule: str, *, plan_start: dt.date, deadline: dt.date | None, day: dt.date) -> tuple[int, ...]:
    """The years whose figures a target reads on ``day``."""
    if period_rule == LivePeriod.TOTAL:
        last = min(day.year, deadline.year) if deadline else day.year
        first = min(plan_start.year, last)
        return tuple(range(first, last + 1))
    return (day.year,)


class Reader:
    """Reads bound targets, asking each (measure, region, year) once per page."""

    def __init__(self, day: dt.date | None = None):
        self.day = day or timezone.localdate()
        self.now = timezone.now()
        self._memo: dict[tuple[str, int, int], Decimal | None] = {}

    def figure(self, code: str, region, year: int) -> Decimal | None:
        key = (code, region.pk, year)
        if key not in self._memo:
            self._memo[key] = measures.value(code, region, str(year))
        return self._memo[key]

    def read(self, target: Target, plan) -> Reading | None:
        if not target.live_measure:
            return None
        years = years_for(target.live_period, plan_start=plan.starts_on, deadline=target.deadline or plan.ends_on,
                          day=self.day)
        if measures.get(target.live_measure) is None or target.live_region is None:
            return Reading(target.live_measure, None, self.now, years)
        figures = [self.figure(target.live_measure, target.live_region, y) for y in years]
        known = [f for f in figures if f is not None]
        value = sum(known, Decimal(0)) if known else None
        return Reading(target.live_measure, value, self.now, years)


def default_period(code: str, *, per_year: bool) -> str:
    """The period rule a binding gets unless the coordinator chooses: this year's figure for 每年
    targets and for measures that do not add up over years, else the sum since the plan began."""
    if per_year or not matching.additive(code):
        return LivePeriod.YEAR
    return LivePeriod.TOTAL


def allowed_periods(code: str) -> list[str]:
    return [LivePeriod.YEAR, LivePeriod.TOTAL] if matching.additive(code) else [LivePeriod.YEAR]


def suggestions(*, subject: str, text: str, unit: str, context: str = "") -> list[measures.LiveMeasure]:
    """Live measures a target probably is (matching rules in :mod:`youthcity.ledger.matching`)."""
    known = {m.code for m in measures.all_measures()}
    codes = matching.suggest(subject=subject or "", text=text or "", unit=unit or "", context=context or "",
                             known=known)
    return [m for m in (measures.get(c) for c in codes) if m is not None]


def target_suggestions(target: Target) -> list[measures.LiveMeasure]:
    return suggestions(subject=target.subject, text=target.text, unit=target.unit, context=target.measure.text)
