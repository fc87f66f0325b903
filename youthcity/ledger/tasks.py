"""Background tasks of the ledger (django-tasks): the daily reminder run."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task(queue_name="default")
def send_ledger_reminders(today: str | None = None) -> dict[str, int]:
    """Reminders before/after report deadlines and escalation; safe to run repeatedly."""
    return services.reminders_send(today=dt.date.fromisoformat(today) if today else None)


@task(queue_name="default")
def take_live_snapshots(today: str | None = None) -> dict[str, int]:
    """Record today's platform value of every target bound to a live measure (history)."""
    return services.live_snapshots_take(today=dt.date.fromisoformat(today) if today else None)
