"""A production-shaped YouthCity on loopback, for the benches and the replica demo.

gunicorn instances (deploy/gunicorn.conf.py) behind nginx (its own config file and prefix, never
the system service; the proxy headers come from deploy/nginx/youthcity-proxy.conf), an rq worker,
and optionally a PostgreSQL streaming replica started with pg_basebackup from the machine's
PostgreSQL. Every process is started here and stopped here, by its own pid.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
sys.path.insert(0, str(ROOT / "deploy"))

from pgtools import connect, with_database  # noqa: E402


def production_env(database_url: str, *, replica_url: str = "", redis_url: str = "redis://127.0.0.1:6379/3",
                   workdir: Path, **extra: str) -> dict[str, str]:
    """DEBUG off, as on a server; plain HTTP behind nginx on loopback (no redirect to HTTPS)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "PYTEST"))}
    env.update({
        "DEBUG": "", "SECRET_KEY": "bench-" + os.urandom(16).hex(), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url, "DATABASE_REPLICA_URL": replica_url, "REDIS_URL": redis_url,
        "TASKS_BACKEND": "rq", "SECURE_SSL_REDIRECT": "0", "PROXY_COUNT": "1", "LOG_REQUESTS": "0",
        "LOG_LEVEL": "WARNING", "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"),
        "YOUTHCITY_VAR_DIR": str(workdir / "var"), "DJANGO_SETTINGS_MODULE": "youthcity.config.settings",
        "CACHE_KEY_PREFIX": "bench-" + os.urandom(4).hex(),
        # Keys for personal data at rest, as a deployment must set them; derived from the bench
        # database's URL so a reused bench database (--reuse) still decrypts its synthetic ID numbers.
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(hashlib.sha256(b"bench:" + database_url.encode()).digest())
        .decode(),
        "FIELD_BLIND_INDEX_KEY": hashlib.sha256(b"bench-index:" + database_url.encode()).hexdigest(),
    })
    env.update(extra)
    return env


