"""``youthcity housing_tick``: expire unanswered offers (each home passes down the order) and
write the rent and subsidy entries of the lease months that have begun. Scheduled every 15
minutes (deploy/systemd/youthcity-housing-tick.timer, deploy/periodic.sh); safe to run again."""

from django.core.management.base import BaseCommand

from youthcity.housing.services import entries_generate_all, offers_expire


class Command(BaseCommand):
    help = (
        "Housing: expire offers past their deadline (each home passes to the next in line) and write "
        "the rent and subsidy entries of lease months begun (run every 15 minutes)."
    )

    def handle(self, *args, **opts):
        self.stdout.write(f"expired={offers_expire()} entries={entries_generate_all()}")
