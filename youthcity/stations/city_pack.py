"""City-pack step: the city's youth stations with rooms and beds (``stations.yaml``); for a demo
city also a few guests' past stays with follow-ups.

Idempotent: rows are looked up by stable keys and only written when they differ."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from youthcity.accounts.services import demo_person_sync
from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import Bed, Booking, BookingStatus, FollowUp, Room, Station
from .services.desk import FOLLOW_UP_DAYS
from .services.ledger import write_ledger


def load(pack: CityPack, report: LoadReport) -> None:
    data = pack.read_yaml("stations.yaml")
    if not data:
        return
    stations: dict[str, Station] = {}
    for s in data.get("stations", []):
        unit = Unit.objects.filter(code=s["unit"]).first()
        if unit is None:
            report.notes.append(f"stations: unit {s['unit']} missing, station {s['code']} skipped")
            continue
        station, c = sync(Station, {"code": s["code"]}, {
            "unit": unit, "region": Region.objects.get(code=str(s["region"])), "name": s["name"],
            "name_en": s.get("name_en", ""), "address": s["address"],
            "latitude": Decimal(str(s["latitude"])) if s.get("latitude") else None,
            "longitude": Decimal(str(s["longitude"])) if s.get("longitude") else None,
            "contact_phone": s.get("contact_phone", ""), "house_rules": s.get("house_rules", "").strip(),
        })
        report.count("station", c)
        stations[s["code"]] = station
        for r in s.get("rooms", []):
            room, c = sync(Room, {"station": station, "name": str(r["name"])}, {"gender": r["gender"]})
            report.count("station_room", c)
            for i in range(1, int(r["beds"]) + 1):
                _, c = sync(Bed, {"room": room, "label": str(i)}, {"station": station})
                report.count("station_bed", c)
    if pack.demo:
        _load_past_stays(data, stations, report)


def _load_past_stays(data: dict, stations: dict, report: LoadReport) -> None:
    guests = {g["username"]: demo_person_sync({**g, "role": "youth"}, report) for g in data.get("guests", [])}
    for st in data.get("past_stays", []):
        station, person = stations.get(st["station"]), guests.get(st["guest"])
        if station is None or person is None:
            continue
        check_in, check_out = dt.date.fromisoformat(str(st["check_in"])), dt.date.fromisoformat(str(st["check_out"]))
        booking = Booking.objects.filter(person=person, station=station, check_in=check_in).first()
        if booking is None:
            bed = station.beds.filter(room__gender=person.youth_profile.gender).order_by("room__name", "label").first()
            booking = Booking.objects.create(station=station, bed=bed, person=person, check_in=check_in,
                                             check_out=check_out, status=BookingStatus.CHECKED_OUT)
            write_ledger(booking, [check_in + dt.timedelta(days=i) for i in range((check_out - check_in).days)])
            report.count("station_booking", True)
        for days in FOLLOW_UP_DAYS:
            first = days == FOLLOW_UP_DAYS[0]
            values = {"due_on": check_out + dt.timedelta(days=days)}
            if first:
                values.update(status=FollowUp.Status.DONE, found_work=bool(st.get("found_work")),
                              staying_in_city=bool(st.get("staying_in_city")), employer=st.get("employer", ""))
            _, c = sync(FollowUp, {"booking": booking, "days_after": days}, values)
            report.count("station_follow_up", c)
