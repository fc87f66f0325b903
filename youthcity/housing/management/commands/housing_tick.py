"""``youthcity housing_tick``: expire unanswered offers and pass their homes down the order."""

from django.core.management.base import BaseCommand

from youthcity.housing.services import offers_expire


class Command(BaseCommand):
    help = "Housing: expire offers past their deadline; each home passes to the next in line (run hourly)."

    def handle(self, *args, **opts):
        self.stdout.write(f"expired={offers_expire()}")
