"""``youthcity worker_heartbeat``: enqueue a heartbeat task on every queue (run it every minute)."""

from django.core.management.base import BaseCommand

from youthcity.ops.tasks import enqueue_heartbeats


class Command(BaseCommand):
    help = "Enqueue one heartbeat task per task queue; /readyz reports how fresh the workers' answers are."

    def handle(self, *args, **opts):
        queues = enqueue_heartbeats()
        self.stdout.write(f"heartbeat enqueued on {', '.join(queues)}")
