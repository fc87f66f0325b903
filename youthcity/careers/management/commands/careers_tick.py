"""``youthcity careers_tick``: release service-centre appointments nobody came to."""

from django.core.management.base import BaseCommand

from youthcity.careers.services import careers_tick


class Command(BaseCommand):
    help = "Careers: mark appointments not checked in N minutes after their start as no-shows (run every 5 minutes)."

    def handle(self, *args, **opts):
        result = careers_tick()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
