"""Production load: the ten most used pages and bookings through nginx + gunicorn, on PostgreSQL.

    python bench/bench_production.py [--size ci|luoyang] [--reuse] [--bookings-only] [--duration 10] [--connections 200]

Sets up (unless --reuse finds it ready) the database BENCH_DB (default ``prod_bench``): migrations,
the demo city (its accounts sign the pages in) and the city-scale volumes of bench/generate_city.py,
printing the load time. Then starts gunicorn (deploy/gunicorn.conf.py, 2 × cores + 1 workers),
an rq worker and nginx (bench/stack.py) with DEBUG off, and measures, in one run:

1. pages: each of the ten most used pages and the trivial view (/healthz) with wrk at
   ``--connections`` concurrent connections for ``--duration`` seconds: p50/p95/p99, throughput, errors;
2. bookings: POST /api/v1/stations/bookings at 50 concurrent clients (a different person each) and
   /healthz with the same client and concurrency: successful bookings per second (201 only;
   refusals counted apart) and the ratio to the trivial view;
3. the stampede: 250 simultaneous booking requests through nginx, each on its own connection:
   dropped connections and server errors;
4. the audit: no bed or person booked twice for a night (bed and person overlaps, the night ledger).
Prints the machine's load before and after. Needs root-free nginx and wrk (Debian packages).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
from httpload import Req, run_load, simultaneous, summary  # noqa: E402
from pgtools import audit_ok, booking_audit, connect, with_database  # noqa: E402
from stack import (  # noqa: E402
    BIN,
    ROOT,
    Processes,
    machine_load,
    manage,
    production_env,
    start_gunicorn,
    start_nginx,
    start_worker,
)

PRIMARY = "postgres://postgres@127.0.0.1:5432/postgres"
WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\\n', summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def ensure_database(db: str, size: str, reuse: bool, env: dict) -> dict | None:
    url = with_database(PRIMARY, db)
    if reuse:
        try:
            with connect(url) as c:
                n = c.execute("SELECT count(*) FROM accounts_user WHERE username LIKE 'g%%\\_%%'").fetchone()[0]
            if n:
                print(f"-- reusing {db}: {n:,} generated young people")
                return None
        except Exception:  # noqa: BLE001 — no such database yet: build it
            pass
    with connect(PRIMARY, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{db}"')
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo", "--no-serve", "--allow-production")
    print(f"-- {db}: migrated, demo city loaded in {time.perf_counter() - started:.0f} s")
    r = subprocess.run([str(BIN / "python"), str(ROOT / "bench/generate_city.py"), "--size", size], env=env,
                       cwd=ROOT, capture_output=True, text=True, check=True)
    print("-- " + r.stdout.strip().replace("\n", "\n   "))
    with connect(url) as c:
        sizes = c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"   database size {sizes}")
    return {}


def wrk(port: int, path: str, headers: dict, connections: int, duration: int, workdir: Path) -> dict:
    script = workdir / "report.lua"
    script.write_text(WRK_LUA)
    argv = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s", "-s", str(script)]
    for k, v in headers.items():
        argv += ["-H", f"{k}: {v}"]
    out = subprocess.run([*argv, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    data = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    seconds = data["duration_us"] / 1e6
    return {"rps": data["requests"] / seconds, "requests": data["requests"], "p50_ms": data["p50_us"] / 1000,
            "p95_ms": data["p95_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
            "errors": {k: data[k] for k in ("connect", "read", "write", "status", "timeout") if data[k]}}


def drain(port: int, timeout: float = 600) -> float:
    """Wait until the server has worked off the requests an ended run left queued (wrk closes its
    connections, but gunicorn still serves what its listen queue holds): /healthz answers fast again."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        results, _ = run_load("127.0.0.1", port, [Req("healthz", "GET", "/healthz")] * 3, 1)
        if all(r.status == 200 and r.seconds < 0.25 for r in results):
            break
        time.sleep(1)
    return time.perf_counter() - started


