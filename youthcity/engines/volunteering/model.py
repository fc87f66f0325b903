"""Typed inputs of the hours ledger: shifts, attendance records, corrections and the rounding rule.

All times are timezone-aware :class:`datetime.datetime` values. Durations are computed in whole
seconds and credited in whole minutes, so totals are exact integers (hours are for display only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from .errors import LedgerError, issue

__all__ = [
    "AttendanceRecord",
    "Correction",
    "OutsideShift",
    "Period",
    "RoundingMode",
    "RoundingRule",
    "Shift",
    "Source",
]


class Source(StrEnum):
    """Who produced an attendance record."""

    QR = "qr"  # the volunteer scanned the shift's code (or staff scanned the volunteer's)
    LEAD = "lead"  # the project lead entered or confirmed the times


class RoundingMode(StrEnum):
    """How a duration is brought to a multiple of the rule's increment."""

    DOWN = "down"
    UP = "up"
    NEAREST = "nearest"  # exactly half an increment rounds up
    NEAREST_HALF_DOWN = "nearest_half_down"  # exactly half an increment rounds down


class OutsideShift(StrEnum):
    """What happens to attended time before the shift starts or after it ends."""

    COUNT = "count"  # credit all attended time (the cap still applies if the rule caps)
    TRIM = "trim"  # credit only the part inside the shift
    REFUSE = "refuse"  # refuse the record if it starts or ends outside the shift (± grace), else trim


class Period(StrEnum):
    """Granularity of the per-period totals (by the service day of each record)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Shift:
    """One shift of a volunteering project: when and where volunteers serve."""

    id: str
    project_id: str
    start: dt.datetime
    end: dt.datetime
    place: str = ""

    @property
    def length_seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    """A check-in/check-out of one person for one shift.

    ``check_out`` is ``None`` while the person is still checked in (credited 0, listed as open).
    For ``Source.QR`` records, ``scanned_shift_id`` is the shift the scanned code belongs to; a code
    of another shift or event is refused (``wrong_shift``).
    """

    id: str
    person_id: str
    shift_id: str
    check_in: dt.datetime
    check_out: dt.datetime | None
    source: Source = Source.QR
    scanned_shift_id: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """An append-only correction: it supersedes one earlier record or correction, never edits it.

    It changes the times (``check_in``/``check_out``; ``None`` keeps the superseded value) or voids
    the record (``void=True``: the person did not serve). A correction keeps the person and shift
    of the record it corrects; serving on another shift is a void plus a new record. ``by`` and
    ``reason`` are required: who corrected and why.
    """

    id: str
    supersedes: str
    by: str
    reason: str
    at: dt.datetime
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    void: bool = False


@dataclass(frozen=True, slots=True)
class RoundingRule:
    """How attended time becomes credited minutes; chosen per project and stored with it.

    The steps, in order (each one is monotone, so more time never gives fewer minutes):

    1. **Outside the shift** (``outside_shift``): ``COUNT`` keeps all attended time; ``TRIM``
       keeps the part inside the shift; ``REFUSE`` refuses a record that starts more than
       ``grace_minutes`` before the shift or ends more than ``grace_minutes`` after it, and trims
       the rest.
    2. **Cap** (``cap_at_shift``): the duration is capped at the shift's length.
    3. **Minimum** (``minimum_minutes``): a duration below it credits 0.
    4. **Rounding** (``mode``, ``increment_minutes``): to a multiple of the increment. An
       increment of 1 with ``DOWN`` credits whole minutes (seconds dropped).
    5. **Cap again** (only with ``cap_at_shift``): rounding up can pass the shift's length; the
       credited time never does.

    ``max_minutes_per_day`` bounds what one person is credited per service day (the local date
    of the check-in in ``timezone``); a batch that exceeds it is refused (``day_limit``).

    Example, 志愿山城's published rule (≤15 min → 0 h, ≤45 min → 0.5 h, ≤60 min → 1 h):
    ``RoundingRule(increment_minutes=30, mode=RoundingMode.NEAREST_HALF_DOWN)``.
    """

    increment_minutes: int = 15
    mode: RoundingMode = RoundingMode.DOWN
    minimum_minutes: int = 0
    cap_at_shift: bool = True
    outside_shift: OutsideShift = OutsideShift.TRIM
    grace_minutes: int = 0
    max_minutes_per_day: int = 24 * 60
    timezone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        problems: list[tuple[str, str]] = []  # (Chinese, English)
        for name, zh, low in (
            ("increment_minutes", "取整单位", 1),
            ("minimum_minutes", "最短计入时长", 0),
            ("grace_minutes", "班次前后宽限", 0),
            ("max_minutes_per_day", "每日上限", 1),
        ):
            if not low <= getattr(self, name) <= 24 * 60:
                problems.append(
                    (f"{zh}应在{low}至1440分钟之间", f"{name} must be between {low} and 1440 minutes")
                )
        try:
            ZoneInfo(self.timezone)
        except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
            problems.append((f"未知时区「{self.timezone}」", f"unknown time zone “{self.timezone}”"))
        if problems:
            raise LedgerError(
                [
                    issue(
                        "bad_rule",
                        "rule",
                        detail_zh="；".join(zh for zh, _ in problems),
                        detail_en="; ".join(en for _, en in problems),
                    )
                ]
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
