"""Where a booking's CPU goes: POST /api/v1/stations/bookings in-process, production settings, PostgreSQL.

    python bench/profile_booking.py [--bookings 300] [--reuse] [--top 35]

Sets up (unless --reuse) the database PROFILE_DB (default ``profile_bench``) with migrations and the
demo city, makes a crowd (a station and one young person with an API token per booking), then
sends the bookings through Django's full handler (middleware, token auth, the API, the service)
with the test client — no network, no server — under cProfile. Prints the CPU time per booking
(process time, this process only: PostgreSQL's own CPU is not in it), the queries per booking and
the functions that take the most time. Run it on an otherwise quiet machine for the absolute
figures; the split is meaningful under load too.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
from pgtools import connect, with_database  # noqa: E402
from stack import manage, production_env  # noqa: E402

PRIMARY = "postgres://postgres@127.0.0.1:5432/postgres"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    db = os.environ.get("PROFILE_DB", "profile_bench")
    workdir = Path(tempfile.mkdtemp(prefix="youthcity-profile-"))
    env = production_env(with_database(PRIMARY, db), workdir=workdir,
                         redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    if not args.reuse:
        with connect(PRIMARY, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{db}"')
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "demo", "--no-serve", "--allow-production")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    sys.argv = ["fixtures"]
    from fixtures import crowd

    people = crowd(args.bookings + 20, 200, f"p{int(time.time()) % 100000}")
    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    rng = random.Random(7)
    today = dt.date.today()

    def book(token: str) -> int:
        start = today + dt.timedelta(days=rng.randint(1, 60))
        body = json.dumps({"station": people["station"], "check_in": str(start),
                           "check_out": str(start + dt.timedelta(days=rng.randint(1, 3)))})
        return client.post("/api/v1/stations/bookings", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}").status_code

    tokens = people["tokens"]
    for token in tokens[:20]:  # warm: imports, caches, prepared connection
        book(token)
    tokens = tokens[20:]
    with CaptureQueriesContext(connection) as captured:
        status = book(tokens[0])
    print(f"one booking: HTTP {status}, {len(captured.captured_queries)} queries:")
    for q in captured.captured_queries:
        print("   ", q["sql"][:150].replace("\n", " "))
    reset_queries()

    half = len(tokens) // 2
    plain, tokens = tokens[1:half], tokens[half - 1:]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    codes = [book(token) for token in plain]
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"\n{len(plain)} bookings without the profiler ({codes.count(201)} booked): "
          f"{cpu / len(plain) * 1000:.2f} ms CPU (this process; PostgreSQL's CPU is not in it) and "
          f"{wall / len(plain) * 1000:.2f} ms wall each")
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits on PostgreSQL do not count
    statuses: dict[int, int] = {}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    profiler.enable()
    for token in tokens[1:]:
        code = book(token)
        statuses[code] = statuses.get(code, 0) + 1
    profiler.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = len(tokens) - 1
    print(f"\n{n} bookings {statuses}: {cpu / n * 1000:.2f} ms CPU (this process, profiled) and "
          f"{wall / n * 1000:.2f} ms wall each")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
