"""Youth-station booking under load, on PostgreSQL, over loopback HTTP — the DEVELOPMENT variant.

The headline figure (production settings: DEBUG off, gunicorn behind nginx, persistent database
connections, the trivial view under the same server) is bench/bench_production.py, part 2. This
variant runs without nginx or gunicorn and is labelled as such in its output; throughput counts
successful bookings (2xx) only, refusals ("station full") are reported apart.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stations_bench .venv/bin/python bench/bench_stations.py

Starts the YouthCity WSGI app in child processes (wsgiref with a bounded thread pool, 127.0.0.1
only — gunicorn is not installed, and runserver's unbounded threads would exceed PostgreSQL's
connection limit at 200 clients), creates a station, young people and API tokens, then fires
``POST /api/v1/stations/bookings`` at 50 and 200 concurrent clients (threads, http.client) and,
in the same run against the same server, ``GET /healthz`` (the trivial view: the framework's own
ceiling). Prints throughput and p50/p95/p99 latency side by side and asserts zero overbooking
with a self-join over the bookings table at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/stations_bench"


# --- the server (child process) -------------------------------------------------------------------


def serve(port: int, workers: int) -> None:
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    from youthcity.stations import adapters

    adapters.policy_set()  # warm: parse the city's policies once per process, before the clock starts
    pool = ThreadPoolExecutor(max_workers=workers)

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):  # no per-request logging in a benchmark
            pass

    class PooledServer(socketserver.ThreadingMixIn, WSGIServer):
        request_queue_size = 1024
        daemon_threads = True
        allow_reuse_port = True  # several server processes share the port (like gunicorn workers)

        def process_request(self, request, client_address):
            pool.submit(self.process_request_thread, request, client_address)

    server = PooledServer(("127.0.0.1", port), Quiet)
    server.set_app(app)
    print("ready", flush=True)
    server.serve_forever()


# --- setup ---------------------------------------------------------------------------------------


def setup(n_people: int, beds: int) -> tuple[int, list[str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    django.setup()
    from django.core.management import call_command

    from youthcity.accounts.models import User, YouthProfile
    from youthcity.accounts.services import api_token_create
    from youthcity.core.city_pack import load_city_pack
    from youthcity.organizations.models import Unit
    from youthcity.stations.models import Bed, Room, Station

    call_command("migrate", verbosity=0)
    load_city_pack("luoyang", demo=True)
    run = f"b{int(time.time())}"
    unit = Unit.objects.get(code="410311-station-yanhuang")
    station = Station.objects.create(code=run, name=f"压测驿站 {run}", unit=unit, region=unit.region, address="-")
    room = Room.objects.create(station=station, name="F", gender="female")
    Bed.objects.bulk_create([Bed(room=room, station=station, label=str(i)) for i in range(1, beds + 1)])
    users = User.objects.bulk_create([User(username=f"{run}_{i:05d}", password="!") for i in range(n_people)])
    YouthProfile.objects.bulk_create([
        YouthProfile(user=u, gender="female", hukou_city="郑州市", home_city="郑州市", education_level="bachelor",
                     employment_status="job_seeking") for u in users])
    tokens = [api_token_create(user=u)[1] for u in users]
    return station.pk, tokens


def overbooking() -> dict:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("""SELECT count(*) FROM stations_booking a JOIN stations_booking b
                     ON a.bed_id = b.bed_id AND a.id < b.id AND a.check_in < b.check_out AND b.check_in < a.check_out
                     WHERE a.status IN ('offered','booked','checked_in') AND b.status IN ('offered','booked','checked_in')""")
        bed_overlaps = c.fetchone()[0]
        c.execute("""SELECT count(*) FROM stations_booking a JOIN stations_booking b
                     ON a.person_id = b.person_id AND a.id < b.id AND a.check_in < b.check_out AND b.check_in < a.check_out
                     WHERE a.status IN ('offered','booked','checked_in') AND b.status IN ('offered','booked','checked_in')""")
        person_overlaps = c.fetchone()[0]
        c.execute("""SELECT (SELECT coalesce(sum(check_out - check_in), 0) FROM stations_booking
                             WHERE status IN ('offered','booked','checked_in')),
                            (SELECT count(*) FROM stations_bednight n JOIN stations_booking b ON b.id = n.booking_id
                             WHERE b.status IN ('offered','booked','checked_in'))""")
        nights, ledger = c.fetchone()
    return {"bed_overlaps": bed_overlaps, "person_overlaps": person_overlaps, "nights": int(nights),
            "ledger_rows": int(ledger)}


# --- the load generator ----------------------------------------------------------------------------


def fire(port: int, jobs: list[tuple[str, str, bytes | None, dict]], concurrency: int) -> dict:
    """Run ``jobs`` (method, path, body, headers) with ``concurrency`` client threads."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    it = iter(jobs)

    def client() -> None:
        while True:
            with lock:
                job = next(it, None)
            if job is None:
                return
            method, path, body, headers = job
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                conn.close()
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            dt_ = time.perf_counter() - t0
            with lock:
                latencies.append(dt_)
                statuses[status] += 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    return {"requests": len(latencies), "rps": len(latencies) / wall, "ok_per_s": ok / wall, "p50": q[49] * 1000,
            "p95": q[94] * 1000, "p99": q[98] * 1000, "statuses": dict(statuses)}


