"""Event sign-ups under a stampede and volunteering totals at size, on PostgreSQL (in-process).

    createdb -h 127.0.0.1 -U postgres events_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/events_bench .venv/bin/python bench/bench_events.py \
        --people 5000 --places 500 --hours-rows 1000000

1. ``--people`` threads (each with its own connection, at most ``--connections`` at once) sign up
   at the same moment for one event with ``--places`` places: prints the outcome counts, errors,
   wall time, and checks in SQL that exactly ``--places`` sign-ups are confirmed on distinct places.
2. ``--hours-rows`` ledger rows (generated in SQL; 1 % of them corrections) over the same people:
   one volunteer's total and a district leaderboard, timed (median of 20) with the query plan.
3. ``--volunteers N --summary-rows M`` (the issue's size: 1,000,000 volunteers, 10,000,000 hour
   records): N accounts and M ledger rows generated in SQL (1 % corrections) across every demo
   project, the summary rebuilt from the ledger (``volunteering.totals.rebuild``), then one
   volunteer's total and the leaderboards read from the summary, timed (median of 20), with the
   table sizes and ``EXPLAIN (ANALYZE, BUFFERS)`` plans. ``--skip-stampede`` skips part 1.

    createdb -h 127.0.0.1 -U postgres youthlife2_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/youthlife2_bench .venv/bin/python bench/bench_events.py \
        --skip-stampede --hours-rows 0 --volunteers 1000000 --summary-rows 10000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
os.environ.setdefault("DEBUG", "1")


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from youthcity.core.city_pack import load_city_pack

    load_city_pack("luoyang", demo=True)


def stampede(n: int, places: int, connections_max: int) -> dict:
    import datetime as dt

    from django.db import connection, connections
    from django.utils import timezone

    from youthcity.accounts.models import User
    from youthcity.community import services
    from youthcity.community.models import Event
    from youthcity.core.errors import ServiceError
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    tag = str(int(time.time()))
    User.objects.bulk_create(
        [User(username=f"b{tag}-{i:05d}", password="!") for i in range(n)], batch_size=2000
    )
    people = list(User.objects.filter(username__startswith=f"b{tag}-"))
    now = timezone.now()
    event = Event.objects.create(
        title=f"压力测试{tag}",
        kind="festival",
        unit=Unit.objects.get(code="410311-league"),
        region=Region.objects.get(code="410311001"),
        place="-",
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=2),
        capacity=places,
        registration_opens_at=now,
        registration_closes_at=now + dt.timedelta(days=1),
    )
    barrier = threading.Barrier(n + 1)
    gate = threading.BoundedSemaphore(connections_max)
    out = [""] * n

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=300)
            with gate:
                try:
                    out[i] = services.signup_create(person=people[i], event=event).status
                except ServiceError as exc:
                    out[i] = exc.code
        except Exception as exc:  # noqa: BLE001 - counted as an error
            out[i] = f"error {type(exc).__name__}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait(timeout=300)
    start = time.perf_counter()
    for t in threads:
        t.join(600)
    wall = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*), count(DISTINCT place) FROM community_signup WHERE event_id=%s AND status='confirmed'",
            [event.pk],
        )
        confirmed, distinct = cur.fetchone()
    return {
        "requests": n,
        "places": places,
        "outcomes": dict(Counter(out)),
        "wall_s": round(wall, 2),
        "per_s": round(n / wall, 1),
        "confirmed_in_db": confirmed,
        "distinct_places": distinct,
        "people": [p.pk for p in people],
    }


def ledger_at_size(rows: int, people: list[int]) -> dict:
    from django.db import connection

    from youthcity.accounts.models import User
    from youthcity.volunteering.models import Project, Shift

    lead = User.objects.get(username="vol_lead")
    projects = list(Project.objects.all())
    shift_ids = [Shift.objects.filter(project=p).values_list("pk", flat=True).first() for p in projects]
    shift_ids = [s for s in shift_ids if s]
    lo, hi = min(people), max(people)
    with connection.cursor() as cur:
        cur.execute(f"""
            INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out, void,
                reason, recorded_by_id, credited_minutes, created_at)
            SELECT 'record', {lo} + (g % ({hi} - {lo} + 1)), (ARRAY{shift_ids})[1 + g % {len(shift_ids)}], 'lead',
                   now() - (g || ' hours')::interval, now() - (g || ' hours')::interval + interval '2 hours',
                   false, '', {lead.pk}, 120, now()
            FROM generate_series(1, {rows}) AS g""")
        cur.execute(f"""
            INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out, void,
                reason, recorded_by_id, credited_minutes, created_at, supersedes_id)
            SELECT 'correction', person_id, shift_id, 'lead', check_in, check_out - interval '30 minutes', false,
                   '核对', {lead.pk}, 90, now(), id
            FROM volunteering_hoursentry WHERE kind='record' AND id % 100 = 0""")
        cur.execute("ANALYZE volunteering_hoursentry")
        cur.execute("SELECT count(*) FROM volunteering_hoursentry")
        total_rows = cur.fetchone()[0]
    from youthcity.volunteering.selectors import effective_entries, person_minutes

    person = User.objects.get(pk=people[len(people) // 2])

    def timed(fn) -> float:
        samples = []
        for _ in range(20):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        return round(statistics.median(samples), 2)

    from django.db.models import Sum

    def leaderboard():
        return list(
            effective_entries()
            .filter(void=False)
            .values("shift__project__region__code")
            .annotate(m=Sum("credited_minutes"))
            .order_by("-m")[:20]
        )

    one_ms = timed(lambda: person_minutes(person))
    board_ms = timed(leaderboard)
    qs = effective_entries().filter(person=person, void=False)
    plan = qs.explain()
    board_plan = (
        effective_entries()
        .filter(void=False)
        .values("shift__project__region__code")
        .annotate(m=Sum("credited_minutes"))
        .explain()
    )
    return {
        "hours_rows": total_rows,
        "people": len(people),
        "one_volunteer_total_ms": one_ms,
        "district_leaderboard_ms": board_ms,
        "one_volunteer_plan": plan,
        "leaderboard_plan": board_plan,
    }


def _sql(cur, sql: str, params=None) -> float:
    t = time.perf_counter()
    cur.execute(sql, params)
    return time.perf_counter() - t


def summary_at_size(volunteers: int, rows: int, batch: int = 1_000_000) -> None:
    """Part 3: the issue's size on the summary (see the module docstring)."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from youthcity.accounts.models import User
    from youthcity.volunteering import selectors, totals
    from youthcity.volunteering.models import HoursTotal, MemberTotal, Shift, TotalScope

    lead = User.objects.get(username="vol_lead")
    shifts = list(Shift.objects.order_by("pk").values_list("pk", flat=True))
    year = timezone.localdate().year
    year_start = timezone.make_aware(dt.datetime(year, 1, 2))
    tag = str(int(time.time()))
    with connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        first = cur.fetchone()[0] + 1
        took = _sql(
            cur,
            f"""INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                    is_staff, is_active, date_joined, id_number, id_number_index, display_name,
                    preferred_language, must_change_password)
                SELECT '!', false, 'v{tag}-' || g, '', '', '', false, true, now(), '', '',
                       '志愿者' || g, 'zh-hans', false
                FROM generate_series(1, {volunteers}) g""",
        )
        print(f"\n3. summary at size: {volunteers:,} volunteers inserted in {took:.0f} s", flush=True)
        cur.execute("ALTER TABLE volunteering_hoursentry SET (autovacuum_enabled = false)")
        done = 0
        while done < rows:
            n = min(batch, rows - done)
            # person: spread over the new accounts; shift: every demo project's shifts; times: one
            # 2-hour slot per record, distinct per person (record k of a person starts k days later)
            took = _sql(
                cur,
                f"""INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out,
                        void, reason, recorded_by_id, credited_minutes, created_at)
                    SELECT 'record', {first} + mod(g, {volunteers}), (ARRAY{shifts})[1 + mod(g * 7, {len(shifts)})],
                           'lead', %s + ((g / {volunteers}) || ' days')::interval + (mod(g, 5) || ' hours')::interval,
                           %s + ((g / {volunteers}) || ' days')::interval + (mod(g, 5) || ' hours')::interval
                               + interval '2 hours',
                           false, '', {lead.pk}, 30 + 30 * mod(g, 7), now()
                    FROM generate_series({done}, {done + n - 1}) g""",
                [year_start, year_start],
            )
            done += n
            print(f"   ledger rows {done:,} / {rows:,} ({took:.0f} s for this batch)", flush=True)
        took = _sql(
            cur,
            f"""INSERT INTO volunteering_hoursentry (kind, person_id, shift_id, source, check_in, check_out, void,
                    reason, recorded_by_id, credited_minutes, created_at, supersedes_id)
                SELECT 'correction', person_id, shift_id, 'lead', check_in, check_out - interval '30 minutes',
                       false, '核对', {lead.pk}, greatest(credited_minutes - 30, 0), now(), id
                FROM volunteering_hoursentry WHERE kind = 'record' AND person_id >= {first} AND id % 100 = 0""",
        )
        print(f"   1 % corrections in {took:.0f} s", flush=True)
        cur.execute("ALTER TABLE volunteering_hoursentry SET (autovacuum_enabled = true)")
        cur.execute("ANALYZE volunteering_hoursentry")
        cur.execute("SELECT count(*), count(DISTINCT person_id) FROM volunteering_hoursentry")
        n_rows, n_people = cur.fetchone()
    t = time.perf_counter()
    counts = totals.rebuild()
    rebuild_s = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute("ANALYZE volunteering_hourstotal")
        cur.execute("ANALYZE volunteering_membertotal")
        sizes = {}
        for table in (
            "volunteering_hoursentry",
            "volunteering_hourstotal",
            "volunteering_membertotal",
            "accounts_user",
        ):
            cur.execute("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])
            sizes[table] = cur.fetchone()[0]
    print(
        f"   ledger: {n_rows:,} rows over {n_people:,} volunteers; summary rebuilt in {rebuild_s:.0f} s: "
        f"{counts['totals']:,} totals, {counts['members']:,} group rows"
    )
    print("   sizes (with indexes): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    person = first + volunteers // 2
    district = (
        HoursTotal.objects.filter(scope=TotalScope.DISTRICT, year=year)
        .order_by("-minutes")
        .values_list("key", flat=True)
        .first()
    )

    def timed(fn) -> tuple[float, float]:
        samples = []
        for _ in range(20):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
        return round(statistics.median(samples), 2), round(max(samples), 2)

    figures = {
        "one volunteer's total (summary, all years)": lambda: totals.person_total(person),
        "one volunteer's total (ledger SUM, for comparison)": lambda: selectors.person_minutes(
            User(pk=person)
        ),
        "district leaderboard: top 10 volunteers of one district": lambda: selectors.district_volunteers(
            district, year
        ),
        "leaderboard page data: districts, organisations, top volunteers": lambda: selectors.leaderboard(
            year
        ),
    }
    for label, fn in figures.items():
        med, worst = timed(fn)
        print(f"   {label}: median {med} ms, max {worst} ms (20 runs)")
    plans = {
        "one volunteer's total": HoursTotal.objects.filter(scope=TotalScope.PERSON, key=person).values_list(
            "minutes"
        ),
        "top volunteers of a district": MemberTotal.objects.filter(
            scope=TotalScope.DISTRICT, key=district, year=year, minutes__gt=0
        )
        .order_by("-minutes", "person_id")
        .values_list("person_id", "minutes")[:10],
        "districts ranked": HoursTotal.objects.filter(
            scope=TotalScope.DISTRICT, year=year, minutes__gt=0
        ).order_by("-minutes", "key")[:10],
    }
    for label, qs in plans.items():
        plan = qs.explain(analyze=True, buffers=True)
        print(f"   plan ({label}):\n      " + plan.replace("\n", "\n      "))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--places", type=int, default=500)
    ap.add_argument("--connections", type=int, default=40)
    ap.add_argument("--hours-rows", type=int, default=1_000_000)
    ap.add_argument("--skip-stampede", action="store_true")
    ap.add_argument("--volunteers", type=int, default=0)
    ap.add_argument("--summary-rows", type=int, default=10_000_000)
    args = ap.parse_args()
    setup()
    from django.conf import settings

    if not settings.IS_POSTGRES:
        sys.exit("run against PostgreSQL (DATABASE_URL=postgres://…)")
    if args.volunteers:
        summary_at_size(args.volunteers, args.summary_rows)
    if args.skip_stampede:
        return
    s = stampede(args.people, args.places, args.connections)
    people = s.pop("people")
    print("event stampede:", s)
    assert s["confirmed_in_db"] == s["distinct_places"] == args.places
    assert not [k for k in s["outcomes"] if k.startswith("error")]
    if args.hours_rows:
        r = ledger_at_size(args.hours_rows, people)
        print(f"hours ledger: {r['hours_rows']:,} rows over {r['people']:,} volunteers")
        print(f"  one volunteer's total: {r['one_volunteer_total_ms']} ms (median of 20)")
        print(f"  district leaderboard:  {r['district_leaderboard_ms']} ms (median of 20)")
        print("  plan (one volunteer):\n    " + r["one_volunteer_plan"].replace("\n", "\n    "))
        print("  plan (leaderboard):\n    " + r["leaderboard_plan"].replace("\n", "\n    "))


if __name__ == "__main__":
    main()
