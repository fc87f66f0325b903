"""Scale-out on loopback: a PostgreSQL primary + streaming replica, two gunicorn instances behind
nginx, an rq worker; a page load and a booking storm through nginx; replica lag and query routing.

    deploy/replica-demo.sh            (root; the machine's PostgreSQL 15 on 5432 is the primary)

Steps: a fresh database (DEMO_DB, default ``prod``) with the demo city; a replica cluster on 5433
made with pg_basebackup (data under var/replica, removed at the end); gunicorn on WEB_PORTS with
DATABASE_REPLICA_URL; nginx on NGINX_PORT; then
  1. the page load: read-only pages (anonymous and a leader's dashboards) and private pages;
     every response says which database served it (X-DB-Alias) and pg_stat_database counts the
     transactions on each server;
  2. pinning: a person who just wrote reads from the primary, others from the replica;
  3. the booking storm: 250 simultaneous booking requests through nginx, lag sampled meanwhile;
  4. the audit: the night ledger has no overlap, on the primary and on the caught-up replica.
Exit status 0 only when every check holds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
from httpload import Req, run_load, simultaneous, summary  # noqa: E402
from pgtools import audit_ok, booking_audit, connect, with_database  # noqa: E402
from stack import (  # noqa: E402
    BIN,
    ROOT,
    Processes,
    Replica,
    db_transactions,
    machine_load,
    manage,
    production_env,
    start_gunicorn,
    start_nginx,
    start_worker,
)

PRIMARY = "postgres://postgres@127.0.0.1:5432/postgres"
STORM = 250


def main() -> int:
    if os.geteuid() != 0:
        print("replica demo: run as root (it starts a PostgreSQL cluster as the postgres user)", file=sys.stderr)
        return 2
    db = os.environ.get("DEMO_DB", "prod")
    if db == "test":
        print("replica demo: never the database 'test'", file=sys.stderr)
        return 2
    web_ports = [int(p) for p in os.environ.get("WEB_PORTS", "8111,8112").split(",")]
    nginx_port = int(os.environ.get("NGINX_PORT", "8120"))
    replica_port = int(os.environ.get("REPLICA_PORT", "5433"))
    redis_url = os.environ.get("DEMO_REDIS_URL", "redis://127.0.0.1:6379/3")
    primary_url, replica_url = with_database(PRIMARY, db), f"postgres://postgres@127.0.0.1:{replica_port}/{db}"
    workdir = Path(tempfile.mkdtemp(prefix="youthcity-replica-"))
    replica = Replica(ROOT / "var" / "replica" / "data", port=replica_port)
    procs = Processes(workdir)
    checks: dict[str, bool] = {}
    t0 = time.perf_counter()
    print(f"replica demo: {machine_load()}")
    try:
        with connect(PRIMARY, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{db}"')
        env = production_env(primary_url, replica_url=replica_url, redis_url=redis_url, workdir=workdir,
                             REPLICA_ROUTING_HEADER="1", REPLICA_PIN_SECONDS="15")
        setup_env = {**env, "DATABASE_REPLICA_URL": ""}  # migrate and load before the replica exists
        manage(setup_env, "migrate", "--noinput", "-v", "0")
        manage(setup_env, "demo", "--no-serve", "--allow-production")
        manage(setup_env, "collectstatic", "--noinput", "-v", "0")
        crowd = json.loads(subprocess.run([str(BIN / "python"), str(ROOT / "bench/fixtures.py"), "crowd", "--people",
                                           str(STORM), "--beds", "40", "--prefix", "storm"], env=setup_env, cwd=ROOT,
                                          check=True, capture_output=True, text=True).stdout)
        added = replica.allow_replication()
        print(f"-- primary: PostgreSQL on 5432, database {db}, demo city loaded ({time.perf_counter() - t0:.0f} s)"
              + ("; pg_hba now allows replication from 127.0.0.1" if added else ""))
        seconds = replica.start()
        print(f"-- replica: pg_basebackup + start on {replica_port} in {seconds:.1f} s; {replica.status()}")

        for port in web_ports:
            start_gunicorn(procs, port, env, workers=2)
        start_worker(procs, env)
        start_nginx(procs, nginx_port, web_ports, workdir, Path(env["STATIC_ROOT"]), Path(env["MEDIA_ROOT"]))
        print(f"-- gunicorn on {web_ports} (2 workers each), rq worker, nginx on {nginx_port}")
        session = json.loads(subprocess.run([str(BIN / "python"), str(ROOT / "bench/fixtures.py"), "sessions",
                                             "--users", "leader", "youth"], env=env, cwd=ROOT, check=True,
                                            capture_output=True, text=True).stdout)

        # 1. The page load.
        leader = {"Cookie": f"sessionid={session['leader']}"}
        youth = {"Cookie": f"sessionid={session['youth']}"}
        pages = [Req("home", "GET", "/"), Req("policies", "GET", "/benefits/policies/"),
                 Req("index", "GET", "/index/luoyang_ydi/2024/"), Req("stations", "GET", "/stations/"),
                 Req("dashboard", "GET", "/dashboard/", leader), Req("ledger dashboard", "GET", "/dashboard/ledger/", leader),
                 Req("index dashboard", "GET", "/dashboard/index/luoyang_ydi/2024/", leader),
                 Req("my stays", "GET", "/stations/my/", youth), Req("profile", "GET", "/accounts/profile/", youth)]
        before = {"primary": db_transactions(primary_url, db), "replica": db_transactions(replica_url, db)}
        results, seconds = run_load("127.0.0.1", nginx_port, pages * 60, concurrency=40)
        after = {"primary": db_transactions(primary_url, db), "replica": db_transactions(replica_url, db)}
        s = summary(results, seconds)
        routes: dict[str, Counter] = {}
        for r in results:
            routes.setdefault(r.name, Counter())[r.headers.get("x-db-alias", "?")] += 1
        print(f"-- page load: {s['requests']} requests at 40 connections in {seconds:.1f} s, {s['rps']:.0f}/s, "
              f"p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, statuses {s['statuses']}")
        print("   page                 served by")
        for name, counter in routes.items():
            print(f"   {name:<20} {dict(counter)}")
        tx = {k: after[k] - before[k] for k in before}
        print(f"   transactions during the load: primary {tx['primary']}, replica {tx['replica']} "
              f"({tx['replica'] / max(1, sum(tx.values())):.0%} on the replica)")
        read_only = {"home", "policies", "index", "stations", "dashboard", "ledger dashboard", "index dashboard"}
        checks["read-only pages served by the replica"] = all(
            set(routes[n]) == {"replica"} for n in read_only)
        checks["private pages served by the primary"] = all(set(routes[n]) == {"default"} for n in ("my stays", "profile"))
        checks["page load: every answer 200"] = s["statuses"] == {200: len(results)}

        # 2. Pinning: a write sends this browser to the primary for REPLICA_PIN_SECONDS.
        token = crowd["tokens"][0]
        pin, _ = simultaneous("127.0.0.1", nginx_port, [Req("book", "POST", "/api/v1/stations/bookings", {
            "Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            json.dumps({"station": crowd["station"], "check_in": str(dt.date.today() + dt.timedelta(days=30)),
                        "check_out": str(dt.date.today() + dt.timedelta(days=32))}).encode())])
        pinned_cookie = "yc_primary=1" if "yc_primary=1" in pin[0].headers.get("set-cookie", "") else ""
        follow, _ = run_load("127.0.0.1", nginx_port, [Req("after write", "GET", "/benefits/policies/",
                                                            {"Cookie": pinned_cookie}),
                                                        Req("others", "GET", "/benefits/policies/")], 1)
        print(f"-- pinning: a booking (status {pin[0].status}) set the pin cookie: {bool(pinned_cookie)}; "
              f"the same browser next read from {follow[0].headers.get('x-db-alias')}, "
              f"another from {follow[1].headers.get('x-db-alias')}")
        checks["a writer reads its own writes on the primary"] = (
            bool(pinned_cookie) and follow[0].headers.get("x-db-alias") == "default"
            and follow[1].headers.get("x-db-alias") == "replica")

        # 3. The booking storm, lag sampled meanwhile.
        rng = random.Random(11)
        storm = []
        for tok in crowd["tokens"][1:] + crowd["tokens"][:1]:
            start = dt.date.today() + dt.timedelta(days=rng.randint(1, 10))
            storm.append(Req("booking", "POST", "/api/v1/stations/bookings",
                             {"Content-Type": "application/json", "Authorization": f"Bearer {tok}"},
                             json.dumps({"station": crowd["station"], "check_in": str(start),
                                         "check_out": str(start + dt.timedelta(days=rng.randint(1, 4)))}).encode()))
        samples: list[dict] = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                try:
                    samples.append(replica.status())
                except Exception:  # noqa: BLE001 — a missed sample is not a failure of the demo
                    pass
                stop.wait(0.2)

        sampler = threading.Thread(target=sample)
        sampler.start()
        results, seconds = simultaneous("127.0.0.1", nginx_port, storm)
        stop.set()
        sampler.join()
        catch_up = replica.wait_caught_up()
        statuses = Counter(r.status for r in results)
        booked = statuses.get(201, 0)
        lag_bytes = [x["replay_lag_bytes"] for x in samples if x["replay_lag_bytes"] is not None]
        lag_s = [x["replay_lag_s"] for x in samples if x["replay_lag_s"] is not None]
        print(f"-- booking storm: {STORM} simultaneous requests through nginx in {seconds:.1f} s: {booked} booked, "
              f"{sum(v for k, v in statuses.items() if 400 <= k < 500)} refused (4xx), "
              f"{sum(v for k, v in statuses.items() if k >= 500)} server errors, {statuses.get(0, 0)} dropped")
        print(f"   replica lag during the storm ({len(samples)} samples): max {max(lag_bytes, default=0):,} bytes, "
              f"max {max(lag_s, default=0) * 1000:.0f} ms; caught up {catch_up * 1000:.0f} ms after the storm")
        checks["storm: 0 dropped, 0 server errors"] = statuses.get(0, 0) == 0 and not any(k >= 500 for k in statuses)

        # 4. The audit, on both servers.
        with connect(primary_url) as c:
            a_primary = booking_audit(c)
        with connect(replica_url) as c:
            a_replica = booking_audit(c)
        print(f"-- ledger audit: primary {a_primary}; replica {a_replica}")
        checks["0 overbookings, replica identical"] = audit_ok(a_primary) and a_primary == a_replica
    finally:
        procs.stop_all()
        replica.stop()
        shutil.rmtree(ROOT / "var" / "replica", ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"-- {machine_load()}; demo took {time.perf_counter() - t0:.0f} s")
    for name, ok in checks.items():
        print(f"   {'OK  ' if ok else 'FAIL'} {name}")
    passed = sum(checks.values())
    print(f"replica demo: {passed} passed, {len(checks) - passed} failed")
    return 0 if checks and all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
