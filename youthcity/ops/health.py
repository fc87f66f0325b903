"""Liveness and readiness.

``/healthz`` answers while the process can serve a request: no database, no cache, so a load
balancer never takes every node out because PostgreSQL blinked. ``/readyz`` checks what a request
needs (database, cache) and what the platform needs behind it (the task queue and a worker that
recently ran the heartbeat task), reports each check with its time, and answers 503 when any fails.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

IN_PROCESS_BACKENDS = ("ImmediateBackend", "DummyBackend")


def healthz(request):
    """The process is up and serving: nothing else is touched."""
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception as exc:  # noqa: BLE001 — a readiness probe reports every failure, it never raises
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    found = {"alias": "default"}
    if "replica" in settings.DATABASES:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT 1")
        found["replica"] = True
    return found


def check_cache() -> dict:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return the value just written")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _backend_name() -> str:
    return settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]


def _queues() -> list[str]:
    return list(settings.TASKS["default"].get("QUEUES") or ["default"])


def check_queue() -> dict:
    backend = _backend_name()
    if backend in IN_PROCESS_BACKENDS:
        return {"backend": backend, "note": "tasks run in the web process"}
    if backend == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready()
        return {"backend": backend, "waiting": {q: ready.filter(queue_name=q).count() for q in _queues()}}
    if backend == "RQBackend":
        import redis
        from rq import Queue

        waiting = {}
        for q in _queues():
            conn = redis.Redis.from_url(settings.RQ_QUEUES[q]["URL"], socket_timeout=2, socket_connect_timeout=2)
            conn.ping()
            waiting[q] = Queue(q, connection=conn).count
        return {"backend": backend, "waiting": waiting}
    return {"backend": backend}


def check_workers() -> dict:
    from .models import WorkerHeartbeat

    if _backend_name() in IN_PROCESS_BACKENDS:
        return {"note": "no separate worker"}
    max_age = timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    now = timezone.now()
    seen = {h.queue_name: h for h in WorkerHeartbeat.objects.filter(queue_name__in=_queues())}
    ages = {q: round((now - seen[q].seen_at).total_seconds(), 1) if q in seen else None for q in _queues()}
    stale = [q for q, age in ages.items() if age is None or age > max_age.total_seconds()]
    if stale:
        raise RuntimeError(f"no worker heartbeat within {settings.WORKER_HEARTBEAT_MAX_AGE} s on: "
                           f"{', '.join(stale)} (ages: {ages}); is the worker and the heartbeat timer running?")
    return {"age_s": ages}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "workers": check_workers,
}


@never_cache
def readyz(request):
    results = {name: _timed(check) for name, check in CHECKS.items()}
    ready = all(r["ok"] for r in results.values())
    return JsonResponse({"status": "ready" if ready else "not_ready", "checks": results},
                        status=200 if ready else 503)
