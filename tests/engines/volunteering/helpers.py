"""Builders and Hypothesis strategies shared by the volunteering tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from youthcity.engines.volunteering import (
    AttendanceRecord,
    Correction,
    OutsideShift,
    RoundingMode,
    RoundingRule,
    Shift,
    Source,
)

SH = ZoneInfo("Asia/Shanghai")
BASE = dt.datetime(2026, 5, 1, 8, 0, tzinfo=SH)


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, second, tzinfo=SH)


def shift(id: str, start: dt.datetime, end: dt.datetime, project: str = "p1") -> Shift:
    return Shift(id, project, start, end, "洛龙区开元路街道青年之家")


def qr(id: str, person: str, s: str, ci: dt.datetime, co: dt.datetime | None) -> AttendanceRecord:
    return AttendanceRecord(id, person, s, ci, co, Source.QR, s)


def lead(id: str, person: str, s: str, ci: dt.datetime, co: dt.datetime | None) -> AttendanceRecord:
    return AttendanceRecord(id, person, s, ci, co, Source.LEAD)


def fix(id: str, supersedes: str, **kw: object) -> Correction:
    return Correction(
        id, supersedes, by="项目负责人王老师", reason="扫码设备故障，按签到表更正", at=at(20, 9), **kw
    )  # type: ignore[arg-type]


rules = st.builds(
    RoundingRule,
    increment_minutes=st.sampled_from([1, 5, 10, 15, 30, 60]),
    mode=st.sampled_from(list(RoundingMode)),
    minimum_minutes=st.sampled_from([0, 0, 10, 30]),
    cap_at_shift=st.booleans(),
    outside_shift=st.sampled_from([OutsideShift.COUNT, OutsideShift.TRIM]),
    grace_minutes=st.just(0),
)


@st.composite
def batches(draw: st.DrawFn, with_corrections: bool = True):  # type: ignore[no-untyped-def]
    """A valid-looking batch: shifts, non-overlapping records per person, shrinking corrections.

    Returns (shifts, records, corrections, effective) where ``effective`` maps each record id to
    (check_in, check_out | None, void, chain) as the test expects it after corrections.
    """
    shifts = []
    for k in range(draw(st.integers(1, 3))):
        start = BASE + dt.timedelta(minutes=draw(st.integers(0, 2 * 24 * 60)))
        length = dt.timedelta(minutes=draw(st.integers(1, 8 * 60)))
        shifts.append(shift(f"s{k}", start, start + length, project=f"p{k % 2}"))
    records: list[AttendanceRecord] = []
    corrections: list[Correction] = []
    effective: dict[str, tuple[dt.datetime, dt.datetime | None, bool, tuple[str, ...]]] = {}
    for p in range(draw(st.integers(1, 4))):
        t = BASE - dt.timedelta(hours=2) + dt.timedelta(seconds=draw(st.integers(0, 36_000)))
        for j in range(draw(st.integers(0, 4))):
            t += dt.timedelta(seconds=draw(st.integers(0, 36_000)))
            dur = dt.timedelta(seconds=draw(st.integers(0, 6 * 3600)))
            s = draw(st.sampled_from(shifts))
            rid = f"r{p}-{j}"
            open_ = draw(st.integers(0, 9)) == 0
            co = None if open_ else t + dur
            rec = (qr if draw(st.booleans()) else lead)(rid, f"u{p}", s.id, t, co)
            records.append(rec)
            chain: tuple[str, ...] = (rid,)
            ci_eff, co_eff, void = t, co, False
            if with_corrections and draw(st.integers(0, 3)) == 0:
                for n in range(draw(st.integers(1, 2))):
                    cid = f"c{p}-{j}-{n}"
                    if draw(st.booleans()):
                        corrections.append(fix(cid, chain[-1], void=True))
                        void = True
                    else:
                        # shrinking a record can never create an overlap or pass the daily limit
                        base_out = co_eff if co_eff is not None else t + dur
                        new_out = ci_eff + (base_out - ci_eff) * draw(st.integers(0, 100)) / 100
                        new_out = new_out.replace(microsecond=0)
                        corrections.append(fix(cid, chain[-1], check_out=new_out))
                        co_eff, void = new_out, False
                    chain += (cid,)
            effective[rid] = (ci_eff, co_eff, void, chain)
            t += dur
    return shifts, records, corrections, effective
