"""The hours ledger: attendance records + corrections + a rounding rule → credited minutes.

``compute_ledger`` validates the whole batch first and computes nothing if any item is wrong
(``LedgerError`` lists every problem). Corrections never overwrite: each original record keeps
its whole history (record → correction → correction …), and the credited time comes from the
last item of that chain. The ledger's totals are sums over those effective records, in integer
minutes, so every total equals the sum of its records exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import Issue, LedgerError, issue
from .model import AttendanceRecord, Correction, OutsideShift, Period, RoundingRule, Shift, Source
from .rounding import credit_minutes

__all__ = [
    "CreditedRecord",
    "HoursLedger",
    "RecordStatus",
    "compute_ledger",
    "minutes_to_hours",
    "validate_batch",
]

_CODE_ORDER = {
    code: n
    for n, code in enumerate(
        [
            "duplicate_id",
            "naive_datetime",
            "bad_shift",
            "unknown_shift",
            "wrong_shift",
            "missing_scan",
            "checkout_before_checkin",
            "unknown_record",
            "already_superseded",
            "correction_cycle",
            "correction_without_reason",
            "outside_shift",
            "overlap",
            "day_limit",
        ]
    )
}


class RecordStatus(StrEnum):
    CREDITED = "credited"  # closed and not voided: counts
    OPEN = "open"  # checked in, not yet out: credits 0 until closed by a check-out or a correction
    VOID = "void"  # withdrawn by a correction: credits 0, stays in the history


@dataclass(frozen=True, slots=True)
class CreditedRecord:
    """One original attendance record as it stands after its corrections."""

    record_id: str
    person_id: str
    shift_id: str
    project_id: str
    check_in: dt.datetime
    check_out: dt.datetime | None
    service_date: dt.date
    status: RecordStatus
    attended_seconds: int
    credited_minutes: int
    history: tuple[str, ...]  # ids from the original record to the item whose times count

    @property
    def effective_id(self) -> str:
        return self.history[-1]

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.credited_minutes)


def minutes_to_hours(minutes: int) -> Decimal:
    """Hours for display, to two decimals. Sum minutes, then convert: never sum rounded hours."""
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _period_key(day: dt.date, period: Period) -> str:
    if period is Period.DAY:
        return day.isoformat()
    if period is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


@dataclass(frozen=True)
class HoursLedger:
    """The computed ledger. ``records`` has one entry per original record, sorted by id."""

    rule: RoundingRule
    records: tuple[CreditedRecord, ...]
    items: Mapping[str, AttendanceRecord | Correction] = field(repr=False)

    @property
    def total_minutes(self) -> int:
        return sum(r.credited_minutes for r in self.records)

    def _sum_by(self, key: Callable[[CreditedRecord], str]) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.records:
            out[key(r)] += r.credited_minutes
        return dict(sorted(out.items()))

    def by_person(self) -> dict[str, int]:
        """Credited minutes per person (every person with a record appears, even with 0)."""
        return self._sum_by(lambda r: r.person_id)

    def by_project(self) -> dict[str, int]:
        return self._sum_by(lambda r: r.project_id)

    def by_period(self, period: Period = Period.MONTH, *, person_id: str | None = None) -> dict[str, int]:
        """Credited minutes per day/month/year of service (optionally for one person)."""
        if person_id is None:
            return self._sum_by(lambda r: _period_key(r.service_date, period))
        sub = HoursLedger(self.rule, tuple(r for r in self.records if r.person_id == person_id), self.items)
        return sub._sum_by(lambda r: _period_key(r.service_date, period))

    def history(self, record_id: str) -> tuple[AttendanceRecord | Correction, ...]:
        """The original record and every correction of it, oldest first (nothing is dropped)."""
        rec = next((r for r in self.records if r.record_id == record_id), None)
        if rec is None:
            raise KeyError(record_id)
        return tuple(self.items[i] for i in rec.history)

    def to_dict(self) -> dict[str, object]:
        return {
            "total_minutes": self.total_minutes,
            "records": [
                {
                    "record_id": r.record_id,
                    "effective_id": r.effective_id,
                    "person_id": r.person_id,
                    "shift_id": r.shift_id,
                    "project_id": r.project_id,
                    "check_in": r.check_in.isoformat(),
                    "check_out": r.check_out.isoformat() if r.check_out else None,
                    "service_date": r.service_date.isoformat(),
                    "status": r.status.value,
                    "attended_seconds": r.attended_seconds,
                    "credited_minutes": r.credited_minutes,
                    "history": list(r.history),
                }
                for r in self.records
            ],
        }


# --- validation -------------------------------------------------------------------------------------


def _aware(t: dt.datetime | None) -> bool:
    return t is None or (t.tzinfo is not None and t.tzinfo.utcoffset(t) is not None)


def _epoch(t: dt.datetime) -> int:
    return math.floor(t.timestamp())


@dataclass
class _Effective:
    record: AttendanceRecord
    chain: list[str]
    check_in: dt.datetime
    check_out: dt.datetime | None
    void: bool


def _check_ids(
    shifts: list[Shift], records: list[AttendanceRecord], corrections: list[Correction]
) -> list[Issue]:
    issues = []
    for ids in ([s.id for s in shifts], [r.id for r in records] + [c.id for c in corrections]):
        issues += [issue("duplicate_id", i) for i, n in Counter(ids).items() if n > 1]
    return issues


def _check_items(
    shifts: Mapping[str, Shift], records: list[AttendanceRecord], corrections: list[Correction]
) -> list[Issue]:
    issues = []
    for s in shifts.values():
        if not (_aware(s.start) and _aware(s.end)):
            issues.append(issue("naive_datetime", s.id))
        elif s.end <= s.start:
            issues.append(issue("bad_shift", s.id))
    for r in records:
        if not (_aware(r.check_in) and _aware(r.check_out)):
            issues.append(issue("naive_datetime", r.id))
            continue
        if r.shift_id not in shifts:
            issues.append(issue("unknown_shift", r.id, r.shift_id))
        if r.source is Source.QR:
            if r.scanned_shift_id is None:
                issues.append(issue("missing_scan", r.id))
            elif r.scanned_shift_id != r.shift_id:
                issues.append(issue("wrong_shift", r.id, r.scanned_shift_id))
        if r.check_out is not None and r.check_out < r.check_in:
            issues.append(issue("checkout_before_checkin", r.id))
    for c in corrections:
        if not (_aware(c.at) and _aware(c.check_in) and _aware(c.check_out)):
            issues.append(issue("naive_datetime", c.id))
        if not c.by.strip() or not c.reason.strip():
            issues.append(issue("correction_without_reason", c.id))
    return issues


def _resolve(
    records: list[AttendanceRecord], corrections: list[Correction]
) -> tuple[list[_Effective], list[Issue]]:
    """Follow each record's correction chain to its effective times."""
    issues: list[Issue] = []
    known = {r.id for r in records} | {c.id for c in corrections}
    successor: dict[str, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.id):
        if c.supersedes not in known:
            issues.append(issue("unknown_record", c.id, c.supersedes))
        elif c.supersedes in successor:
            issues.append(issue("already_superseded", c.id, c.supersedes))
        else:
            successor[c.supersedes] = c
    reached: set[str] = set()
    out = []
    for r in records:
        eff = _Effective(r, [r.id], r.check_in, r.check_out, False)
        cur = r.id
        while cur in successor:
            c = successor[cur]
            cur = c.id
            reached.add(cur)
            eff.chain.append(cur)
            eff.check_in = c.check_in or eff.check_in
            eff.check_out = c.check_out or eff.check_out
            eff.void = c.void
        if (
            cur != r.id
            and not eff.void
            and eff.check_out is not None
            and _aware(eff.check_in)
            and _aware(eff.check_out)
            and eff.check_out < eff.check_in
        ):
            issues.append(issue("checkout_before_checkin", cur))
        out.append(eff)
    for c in corrections:
        if c.id not in reached and c.supersedes in known and successor.get(c.supersedes) is c:
            issues.append(issue("correction_cycle", c.id))
    return out, issues