def fixtures(env: dict, *args: str) -> dict:
    r = subprocess.run([str(BIN / "python"), str(ROOT / "bench/fixtures.py"), *args], env=env, cwd=ROOT,
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def booking_reqs(station: int, tokens: list[str], seed: int, days: int) -> list[Req]:
    rng = random.Random(seed)
    today = dt.date.today()
    reqs = []
    for token in tokens:
        start = today + dt.timedelta(days=rng.randint(1, days))
        body = json.dumps({"station": station, "check_in": str(start),
                           "check_out": str(start + dt.timedelta(days=rng.randint(1, 3)))}).encode()
        reqs.append(Req("booking", "POST", "/api/v1/stations/bookings",
                        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}, body))
    return reqs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("ci", "luoyang"), default="ci")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already holds generated data")
    parser.add_argument("--duration", type=int, default=15, help="seconds per page (wrk)")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--bookings", type=int, default=1500, help="booking requests in the throughput run")
    parser.add_argument("--bookings-only", action="store_true",
                        help="skip part 1 (the pages): bookings, the stampede and the audit only (repeat runs)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            print(f"bench_production: needs {tool} (apt-get install nginx-light wrk)", file=sys.stderr)
            return 2
    db = os.environ.get("BENCH_DB", "prod_bench")
    web_port, nginx_port = int(os.environ.get("WEB_PORT", "8113")), int(os.environ.get("NGINX_PORT", "8121"))
    workdir = Path(tempfile.mkdtemp(prefix="youthcity-bench-"))
    env = production_env(with_database(PRIMARY, db), workdir=workdir,
                         redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"))
    procs = Processes(workdir)
    print(f"bench_production ({args.size}): {machine_load()}")
    ok = True
    try:
        ensure_database(db, args.size, args.reuse, env)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        run = f"r{int(time.time()) % 100000}"
        crowd = fixtures(env, "crowd", "--people", str(args.bookings + 250), "--beds", "200", "--prefix", run)
        sessions = fixtures(env, "sessions", "--users", "youth", "hrss_reviewer", "leader")
        with connect(with_database(PRIMARY, db)) as c:
            station = c.execute("SELECT id FROM stations_station WHERE code LIKE 'g%%-st000'").fetchone()
        station_id = station[0] if station else crowd["station"]

        start_gunicorn(procs, web_port, env, workers=args.workers)
        start_worker(procs, env)
        start_nginx(procs, nginx_port, [web_port], workdir, Path(env["STATIC_ROOT"]), Path(env["MEDIA_ROOT"]))
        print(f"-- gunicorn :{web_port} ({args.workers} sync workers) + rq worker behind nginx :{nginx_port}; "
              f"DEBUG off, PostgreSQL, Redis cache and sessions")

        youth = {"Cookie": f"sessionid={sessions['youth']}"}
        pages = [
            ("home (anonymous)", "/", {}),
            ("policy list", "/benefits/policies/", {}),
            ("station list", "/stations/", {}),
            ("station detail", f"/stations/{station_id}/", {}),
            ("public index", "/index/luoyang_ydi/2024/", {}),
            ("my stays", "/stations/my/", youth),
            ("my applications", "/benefits/applications/", youth),
            ("inbox", "/accounts/inbox/", youth),
            ("review queue", "/work/benefits/", {"Cookie": f"sessionid={sessions['hrss_reviewer']}"}),
            ("leaders' dashboard", "/dashboard/", {"Cookie": f"sessionid={sessions['leader']}"}),
        ]
        # The trivial view first, on an idle server: a slow page leaves queued work behind it.
        pages.insert(0, ("trivial view /healthz", "/healthz", {}))
        # Warm every worker's in-process state (policies, templates) before the clock starts.
        run_load("127.0.0.1", nginx_port, [Req(n, "GET", p, h) for n, p, h in pages] * args.workers, 10)
        if args.bookings_only:
            pages = pages[:1]
            print("\n1. pages: skipped (--bookings-only); the trivial view only, for part 2's footnote")
        print(f"\n1. pages: wrk, {args.connections} connections, {args.duration} s each, through nginx")
        print("   alone: the median of 3 requests one at a time on the idle server (the page's own cost)")
        print(f"   {'page':<24} {'alone ms':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  errors")
        page_results = {}
        for name, path, headers in pages:
            drain(nginx_port)
            alone, _ = run_load("127.0.0.1", nginx_port, [Req(name, "GET", path, headers)] * 3, 1)
            alone_ms = sorted(x.seconds for x in alone)[1] * 1000
            # A page that needs seconds alone would queue 200 requests × seconds behind it and spoil the
            # next runs: it is measured at 10 connections, and said so.
            connections = args.connections if alone_ms < 2000 else 10
            r = wrk(nginx_port, path, headers, connections, args.duration, workdir)
            r["alone_ms"] = alone_ms
            if connections != args.connections:
                r["errors"] = {**r["errors"], "measured at": f"{connections} connections (too slow alone)"}
            page_results[name] = r
            note = r["errors"] or ("none answered within the run" if not r["requests"] else "-")
            print(f"   {name:<24} {alone_ms:8.0f} {r['rps']:7.0f} {r['p50_ms']:8.0f} {r['p95_ms']:8.0f} "
                  f"{r['p99_ms']:8.0f}  {note}")
        trivial = page_results["trivial view /healthz"]
        slow = [n for n, r in page_results.items() if r["p95_ms"] > 300]
        print(f"   pages over p95 300 ms: {', '.join(slow) if slow else 'none'}")

        print("\n2. bookings vs the trivial view: asyncio client, 50 concurrent clients, through nginx")
        book_reqs = booking_reqs(crowd["station"], crowd["tokens"][:args.bookings], seed=5, days=60)
        drain(nginx_port)
        cpu0 = procs.cpu_seconds()
        results, seconds = run_load("127.0.0.1", nginx_port, book_reqs, 50)
        b = summary(results, seconds, ok=lambda r: r.status == 201)
        cpu_b = cpu_delta(cpu0, procs.cpu_seconds(), len(results))
        drain(nginx_port)
        cpu0 = procs.cpu_seconds()
        results, seconds = run_load("127.0.0.1", nginx_port, [Req("healthz", "GET", "/healthz")] * 4000, 50)
        h = summary(results, seconds)
        cpu_h = cpu_delta(cpu0, procs.cpu_seconds(), len(results))
        refused = sum(v for k, v in b["statuses"].items() if 400 <= k < 500)
        print(f"   bookings: {b['ok']} booked, {refused} refused, {b['server_errors']} server errors, {b['dropped']} "
              f"dropped of {b['requests']} in {b['seconds']:.1f} s → {b['ok_per_s']:.1f} successful bookings/s "
              f"(p50 {b['p50_ms']:.0f} ms, p95 {b['p95_ms']:.0f} ms, p99 {b['p99_ms']:.0f} ms)")
        print(f"   /healthz: {h['rps']:.0f}/s (p50 {h['p50_ms']:.0f} ms, p95 {h['p95_ms']:.0f} ms)")
        print(f"   ratio successful bookings / trivial view: {b['ok_per_s'] / h['rps']:.3f} "
              f"(goal ≥ 0.5; wrk's /healthz at {args.connections} connections: {trivial['rps']:.0f}/s)")
        print("   CPU per request, ms (from /proc; 'machine' is every process, 'postgres' every PostgreSQL process):")
        print(f"   {'':<10}" + "".join(f"{k:>13}" for k in cpu_b))
        for label, split in (("booking", cpu_b), ("/healthz", cpu_h)):
            print(f"   {label:<10}" + "".join(f"{v:13.2f}" for v in split.values()))

        print("\n3. the stampede: 250 simultaneous booking requests through nginx, one connection each")
        storm = booking_reqs(crowd["station"], crowd["tokens"][args.bookings:args.bookings + 250], seed=9, days=3)
        drain(nginx_port)
        results, seconds = simultaneous("127.0.0.1", nginx_port, storm)
        s = summary(results, seconds, ok=lambda r: r.status == 201)
        print(f"   {s['ok']} booked, {sum(v for k, v in s['statuses'].items() if 400 <= k < 500)} refused, "
              f"{s['server_errors']} server errors, {s['dropped']} dropped connections in {seconds:.1f} s "
              f"(p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms); statuses {s['statuses']}")
        ok &= s["server_errors"] == 0 and s["dropped"] == 0 and b["server_errors"] == 0 and b["dropped"] == 0

        with connect(with_database(PRIMARY, db)) as c:
            audit = booking_audit(c)
        print(f"\n4. audit after the run: {audit}")
        ok &= audit_ok(audit)
    finally:
        procs.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nbench_production: {machine_load()}")
    print(f"bench_production: {'OK' if ok else 'FAILED'} (0 dropped, 0 server errors, 0 overbookings)")
    return 0 if ok else 1


def cpu_delta(before: dict[str, float], after: dict[str, float], requests: int) -> dict[str, float]:
    """CPU milliseconds per request, per process group, between two ``Processes.cpu_seconds``."""
    return {k: (after[k] - before.get(k, 0.0)) * 1000 / max(requests, 1) for k in after}


if __name__ == "__main__":
    sys.exit(main())
