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

4-5. With ``--pg-size N`` (needs ``DATABASE_URL=postgres://…``; migrates and loads the Luoyang demo
   pack): N volunteers, ``--teams`` volunteer teams (one project each, spread over the districts)
   and N × ``--rows-per-volunteer`` ledger rows generated in SQL (1 % corrections), the summary
   rebuilt; then the team leaderboard read from the summary (citywide this year and all time, one
   district; median of 20, plan), and check-outs through ``services.check_out`` from
   ``--threads`` threads × ``--per-thread`` on one team's project (the hot case), with and without
   the summary update: p50/p95, throughput, and the lost-update check (the group rows moved by
   exactly the minutes credited; the team's all-time row equals its ledger SUM).

    createdb -h 127.0.0.1 -U postgres volteams_pg
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/volteams_pg .venv/bin/python bench/bench_volunteering.py \
        --pg-only --pg-size 1000000 --threads 8 --per-thread 50

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


# --- 4-5. On PostgreSQL: the team leaderboard at size and the write cost of check-outs -----------------


def _pg_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.IS_POSTGRES:
        sys.exit("--pg-size needs PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("migrate", verbosity=0)
    from youthcity.core.city_pack import load_city_pack

    load_city_pack("luoyang", demo=True)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def _median_ms(fn: Callable[[], object], n: int = 20) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 2), round(max(samples), 2)


def pg_build(volunteers: int, rows: int, n_teams: int, batch: int = 1_000_000) -> dict:
    """``volunteers`` accounts, ``n_teams`` teams (one project and one shift each, spread over the
    districts) and ``rows`` ledger rows (1 % corrections) generated in SQL, then the summary
    rebuilt from the ledger (``totals.rebuild``)."""
    from django.db import connection
    from django.utils import timezone

    from youthcity.accounts.models import User
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region
    from youthcity.volunteering import totals
    from youthcity.volunteering.models import Project, Shift, Team

    lead = User.objects.get(username="vol_lead")
    year = timezone.localdate().year
    year_start = timezone.make_aware(dt.datetime(year, 1, 2))
    tag = str(int(time.time()))
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    townships = {d.pk: Region.objects.filter(path__startswith=d.path, level="township").first() for d in districts}
    districts = [d for d in districts if townships[d.pk] is not None]
    units = list(Unit.objects.order_by("code")[:50])
    teams = Team.objects.bulk_create(
        [
            Team(
                code=f"b{tag}-{i}",
                name=f"压测志愿服务队{i}",
                host=units[i % len(units)],
                district=districts[i % len(districts)],
                leader=lead,
            )
            for i in range(n_teams)
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"b{tag}-{t.pk}",
                title=f"压测项目{t.pk}",
                unit=t.host,
                region=townships[t.district_id],
                team=t,
                lead=lead,
                increment_minutes=15,
            )
            for t in teams
        ]
    )
    shifts = Shift.objects.bulk_create(
        [
            Shift(project=p, role="压测", place="-", starts_at=year_start, ends_at=year_start + dt.timedelta(days=1),
                  capacity=1000)
            for p in projects
        ]
    )
    shift_ids = [s.pk for s in shifts]
    with connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        first = cur.fetchone()[0] + 1
        t0 = time.perf_counter()
        cur.execute(
            f"""INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                    is_staff, is_active, date_joined, id_number, id_number_index, display_name,
                    preferred_language, must_change_password)
                SELECT '!', false, 'v{tag}-' || g, '', '', '', false, true, now(), '', '',
                       '志愿者' || g, 'zh-hans', false
                FROM generate_series(1, {volunteers}) g"""
        )
        print(f"   {volunteers:,} volunteers inserted in {time.perf_counter() - t0:.0f} s; {_load()}", flush=True)
        cur.execute("ALTER TABLE volunteering_hoursentry SET (autovacuum_enabled = false)")
        done = 0
        while done < rows:
            n = min(batch, rows - done)
            t0 = time.perf_counter()
            # record k of a person starts k days after 2 January (one 2-hour slot a day, no overlap)
            cur.execute(
                f"""INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out,
                        void, reason, recorded_by_id, credited_minutes, created_at)
                    SELECT 'record', {first} + mod(g, {volunteers}),
                           (ARRAY{shift_ids})[1 + mod(g * 7 + g / {volunteers}, {len(shift_ids)})],
                           'lead', %s + ((g / {volunteers}) || ' days')::interval + (mod(g, 5) || ' hours')::interval,
                           %s + ((g / {volunteers}) || ' days')::interval + (mod(g, 5) || ' hours')::interval
                               + interval '2 hours',
                           false, '', {lead.pk}, 30 + 30 * mod(g, 7), now()
                    FROM generate_series({done}, {done + n - 1}) g""",
                [year_start, year_start],
            )
            done += n
            print(f"   ledger rows {done:,} / {rows:,} ({time.perf_counter() - t0:.0f} s)", flush=True)
        cur.execute(
            f"""INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out, void,
                    reason, recorded_by_id, credited_minutes, created_at, supersedes_id)
                SELECT 'correction', person_id, shift_id, 'lead', check_in, check_out - interval '30 minutes',
                       false, '核对', {lead.pk}, greatest(credited_minutes - 30, 0), now(), id
                FROM volunteering_hoursentry WHERE kind = 'record' AND person_id >= {first} AND id % 100 = 0"""
        )
        cur.execute("ALTER TABLE volunteering_hoursentry SET (autovacuum_enabled = true)")
        cur.execute("ANALYZE volunteering_hoursentry")
        cur.execute("SELECT count(*) FROM volunteering_hoursentry")
        n_rows = cur.fetchone()[0]
    t0 = time.perf_counter()
    counts = totals.rebuild()
    took = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("ANALYZE volunteering_hourstotal")
        cur.execute("ANALYZE volunteering_membertotal")
    print(
        f"   ledger {n_rows:,} rows; summary rebuilt in {took:.0f} s: {counts['totals']:,} totals, "
        f"{counts['members']:,} group rows; {_load()}",
        flush=True,
    )
    return {"first": first, "volunteers": volunteers, "year": year, "lead": lead, "projects": projects}


