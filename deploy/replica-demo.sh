#!/bin/sh
# Scale-out on loopback: PostgreSQL primary (the machine's, :5432) + a streaming replica (:5433,
# pg_basebackup), two gunicorn instances behind nginx, an rq worker; a page load and a 250-request
# booking storm through nginx; replica lag and query routing reported. Needs root and nginx.
# Environment: DEMO_DB (prod), WEB_PORTS (8111,8112), NGINX_PORT (8120), REPLICA_PORT (5433),
# DEMO_REDIS_URL (redis://127.0.0.1:6379/3). See bench/replica_demo.py and docs/scaling.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }
exec "$here/../.venv/bin/python" "$here/../bench/replica_demo.py" "$@"
