"""``youthcity stations_tick``: expire waitlist offers, release no-shows, send today's job digests."""

from django.core.management.base import BaseCommand

from youthcity.stations.services import stations_tick


class Command(BaseCommand):
    help = "Youth stations: expire waitlist offers, release no-shows, send job digests (run every few minutes)."

    def handle(self, *args, **opts):
        result = stations_tick()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
