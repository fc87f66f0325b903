"""The hours ledger over millions of records at once (NumPy; no Python loop per record).

For recomputation and statistics: a city re-crediting every record after a rule change, the
district figures of the index, the benchmark. Input is the **effective** records only (the
stored current version of each record, corrections already applied, void and open ones left
out), as int64 arrays. The same checks as :func:`compute_ledger` that make sense on arrays are
applied (check-out before check-in, outside the shift under ``REFUSE``, overlaps per person, the
daily limit); the whole batch is refused if any fails. Results equal the scalar ledger's
(property-tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import Issue, LedgerError, issue
from .model import OutsideShift, RoundingRule
from .rounding import credit_minutes_array

__all__ = ["RecordArrays", "ArrayTotals", "compute_totals"]

IntArray = npt.NDArray[np.int64]
MAX_ISSUES = 20  # a refused batch of ten million lists its first problems, not all of them


@dataclass(frozen=True)
class RecordArrays:
    """Effective records as parallel int64 arrays; persons and projects are dense codes ``0..n-1``.

    ``record_id`` is optional: when given, issues name those ids; otherwise the array position.
    """

    person: IntArray
    project: IntArray
    check_in: IntArray  # epoch seconds
    check_out: IntArray
    shift_start: IntArray
    shift_end: IntArray
    record_id: IntArray | None = None

    def __len__(self) -> int:
        return int(self.person.shape[0])


@dataclass(frozen=True)
class ArrayTotals:
    credited: IntArray  # minutes per record, in input order
    by_person: IntArray  # minutes per person code (length n_persons)
    by_project: IntArray
    total_minutes: int


def _name(a: RecordArrays, idx: int) -> str:
    return str(int(a.record_id[idx])) if a.record_id is not None else f"#{idx}"


def _utc_offset(rule: RoundingRule, a: RecordArrays) -> int:
    """The zone's UTC offset; the array path needs it constant over the batch (no DST switch)."""
    if len(a) == 0:
        return 0
    lo, hi = int(a.check_in.min()), int(a.check_in.max())
    offsets = {dt.datetime.fromtimestamp(t, rule.zone).utcoffset() for t in (lo, hi, (lo + hi) // 2)}
    if len(offsets) != 1:
        raise LedgerError(
            [
                issue(
                    "bad_rule",
                    "rule",
                    detail_zh="时区在本批记录期间改变了UTC偏移，请改用逐条计算（compute_ledger）",
                    detail_en="the time zone changes its UTC offset within the batch; use compute_ledger",
                )
            ]
        )
    (off,) = offsets
    assert off is not None
    return int(off.total_seconds())


def _check(a: RecordArrays, rule: RoundingRule) -> list[Issue]:
    issues: list[Issue] = []
    bad = np.flatnonzero(a.check_out < a.check_in)
    issues += [issue("checkout_before_checkin", _name(a, int(i))) for i in bad[:MAX_ISSUES]]
    if rule.outside_shift is OutsideShift.REFUSE:
        g = rule.grace_minutes * 60
        out = np.flatnonzero((a.check_in < a.shift_start - g) | (a.check_out > a.shift_end + g))
        issues += [issue("outside_shift", _name(a, int(i)), "") for i in out[:MAX_ISSUES]]
    return issues


_HIGH = 1 << 34  # > any epoch second until the year 2514


def _order(a: RecordArrays) -> IntArray:
    """Record positions sorted by (person, check-in, check-out).

    One sort of a single int64 key (person in the high bits) is several times faster than a
    three-key lexsort; ties on (person, check-in) are rare, and then check-out decides, so such
    batches take the lexsort. ``compute_totals`` has checked that the key fits in int64.
    """
    key = a.person * _HIGH + a.check_in
    order = np.argsort(key).astype(np.int64)
    k = key[order]
    if not np.any(k[1:] == k[:-1]):
        return order
    return np.lexsort((a.check_out, a.check_in, a.person)).astype(np.int64)


def _overlaps(a: RecordArrays, order: IntArray, person: IntArray, ci: IntArray) -> list[Issue]:
    co = a.check_out[order]
    # Each person's running maximum of check-out, by folding the person code into the high bits
    # so that one global cumulative maximum restarts at every person (persons are sorted).
    shift = np.int64(_HIGH)
    running = np.maximum.accumulate(person * shift + co)
    same = person[1:] == person[:-1]
    hit = np.flatnonzero(same & (person[1:] * shift + ci[1:] < running[:-1])) + 1
    found = []
    for k in hit[:MAX_ISSUES]:
        # the earlier record that still runs: the one whose check-out reached the running maximum
        prev = int(np.flatnonzero(person[:k] * shift + co[:k] == running[k - 1])[-1])
        found.append(issue("overlap", _name(a, int(order[k])), _name(a, int(order[prev]))))
    return found


def _day_limit(
    a: RecordArrays, order: IntArray, person: IntArray, ci: IntArray, credited: IntArray, rule: RoundingRule
) -> list[Issue]:
    day = (ci + _utc_offset(rule, a)) // 86400
    # records sorted by (person, check-in) are also sorted by (person, service day)
    starts = np.flatnonzero(np.r_[True, (person[1:] != person[:-1]) | (day[1:] != day[:-1])])
    sums = np.add.reduceat(credited[order], starts)
    over = np.flatnonzero(sums > rule.max_minutes_per_day)
    out = []
    for g in over[:MAX_ISSUES]:
        d = dt.date(1970, 1, 1) + dt.timedelta(days=int(day[starts[g]]))
        out.append(
            issue(
                "day_limit",
                str(int(person[starts[g]])),
                d.isoformat(),
                limit=f"{rule.max_minutes_per_day / 60:g}",
                day_zh=f"{d.year}年{d.month}月{d.day}日",
            )
        )
    return out


def compute_totals(
    a: RecordArrays, rule: RoundingRule, *, n_persons: int | None = None, n_projects: int | None = None
) -> ArrayTotals:
    """Credit every record and total per person and project, or raise :class:`LedgerError`."""
    n = len(a)
    for name in ("project", "check_in", "check_out", "shift_start", "shift_end"):
        if getattr(a, name).shape != (n,):
            raise LedgerError(
                [
                    issue(
                        "bad_arrays",
                        "arrays",
                        detail_zh=f"{name}的长度与其他数组不同",
                        detail_en=f"{name} has a different length",
                    )
                ]
            )
    if n and (
        int(a.person.min()) < 0
        or int(a.person.max()) >= 1 << 28
        or int(a.project.min()) < 0
        or int(min(a.check_in.min(), a.check_out.min())) < 0
        or int(max(a.check_in.max(), a.check_out.max())) >= _HIGH
    ):
        raise LedgerError(
            [
                issue(
                    "bad_arrays",
                    "arrays",
                    detail_zh="编号应在0至2²⁸−1之间，时间应在1970年至2514年之间",
                    detail_en="codes must be 0…2**28−1 and times 1970…2514",
                )
            ]
        )
    issues = _check(a, rule)
    if issues:
        raise LedgerError(issues)
    order = _order(a)
    person_sorted, check_in_sorted = a.person[order], a.check_in[order]
    issues = _overlaps(a, order, person_sorted, check_in_sorted)
    if issues:
        raise LedgerError(issues)
    credited = credit_minutes_array(a.check_in, a.check_out, a.shift_start, a.shift_end, rule)
    issues = _day_limit(a, order, person_sorted, check_in_sorted, credited, rule) if n else []
    if issues:
        raise LedgerError(issues)
    # bincount sums in float64: exact for integer totals below 2**53 minutes
    by_person = np.bincount(a.person, weights=credited, minlength=n_persons or 0).astype(np.int64)
    by_project = np.bincount(a.project, weights=credited, minlength=n_projects or 0).astype(np.int64)
    return ArrayTotals(credited, by_person, by_project, int(credited.sum()))
