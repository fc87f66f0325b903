"""Volunteering hours and 15-minute reach, in memory (no database).

    .venv/bin/python bench/bench_volunteering.py [--volunteers 1000000] [--records 10000000] [--repeat 3]

1. Hours ledger, bulk path (``compute_totals``): N synthetic effective records for V volunteers
   (seeded), each a check-in/out for a shift of 1–4 hours, spread over a year, never overlapping
   per volunteer. Times the whole call (validation: check-out order, overlaps per volunteer,
   daily limit; crediting under a 15-minute round-down rule; totals per volunteer and project),
   then a district leaderboard from the per-volunteer totals. Checks the grand total against an
   independent sum.
2. The scalar ledger (``compute_ledger``, dataclasses, corrections) on a 100,000-record slice, to
   show what the pure-Python path costs per record (the Django side uses it per batch).
3. Reach: 50 homes × 2,000 communities (and 500 × 20,000), haversine matrix, nearest home,
   shares per township and district.

Prints data sizes, wall time (min/median of --repeat runs) and throughput. Figures depend on the
machine and its load; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from youthcity.engines.geo import Community, Home, compute_reach  # noqa: E402
from youthcity.engines.volunteering import (  # noqa: E402
    AttendanceRecord,
    RecordArrays,
    RoundingRule,
    Shift,
    Source,
    compute_ledger,
    compute_totals,
    credit_minutes_array,
)

T = TypeVar("T")
RULE = RoundingRule(increment_minutes=15)
YEAR_START = int(dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())


class Timing(list[float]):
    """Wall times of the runs, with the CPU times of the same runs beside them."""

    cpu: list[float]


def timed(fn: Callable[[], T], repeat: int) -> tuple[T, Timing]:
    times = Timing()
    times.cpu = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        times.cpu.append(time.process_time() - c0)
    return result, times


def fmt(times: Timing) -> str:
    return (
        f"wall min {min(times) * 1000:,.0f} ms, median {statistics.median(times) * 1000:,.0f} ms; "
        f"CPU min {min(times.cpu) * 1000:,.0f} ms, median {statistics.median(times.cpu) * 1000:,.0f} ms (n={len(times)})"
    )


def synthetic_records(volunteers: int, records: int, seed: int) -> RecordArrays:
    """Records sorted by nothing in particular; at most one record per volunteer per slot."""
    rng = np.random.default_rng(seed)
    person = rng.integers(0, volunteers, records, dtype=np.int64)
    # one shift slot per (volunteer, record number): day of year × 3 slots a day, distinct per person
    slot = np.empty(records, dtype=np.int64)
    order = np.argsort(person, kind="stable")
    counts = np.bincount(person, minlength=volunteers)
    starts = np.cumsum(counts) - counts
    rank = np.arange(records) - np.repeat(starts, counts)
    slots_per_year = 365 * 3
    offset = rng.integers(0, slots_per_year, volunteers, dtype=np.int64)
    slot[order] = (offset[person[order]] + rank * 7) % slots_per_year  # step 7: coprime with 1095
    day, part = slot // 3, slot % 3
    shift_start = YEAR_START + day * 86400 + (8 + 5 * part) * 3600  # 08:00, 13:00, 18:00
    shift_len = rng.integers(1, 5, records, dtype=np.int64) * 3600
    shift_end = shift_start + shift_len
    check_in = shift_start + rng.integers(-10 * 60, 20 * 60, records, dtype=np.int64)
    check_out = np.minimum(
        shift_end + rng.integers(-30 * 60, 15 * 60, records, dtype=np.int64), shift_start + 4 * 3600 + 59 * 60
    )
    check_out = np.maximum(check_out, check_in)
    project = rng.integers(0, 2000, records, dtype=np.int64)
    return RecordArrays(person, project, check_in, check_out, shift_start, shift_end)


def bench_bulk(volunteers: int, records: int, repeat: int) -> None:
    t0 = time.perf_counter()
    arrays = synthetic_records(volunteers, records, seed=1)
    gen = time.perf_counter() - t0
    nbytes = sum(
        getattr(arrays, f).nbytes
        for f in ("person", "project", "check_in", "check_out", "shift_start", "shift_end")
    )
    print(
        f"\n1. Hours ledger, bulk: {volunteers:,} volunteers, {records:,} records "
        f"({nbytes / 2**20:,.0f} MiB of int64 arrays; generated in {gen:.1f} s)"
    )
    t, times = timed(lambda: compute_totals(arrays, RULE, n_persons=volunteers, n_projects=2000), repeat)
    print(
        f"   compute_totals (validate + credit + totals): {fmt(times)}; "
        f"{records / min(times) / 1e6:,.1f} M records/s wall, {records / min(times.cpu) / 1e6:,.1f} M/s CPU"
    )

    def credit_and_sum() -> object:
        credited = credit_minutes_array(arrays.check_in, arrays.check_out, arrays.shift_start, arrays.shift_end, RULE)
        return np.bincount(arrays.person, weights=credited, minlength=volunteers)

    _, ct = timed(credit_and_sum, repeat)
    print(f"   of which crediting + per-volunteer sums alone (no validation, no sort): {fmt(ct)}")
    check = int(t.credited.sum())
    assert check == t.total_minutes == int(t.by_person.sum()) == int(t.by_project.sum())
    print(
        f"   total credited: {t.total_minutes / 60:,.0f} h; mean {t.total_minutes / 60 / volunteers:.1f} h per volunteer"
    )
    district = np.random.default_rng(2).integers(0, 14, volunteers)

    def leaderboard() -> object:
        ids = np.flatnonzero(district == 3)
        top = ids[np.argsort(-t.by_person[ids], kind="stable")[:10]]
        return top, np.bincount(district, weights=t.by_person, minlength=14)

    _, lt = timed(leaderboard, repeat)
    print(f"   district leaderboard (top 10 of one district) + hours per district: {fmt(lt)}")
    one = int(np.random.default_rng(3).integers(0, volunteers))
    _, ot = timed(lambda: int(t.by_person[one]), repeat)
    print(f"   one volunteer's total (array lookup): {min(ot) * 1e6:.1f} µs")


def bench_scalar(n: int, repeat: int) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    base = dt.datetime(2026, 5, 1, 8, tzinfo=zone)
    shifts = [
        Shift(f"s{d}", f"p{d % 20}", base + dt.timedelta(days=d), base + dt.timedelta(days=d, hours=3))
        for d in range(365)
    ]
    recs = [
        AttendanceRecord(
            f"r{i}",
            f"u{i // 365}",
            f"s{i % 365}",
            base + dt.timedelta(days=i % 365, minutes=-5),
            base + dt.timedelta(days=i % 365, hours=2, minutes=50),
            Source.QR,
            f"s{i % 365}",
        )
        for i in range(n)
    ]
    ledger, times = timed(lambda: compute_ledger(shifts, recs, [], RULE), repeat)
    print(
        f"\n2. Hours ledger, scalar (dataclasses, corrections, zh/en issues): {n:,} records, "
        f"{n // 365:,} volunteers: {fmt(times)}; {min(times) / n * 1e6:.1f} µs wall, {min(times.cpu) / n * 1e6:.1f} µs CPU per record"
    )
    assert ledger.total_minutes > 0


def bench_reach(homes: int, communities: int, repeat: int) -> None:
    rng = np.random.default_rng(4)
    hs = [
        Home(f"h{i}", float(rng.uniform(34.4, 34.8)), float(rng.uniform(112.2, 112.8))) for i in range(homes)
    ]
    cs = [
        Community(
            f"c{i}",
            float(rng.uniform(34.4, 34.8)),
            float(rng.uniform(112.2, 112.8)),
            int(rng.integers(0, 3000)),
            f"t{i % 60}",
            f"d{i % 14}",
        )
        for i in range(communities)
    ]
    res, times = timed(lambda: compute_reach(hs, cs), repeat)
    share = res.city.share
    print(
        f"   {homes} homes × {communities:,} communities ({homes * communities:,} distances): {fmt(times)}; "
        f"city share reached {share:.1%}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--volunteers", type=int, default=1_000_000)
    ap.add_argument("--records", type=int, default=10_000_000)
    ap.add_argument("--scalar-records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"bench_volunteering — numpy {np.__version__}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}"
    )
    bench_bulk(args.volunteers, args.records, args.repeat)
    bench_scalar(args.scalar_records, args.repeat)
    print("\n3. 15-minute reach (WalkingModel defaults: 15 min, 4.5 km/h, detour 1.3):")
    bench_reach(50, 2_000, args.repeat)
    bench_reach(500, 20_000, args.repeat)


if __name__ == "__main__":
    main()