def _check_semantics(
    effective: list[_Effective], shifts: Mapping[str, Shift], rule: RoundingRule
) -> list[Issue]:
    issues = []
    grace = dt.timedelta(minutes=rule.grace_minutes)
    closed = [e for e in effective if not e.void and e.check_out is not None and e.record.shift_id in shifts]
    if rule.outside_shift is OutsideShift.REFUSE:
        for e in closed:
            s = shifts[e.record.shift_id]
            assert e.check_out is not None
            if e.check_in < s.start - grace or e.check_out > s.end + grace:
                issues.append(issue("outside_shift", e.chain[-1], s.id))
    by_person: dict[str, list[_Effective]] = defaultdict(list)
    for e in closed:
        by_person[e.record.person_id].append(e)
    for recs in by_person.values():
        recs.sort(key=lambda e: (e.check_in, e.check_out, e.record.id))
        latest: _Effective | None = None
        for e in recs:
            if latest is not None:
                assert latest.check_out is not None
                if e.check_in < latest.check_out:
                    issues.append(issue("overlap", e.chain[-1], latest.chain[-1]))
            if latest is None or (
                e.check_out is not None and latest.check_out is not None and e.check_out > latest.check_out
            ):
                latest = e
    return issues


def _credit(
    effective: list[_Effective], shifts: Mapping[str, Shift], rule: RoundingRule
) -> list[CreditedRecord]:
    zone = rule.zone
    bounds = {sid: (_epoch(s.start), _epoch(s.end)) for sid, s in shifts.items()}
    out = []
    for e in effective:
        s = shifts[e.record.shift_id]
        if e.void:
            status, attended, minutes = RecordStatus.VOID, 0, 0
        elif e.check_out is None:
            status, attended, minutes = RecordStatus.OPEN, 0, 0
        else:
            ci, co = _epoch(e.check_in), _epoch(e.check_out)
            status, attended = RecordStatus.CREDITED, co - ci
            minutes = credit_minutes(ci, co, *bounds[s.id], rule)
        out.append(
            CreditedRecord(
                record_id=e.record.id,
                person_id=e.record.person_id,
                shift_id=s.id,
                project_id=s.project_id,
                check_in=e.check_in,
                check_out=e.check_out,
                service_date=e.check_in.astimezone(zone).date(),
                status=status,
                attended_seconds=attended,
                credited_minutes=minutes,
                history=tuple(e.chain),
            )
        )
    out.sort(key=lambda r: r.record_id)
    return out


