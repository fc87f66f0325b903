"""Event sign-ups under a stampede and volunteering totals at size, on PostgreSQL (in-process).

    createdb -h 127.0.0.1 -U postgres events_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/events_bench .venv/bin/python bench/bench_events.py \
        --people 5000 --places 500 --hours-rows 1000000

1. ``--people`` threads (each with its own connection, at most ``--connections`` at once) sign up
   at the same moment for one event with ``--places`` places: prints the outcome counts, errors,
   wall time, and checks in SQL that exactly ``--places`` sign-ups are confirmed on distinct places.
2. ``--hours-rows`` ledger rows (generated in SQL; 1 % of them corrections) over the same people:
   one volunteer's total and a district leaderboard, timed (median of 20) with the query plan.
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=5000)
    ap.add_argument("--places", type=int, default=500)
    ap.add_argument("--connections", type=int, default=40)
    ap.add_argument("--hours-rows", type=int, default=1_000_000)
    args = ap.parse_args()
    setup()
    from django.conf import settings

    if not settings.IS_POSTGRES:
        sys.exit("run against PostgreSQL (DATABASE_URL=postgres://…)")
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
