from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a task worker ran the heartbeat task of a queue.

    ``youthcity worker_heartbeat`` (a systemd timer, every minute) enqueues one heartbeat task per
    queue; whichever worker takes it writes this row. ``/readyz`` calls a queue's workers alive
    when the row is fresh: that proves the whole path (enqueue → broker → worker → database).
    """

    queue_name = models.CharField(_("queue"), max_length=64, unique=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"))
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.queue_name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
