"""City-pack step: volunteering projects and shifts (``volunteering.yaml``); for a demo city also
a project lead and past service turned into hours by the engine. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from youthcity.accounts.models import User
from youthcity.accounts.services import demo_person_sync
from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import HoursEntry, Pairing, Project, Shift, ShiftSignUp, Team, TeamMembership


def _at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour))
    )


def load(pack: CityPack, report: LoadReport) -> None:
    data = pack.read_yaml("volunteering.yaml")
    if not data:
        return
    if pack.demo:
        for spec in data.get("leads", []):
            demo_person_sync(spec, report)
    pairings = {}
    for spec in data.get("pairings", []):
        university = Unit.objects.filter(code=spec["university"]).first()
        region = Region.objects.filter(code=str(spec["region"])).first()
        if university is None or region is None:
            report.notes.append(f"volunteering: pairing {spec['code']} skipped")
            continue
        pairings[spec["code"]], c = sync(
            Pairing,
            {"code": spec["code"]},
            {
                "kind": spec["kind"],
                "brand": spec["brand"],
                "university": university,
                "region": region,
                "place": spec.get("place", ""),
            },
        )
        report.count("volunteer_pairing", c)
    teams = _teams(data, report)
    for p in data.get("projects", []):
        unit = Unit.objects.filter(code=p["unit"]).first()
        region = Region.objects.filter(code=str(p["region"])).first()
        if unit is None or region is None:
            report.notes.append(f"volunteering: project {p['code']} skipped")
            continue
        rule = p.get("rule") or {}
        project, c = sync(
            Project,
            {"code": p["code"]},
            {
                "title": p["title"],
                "brand": p.get("brand", ""),
                "pairing": pairings.get(p.get("pairing", "")),
                "team": teams.get(p.get("team", "")),
                "unit": unit,
                "region": region,
                "lead": User.objects.filter(username=p.get("lead", "")).first(),
                "requirements": p.get("requirements", ""),
                "description": p.get("description", ""),
                "increment_minutes": int(rule.get("increment_minutes", 15)),
                "rounding_mode": rule.get("mode", "down"),
                "outside_shift": rule.get("outside_shift", "trim"),
                "minimum_minutes": int(rule.get("minimum_minutes", 0)),
                "grace_minutes": int(rule.get("grace_minutes", 0)),
            },
        )
        report.count("volunteer_project", c)
        if pack.demo:
            for s in p.get("shifts", []):
                starts = _at(int(s["in_days"]), int(s["hour"]))
                _, c = sync(
                    Shift,
                    {"project": project, "role": s["role"], "place": s["place"], "starts_at": starts},
                    {"ends_at": starts + dt.timedelta(hours=int(s["hours"])), "capacity": int(s["capacity"])},
                )
                report.count("volunteer_shift", c)
    if pack.demo:
        _past_service(data, report)


def _teams(data: dict, report: LoadReport) -> dict[str, Team]:
    """Volunteer teams (志愿服务队): host unit, district, leader (an existing account); the leader
    is the team's first member."""
    out = {}
    for spec in data.get("teams", []):
        host = Unit.objects.filter(code=spec["host"]).first()
        district = Region.objects.filter(code=str(spec["district"]), level=Region.Level.DISTRICT).first()
        leader = User.objects.filter(username=spec.get("leader", "")).first()
        if host is None or district is None or leader is None:
            report.notes.append(f"volunteering: team {spec['code']} skipped")
            continue
        team, c = sync(
            Team,
            {"code": spec["code"]},
            {
                "name": spec["name"],
                "host": host,
                "district": district,
                "leader": leader,
                "brand": spec.get("brand", ""),
                "description": spec.get("description", ""),
            },
        )
        report.count("volunteer_team", c)
        if not TeamMembership.objects.filter(team=team, person=leader, status=TeamMembership.Status.ACTIVE).exists():
            TeamMembership.objects.create(team=team, person=leader, status=TeamMembership.Status.ACTIVE)
        out[spec["code"]] = team
    return out


def _past_service(data: dict, report: LoadReport) -> None:
    from . import services

    for s in data.get("past_service", []):
        project = Project.objects.filter(code=s["project"]).first()
        person = User.objects.filter(username=s["volunteer"]).first()
        if project is None or person is None or project.lead is None:
            continue
        starts = _at(-int(s["days_ago"]), int(s["hour"]))
        shift, _ = Shift.objects.get_or_create(
            project=project,
            role=s.get("role", "志愿者（往期）"),
            place=s.get("place", project.region.name),
            starts_at=starts,
            defaults={"ends_at": starts + dt.timedelta(hours=int(s["hours"])), "capacity": 6},
        )
        if HoursEntry.objects.filter(shift=shift, person=person).exists():
            continue
        ShiftSignUp.objects.get_or_create(shift=shift, person=person)
        entry = services.check_in(
            actor=project.lead,
            shift=shift,
            person=person,
            at=starts + dt.timedelta(minutes=int(s.get("checked_in_minutes_late", 0))),
        )
        services.check_out(actor=project.lead, entry=entry, at=shift.ends_at + dt.timedelta(minutes=10))
        report.count("hours_entry", True)
