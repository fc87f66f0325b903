"""``youthcity ledger_remind [--today YYYY-MM-DD]``: report reminders and escalation (run daily from cron)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from youthcity.ledger import services
from youthcity.ledger.tasks import send_ledger_reminders


class Command(BaseCommand):
    help = "Send progress-report reminders before and after deadlines, and escalate late units to coordinators."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="run as a background task instead")

    def handle(self, *args, **opts):
        today = None
        if opts["today"]:
            try:
                today = dt.date.fromisoformat(opts["today"])
            except ValueError as exc:
                raise CommandError("--today must be YYYY-MM-DD") from exc
        if opts["enqueue"]:

            result = send_ledger_reminders.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"enqueued {result.id}")
            return
        sent = services.reminders_send(today=today)
        self.stdout.write(f"due soon: {sent['due_soon']}, overdue: {sent['overdue']}, escalated: {sent['escalated']}")
