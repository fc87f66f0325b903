"""Working days in mainland China: weekends and public holidays off, make-up working days (调休) on.

The State Council publishes each year's holiday arrangement (国务院办公厅关于…部分节假日安排的通知),
moving some weekend days to working days so that holidays join up. The `holidays` package
(python-holidays) carries those arrangements as data: `is_working_day` is false on a holiday or a
day off moved there, and true on a Saturday or Sunday worked in exchange. Years the State Council
has not announced yet follow the statutory holidays only (and are therefore approximate).

A city pack may carry a newer notice before the package has it: ``calendar.yaml`` beside
``city.yaml`` with ``days_off`` and ``working_days`` (ISO dates) overrides the package's answer
for exactly those days.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import yaml
from django.conf import settings

from .city_pack import pack_path


@lru_cache(maxsize=8)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=year)


def read_overrides(path) -> dict[dt.date, bool]:
    """``calendar.yaml`` → {day: works}; a day listed both ways is an error."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    off = {dt.date.fromisoformat(str(d)) for d in data.get("days_off") or ()}
    on = {dt.date.fromisoformat(str(d)) for d in data.get("working_days") or ()}
    both = sorted(off & on)
    if both:
        raise ValueError(f"{path}: {both[0].isoformat()} is listed as a day off and as a working day")
    return {**dict.fromkeys(off, False), **dict.fromkeys(on, True)}


@lru_cache(maxsize=4)
def _overrides(pack: str) -> dict[dt.date, bool]:
    path = pack_path(pack) / "calendar.yaml"
    return read_overrides(path) if path.exists() else {}


def is_working_day(day: dt.date) -> bool:
    """Whether government offices work on `day` (a make-up Saturday counts, a holiday does not)."""
    override = _overrides(settings.YOUTHCITY_CITY_PACK).get(day)
    if override is not None:
        return override
    return bool(_calendar(day.year).is_working_day(day))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    days, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            days += 1
    return days
