"""``youthcity community_remind [--enqueue]``: event reminders for tomorrow and feedback requests
(run daily from the scheduler, 18:00 Asia/Shanghai)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from youthcity.community import services
from youthcity.community.tasks import send_event_reminders


class Command(BaseCommand):
    help = "Remind people of tomorrow's events and ask attendees of recent events for feedback."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run as a background task instead")

    def handle(self, *args, **opts):
        if opts["enqueue"]:
            result = send_event_reminders.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        sent = services.reminders_send()
        self.stdout.write(f"reminded: {sent['reminded']}, feedback asked: {sent['feedback_asked']}")
