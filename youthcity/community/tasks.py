"""Background tasks of events (django-tasks): the daily reminder run."""

from __future__ import annotations

from django_tasks import task

from . import services


@task(queue_name="default")
def send_event_reminders() -> dict[str, int]:
    """Reminders for tomorrow's events and feedback requests after events; safe to run repeatedly."""
    return services.reminders_send()
