"""``youthcity demo``: load the demo city (idempotent) and serve it."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from youthcity.accounts.demo import synthetic_youths
from youthcity.accounts.services import DEMO_PASSWORD
from youthcity.core.city_pack import load_city_pack, open_pack


class Command(BaseCommand):
    help = "Load the demo city pack (regions, units, plans, policies, demo users) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.YOUTHCITY_CITY_PACK, help="city pack to load (default: %(default)s)")
        parser.add_argument("--no-serve", action="store_true", help="load the data and exit")
        parser.add_argument("--youths", type=int, default=0, metavar="N",
                            help=f"add N synthetic young people (password {DEMO_PASSWORD})")
        parser.add_argument("--seed", type=int, default=20261121, help="seed for synthetic young people")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")

    def handle(self, *args, **opts):
        report = load_city_pack(opts["city"], demo=True)
        if opts["youths"]:
            report.merge(synthetic_youths(open_pack(opts["city"], demo=True), opts["youths"], seed=opts["seed"]))
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"City pack '{opts['city']}' loaded."))
            for kind, n in sorted(report.created.items()):
                self.stdout.write(f"  created {n} {kind}")
            for kind, n in sorted(report.updated.items()):
                self.stdout.write(f"  updated {n} {kind}")
        else:
            self.stdout.write(f"City pack '{opts['city']}' already up to date: nothing changed.")
        for note in report.notes:
            self.stdout.write(f"  note: {note}")
        pack = open_pack(opts["city"])
        self.stdout.write("\nDemo accounts (username / password / role):")
        for u in pack.data.get("demo_users", []):
            self.stdout.write(f"  {u['username']:<22} {u['password']:<22} {u['role']}")
        if opts["youths"]:
            self.stdout.write(f"  youth00001 … youth{opts['youths']:05d}  {DEMO_PASSWORD}  youth (synthetic)")
        if not opts["no_serve"]:
            self.stdout.write(f"\nServing the demo city at http://{opts['addr']}/  (Ctrl+C to stop)\n")
            call_command("runserver", opts["addr"], use_reloader=False)
