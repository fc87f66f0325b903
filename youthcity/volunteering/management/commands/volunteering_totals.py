"""Check the hours summary against the ledger, or rebuild it.

youthcity volunteering_totals            # compare; exit 1 with the differences
youthcity volunteering_totals --rebuild  # recompute from the ledger (after a bulk import)
"""

from django.core.management.base import BaseCommand, CommandError

from youthcity.volunteering import totals


class Command(BaseCommand):
    help = "Compare the volunteering hours summary with the ledger (or --rebuild it)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute the summary from the ledger")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            counts = totals.rebuild()
            self.stdout.write(f"rebuilt: {counts['totals']} totals, {counts['members']} group rows")
            return
        problems = totals.check()
        for p in problems[:50]:
            self.stdout.write(p)
        if problems:
            raise CommandError(f"{len(problems)} totals differ from the ledger")
        self.stdout.write("summary matches the ledger")
