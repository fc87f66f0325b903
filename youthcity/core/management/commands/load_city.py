"""``youthcity load_city <city>``: load a real city's structure, with no demo accounts.

Regions, organisation units, plans, policies, the indicator framework and the stations with
their beds; no demo users and no demo records. Idempotent: run it again after editing the pack.
The plans are imported by an administrator (``--operator``, else the first active superuser):
create one first with ``youthcity create_admin``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from youthcity.core.city_pack import CITIES_DIR, load_city_pack


class Command(BaseCommand):
    help = "Load a city pack's structure (regions, units, plans, policies, framework, stations) without demo data."

    def add_arguments(self, parser):
        parser.add_argument("city", nargs="?", default=settings.YOUTHCITY_CITY_PACK,
                            help="city pack under youthcity/cities/ (default: %(default)s)")
        parser.add_argument("--operator", default="",
                            help="administrator who imports the plans (default: the first active superuser)")

    def handle(self, *args, **opts):
        from youthcity.accounts.models import User

        city = opts["city"]
        if not (CITIES_DIR / city / "city.yaml").exists():
            known = ", ".join(sorted(p.name for p in CITIES_DIR.iterdir() if (p / "city.yaml").exists()))
            raise CommandError(f"没有城市包「{city}」。/ No city pack '{city}' (known: {known}).")
        operator = opts["operator"]
        if operator:
            if not User.objects.filter(username=operator, is_superuser=True, is_active=True).exists():
                raise CommandError(f"「{operator}」不是有效的管理员。/ '{operator}' is not an active administrator.")
        else:
            first = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            operator = first.username if first else ""
        report = load_city_pack(city, demo=False, operator=operator)
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"City pack '{city}' loaded (structure only, no demo accounts)."))
            for kind, n in sorted(report.created.items()):
                self.stdout.write(f"  created {n} {kind}")
            for kind, n in sorted(report.updated.items()):
                self.stdout.write(f"  updated {n} {kind}")
        else:
            self.stdout.write(f"City pack '{city}' already up to date: nothing changed.")
        for note in report.notes:
            self.stdout.write(f"  note: {note}")