def booking_jobs(station: int, tokens: list[str], seed: int) -> list:
    rng = random.Random(seed)
    today = dt.date.today()
    jobs = []
    for token in tokens:
        start = today + dt.timedelta(days=rng.randint(1, 20))
        body = json.dumps({"station": station, "check_in": str(start),
                           "check_out": str(start + dt.timedelta(days=rng.randint(2, 6)))}).encode()
        jobs.append(("POST", "/api/v1/stations/bookings", body,
                     {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}))
    return jobs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--procs", type=int, default=2, help="server processes (one per core)")
    parser.add_argument("--workers", type=int, default=12, help="threads per server process (each may hold a DB connection)")
    parser.add_argument("--per-client", type=int, default=4, help="booking requests per client")
    parser.add_argument("--beds", type=int, default=60)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.workers)
        return

    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.update({"DEBUG": "1", "CONN_MAX_AGE": "0", "LOG_LEVEL": "WARNING", "TASKS_BACKEND": "immediate"})
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("bench_stations needs PostgreSQL: set DATABASE_URL=postgres://…")
    _ensure_database(os.environ["DATABASE_URL"])
    levels = (50, 200)
    n_people = sum(c * args.per_client for c in levels)
    print(f"setting up: {n_people} young people with tokens, a station with {args.beds} beds …", flush=True)
    station, tokens = setup(n_people, args.beds)

    port = free_port()
    log = open(ROOT / "var" / "bench_stations_server.log", "w")  # noqa: SIM115
    servers = [subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--workers", str(args.workers)],
                                cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, text=True, stderr=log)
               for _ in range(args.procs)]
    try:
        for server in servers:
            if server.stdout.readline().strip() != "ready":
                sys.exit("server did not start (see var/bench_stations_server.log)")
        fire(port, [("GET", "/healthz", None, {})] * 50, 10)  # warm-up
        print(f"\nDEVELOPMENT VARIANT (not the headline: see bench/bench_production.py): {args.procs} × wsgiref + "
              f"{args.workers} threads, DEBUG=1, PostgreSQL; station {station} with {args.beds} beds")
        print(f"{'clients':>7} {'view':<10} {'req':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
        offset = 0
        for concurrency in levels:
            n = concurrency * args.per_client
            book = fire(port, booking_jobs(station, tokens[offset:offset + n], concurrency), concurrency)
            offset += n
            health = fire(port, [("GET", "/healthz", None, {})] * n, concurrency)
            for name, r in (("booking", book), ("healthz", health)):
                print(f"{concurrency:>7} {name:<10} {r['requests']:>5} {r['rps']:>8.1f} {r['p50']:>8.1f} "
                      f"{r['p95']:>8.1f} {r['p99']:>8.1f}  {r['statuses']}")
            refused = sum(v for k, v in book["statuses"].items() if 400 <= k < 500)
            print(f"{'':>7} successful bookings {book['ok_per_s']:.1f}/s ({refused} refusals counted apart); "
                  f"ratio successful bookings / healthz: {book['ok_per_s'] / health['rps']:.2f}")
            bad = {k: v for k, v in book["statuses"].items() if k not in (201, 409)}
            assert not bad, f"unexpected responses: {bad}"
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    audit = overbooking()
    print(f"\naudit: {audit}")
    assert audit["bed_overlaps"] == 0 and audit["person_overlaps"] == 0, "OVERBOOKING"
    assert audit["nights"] == audit["ledger_rows"], "ledger out of step with bookings"
    print("zero overbooking: OK")


def _ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