class Processes:
    """Child processes started by this run, stopped by pid (never by name)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.children: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "wb")
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                start_new_session=True)
        self.children.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.children):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _name, proc in reversed(self.children):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.children.clear()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far (user + system, seconds) by each started process with its children,
        by PostgreSQL (every process named ``postgres`` on the machine), by this process (the load
        client) and by the whole machine, from /proc. Take it before and after a load to see where
        the CPU of one request goes."""
        tick = os.sysconf("SC_CLK_TCK")
        stats: dict[int, tuple[int, str, float]] = {}  # pid -> (parent, name, cpu seconds)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    raw = (entry / "stat").read_text()
                except OSError:
                    continue
                name = raw[raw.index("(") + 1:raw.rindex(")")]
                fields = raw[raw.rindex(")") + 2:].split()
                stats[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick)
        children: dict[int, list[int]] = {}
        for pid, (parent, _name, _cpu) in stats.items():
            children.setdefault(parent, []).append(pid)

        def tree(pid: int) -> float:
            return stats.get(pid, (0, "", 0.0))[2] + sum(tree(c) for c in children.get(pid, []))

        out: dict[str, float] = {}
        for name, proc in self.children:
            kind = name.split("-")[0]
            out[kind] = out.get(kind, 0.0) + tree(proc.pid)
        out["postgres"] = sum(cpu for _parent, name, cpu in stats.values() if name == "postgres")
        me = os.times()
        out["load client"] = me.user + me.system
        with open("/proc/stat") as f:
            busy = [int(x) for x in f.readline().split()[1:]]
        out["machine"] = (sum(busy) - busy[3] - busy[4]) / tick  # all but idle and iowait
        return out

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    r = subprocess.run([str(BIN / "youthcity"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"youthcity {' '.join(args)} failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def wait_http(port: int, path: str = "/healthz", timeout: float = 60, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process for :{port} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered on :{port}{path} within {timeout} s")


def start_gunicorn(procs: Processes, port: int, env: dict[str, str], workers: int, name: str = "") -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
           "GUNICORN_BACKLOG": "2048", "GUNICORN_MAX_REQUESTS": "0",
           # Import once and fork: five workers importing Django side by side take a minute on a loaded 2-core machine.
           "GUNICORN_PRELOAD": env.get("GUNICORN_PRELOAD", "1")}
    name = name or f"gunicorn-{port}"
    proc = procs.start(name, [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py")], env)
    try:
        wait_http(port, proc=proc, timeout=240)  # a loaded 2-core machine boots workers slowly
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n{procs.log_tail(name)}") from exc
    return proc


def start_worker(procs: Processes, env: dict[str, str]) -> subprocess.Popen:
    return procs.start("rqworker", [str(BIN / "youthcity"), "rqworker", "default", "notifications"], env)


NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp; fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
    upstream youthcity_app {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        client_max_body_size 12m;
        location /static/ {{ alias {static}/; expires 1y; add_header Cache-Control "public, immutable"; }}
        location /media/ {{ internal; alias {media}/; }}
        location / {{ include {snippet}; }}
    }}
}}
"""


def start_nginx(procs: Processes, port: int, upstream_ports: list[int], workdir: Path, static: Path,
                media: Path) -> subprocess.Popen:
    """nginx with its own prefix; the proxy settings are deploy/nginx/youthcity-proxy.conf, unchanged.
    No per-address connection limit here: every bench client comes from 127.0.0.1."""
    prefix = workdir / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstream_ports)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=port, static=static, media=media,
                                      snippet=ROOT / "deploy/nginx/youthcity-proxy.conf"))
    subprocess.run(["nginx", "-t", "-q", "-p", str(prefix), "-c", str(conf)], check=True)
    proc = procs.start("nginx", ["nginx", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], os.environ.copy())
    wait_http(port, proc=proc)
    return proc


# --- a streaming replica of the machine's PostgreSQL ---------------------------------------------------


class Replica:
    """A second PostgreSQL 15 cluster on ``port`` streaming from the primary on ``primary_port``.

    pg_basebackup -R writes standby.signal and primary_conninfo; no replication slot, so a replica
    that is left behind never makes the shared primary keep WAL. Runs as the postgres user."""

    def __init__(self, datadir: Path, *, port: int = 5433, primary_port: int = 5432):
        self.datadir, self.port, self.primary_port = datadir, port, primary_port
        self.proc: subprocess.Popen | None = None

    def _as_postgres(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", "postgres", "--", *argv], check=True, **kwargs)

    def allow_replication(self) -> bool:
        """The primary must accept replication connections from loopback; returns True when a line was added."""
        with connect(f"postgres://postgres@127.0.0.1:{self.primary_port}/postgres", autocommit=True) as c:
            hba = c.execute("SHOW hba_file").fetchone()[0]
            rules = c.execute("SELECT database FROM pg_hba_file_rules WHERE type = 'host' "
                              "AND address = '127.0.0.1'").fetchall()
            if any("replication" in (r[0] or []) for r in rules):
                return False
            with open(hba, "a") as fh:
                fh.write("\n# YouthCity replica demo (deploy/replica-demo.sh): streaming replication on loopback\n"
                         "host replication postgres 127.0.0.1/32 trust\n")
            c.execute("SELECT pg_reload_conf()")
            time.sleep(0.5)
            return True

    def start(self) -> float:
        started = time.perf_counter()
        if self.datadir.exists():
            shutil.rmtree(self.datadir)
        self.datadir.parent.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.datadir.parent, "postgres")
        self._as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
                           "-U", "postgres", "-D", str(self.datadir), "-R", "-X", "stream", "-c", "fast"])
        # Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copy has none: write the replica's own.
        # (postgresql.auto.conf, copied, carries primary_conninfo from -R.)
        (self.datadir / "postgresql.conf").write_text(
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.datadir}'\n"
            "hot_standby = on\nhot_standby_feedback = on\nmax_connections = 100\nshared_buffers = 128MB\n"
            "log_min_messages = warning\n")
        (self.datadir / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.datadir / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(self.datadir / name, "postgres", "postgres")
        self.proc = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "postgres"), "-D", str(self.datadir)],
            stdout=open(self.datadir.parent / "replica.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                return time.perf_counter() - started
            if self.proc.poll() is not None:
                raise RuntimeError("the replica exited:\n" + (self.datadir.parent / "replica.log").read_text()[-3000:])
            time.sleep(0.3)
        raise RuntimeError("the replica did not start within 60 s")

    def status(self) -> dict:
        """Lag as the primary sees it (bytes not yet replayed, and time) and as the replica sees it."""
        with connect(f"postgres://postgres@127.0.0.1:{self.primary_port}/postgres", autocommit=True) as c:
            row = c.execute("""SELECT state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint,
                                      extract(epoch FROM replay_lag)::float8
                               FROM pg_stat_replication WHERE client_addr = '127.0.0.1'
                               ORDER BY backend_start DESC LIMIT 1""").fetchone()
        with connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            in_recovery = c.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        return {"state": row[0] if row else None, "replay_lag_bytes": row[1] if row else None,
                "replay_lag_s": row[2] if row else None, "in_recovery": in_recovery}

    def wait_caught_up(self, timeout: float = 30) -> float:
        """Seconds until the replica has replayed everything the primary wrote before the call."""
        started = time.perf_counter()
        with connect(f"postgres://postgres@127.0.0.1:{self.primary_port}/postgres", autocommit=True) as c:
            target = c.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        with connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            while time.perf_counter() - started < timeout:
                if c.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", (target,)).fetchone()[0]:
                    return time.perf_counter() - started
                time.sleep(0.01)
        raise RuntimeError("the replica did not catch up")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self._as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "stop", "-m", "fast", "-w"],
                              stdout=subprocess.DEVNULL)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def db_transactions(url: str, database: str) -> int:
    """Committed transactions of one database on one server (pg_stat_database), for routing counts."""
    with connect(with_database(url, "postgres"), autocommit=True) as c:
        c.execute("SELECT pg_stat_clear_snapshot()")
        return int(c.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                             (database,)).fetchone()[0])


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, default=str)
