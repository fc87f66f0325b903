"""Gunicorn configuration for YouthCity (``gunicorn -c deploy/gunicorn.conf.py``).

Every value can be overridden from the environment, so one file serves the systemd unit, the
compose file, the smoke test and the benches. Sync workers: the views are short and CPU-bound
(templates, ORM); PostgreSQL and Redis are close. Scale with more processes or more machines.
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# (2 × cores) + 1 is gunicorn's rule of thumb for sync workers: one runs while another waits on the database.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# The listen backlog holds a burst (250 simultaneous bookings) while every worker is busy.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM or a reload (SIGHUP) a worker finishes the requests it holds for this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak never grows; the jitter keeps them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Off by default so that a reload (SIGHUP, `systemctl reload`) boots workers on the new code while the old
# ones finish their requests; with preload the master keeps the old code until a full restart.
preload_app = os.environ.get("GUNICORN_PRELOAD", "0") == "1"
# nginx on the same host sets X-Forwarded-For / -Proto; trust only it (matches PROXY_COUNT=1).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Off by default: the application logs one line per request with its request id (youthcity.request).
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
wsgi_app = "youthcity.config.wsgi:application"
proc_name = "youthcity"
# gunicorn's control socket lives at one path per user: two instances on one host would fight over it,
# and systemd / signals already do its job (HUP reloads, TERM stops gracefully).
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "/run/youthcity/gunicorn.ctl"


def post_fork(server, worker):
    # A connection opened while preloading must not be shared across the fork.
    if not server.cfg.preload_app:
        return
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()