def pg_team_leaderboard(year: int) -> None:
    from youthcity.volunteering import selectors
    from youthcity.volunteering.models import HoursTotal, TotalScope

    district = (
        HoursTotal.objects.filter(scope=TotalScope.DISTRICT, year=year).order_by("-minutes").values_list("key", flat=True)
    ).first()
    cases = {
        "teams citywide, this year (top 10)": lambda: selectors.team_leaderboard(year),
        "teams citywide, all time (top 10)": lambda: selectors.team_leaderboard(0),
        "teams of one district, this year (top 10)": lambda: selectors.team_leaderboard(year, district),
        "leaderboard page data (districts, organisations, universities, teams, volunteers)": lambda: selectors.leaderboard(
            year
        ),
    }
    print(f"\n4. Team leaderboard from the summary ({_load()}):")
    for label, fn in cases.items():
        med, worst = _median_ms(fn)
        print(f"   {label}: median {med} ms, max {worst} ms (20 runs)")
    plan = (
        HoursTotal.objects.filter(scope=TotalScope.TEAM, parent=district, year=year, minutes__gt=0)
        .order_by("-minutes", "key")[:10]
        .explain(analyze=True, buffers=True)
    )
    print("   plan (teams of one district):\n      " + plan.replace("\n", "\n      "))


def _open_records(built: dict, project, persons: list[int], day: dt.date) -> list[int]:
    """Open check-in records (the lead's check-in, written directly: the bench times check-outs) on
    a new shift of ``project`` the evening of ``day``."""
    from django.utils import timezone

    from youthcity.volunteering.models import HoursEntry, Shift

    start = timezone.make_aware(dt.datetime.combine(day, dt.time(19)))
    shift = Shift.objects.create(
        project=project, role="压测签退", place="-", starts_at=start, ends_at=start + dt.timedelta(hours=3),
        capacity=len(persons),
    )
    rows = HoursEntry.objects.bulk_create(
        [
            HoursEntry(kind="record", person_id=p, shift=shift, check_in=start + dt.timedelta(minutes=i % 7),
                       recorded_by=built["lead"])
            for i, p in enumerate(persons)
        ]
    )
    return [r.pk for r in rows]


def _group_minutes(project, year: int) -> dict:
    from youthcity.volunteering import totals
    from youthcity.volunteering.models import HoursTotal

    out = {}
    for scope, key, row_year, _parent in totals._rows_of(project, year):
        out[(scope, key, row_year)] = (
            HoursTotal.objects.filter(scope=scope, key=key, year=row_year).values_list("minutes", flat=True).first() or 0
        )
    return out


