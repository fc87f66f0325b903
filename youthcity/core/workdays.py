"""Working days in mainland China: weekends and public holidays off, make-up working days (调休) on.

The State Council publishes each year's holiday arrangement (国务院办公厅关于…部分节假日安排的通知),
moving some weekend days to working days so that holidays join up. The `holidays` package
(python-holidays) carries those arrangements as data: `is_working_day` is false on a holiday or a
day off moved there, and true on a Saturday or Sunday worked in exchange. Years the State Council
has not announced yet follow the statutory holidays only (and are therefore approximate).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=8)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=year)


def is_working_day(day: dt.date) -> bool:
    """Whether government offices work on `day` (a make-up Saturday counts, a holiday does not)."""
    return bool(_calendar(day.year).is_working_day(day))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    days, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            days += 1
    return days