def _check_day_limit(credited: list[CreditedRecord], rule: RoundingRule) -> list[Issue]:
    per_day: dict[tuple[str, dt.date], int] = defaultdict(int)
    for r in credited:
        per_day[(r.person_id, r.service_date)] += r.credited_minutes
    limit = rule.max_minutes_per_day
    return [
        issue(
            "day_limit",
            person,
            day.isoformat(),
            limit=f"{limit / 60:g}",
            day_zh=f"{day.year}年{day.month}月{day.day}日",
        )
        for (person, day), minutes in sorted(per_day.items())
        if minutes > limit
    ]


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(set(issues), key=lambda i: (_CODE_ORDER.get(i.code, 99), i.item_id, i.related_id or ""))


def _run(
    shifts: Iterable[Shift],
    records: Iterable[AttendanceRecord],
    corrections: Iterable[Correction],
    rule: RoundingRule,
) -> tuple[list[CreditedRecord], dict[str, AttendanceRecord | Correction], list[Issue]]:
    shift_list, record_list, correction_list = list(shifts), list(records), list(corrections)
    issues = _check_ids(shift_list, record_list, correction_list)
    shift_map = {s.id: s for s in shift_list}
    issues += _check_items(shift_map, record_list, correction_list)
    items: dict[str, AttendanceRecord | Correction] = {r.id: r for r in record_list}
    items.update({c.id: c for c in correction_list})
    if issues:  # later checks assume well-formed, unique items
        return [], items, _sorted(issues)
    effective, chain_issues = _resolve(record_list, correction_list)
    issues += chain_issues
    if issues:
        return [], items, _sorted(issues)
    issues += _check_semantics(effective, shift_map, rule)
    if issues:
        return [], items, _sorted(issues)
    credited = _credit(effective, shift_map, rule)
    issues += _check_day_limit(credited, rule)
    return credited, items, _sorted(issues)


def validate_batch(
    shifts: Iterable[Shift],
    records: Iterable[AttendanceRecord],
    corrections: Iterable[Correction] = (),
    rule: RoundingRule | None = None,
) -> list[Issue]:
    """Every problem of the batch, in a stable order (empty when :func:`compute_ledger` would succeed).

    Checks run in stages (ids and fields → correction chains → shift/overlap rules → day limit);
    a later stage runs only when the earlier ones found nothing, so each issue reported is real.
    """
    return _run(shifts, records, corrections, rule or RoundingRule())[2]


def compute_ledger(
    shifts: Iterable[Shift],
    records: Iterable[AttendanceRecord],
    corrections: Iterable[Correction] = (),
    rule: RoundingRule | None = None,
) -> HoursLedger:
    """Validate the batch and compute the ledger, or raise :class:`LedgerError` with every issue.

    The result does not depend on the order of the inputs, and computing it again from the same
    inputs gives the same ledger.
    """
    rule = rule or RoundingRule()
    credited, items, issues = _run(shifts, records, corrections, rule)
    if issues:
        raise LedgerError(issues)
    return HoursLedger(rule, tuple(credited), items)
