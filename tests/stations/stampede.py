"""A booking stampede: many threads, each with its own database connection, book at once.

Used in-process by the PostgreSQL test and in a subprocess (file-backed SQLite) by the SQLite test:
``python -m tests.stations.stampede`` prints the outcome as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter


def setup_station(code: str, beds: int):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region
    from youthcity.stations.models import Bed, Room, Station

    region, _ = Region.objects.get_or_create(code="410311", defaults={"name": "洛龙区", "level": "district"})
    unit = Unit.objects.filter(code="410311-station-yanhuang").first() or Unit.objects.create(
        code="410311-station-yanhuang", name="炎黄青年驿站", kind="station", region=region)
    station = Station.objects.create(code=code, name=f"压力测试驿站{code}", unit=unit, region=unit.region, address="-")
    room = Room.objects.create(station=station, name="F", gender="female")
    for i in range(beds):
        Bed.objects.create(room=room, station=station, label=str(i + 1))
    return station


def make_people(prefix: str, n: int) -> list:
    from youthcity.accounts.models import User, YouthProfile

    users = User.objects.bulk_create([User(username=f"{prefix}{i:04d}", password="!") for i in range(n)])
    YouthProfile.objects.bulk_create([
        YouthProfile(user=u, gender="female", hukou_city="郑州市", home_city="郑州市", education_level="bachelor",
                     employment_status="job_seeking") for u in users])
    return list(User.objects.filter(username__startswith=prefix).select_related("youth_profile").order_by("username"))


def run(requests: list[dict], max_connections: int | None = None) -> list[dict]:
    """Fire every request at once (one thread each, own connection). Returns one outcome per request."""
    from django.db import connections

    from youthcity.core.errors import ServiceError
    from youthcity.stations import services

    barrier = threading.Barrier(len(requests))
    gate = threading.BoundedSemaphore(max_connections) if max_connections else None
    outcomes: list[dict] = [{} for _ in requests]

    def worker(i: int, req: dict) -> None:
        try:
            barrier.wait(timeout=60)
            if gate:
                gate.acquire()
            try:
                booking, created = services.booking_create(**req)
                outcomes[i] = {"ok": True, "booking": booking.pk, "created": created, "bed": booking.bed_id}
            except ServiceError as exc:
                outcomes[i] = {"ok": False, "code": exc.code}
            finally:
                if gate:
                    gate.release()
        except Exception as exc:  # any other error is a failure of the guarantee
            outcomes[i] = {"ok": False, "code": "error", "error": repr(exc)}
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


def identical_dates_stampede(*, n: int = 200, beds: int = 5, dup_people: int = 20, max_connections=None) -> dict:
    """n requests for the same 3 nights at a station with ``beds`` beds; ``dup_people`` people
    submit twice with the same idempotency key."""
    from django.utils import timezone

    start = timezone.localdate() + dt.timedelta(days=1)
    station = setup_station("stampede", beds)
    people = make_people("stampede_", n - dup_people)
    requests = []
    for i, p in enumerate(people):
        req = {"person": p, "station": station, "check_in": start, "check_out": start + dt.timedelta(days=3)}
        requests.append(req)
        if i < dup_people:
            requests.append({**req, "idempotency_key": f"dup-{p.pk}"})
            req["idempotency_key"] = f"dup-{p.pk}"
    outcomes = run(requests, max_connections)
    from youthcity.stations.models import ACTIVE_STATUSES, BedNight, Booking

    active = list(Booking.objects.filter(station=station, status__in=ACTIVE_STATUSES))
    return {"active": len(active), "distinct_beds": len({b.bed_id for b in active}),
            "distinct_people": len({b.person_id for b in active}),
            "bed_nights": BedNight.objects.filter(bed__station=station).count(),
            "station": station.pk, "beds": beds, "requests": len(requests),
            "codes": dict(Counter("ok" if o.get("ok") else o.get("code", "none") for o in outcomes)),
            "created": sum(1 for o in outcomes if o.get("created")),
            "errors": [o["error"] for o in outcomes if o.get("code") == "error"][:5]}


def mixed_dates_stampede(*, n: int = 200, beds: int = 6, seed: int = 7, max_connections=None) -> dict:
    """n people ask at once for random 1–5 night stays within 10 days. Afterwards every refusal
    must be justified: on every bed, some night of the refused stay is sold."""
    import random

    from django.utils import timezone

    from youthcity.stations.models import ACTIVE_STATUSES, BedNight, Booking
    from youthcity.stations.selectors import nights_of

    rng = random.Random(seed)
    today = timezone.localdate()
    station = setup_station("mixed", beds)
    people = make_people("mixed_", n)
    requests = []
    for p in people:
        start = today + dt.timedelta(days=rng.randint(1, 10))
        requests.append({"person": p, "station": station, "check_in": start,
                         "check_out": start + dt.timedelta(days=rng.randint(1, 5))})
    outcomes = run(requests, max_connections)
    sold = set(BedNight.objects.filter(bed__station=station).values_list("bed_id", "night"))
    bed_ids = list(station.beds.values_list("pk", flat=True))
    unjustified = [
        (str(r["check_in"]), str(r["check_out"]))
        for r, o in zip(requests, outcomes, strict=True)
        if o.get("code") == "no_bed_available"
        and any(all((b, d) not in sold for d in nights_of(r["check_in"], r["check_out"])) for b in bed_ids)
    ]
    active = Booking.objects.filter(station=station, status__in=ACTIVE_STATUSES).count()
    return {"requests": n, "booked": active, "sold_nights": len(sold),
            "codes": dict(Counter("ok" if o.get("ok") else o.get("code", "none") for o in outcomes)),
            "unjustified_refusals": unjustified[:5],
            "errors": [o["error"] for o in outcomes if o.get("code") == "error"][:5]}


if __name__ == "__main__":  # the SQLite variant runs here, in its own process and database file
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(json.dumps({"identical": identical_dates_stampede(n=n), "mixed": mixed_dates_stampede(n=n)}))