def _run_check_outs(entries: list[int], threads: int, lead) -> tuple[list[float], float, list[str]]:
    import threading

    from django.db import connections

    from youthcity.volunteering import services
    from youthcity.volunteering.models import HoursEntry

    chunks = [entries[i::threads] for i in range(threads)]
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=120)
            for pk in chunks[i]:
                t0 = time.perf_counter()
                try:
                    e = HoursEntry.objects.get(pk=pk)
                    services.check_out(actor=lead, entry=e, at=e.check_in + dt.timedelta(hours=2, minutes=50))
                except Exception as exc:  # noqa: BLE001 - counted and printed
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
                latencies[i].append((time.perf_counter() - t0) * 1000)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    barrier.wait(timeout=120)
    t0 = time.perf_counter()
    for t in pool:
        t.join(1800)
    return [x for lat in latencies for x in lat], time.perf_counter() - t0, errors


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pg_check_outs(built: dict, threads: int, per_thread: int) -> None:
    """Check-outs from ``threads`` threads at once (each its own connection), all on one team's
    project (the hot case: every check-out moves the same district, organisation and team rows),
    with the summary update and without it; then the lost-update check."""
    from django.db import connection
    from django.utils import timezone

    from youthcity.volunteering import selectors, totals
    from youthcity.volunteering.models import HoursEntry, HoursTotal, TotalScope

    n = threads * per_thread
    first, year, lead = built["first"], built["year"], built["lead"]
    hot, other = built["projects"][0], built["projects"][1]
    day = timezone.localdate() - dt.timedelta(days=1)
    print(f"\n5. Check-outs: {threads} threads × {per_thread} on one team's project ({_load()})")
    results = {}
    for label, project, offset, with_summary in (
        ("with the summary update", hot, 0, True),
        ("without the summary update", other, n, False),
    ):
        persons = list(range(first + offset, first + offset + n))
        entries = _open_records(built, project, persons, day)
        before = _group_minutes(project, year)
        real = totals.entry_credit
        if not with_summary:
            totals.entry_credit = lambda entry, sign=1: None
        try:
            lat, wall, errors = _run_check_outs(entries, threads, lead)
        finally:
            totals.entry_credit = real
        credited = sum(HoursEntry.objects.filter(pk__in=entries).values_list("credited_minutes", flat=True))
        after = _group_minutes(project, year)
        results[label] = (lat, wall)
        print(
            f"   {label}: {len(lat):,} check-outs in {wall:.1f} s = {len(lat) / wall:,.1f}/s; "
            f"p50 {_pct(lat, 0.5):.1f} ms, p95 {_pct(lat, 0.95):.1f} ms, max {max(lat):.1f} ms; "
            f"errors {len(errors)}{' e.g. ' + errors[0] if errors else ''}; {_load()}",
            flush=True,
        )
        if with_summary:
            lost = {k: (after[k] - before[k]) - credited for k in before if after[k] - before[k] != credited}
            team_rows = HoursTotal.objects.filter(scope=TotalScope.TEAM, key=project.team_id, year__in=[year, 0])
            ledger = sum(
                selectors.effective_entries()
                .filter(void=False, shift__project__team_id=project.team_id)
                .values_list("credited_minutes", flat=True)
            )
            all_time = team_rows.filter(year=0).values_list("minutes", flat=True).first()
            print(
                f"   lost updates: {len(lost)} group rows off ({lost or 'none'}); the team's all-time total "
                f"{all_time:,} min = its ledger SUM {ledger:,} min: {all_time == ledger}"
            )
        else:  # bring the summary back in step for what the no-summary run wrote
            for e in HoursEntry.objects.filter(pk__in=entries).select_related("shift__project__team"):
                totals.entry_credit(e)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM volunteering_hoursentry")
        print(f"   ledger now {cur.fetchone()[0]:,} rows")
    (w, ww), (wo, wwo) = results["with the summary update"], results["without the summary update"]
    print(
        f"   summary update's cost: p50 {_pct(w, 0.5) - _pct(wo, 0.5):+.1f} ms, throughput "
        f"{len(w) / ww:,.1f}/s vs {len(wo) / wwo:,.1f}/s"
    )


def bench_pg(args) -> None:
    _pg_setup()
    print(f"\nPostgreSQL part: --pg-size {args.pg_size:,} volunteers, {args.pg_size * args.rows_per_volunteer:,} rows; {_load()}")
    built = pg_build(args.pg_size, args.pg_size * args.rows_per_volunteer, args.teams)
    pg_team_leaderboard(built["year"])
    pg_check_outs(built, args.threads, args.per_thread)
    if args.pg_size * args.rows_per_volunteer <= 2_000_000:
        from youthcity.volunteering import totals

        t0 = time.perf_counter()
        problems = totals.check()
        print(f"   totals.check(): {len(problems)} differences ({time.perf_counter() - t0:.0f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--volunteers", type=int, default=1_000_000)
    ap.add_argument("--records", type=int, default=10_000_000)
    ap.add_argument("--scalar-records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pg-size", type=int, default=0, help="volunteers for the PostgreSQL part (0: skip it)")
    ap.add_argument("--rows-per-volunteer", type=int, default=10)
    ap.add_argument("--teams", type=int, default=200)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--per-thread", type=int, default=50)
    ap.add_argument("--pg-only", action="store_true", help="skip the in-memory parts 1-3")
    args = ap.parse_args()
    print(
        f"bench_volunteering — numpy {np.__version__}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, "
        f"{dt.datetime.now().isoformat(timespec='seconds')}"
    )
    if not args.pg_only:
        bench_bulk(args.volunteers, args.records, args.repeat)
        bench_scalar(args.scalar_records, args.repeat)
        print("\n3. 15-minute reach (WalkingModel defaults: 15 min, 4.5 km/h, detour 1.3):")
        bench_reach(50, 2_000, args.repeat)
        bench_reach(500, 20_000, args.repeat)
    if args.pg_size:
        bench_pg(args)


if __name__ == "__main__":
    main()
