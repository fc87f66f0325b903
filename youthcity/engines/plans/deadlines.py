"""When a measure is due, and which years a plan covers.

A measure's deadline comes from its 完成时限 (a table column, a ``完成时限：…`` line or an
inline ``（…；完成时限：…）``), else from its text: ``到2025年底`` and ``2024年6月底前`` are dates,
``年内`` is the end of the plan's own year, ``每年12月底前`` recurs, ``长期坚持`` is ongoing.
A plan's period comes from its title (``（2025—2027年）``, ``2024年…工作要点``, ``“十四五”…规划``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .clauses import end_of, inside, protected_spans
from .model import Deadline, Every, Period

_ONGOING = re.compile(r"长期坚持|长期推进|长期开展|长期实施|持续推进|持续开展|持续实施|常态化(?:推进|开展)?|长期|持续")
_YEARLY_MONTH = re.compile(
    r"每年(?:的)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?(?:底|末|份|中旬|上旬|下旬)?(?:前|以前|之前)?"
)
_YEAR_END = re.compile(r"每年(?:年底|年末|底)(?:前|以前|之前)?")
_EVERY = (
    (re.compile(r"每半年|每年上半年和下半年"), "half_year"),
    (re.compile(r"每季度|每个季度|按季度"), "quarter"),
    (re.compile(r"每月|每个月|按月"), "month"),
    (re.compile(r"每年|年度|按年"), "year"),
)
_MONTH_DAY = re.compile(r"每月\s*(?P<d>\d{1,2})\s*日(?:前|以前|之前)?")
_DATE = re.compile(
    r"(?P<y>20\d{2})\s*(?:年|[-./])\s*(?:(?P<m>\d{1,2})\s*(?:月|[-./])?\s*(?:(?P<d>\d{1,2})\s*日?)?)?"
    r"(?P<half>上半年|下半年)?"
)
_YEAR_RANGE = re.compile(r"(?P<a>20\d{2})\s*年?\s*[—\-–－~～至到]+\s*(?P<b>20\d{2})\s*年?")
_THIS_YEAR = re.compile(r"年内|年底前|年底|本年度|今年底|今年年底|当年")
#: Deadline phrases inside a measure's text (not a 完成时限 field).
_TEXT_DATE = re.compile(
    r"(?:到|至|截至|截止|于|在)\s*(?P<y1>20\d{2})\s*年(?:\s*(?P<m1>\d{1,2})\s*月)?(?:底|末)?"
    r"|(?P<y2>20\d{2})\s*年(?:\s*(?P<m2>\d{1,2})\s*月)?(?:底|末)?(?:前|以前|之前)"
    r"|(?P<y3>20\d{2})\s*年(?:\s*(?P<m3>\d{1,2})\s*月)?(?:底|末)"
)
_TEXT_THIS_YEAR = re.compile(r"(?:^|(?<=[，,。；;：:\s]))(?:力争|争取|确保)?(?:年内|年底前|今年底前?)")
_TEXT_ONGOING = re.compile(r"长期坚持")
_PERIOD_RANGE = re.compile(r"(?P<a>20\d{2})\s*年?\s*[—\-–－~～至到]+\s*(?P<b>20\d{2})\s*年")
_PERIOD_YEAR = re.compile(r"(?P<y>20\d{2})\s*年(?:度)?")
_FIVE_YEAR = {"十四五": (2021, 2025), "十五五": (2026, 2030)}


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is not None and 1 <= month <= 12 and day is not None:
        day = min(day, calendar.monthrange(year, month)[1])
        return date(year, month, max(day, 1)).isoformat()
    return end_of(year, month).isoformat()


def _date_of(match: re.Match[str]) -> str:
    year = int(match.group("y"))
    if match.group("half"):
        return _iso(year, 6 if match.group("half") == "上半年" else 12)
    month = int(match.group("m")) if match.group("m") else None
    day = int(match.group("d")) if match.group("d") else None
    return _iso(year, month, day)


def _recurring(text: str) -> Deadline | None:
    yearly = _YEARLY_MONTH.search(text)
    if yearly:
        month = int(yearly.group("m"))
        if 1 <= month <= 12:
            day = int(yearly.group("d")) if yearly.group("d") else calendar.monthrange(2001, month)[1]
            return Deadline("recurring", text, every="year", month=month, day=day)
    if _YEAR_END.search(text):
        return Deadline("recurring", text, every="year", month=12, day=31)
    monthly = _MONTH_DAY.search(text)
    if monthly:
        return Deadline("recurring", text, every="month", day=int(monthly.group("d")))
    for pattern, every in _EVERY:
        if pattern.search(text):
            chosen: Every = every  # type: ignore[assignment]
            return Deadline("recurring", text, every=chosen)
    return None


def parse_deadline(value: str, year: int | None = None) -> Deadline | None:
    """A 完成时限 as written (``每年12月底前``, ``2025年6月底前``, ``长期坚持``) → a deadline.

    ``year`` is the plan's own year, for ``年内``/``年底前``. A value the rules do not read is
    kept as ``kind="other"`` with its text; an empty value gives None.
    """
    value = value.strip(" 。.；;，,")
    if not value:
        return None
    if _ONGOING.search(value) and re.search(r"起|以来|开始", value):
        return Deadline("ongoing", value)  # 2023年起长期坚持
    if value.startswith("每") or re.search(r"每(?:年|月|季度|半年)", value):
        recurring = _recurring(value)
        if recurring is not None:
            return recurring
    span = _YEAR_RANGE.search(value)
    if span and not re.search(r"[月日]", value[span.end():span.end() + 3]):
        return Deadline("date", value, date=_iso(int(span.group("b"))))
    dates = list(_DATE.finditer(value))
    if dates:
        return Deadline("date", value, date=_date_of(dates[-1]))
    if _THIS_YEAR.search(value):
        return Deadline("date", value, date=_iso(year) if year else None)
    if _ONGOING.search(value):
        return Deadline("ongoing", value)
    return Deadline("other", value)


def deadline_in_text(text: str, year: int | None = None) -> Deadline | None:
    """The deadline a measure's text states, if any: the latest date it names
    (``到2025年底``, ``2024年6月底前``, ``年内``), else ``每年…月底前``, else ``长期坚持``."""
    spans = protected_spans(text)
    best: tuple[str, str] | None = None
    for match in _TEXT_DATE.finditer(text):
        if inside(match.start(), spans):
            continue
        y = match.group("y1") or match.group("y2") or match.group("y3")
        m = match.group("m1") or match.group("m2") or match.group("m3")
        iso = _iso(int(y), int(m) if m else None)
        if best is None or iso > best[0]:
            best = (iso, match.group(0))
    if best is None and year is not None:
        this_year = _TEXT_THIS_YEAR.search(text)
        if this_year:
            best = (_iso(year), this_year.group(0))
    if best is not None:
        return Deadline("date", best[1], date=best[0])
    yearly = _YEARLY_MONTH.search(text) or _YEAR_END.search(text)
    if yearly and re.search(r"前|底|末", yearly.group(0)):
        return _recurring(yearly.group(0))
    ongoing = _TEXT_ONGOING.search(text)
    if ongoing:
        return Deadline("ongoing", ongoing.group(0))
    return None


def plan_period(title: str | None) -> Period | None:
    """The years a plan covers, from its title: ``（2025—2027年）``, ``2024年…工作要点``, ``“十四五”…``."""
    if not title:
        return None
    span = _PERIOD_RANGE.search(title)
    if span:
        first, last = int(span.group("a")), int(span.group("b"))
        if first <= last:
            return Period(date(first, 1, 1).isoformat(), date(last, 12, 31).isoformat(), span.group(0))
    for name, (first, last) in _FIVE_YEAR.items():
        if name in title:
            return Period(date(first, 1, 1).isoformat(), date(last, 12, 31).isoformat(), name)
    single = _PERIOD_YEAR.search(title)
    if single:
        year = int(single.group("y"))
        return Period(date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat(), single.group(0))
    return None
