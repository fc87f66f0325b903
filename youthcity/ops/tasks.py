"""The heartbeat task: run by a worker of each queue, it records that the queue is being worked."""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import task


@task(queue_name="default")
def worker_heartbeat(queue_name: str, enqueued_at: str) -> str:
    from .models import WorkerHeartbeat

    worker = f"{socket.gethostname()}:{os.getpid()}"
    WorkerHeartbeat.objects.update_or_create(
        queue_name=queue_name,
        defaults={"worker": worker, "enqueued_at": parse_datetime(enqueued_at) or timezone.now(),
                  "seen_at": timezone.now()},
    )
    return worker


def enqueue_heartbeats() -> list[str]:
    """One heartbeat task on every configured queue; returns the queue names."""
    from django.conf import settings

    queues = list(settings.TASKS["default"].get("QUEUES") or ["default"])
    now = timezone.now().isoformat()
    for name in queues:
        worker_heartbeat.using(queue_name=name).enqueue(name, now)
    return queues
