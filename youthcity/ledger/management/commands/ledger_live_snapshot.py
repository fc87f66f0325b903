"""``youthcity ledger_live_snapshot [--today YYYY-MM-DD]``: record the platform value of every bound
target (run daily from the timer; the history shown on the measure page)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from youthcity.ledger import services
from youthcity.ledger.tasks import take_live_snapshots


class Command(BaseCommand):
    help = "Record today's platform value of every ledger target bound to a live measure."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="record the values under this date (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="run as a background task instead")

    def handle(self, *args, **opts):
        today = None
        if opts["today"]:
            try:
                today = dt.date.fromisoformat(opts["today"])
            except ValueError as exc:
                raise CommandError("--today must be YYYY-MM-DD") from exc
        if opts["enqueue"]:
            result = take_live_snapshots.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"enqueued {result.id}")
            return
        counts = services.live_snapshots_take(today=today)
        self.stdout.write(f"snapshots: {counts['taken']}, without a figure: {counts['unknown']}")
