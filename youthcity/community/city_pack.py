"""City-pack step: youth homes (青年之家), community populations for the reach analysis and, for a
demo city, a few events (``community.yaml``). Idempotent: rows are found by stable keys."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from youthcity.accounts.services import demo_person_sync
from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import CommunityPopulation, Event, Room, SignUp, SignUpStatus, YouthHome


def load(pack: CityPack, report: LoadReport) -> None:
    data = pack.read_yaml("community.yaml")
    if not data:
        return
    for h in data.get("homes", []):
        unit = Unit.objects.filter(code=h["host"]).first()
        region = Region.objects.filter(code=str(h["township"])).first()
        if unit is None or region is None:
            report.notes.append(f"community: home {h['code']} skipped (unit or township missing)")
            continue
        home, c = sync(
            YouthHome,
            {"code": h["code"]},
            {
                "name": h["name"],
                "region": region,
                "unit": unit,
                "address": h["address"],
                "latitude": Decimal(str(h["lat"])),
                "longitude": Decimal(str(h["lon"])),
                "facilities": h.get("facilities", ""),
                "opening_hours": h.get("opening_hours", ""),
                "youth_worker": h.get("youth_worker", ""),
                "youth_worker_phone": h.get("youth_worker_phone", ""),
            },
        )
        report.count("youth_home", c)
        for room in h.get("rooms", []):
            _, c = sync(
                Room,
                {"home": home, "name": room["name"]},
                {"capacity": int(room["seats"]), "facilities": room.get("facilities", "")},
            )
            report.count("room", c)
    pop = data.get("community_population") or {}
    for row in pop.get("communities", []):
        township = Region.objects.filter(code=str(row["township"])).first()
        if township is None:
            continue
        _, c = sync(
            CommunityPopulation,
            {"township": township, "name": row["name"]},
            {
                "latitude": Decimal(str(row["lat"])),
                "longitude": Decimal(str(row["lon"])),
                "young_population": int(row["young"]),
                "source": pop.get("source", "")[:120],
            },
        )
        report.count("community_population", c)
    if pack.demo:
        _load_demo_events(data, report)


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _event(spec: dict, starts: dt.datetime, report: LoadReport) -> Event | None:
    unit = Unit.objects.filter(code=spec["unit"]).first()
    home = YouthHome.objects.filter(code=spec["home"]).first() if spec.get("home") else None
    region = home.region if home else Region.objects.filter(code=str(spec.get("region", ""))).first()
    if unit is None or region is None:
        report.notes.append(f"community: event {spec['code']} skipped")
        return None
    ends = starts + dt.timedelta(hours=int(spec.get("hours", 2)))
    event, c = sync(
        Event,
        {"code": spec["code"]},
        {
            "title": spec["title"],
            "kind": spec["kind"],
            "unit": unit,
            "home": home,
            "region": region,
            "place": spec["place"],
            "starts_at": starts,
            "ends_at": ends,
            "capacity": int(spec["capacity"]),
            "audience": spec.get("audience", ""),
            "cost": Decimal(str(spec.get("cost", 0))),
            "description": spec.get("description", ""),
            "registration_opens_at": starts - dt.timedelta(days=30),
            "registration_closes_at": starts,
        },
    )
    report.count("event", c)
    return event


def _load_demo_events(data: dict, report: LoadReport) -> None:
    from .services import _new_code

    for spec in data.get("organisers", []):
        demo_person_sync(spec, report)
    for spec in data.get("events", []):
        _event(spec, _at(int(spec["in_days"]), int(spec["hour"])), report)
    for spec in data.get("past_events", []):
        event = _event(spec, _at(-int(spec["days_ago"]), int(spec["hour"])), report)
        if event is None:
            continue
        from youthcity.accounts.models import User

        for place, username in enumerate(spec.get("attendees", []), start=1):
            person = User.objects.filter(username=username).first()
            if person is None or SignUp.objects.filter(event=event, person=person).exists():
                continue
            SignUp.objects.create(
                event=event,
                person=person,
                status=SignUpStatus.CONFIRMED,
                place=place,
                code=_new_code(),
                checked_in_at=event.starts_at,
            )
            report.count("event_signup", True)
